"""The demo data: groups of every type, people in every role, bookmarks, synced structure groups; idempotent."""

import io
from types import SimpleNamespace

import pytest

from groups import demo as groups_demo
from groups.models import Group, GroupBookmark, Membership
from portal.notifications.models import Notification
from portal.structures import demo as structures_demo
from portal.users import demo as users_demo
from portal.users.models import User

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Group.objects.values_list("name", "type")),
        sorted(Membership.objects.values_list("user__username", "group__name", "role")),
        GroupBookmark.objects.count(),
        Notification.objects.filter(kind="request").count(),
    )


def _seed():
    command = SimpleNamespace(stdout=io.StringIO())
    for demo in (structures_demo, users_demo, groups_demo):
        demo.seed(command)


def test_the_demo_has_every_type_and_role_and_is_idempotent():
    _seed()
    first = _snapshot()
    _seed()
    assert _snapshot() == first
    assert set(Group.objects.values_list("type", flat=True)) == set(Group.Type.values)
    assert set(Membership.objects.exclude(group__type="automatic").values_list("role", flat=True)) == set(
        Membership.Role.values
    )
    assert first[2] >= 3
    # The pending request reached the moderated group's admin and animator.
    assert first[3] == 2
    # Every person with a structure is in their structure's group and in the ministry's.
    ministry = Group.objects.get(structure__parent=None, structure__name__startswith="Ministère")
    with_structure = User.objects.filter(structure__isnull=False).count()
    assert Membership.objects.filter(group=ministry).count() == with_structure
