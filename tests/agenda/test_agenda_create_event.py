"""agenda.services.create_event: validation, participants, and the iMIP invitations sent after the commit."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from agenda.models import Event, Participant
from agenda.services import create_event
from groups.factories import GroupFactory
from portal.notifications.models import Notification
from tests.agenda.ics_helpers import invitations

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _create(people, **kwargs):
    values = {
        "organiser": people.organiser,
        "title": "Conseil pédagogique",
        "start": datetime(2026, 3, 10, 17, 0, tzinfo=PARIS),
        "end": datetime(2026, 3, 10, 18, 30, tzinfo=PARIS),
    }
    values.update(kwargs)
    return create_event(**values)


def test_create_event_invites_group_members_people_and_guests(people, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = _create(
            people,
            group_ids=[group.pk],
            participant_user_ids=[people.invited.pk],
            guest_emails=["Parent.Eleve@Example.org "],
            location="Salle 12",
        )
    rows = {
        (row.user.username if row.user else row.email, row.status, row.direct, row.via_group)
        for row in event.participants.select_related("user")
    }
    assert rows == {
        ("prof.orga", "accepted", True, True),
        ("prof.membre", "needs-action", False, True),
        ("prof.admin", "needs-action", False, True),
        ("prof.invite", "needs-action", True, False),
        ("parent.eleve@example.org", "needs-action", True, False),
    }
    assert list(event.groups.all()) == [group]
    sent = invitations()
    assert sorted(to for to, *_rest in sent) == [
        "parent.eleve@example.org",
        "prof.admin@ac-lyon.fr",
        "prof.invite@ac-lyon.fr",
        "prof.membre@ac-lyon.fr",
    ]
    for _to, method, [vevent], content, mimetype in sent:
        assert method == "REQUEST"
        assert mimetype == "text/calendar; method=REQUEST"
        assert str(vevent["UID"]) == event.uid
        assert int(vevent["SEQUENCE"]) == 0
        assert vevent["DTSTART"].dt == datetime(2026, 3, 10, 17, 0, tzinfo=PARIS)
        assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
        assert str(vevent["ORGANIZER"]) == "mailto:prof.orga@ac-lyon.fr"
        assert str(vevent["LOCATION"]) == "Salle 12"
        assert "BEGIN:VTIMEZONE" in content
        assert vobject.readOne(content).vevent.summary.value == "Conseil pédagogique"
    guest_mail = next(message for message in mail.outbox if message.to == ["parent.eleve@example.org"])
    assert "/agenda/invitation/" in guest_mail.body
    member_mail = next(message for message in mail.outbox if message.to == ["prof.membre@ac-lyon.fr"])
    assert f"/agenda/events/{event.pk}/" in member_mail.body
    notified = set(Notification.objects.filter(kind="group").values_list("user__username", flat=True))
    assert notified == {"prof.membre", "prof.admin", "prof.invite"}


def test_nothing_is_sent_before_the_commit(people, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create(people, group_ids=[group.pk])
    assert mail.outbox == []
    assert len(callbacks) == 1  # one batch


def test_invitations_are_queued_in_batches(people, group, settings, django_capture_on_commit_callbacks):
    settings.AGENDA_INVITATION_BATCH_SIZE = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create(people, group_ids=[group.pk], participant_user_ids=[people.invited.pk], guest_emails=["a@b.fr"])
    assert len(callbacks) == 2  # 4 recipients


def test_naive_times_are_read_in_the_event_zone(people):
    event = _create(people, start=datetime(2026, 7, 1, 9, 0), end=datetime(2026, 7, 1, 10, 0))
    assert event.start == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
    assert event.series_end == event.end


def test_all_day_event_takes_dates_with_an_exclusive_end(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = _create(
            people,
            all_day=True,
            start=date(2026, 10, 24),
            end=date(2026, 10, 26),
            participant_user_ids=[people.invited.pk],
        )
    assert (event.first_day, event.last_day) == (date(2026, 10, 24), date(2026, 10, 25))
    [(_to, _method, [vevent], _content, _mimetype)] = invitations()
    assert (vevent["DTSTART"].dt, vevent["DTEND"].dt) == (date(2026, 10, 24), date(2026, 10, 26))


def test_recurring_event_keeps_a_normalised_rule(people):
    event = _create(people, rrule="freq=weekly;interval=2;byday=TU;until=20260630")
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;UNTIL=20260630T215959Z"
    assert event.series_end == datetime(2026, 6, 30, 18, 30, tzinfo=PARIS)
    unbounded = _create(people, rrule="FREQ=MONTHLY;BYDAY=1MO")
    assert unbounded.series_end is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"end": datetime(2026, 3, 10, 16, 0, tzinfo=PARIS)}, "end"),
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"rrule": "FREQ=SECONDLY"}, "rrule"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=XX"}, "rrule"),
        ({"rrule": "FREQ=DAILY;COUNT=5;UNTIL=20260101"}, "rrule"),
        ({"rrule": "FREQ=DAILY;FOO=1"}, "rrule"),
        ({"guest_emails": ["pas-une-adresse"]}, "guest_emails"),
        ({"participant_user_ids": [999999]}, "participant_user_ids"),
        ({"category_id": 999999}, "category_id"),
        ({"reminders": [-5]}, "reminders"),
        ({"start": "pas une date"}, "start"),
        ({"all_day": True, "start": date(2026, 3, 10), "end": date(2026, 3, 10)}, "end"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(people, kwargs, field):
    with pytest.raises(ValidationError) as error:
        _create(people, **kwargs)
    assert field in error.value.message_dict
    assert not Event.objects.exists()
    assert not Participant.objects.exists()


def test_a_group_the_organiser_is_not_member_of_cannot_be_invited(people):
    other = GroupFactory(members=[people.member])
    with pytest.raises(ValidationError) as error:
        _create(people, group_ids=[other.pk])
    assert "group_ids" in error.value.message_dict
    assert not Event.objects.exists()


def test_a_group_member_can_invite_their_group(people, group):
    event = _create(people, group_ids=[group.pk])
    assert event.participants.count() == 3


def test_an_inactive_organiser_cannot_create(people):
    people.organiser.is_active = False
    with pytest.raises(PermissionDenied):
        _create(people)


def test_each_event_gets_its_own_stable_uid(people):
    first, second = _create(people), _create(people)
    assert first.uid != second.uid
    assert first.uid.endswith("@apps.education.fr")
    first.refresh_from_db()
    assert first.sequence == 0
