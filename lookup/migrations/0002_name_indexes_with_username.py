# The name indexes of the search also carry the username, the tie-break of the ranking: a range read of a
# frequent name ("martin marie", thousands of people) then stops after the page instead of sorting the whole group.

from django.db import migrations

NAME_INDEXES = {
    "lookup_user_name_last": "(split_part(search_text, ' | ', -1) COLLATE \"C\")",
    "lookup_user_name_first": "(split_part(search_text, ' | ', -2) COLLATE \"C\")",
}


def _recreate(schema_editor, extra_columns):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in NAME_INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON users_user ({expression}{extra_columns})")


def with_username(apps, schema_editor):
    _recreate(schema_editor, ", username")


def without_username(apps, schema_editor):
    _recreate(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("lookup", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(with_username, without_username, elidable=False),
    ]
