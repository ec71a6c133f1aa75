"""Run only by ``test_plain_pytest.py`` in a subprocess (its name keeps it out of the normal collection)."""

from celery import current_app
from django.conf import settings
from django.utils import translation


def test_tasks_run_in_process_and_translations_are_compiled():
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert current_app.conf.task_always_eager is True
    with translation.override("en"):
        assert translation.gettext("Choisissez d'abord votre structure.") == "Choose your structure first."
