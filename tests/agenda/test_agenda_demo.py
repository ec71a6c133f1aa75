"""The agenda's part of ``seed_demo``: recurring, all-day and group events, a guest, answers in every status."""

import io

import pytest
from django.core.management import call_command

from agenda.models import Event, Participant

pytestmark = pytest.mark.django_db


def test_the_demo_agenda_is_complete_and_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    events = {event.title: event for event in Event.objects.filter(parent__isnull=True)}
    assert events["Conseil pédagogique"].rrule == "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2"
    assert events["Réunion de l'équipe de mathématiques"].rrule.startswith("FREQ=MONTHLY;BYDAY=")
    assert events["Journées portes ouvertes"].all_day
    assert events["Conseil pédagogique"].overrides.count() == 1
    assert events["Conseil pédagogique"].groups.exists()
    assert Participant.objects.filter(user__isnull=True, email="parent.delegue@example.org").exists()
    assert set(Participant.objects.values_list("status", flat=True)) == {
        "needs-action",
        "accepted",
        "tentative",
        "declined",
    }
    counts = (Event.objects.count(), Participant.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Event.objects.count(), Participant.objects.count()) == counts
