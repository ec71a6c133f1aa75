"""Fixtures of the agenda tests: an organiser, a group with members, and helpers to read the invitations sent."""

from types import SimpleNamespace

import pytest

from groups.factories import GroupFactory
from portal.users.factories import UserFactory


@pytest.fixture
def people(tree):
    return SimpleNamespace(
        organiser=UserFactory(username="prof.orga", first_name="Odile", last_name="Orga", structure=tree.ampere),
        member=UserFactory(username="prof.membre", first_name="Marc", last_name="Membre", structure=tree.ampere),
        admin=UserFactory(username="prof.admin", first_name="Alain", last_name="Admin", structure=tree.ampere),
        invited=UserFactory(username="prof.invite", first_name="Inès", last_name="Invitée", structure=tree.moulin),
        outsider=UserFactory(username="prof.dehors", first_name="Olivier", last_name="Dehors", structure=tree.moulin),
    )


@pytest.fixture
def group(people):
    return GroupFactory(
        name="Équipe de maths",
        slug="equipe-de-maths",
        admins=[people.admin],
        members=[people.organiser, people.member],
    )
