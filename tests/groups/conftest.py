"""Fixtures of the groups tests: one person per role, and groups of every type where they hold those roles."""

from types import SimpleNamespace

import pytest
from django.utils.text import slugify

from groups.factories import GroupFactory
from groups.models import Group
from portal.users.factories import UserFactory

ROLES = ("outsider", "candidate", "member", "animator", "admin", "structure_admin", "global_admin")


@pytest.fixture
def people(tree, global_admin, lyon_admin):
    """Everyone a permission test needs: a person per group role, a structure admin and a global admin."""
    return SimpleNamespace(
        outsider=UserFactory(username="prof.dehors", first_name="Olivier", last_name="Dehors", structure=tree.moulin),
        candidate=UserFactory(
            username="prof.candidat", first_name="Cécile", last_name="Candidat", structure=tree.ampere
        ),
        member=UserFactory(username="prof.membre", first_name="Marc", last_name="Membre", structure=tree.ampere),
        animator=UserFactory(username="prof.anim", first_name="Anne", last_name="Animatrice", structure=tree.ampere),
        admin=UserFactory(username="prof.admin", first_name="Alain", last_name="Admin", structure=tree.ampere),
        structure_admin=lyon_admin,
        global_admin=global_admin,
    )


def group_with_roles(people, type, name, **fields):
    """A group of ``type`` where each of ``people`` holds the role of the same name (owner: the admin)."""
    return GroupFactory(
        name=name,
        slug=slugify(name),
        type=type,
        owner=people.admin,
        admins=[people.admin],
        animators=[people.animator],
        members=[people.member],
        candidates=[people.candidate] if type == Group.Type.MODERATED else [],
        **fields,
    )


@pytest.fixture
def open_group(people):
    return group_with_roles(people, Group.Type.OPEN, "Maths ouvert")


@pytest.fixture
def moderated_group(people):
    return group_with_roles(people, Group.Type.MODERATED, "Projet modéré")


@pytest.fixture
def closed_group(people):
    return group_with_roles(people, Group.Type.CLOSED, "Conseil fermé")


@pytest.fixture
def notifications():
    """The notifications created so far, as (recipient username, kind, title in the recipient's language) sorted."""
    from django.utils import translation

    from portal.notifications.models import Notification

    def as_read(notification):
        with translation.override(notification.user.language):
            return notification.display_title

    def read():
        return sorted((n.user.username, n.kind, as_read(n)) for n in Notification.objects.select_related("user"))

    return read
