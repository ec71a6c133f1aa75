"""``manage.py lookup_refresh_trigrams``: measure the trigram shares of the directory now (after a large import).

The Celery beat task does it daily; without shares the search still answers the same, only slower.
"""

from django.core.management.base import BaseCommand

from lookup import services


class Command(BaseCommand):
    help = "Measure how frequent each trigram of the directory is (used by the lookup search; PostgreSQL only)."

    def handle(self, *args, **options):
        count = services.refresh_trigram_shares()
        if count is None:
            self.stdout.write("Nothing to do: the trigram index exists on PostgreSQL only.")
        else:
            self.stdout.write(f"{count} trigrams measured.")
