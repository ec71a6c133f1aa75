"""Favourite groups and group bookmarks in the personal space ("Mon espace", apps_catalog)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps_catalog import space as catalog_space
from apps_catalog.models import SpaceItem
from groups import services
from groups.factories import GroupBookmarkFactory
from groups.space import resolve_bookmarks, resolve_groups

pytestmark = pytest.mark.django_db


def space_of(user):
    return sorted(SpaceItem.objects.filter(user=user).values_list("kind", "object_id"))


def test_the_groups_kinds_are_registered():
    assert catalog_space.get_item_kind("group").resolver is resolve_groups
    assert catalog_space.get_item_kind("group_bookmark").resolver is resolve_bookmarks


def test_creating_joining_and_being_accepted_put_the_group_in_my_space(people, open_group, moderated_group):
    created = services.create_group(people.outsider, name="Mon groupe")
    services.join_group(people.outsider, open_group)
    services.accept_candidate(people.admin, moderated_group, people.candidate)
    assert space_of(people.outsider) == sorted([("group", created.pk), ("group", open_group.pk)])
    assert space_of(people.candidate) == [("group", moderated_group.pk)]


def test_leaving_or_being_removed_takes_the_group_out_of_my_space(people, open_group):
    services.favourite_group(people.member, open_group)
    services.favourite_group(people.animator, open_group)
    services.leave_group(people.member, open_group)
    services.remove_member(people.admin, open_group, people.animator)
    assert space_of(people.member) == space_of(people.animator) == []


def test_deleting_a_group_removes_it_and_its_bookmarks_from_every_space(people, open_group):
    bookmark = GroupBookmarkFactory(group=open_group)
    services.favourite_group(people.member, open_group)
    services.favourite_group(people.outsider, open_group)
    services.favourite_bookmark(people.member, bookmark)
    services.delete_group(people.admin, open_group)
    assert SpaceItem.objects.count() == 0


def test_deleting_a_bookmark_removes_it_from_every_space(people, open_group):
    bookmark = GroupBookmarkFactory(group=open_group)
    services.favourite_bookmark(people.member, bookmark)
    services.favourite_bookmark(people.admin, bookmark)
    services.delete_bookmark(people.admin, bookmark)
    assert SpaceItem.objects.count() == 0


def test_one_cannot_favourite_what_one_cannot_see(people, closed_group):
    bookmark = GroupBookmarkFactory(group=closed_group)
    with pytest.raises(PermissionDenied):
        services.favourite_group(people.outsider, closed_group)
    with pytest.raises(PermissionDenied):
        services.favourite_bookmark(people.outsider, bookmark)
    assert space_of(people.outsider) == []


def test_the_resolvers_answer_in_one_query_and_only_with_what_is_still_visible(
    people, open_group, closed_group, django_assert_num_queries
):
    open_bookmark = GroupBookmarkFactory(group=open_group, name="Ouvert", url="https://a.fr")
    closed_bookmark = GroupBookmarkFactory(group=closed_group, name="Fermé", url="https://b.fr")
    with django_assert_num_queries(1):
        groups = resolve_groups(people.outsider, [open_group.pk, closed_group.pk, 999999])
    assert [(entry.kind, entry.object_id, entry.title, entry.url) for entry in groups.values()] == [
        ("group", open_group.pk, "Maths ouvert", "/groups/maths-ouvert/")
    ]
    with django_assert_num_queries(1):
        bookmarks = resolve_bookmarks(people.member, [open_bookmark.pk, closed_bookmark.pk])
    assert sorted((entry.title, entry.url, entry.description) for entry in bookmarks.values()) == [
        ("Fermé", "https://b.fr", "Conseil fermé"),
        ("Ouvert", "https://a.fr", "Maths ouvert"),
    ]
    # An outsider of an open group sees the group but not its bookmarks.
    assert resolve_bookmarks(people.outsider, [open_bookmark.pk]) == {}


def test_the_space_interface_refuses_a_hidden_group(people, closed_group):
    from apps_catalog import services as catalog_services

    with pytest.raises(ValidationError):
        catalog_services.add_to_space(people.outsider, "group", closed_group.pk)


def test_the_group_page_shows_the_favourite_state(client, people, open_group):
    client.force_login(people.member)
    assert client.get(open_group.get_absolute_url()).context["favourite"] is False
    client.post(reverse("groups:action", args=[open_group.slug, "favourite"]))
    response = client.get(open_group.get_absolute_url())
    assert response.context["favourite"] is True
    assert "Retirer de mon espace" in response.content.decode()
    client.post(reverse("groups:action", args=[open_group.slug, "unfavourite"]))
    assert space_of(people.member) == []


def test_bookmarks_are_favourited_from_their_tab(client, people, open_group):
    bookmark = GroupBookmarkFactory(group=open_group)
    client.force_login(people.member)
    client.post(reverse("groups:bookmark_action", args=[open_group.slug, bookmark.pk, "favourite"]))
    assert space_of(people.member) == [("group_bookmark", bookmark.pk)]
    rows = client.get(reverse("groups:bookmarks", args=[open_group.slug])).context["rows"]
    assert [(row[0].pk, row[2]) for row in rows] == [(bookmark.pk, True)]
