"""On PostgreSQL, a trigram GIN index serves the structure search (``search_name LIKE '%word%'``: the structure
choice page over thousands of schools, the back office's search). pg_trgm ships with postgresql-contrib and is a
trusted extension. SQLite scans, which is fine at its scale."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS structures_structure_search_trgm "
        "ON structures_structure USING gin (search_name gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS structures_structure_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("structures", "0002_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
