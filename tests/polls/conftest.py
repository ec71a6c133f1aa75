"""Fixtures of the polls tests: an owner, a group with two members, an outsider, and polls of each kind."""

from types import SimpleNamespace

import pytest

from groups.factories import GroupFactory
from polls.factories import PollFactory, PollOptionFactory, future
from polls.models import Poll
from portal.users.factories import UserFactory


@pytest.fixture
def people(tree):
    return SimpleNamespace(
        owner=UserFactory(username="prof.owner", first_name="Odile", last_name="Owner", structure=tree.ampere),
        member=UserFactory(username="prof.member", first_name="Marc", last_name="Membre", structure=tree.ampere),
        member2=UserFactory(username="prof.member2", first_name="Mia", last_name="Membre", structure=tree.ampere),
        outsider=UserFactory(username="prof.out", first_name="Olivier", last_name="Dehors", structure=tree.moulin),
    )


@pytest.fixture
def council(people):
    """A closed group: the owner and two members."""
    return GroupFactory(
        name="Conseil", slug="conseil", type="closed", admins=[people.owner], members=[people.member, people.member2]
    )


@pytest.fixture
def date_poll(people, council):
    """An open date poll for the council, public link on, three options."""
    poll = PollFactory(title="Conseil de classe", owner=people.owner, groups=[council], is_public=True)
    for day in (3, 4, 5):
        PollOptionFactory(poll=poll, start=future(days=day, hour=17))
    return poll


@pytest.fixture
def meeting_poll(people, council):
    poll = PollFactory(
        title="Rendez-vous parents", owner=people.owner, kind=Poll.Kind.MEETING, groups=[council], is_public=True
    )
    for hour in (9, 10, 11):
        PollOptionFactory(poll=poll, start=future(days=3, hour=hour))
    return poll
