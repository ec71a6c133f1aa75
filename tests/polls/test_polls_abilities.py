"""The poll abilities: who sees a poll, who answers, who sees the participants; the allowed and the denied case."""

import pytest
from django.contrib.auth.models import AnonymousUser

from polls.abilities import get_poll_abilities
from polls.factories import PollFactory
from polls.models import Poll

pytestmark = pytest.mark.django_db


def test_owner_sees_and_edits_their_draft(people):
    poll = PollFactory(owner=people.owner, state=Poll.State.DRAFT)
    abilities = get_poll_abilities(people.owner, poll)
    assert abilities["view"] and abilities["update_options_freely"] and abilities["open"]
    assert not abilities["close"]


def test_group_member_does_not_see_a_draft(people, council):
    poll = PollFactory(owner=people.owner, state=Poll.State.DRAFT, groups=[council])
    assert not get_poll_abilities(people.member, poll)["view"]


def test_group_member_sees_and_answers_an_open_poll(date_poll, people):
    abilities = get_poll_abilities(people.member, date_poll)
    assert abilities["view"] and abilities["answer"] and abilities["view_participants"]
    assert not abilities["update"] and not abilities["close"] and not abilities["export"]


def test_outsider_does_not_see_a_group_poll(date_poll, people):
    abilities = get_poll_abilities(people.outsider, date_poll)
    assert not abilities["view"] and not abilities["answer"]


def test_named_person_sees_the_poll(people):
    poll = PollFactory(owner=people.owner, people=[people.outsider])
    assert get_poll_abilities(people.outsider, poll)["answer"]


def test_anonymous_sees_a_public_poll_only_through_its_link(date_poll):
    assert get_poll_abilities(AnonymousUser(), date_poll, via_link=True)["answer"]
    assert not get_poll_abilities(AnonymousUser(), date_poll)["view"]


def test_anonymous_link_of_a_non_public_poll_gives_nothing(date_poll):
    date_poll.is_public = False
    assert not get_poll_abilities(AnonymousUser(), date_poll, via_link=True)["view"]


def test_hidden_participants_are_seen_by_the_owner_only(date_poll, people):
    date_poll.hide_participants = True
    assert get_poll_abilities(people.owner, date_poll)["view_participants"]
    assert not get_poll_abilities(people.member, date_poll)["view_participants"]
    assert get_poll_abilities(people.member, date_poll)["view_results"]


def test_closed_poll_takes_no_answer(date_poll, people):
    date_poll.state = Poll.State.CLOSED
    abilities = get_poll_abilities(people.member, date_poll)
    assert abilities["view"] and not abilities["answer"]
    assert not get_poll_abilities(people.owner, date_poll)["update"]


def test_owner_cannot_book_their_own_meeting(meeting_poll, people):
    assert not get_poll_abilities(people.owner, meeting_poll)["answer"]
    assert get_poll_abilities(people.owner, meeting_poll)["manage_bookings"]
    assert not get_poll_abilities(people.member, meeting_poll)["manage_bookings"]


def test_inactive_account_gets_nothing(date_poll, people):
    people.member.is_active = False
    assert not get_poll_abilities(people.member, date_poll)["view"]
