"""The English translation is complete: every French msgid used in the code has an English msgstr."""

import shutil

import polib
import pytest

from portal.core.translations import missing_english_translations, project_catalogue_path


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_msgid_in_the_code_has_an_english_translation():
    missing = missing_english_translations()
    assert missing == [], f"{len(missing)} string(s) without English translation (run manage.py missing_translations)"


def test_catalogue_has_no_fuzzy_or_empty_entries():
    catalogue = polib.pofile(str(project_catalogue_path()))
    assert catalogue.fuzzy_entries() == []
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
