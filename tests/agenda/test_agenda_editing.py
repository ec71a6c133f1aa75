"""Updates and deletions: SEQUENCE, REQUEST and CANCEL, and the this / following / all scopes of a series."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from agenda import selectors
from agenda.models import Event
from agenda.services import create_event, delete_event, update_event
from tests.agenda.ics_helpers import invitations

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
WINDOW = (datetime(2026, 1, 1, tzinfo=PARIS), datetime(2027, 1, 1, tzinfo=PARIS))


def _series(people, group, **kwargs):
    values = {
        "organiser": people.organiser,
        "title": "Conseil pédagogique",
        "start": datetime(2026, 3, 3, 17, 0, tzinfo=PARIS),
        "end": datetime(2026, 3, 3, 18, 0, tzinfo=PARIS),
        "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=6",
        "group_ids": [group.pk],
        "notify": False,
    }
    values.update(kwargs)
    return create_event(**values)


def _starts(user, **filters):
    return [occurrence.local_start().strftime("%m-%d %H:%M") for occurrence in selectors.agenda_of(user, *WINDOW)]


def test_update_then_cancel_keeps_the_uid_and_raises_the_sequence(people, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = _series(people, group, rrule="", notify=True)
    with django_capture_on_commit_callbacks(execute=True):
        event = update_event(people.organiser, event, location="Salle des professeurs")
    with django_capture_on_commit_callbacks(execute=True):
        delete_event(people.organiser, event)
    sent = [(to, method, int(vevent["SEQUENCE"]), str(vevent["UID"])) for to, method, [vevent], *_ in invitations()]
    member = [(method, sequence) for to, method, sequence, _uid in sent if to == "prof.membre@ac-lyon.fr"]
    assert member == [("REQUEST", 0), ("REQUEST", 1), ("CANCEL", 2)]
    assert {uid for *_rest, uid in sent} == {event.uid}
    cancel = [vevent for to, method, [vevent], *_ in invitations() if method == "CANCEL"][0]
    assert str(cancel["STATUS"]) == "CANCELLED"
    assert not Event.objects.exists()


def test_a_change_of_description_only_sends_nothing(people, group, django_capture_on_commit_callbacks):
    event = _series(people, group, rrule="")
    with django_capture_on_commit_callbacks(execute=True):
        event = update_event(people.organiser, event, description="Ordre du jour")
    assert event.sequence == 0
    assert mail.outbox == []


def test_a_removed_participant_gets_a_cancel_and_an_added_one_a_request(
    people, group, django_capture_on_commit_callbacks
):
    event = _series(people, group, rrule="", participant_user_ids=[people.invited.pk])
    with django_capture_on_commit_callbacks(execute=True):
        update_event(people.organiser, event, participant_user_ids=[people.outsider.pk], group_ids=[group.pk])
    sent = {(to, method) for to, method, *_ in invitations()}
    assert sent == {("prof.invite@ac-lyon.fr", "CANCEL"), ("prof.dehors@ac-lyon.fr", "REQUEST")}
    assert set(event.participants.values_list("user__username", flat=True)) == {
        "prof.orga",
        "prof.membre",
        "prof.admin",
        "prof.dehors",
    }


def test_moving_one_occurrence_sends_a_higher_sequence_to_everyone(people, group, django_capture_on_commit_callbacks):
    event = _series(people, group)
    third = datetime(2026, 3, 31, 17, 0, tzinfo=PARIS)
    with django_capture_on_commit_callbacks(execute=True):
        override = update_event(
            people.organiser,
            event,
            scope="this",
            occurrence=third,
            start=datetime(2026, 4, 1, 9, 0),
            end=datetime(2026, 4, 1, 10, 0),
        )
    assert override.parent_id == event.pk and override.recurrence_id == third
    assert _starts(people.member) == [
        "03-03 17:00",
        "03-17 17:00",
        "04-01 09:00",
        "04-14 17:00",
        "04-28 17:00",
        "05-12 17:00",
    ]
    sent = invitations()
    assert {to for to, *_ in sent} == {"prof.membre@ac-lyon.fr", "prof.admin@ac-lyon.fr"}
    for _to, method, vevents, *_ in sent:
        assert method == "REQUEST"
        master, moved = vevents
        assert int(master["SEQUENCE"]) == 1 and int(moved["SEQUENCE"]) == 1
        assert moved["RECURRENCE-ID"].dt == third
        assert str(moved["UID"]) == str(master["UID"]) == event.uid


def test_deleting_one_occurrence_adds_an_exdate(people, group):
    event = _series(people, group)
    delete_event(people.organiser, event, scope="this", occurrence=datetime(2026, 3, 17, 17, 0, tzinfo=PARIS))
    event.refresh_from_db()
    assert event.exdates == ["2026-03-17T16:00:00Z"]
    assert event.sequence == 1
    assert _starts(people.member) == ["03-03 17:00", "03-31 17:00", "04-14 17:00", "04-28 17:00", "05-12 17:00"]


def test_this_and_following_splits_the_series(people, group):
    event = _series(people, group)
    new = update_event(
        people.organiser,
        event,
        scope="following",
        occurrence=datetime(2026, 4, 14, 17, 0, tzinfo=PARIS),
        start=datetime(2026, 4, 14, 18, 0),
        end=datetime(2026, 4, 14, 19, 0),
    )
    event.refresh_from_db()
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=3;INTERVAL=2"
    assert new.rrule == "FREQ=WEEKLY;BYDAY=TU;COUNT=3;INTERVAL=2"
    assert new.uid != event.uid
    assert _starts(people.member) == [
        "03-03 17:00",
        "03-17 17:00",
        "03-31 17:00",
        "04-14 18:00",
        "04-28 18:00",
        "05-12 18:00",
    ]
    assert new.participants.count() == event.participants.count() == 3


def test_deleting_this_and_following_ends_the_series(people, group):
    event = _series(people, group, rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
    delete_event(people.organiser, event, scope="following", occurrence=datetime(2026, 3, 31, 17, 0, tzinfo=PARIS))
    event.refresh_from_db()
    assert event.rrule == "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;UNTIL=20260331T145959Z"
    assert event.series_end == datetime(2026, 3, 17, 18, 0, tzinfo=PARIS)
    assert _starts(people.member) == ["03-03 17:00", "03-17 17:00"]


def test_changing_the_whole_series_moves_every_occurrence(people, group):
    event = _series(people, group)
    update_event(people.organiser, event, start=datetime(2026, 3, 3, 8, 30), end=datetime(2026, 3, 3, 9, 30))
    assert _starts(people.member)[:2] == ["03-03 08:30", "03-17 08:30"]


def test_an_occurrence_that_does_not_exist_is_refused(people, group):
    event = _series(people, group)
    with pytest.raises(ValidationError) as error:
        update_event(
            people.organiser, event, scope="this", occurrence=datetime(2026, 3, 4, 17, tzinfo=PARIS), title="x"
        )
    assert "occurrence" in error.value.message_dict


def test_a_bad_scope_is_refused(people, group):
    event = _series(people, group)
    with pytest.raises(ValidationError) as error:
        update_event(people.organiser, event, scope="some", title="x")
    assert "scope" in error.value.message_dict


def test_a_group_admin_may_edit_a_member_may_not(people, group):
    event = _series(people, group, rrule="")
    assert update_event(people.admin, event, title="Conseil (modifié)").title == "Conseil (modifié)"
    with pytest.raises(PermissionDenied):
        update_event(people.member, event, title="Non")
    with pytest.raises(PermissionDenied):
        delete_event(people.outsider, event)


def test_an_invalid_update_saves_nothing(people, group):
    event = _series(people, group, rrule="")
    with pytest.raises(ValidationError):
        update_event(people.organiser, event, title="Nouveau", end=event.start - timedelta(hours=1))
    event.refresh_from_db()
    assert (event.title, event.sequence) == ("Conseil pédagogique", 0)
