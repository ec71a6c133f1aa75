from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def split_part(text, separator, index):
    """PostgreSQL's ``split_part`` (negative index counts from the end), for SQLite."""
    if text is None or separator is None or index is None:
        return None
    parts = text.split(separator) if separator else [text]
    if index == 0:
        return None
    position = index - 1 if index > 0 else len(parts) + index
    return parts[position] if 0 <= position < len(parts) else ""


def register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("split_part", 3, split_part, deterministic=True)


class LookupConfig(AppConfig):
    name = "lookup"
    label = "lookup"
    verbose_name = _("Annuaire Nextcloud")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the signal receivers)

        connection_created.connect(register_sqlite_functions, dispatch_uid="lookup_sqlite_functions")
