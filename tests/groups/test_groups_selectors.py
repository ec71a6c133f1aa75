"""The reads that moved out of the services: the quota rule, and "visible or 404" shared by pages and API."""

import pytest
from django.http import Http404

from groups import selectors
from groups.factories import GroupFactory
from groups.models import Group

pytestmark = pytest.mark.django_db


def test_the_quota_counts_owned_groups_but_not_automatic_ones(people, tree):
    owner = people.member
    owner.group_quota = 2
    GroupFactory(owner=owner, type=Group.Type.OPEN)
    assert Group.objects.filter(type=Group.Type.AUTOMATIC, structure=tree.ampere).update(owner=owner) == 1
    assert selectors.owned_group_count(owner) == 1
    assert selectors.quota_reached(owner) is False
    GroupFactory(owner=owner, type=Group.Type.CLOSED)
    assert selectors.quota_reached(owner) is True


def test_the_quota_rule_takes_what_the_caller_already_read(people):
    owner = people.member
    owner.group_quota = 5
    assert selectors.quota_reached(owner, owned=5) is True
    assert selectors.quota_reached(owner, owned=4) is False
    assert selectors.quota_reached(owner, owned=1, quota=1) is True


def test_a_visible_group_comes_with_the_viewers_role(people, closed_group):
    group = selectors.visible_group_or_404(people.member, pk=closed_group.pk)
    assert group == closed_group
    assert group.viewer_role == "member"


def test_a_group_one_may_not_see_is_a_404(people, closed_group):
    assert selectors.visible_group(people.outsider, pk=closed_group.pk) is None
    with pytest.raises(Http404):
        selectors.visible_group_or_404(people.outsider, pk=closed_group.pk)
    with pytest.raises(Http404):
        selectors.visible_group_or_404(people.member, pk=closed_group.pk + 1000)


def test_the_directory_page_offers_creation_until_the_quota(client, people):
    people.member.group_quota = 1
    people.member.save(update_fields=["group_quota"])
    client.force_login(people.member)
    assert client.get("/groups/").context["can_create"] is True
    GroupFactory(owner=people.member, type=Group.Type.OPEN)
    assert client.get("/groups/").context["can_create"] is False
