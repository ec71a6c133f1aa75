"""Group participants follow the group: joining invites to the upcoming events, leaving removes from them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from agenda.services import create_event
from groups import services as group_services
from groups.factories import GroupFactory
from portal.users.factories import UserFactory
from tests.agenda.ics_helpers import invitations

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _event(people, group, start, **kwargs):
    return create_event(
        organiser=people.organiser,
        title="Réunion d'équipe",
        start=start,
        end=start + timedelta(hours=1),
        group_ids=[group.pk],
        notify=False,
        **kwargs,
    )


def test_joining_a_group_invites_to_its_upcoming_events_only(people, group, django_capture_on_commit_callbacks):
    soon = timezone.now() + timedelta(days=3)
    upcoming = _event(people, group, soon)
    weekly = _event(people, group, timezone.now() - timedelta(days=30), rrule="FREQ=WEEKLY")
    past = _event(people, group, timezone.now() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        group_services.join_group(people.outsider, group)
    for event in (upcoming, weekly):
        row = event.participants.get(user=people.outsider)
        assert (row.status, row.direct, row.via_group) == ("needs-action", False, True)
    assert not past.participants.filter(user=people.outsider).exists()
    assert sorted((to, method) for to, method, *_ in invitations()) == [
        ("prof.dehors@ac-lyon.fr", "REQUEST"),
        ("prof.dehors@ac-lyon.fr", "REQUEST"),
    ]


def test_leaving_a_group_removes_from_its_events_and_sends_a_cancel(people, group, django_capture_on_commit_callbacks):
    event = _event(people, group, timezone.now() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        group_services.leave_group(people.member, group)
    assert not event.participants.filter(user=people.member).exists()
    assert [(to, method) for to, method, *_ in invitations()] == [("prof.membre@ac-lyon.fr", "CANCEL")]


def test_someone_also_invited_by_name_stays_after_leaving(people, group):
    event = _event(people, group, timezone.now() + timedelta(days=3), participant_user_ids=[people.member.pk])
    group_services.leave_group(people.member, group)
    row = event.participants.get(user=people.member)
    assert (row.direct, row.via_group) == (True, False)


def test_someone_in_two_invited_groups_stays_when_leaving_one(people, group):
    other = GroupFactory(members=[people.organiser, people.member])
    event = create_event(
        organiser=people.organiser,
        title="Réunion commune",
        start=timezone.now() + timedelta(days=2),
        end=timezone.now() + timedelta(days=2, hours=1),
        group_ids=[group.pk, other.pk],
        notify=False,
    )
    group_services.leave_group(people.member, group)
    assert event.participants.get(user=people.member).via_group


def test_deleting_a_group_removes_those_invited_only_through_it(people, group):
    event = _event(people, group, timezone.now() + timedelta(days=3))
    group_services.delete_group(people.admin, group)
    assert set(event.participants.values_list("user__username", flat=True)) == {"prof.orga"}


def test_a_large_change_is_done_by_a_job_after_the_commit(people, group, settings, django_capture_on_commit_callbacks):
    settings.AGENDA_GROUP_SYNC_INLINE_MAX_PEOPLE = 0
    event = _event(people, group, datetime(2030, 1, 7, 9, 0, tzinfo=PARIS))
    newcomer = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        group_services.join_group(newcomer, group)
    assert not event.participants.filter(user=newcomer).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert event.participants.filter(user=newcomer).exists()
