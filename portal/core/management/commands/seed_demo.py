"""Fill the database with realistic demo data. Idempotent: running it again changes nothing.

Each installed app may provide ``<app>/demo.py`` with ``seed(command)``; they run in INSTALLED_APPS order, so
structures come before users, and users before the feature apps that use them.
"""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Create or refresh the demo data (académies, schools, users, services, groups...)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on real data).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG off; add --force if you really mean it.")
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if util.find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).seed(self)
            self.stdout.write(f"  {app_config.label}: ok")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
