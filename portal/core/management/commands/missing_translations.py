"""Print the msgids that have no English translation yet (append them to locale/en/LC_MESSAGES/django.po)."""

import polib
from django.core.management.base import BaseCommand

from portal.core.translations import missing_english_translations


class Command(BaseCommand):
    help = "List the French msgids of the code without an English translation, as .po entries to fill in."

    def handle(self, *args, **options):
        missing = missing_english_translations()
        for msgid in missing:
            self.stdout.write(str(polib.POEntry(msgid=msgid, msgstr="")))
        self.stderr.write(f"{len(missing)} missing translation(s).")
