"""Reminders: sent once per occurrence and offset (idempotent under retries), to the participants who did not
decline, as a notification and an e-mail; the ICS carries them as VALARM."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from agenda.models import SentReminder
from agenda.services import create_event
from agenda.services.reminders import send_due_reminders
from agenda.tasks import send_reminders_task
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def weekly(people, group):
    event = create_event(
        organiser=people.organiser,
        title="Conseil pédagogique",
        start=datetime(2026, 3, 3, 17, 0, tzinfo=PARIS),
        end=datetime(2026, 3, 3, 18, 0, tzinfo=PARIS),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        group_ids=[group.pk],
        guest_emails=["parent@example.org"],
        reminders=[15, 1440],
        notify=False,
    )
    event.participants.filter(user=people.admin).update(status="declined")
    return event


def test_a_reminder_goes_out_once_per_occurrence_and_offset(people, weekly, django_capture_on_commit_callbacks):
    now = datetime(2026, 3, 17, 16, 50, tzinfo=PARIS)  # 10 minutes before the 17 March occurrence
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now) == 1
        assert send_due_reminders(now) == 0  # a retry, or an overlapping run
        assert send_due_reminders(now + timedelta(minutes=5)) == 0
    assert SentReminder.objects.get().occurrence_start == datetime(2026, 3, 17, 17, 0, tzinfo=PARIS)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "parent@example.org",
        "prof.membre@ac-lyon.fr",
        "prof.orga@ac-lyon.fr",
    ]
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"prof.membre", "prof.orga"}


def test_the_day_before_reminder_and_a_late_one_is_dropped(people, weekly):
    assert send_due_reminders(datetime(2026, 3, 16, 17, 2, tzinfo=PARIS)) == 1  # 1440 minutes before
    assert send_due_reminders(datetime(2026, 3, 24, 18, 30, tzinfo=PARIS)) == 0  # after the occurrence
    assert send_due_reminders(datetime(2026, 3, 20, 12, 0, tzinfo=PARIS)) == 0  # nothing due


def test_the_beat_task_calls_the_service(weekly):
    assert send_reminders_task() == 0


def test_the_ics_carries_the_reminders_as_valarm(client, people, weekly):
    client.force_login(people.member)
    text = client.get(f"/agenda/events/{weekly.pk}/ics/").content.decode()
    alarms = icalendar.Calendar.from_ical(text).walk("VALARM")
    assert sorted(alarm.decoded("TRIGGER") for alarm in alarms) == [timedelta(days=-1), timedelta(minutes=-15)]
