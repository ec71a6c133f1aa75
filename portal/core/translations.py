"""Find the French msgids of the code that have no English translation in ``locale/en``.

``makemessages`` writes into the project's catalogue, so the extraction runs on a copy of the sources in a
temporary folder; the project's catalogue is only read.
"""

import os
import shutil
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

SKIPPED_DIRS = {".venv", "var", "node_modules", "tests", "benchmarks", "locale", "docs", "deploy", ".git", "static"}


def project_catalogue_path() -> Path:
    return Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def compile_catalogues(*, only_stale: bool = False) -> list[tuple[Path, int]]:
    """Compile every ``locale/*/LC_MESSAGES/*.po`` to ``.mo`` in pure Python (no GNU gettext needed).

    ``only_stale`` skips the catalogues whose ``.mo`` is newer than the ``.po`` (the test suite's start-up).
    Returns ``(po_path, percent_translated)`` for each catalogue compiled.
    """
    compiled = []
    for locale_path in settings.LOCALE_PATHS:
        for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(mo_path))
            compiled.append((po_path, catalogue.percent_translated()))
    return compiled


def missing_english_translations() -> list[str]:
    """The msgids extracted from the code and templates that lack an English msgstr (needs GNU xgettext)."""
    base = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "src"
        output = Path(tmp) / "out"
        shutil.copytree(
            base, sources, ignore=lambda folder, names: [n for n in names if n in SKIPPED_DIRS and Path(folder) == base]
        )
        output.mkdir()
        previous = os.getcwd()
        os.chdir(sources)
        try:
            with override_settings(LOCALE_PATHS=[str(output)]):
                call_command("makemessages", locale=["en"], ignore_patterns=["*/node_modules/*"], verbosity=0)
        finally:
            os.chdir(previous)
        extracted = polib.pofile(str(output / "en" / "LC_MESSAGES" / "django.po"))
    ours = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(project_catalogue_path())) if not e.obsolete}
    return sorted(
        entry.msgid
        for entry in extracted
        if not (ours.get((entry.msgctxt, entry.msgid)) and ours[(entry.msgctxt, entry.msgid)].translated())
    )
