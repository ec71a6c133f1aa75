"""On PostgreSQL, a trigram GIN index serves the catalogue's ``search_text LIKE '%word%'`` searches (pg_trgm ships
with postgresql-contrib and is a trusted extension). SQLite scans, which is fine at its scale."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS apps_catalog_service_search_trgm "
        "ON apps_catalog_service USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS apps_catalog_service_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("apps_catalog", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
