"""Compile every ``locale/*/LC_MESSAGES/django.po`` to ``.mo`` in pure Python (no GNU gettext needed)."""

from django.core.management.base import BaseCommand

from portal.core.translations import compile_catalogues


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po -> .mo) without GNU gettext."

    def handle(self, *args, **options):
        compiled = compile_catalogues()
        for po_path, percent in compiled:
            self.stdout.write(f"{po_path}: {percent}% translated")
        self.stdout.write(self.style.SUCCESS(f"{len(compiled)} catalogue(s) compiled."))
