"""Create the missing structure groups and resync everybody's automatic memberships (bulk SQL, idempotent)."""

import time

from django.core.management.base import BaseCommand

from groups.services import sync_all_automatic_groups


class Command(BaseCommand):
    help = "Create the missing automatic structure groups and bring every automatic membership up to date."

    def handle(self, *args, **options):
        started = time.monotonic()
        changed = sync_all_automatic_groups()
        self.stdout.write(
            self.style.SUCCESS(
                f"{changed} membership row(s) created, changed or deleted in {time.monotonic() - started:.1f} s."
            )
        )
