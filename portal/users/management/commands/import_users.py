"""``manage.py import_users FILE.csv``: create or update accounts from a CSV file (see ``portal.users.importing``).

Exit codes: 0 every row imported; 1 finished, but some rows were skipped (each reported with its line number on
stderr) or a batch was refused by the database; 2 nothing imported (missing file, wrong header).
"""

import os
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries
from django.utils.translation import gettext as _
from tqdm import tqdm

from portal.users import importing


class Command(BaseCommand):
    help = (
        "Create or update user accounts from a UTF-8 CSV file with the header "
        "username,first_name,last_name,email,nclocator,structure ('-' reads standard input)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file to import, or - for standard input.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=importing.BATCH_SIZE,
            help=f"Rows per transaction (default {importing.BATCH_SIZE}).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")

    def handle(self, *args, file, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError(_("--batch-size doit être un entier positif."), returncode=2)
        binary, size = self._open(file)
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            file=sys.stderr,
            disable=True if no_progress else None,  # None: only on a terminal
            desc=_("Import"),
        )

        def report_error(error):
            with tqdm.external_write_mode(file=sys.stderr):
                self.stderr.write(str(error))

        def after_batch():
            reset_queries()  # with DEBUG on, Django keeps the SQL of the last 9,000 queries: big batches add up
            if size:
                bar.update(binary.tell() - bar.n)

        try:
            with binary:
                result = importing.import_users(
                    importing.text_lines(binary),
                    batch_size=batch_size,
                    on_error=report_error,
                    on_progress=after_batch,
                )
        except importing.HeaderError as error:
            raise CommandError(str(error), returncode=2) from None
        except (importing.BatchError, importing.ReceiversError) as error:
            bar.close()
            self.stdout.write(self._summary(error.result))
            raise CommandError(str(error), returncode=1) from None
        finally:
            bar.close()
        self.stdout.write(self._summary(result))
        if result.skipped:
            raise CommandError(
                _("%(count)d ligne(s) ignorée(s) : voir les erreurs ci-dessus.") % {"count": result.skipped},
                returncode=1,
            )

    def _open(self, file):
        if file == "-":
            return sys.stdin.buffer, None
        try:
            binary = open(file, "rb")  # noqa: SIM115 - closed by the caller's ``with``
        except FileNotFoundError:
            raise CommandError(_("Fichier introuvable : %(file)s") % {"file": file}, returncode=2) from None
        except OSError as error:
            raise CommandError(
                _("Impossible de lire %(file)s : %(error)s") % {"file": file, "error": error.strerror},
                returncode=2,
            ) from None
        return binary, os.fstat(binary.fileno()).st_size

    @staticmethod
    def _summary(result):
        return _(
            "Import terminé : %(created)d créé(s), %(updated)d mis à jour, %(unchanged)d inchangé(s), "
            "%(skipped)d ignoré(s)."
        ) % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
        }
