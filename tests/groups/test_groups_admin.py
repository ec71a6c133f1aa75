"""Back office of the groups: global admins only, writes through the services (checks and clean-up)."""

import pytest
from django.urls import reverse

from apps_catalog.models import SpaceItem
from groups import services
from groups.factories import GroupBookmarkFactory
from groups.models import Group, GroupBookmark

pytestmark = pytest.mark.django_db


def _form(group, **changes):
    data = {
        "name": group.name,
        "type": group.type,
        "description": group.description,
        "content": group.content,
        "plugins": "{}",
    }
    data.update(changes)
    return data


def test_a_global_admin_lists_groups_with_their_member_count(client, people, open_group, closed_group):
    client.force_login(people.global_admin)
    response = client.get(reverse("admin:groups_group_changelist"))
    assert response.status_code == 200
    counts = {group.display_name: group.member_count for group in response.context["cl"].result_list}
    assert (counts["Maths ouvert"], counts["Conseil fermé"], counts["Lycée Ampère"]) == (3, 3, 0)


@pytest.mark.parametrize("role", ["structure_admin", "admin"])
def test_others_do_not_reach_the_groups_back_office(client, people, open_group, role):
    client.force_login(getattr(people, role))
    response = client.get(reverse("admin:groups_group_change", args=[open_group.pk]))
    assert response.status_code in (302, 403, 404)


def test_an_academie_admin_sees_and_edits_the_automatic_groups_of_their_subtree(client, people, tree, open_group):
    client.force_login(people.structure_admin)  # admin of the Académie de Lyon
    listed = client.get(reverse("admin:groups_group_changelist")).context["cl"].result_list
    lyon_subtree = {tree.lyon.pk, tree.rhone.pk, tree.ampere.pk, tree.moulin.pk}
    assert {group.structure_id for group in listed} == lyon_subtree
    assert all(group.is_automatic for group in listed)
    group = Group.objects.get(structure=tree.ampere)
    url = reverse("admin:groups_group_change", args=[group.pk])
    assert sorted(client.get(url).context["adminform"].form.fields) == ["avatar", "content", "description"]
    assert client.post(url, {"description": "Le lycée", "content": "", "plugins": "{}"}).status_code == 302
    assert Group.objects.get(pk=group.pk).description == "Le lycée"
    other = Group.objects.get(structure=tree.champollion)
    assert client.get(reverse("admin:groups_group_change", args=[other.pk])).status_code in (302, 404)


def test_an_academie_admins_index_has_no_empty_group_tables(client, people):
    client.force_login(people.structure_admin)
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:groups_group_changelist") in html
    assert reverse("admin:groups_membership_changelist") not in html
    assert reverse("admin:groups_groupbookmark_changelist") not in html
    assert client.get(reverse("admin:groups_membership_changelist")).status_code == 403


def test_renaming_in_the_back_office_goes_through_the_same_checks(client, people, open_group, closed_group):
    client.force_login(people.global_admin)
    url = reverse("admin:groups_group_change", args=[open_group.pk])
    response = client.post(url, _form(open_group, name="admins"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"name": ["Ce nom est réservé : choisissez-en un autre."]}
    response = client.post(url, _form(open_group, name="conseil FERMÉ"))
    assert "Ce nom de groupe est déjà pris." in response.context["adminform"].form.errors["name"]
    response = client.post(url, _form(open_group, name="Maths et physique"))
    assert response.status_code == 302
    open_group.refresh_from_db()
    assert (open_group.name, open_group.slug, open_group.search_name) == (
        "Maths et physique",
        "maths-et-physique",
        "maths et physique",
    )


def test_a_structure_groups_name_and_type_are_read_only(client, people, tree):
    group = Group.objects.get(structure=tree.ampere)
    client.force_login(people.global_admin)
    form = client.get(reverse("admin:groups_group_change", args=[group.pk])).context["adminform"].form
    assert sorted(form.fields) == ["avatar", "content", "description"]
    assert client.get(reverse("admin:groups_group_delete", args=[group.pk])).status_code == 403


def test_deleting_in_the_back_office_cleans_the_personal_spaces(client, people, open_group):
    bookmark = GroupBookmarkFactory(group=open_group)
    services.favourite_group(people.member, open_group)
    services.favourite_bookmark(people.member, bookmark)
    client.force_login(people.global_admin)
    response = client.post(reverse("admin:groups_group_delete", args=[open_group.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Group.objects.filter(pk=open_group.pk).exists()
    assert not GroupBookmark.objects.exists()
    assert not SpaceItem.objects.exists()


def test_memberships_are_read_only_in_the_back_office(client, people, open_group):
    client.force_login(people.global_admin)
    response = client.get(reverse("admin:groups_membership_changelist"))
    assert response.status_code == 200
    membership = open_group.memberships.first()
    form_response = client.get(reverse("admin:groups_membership_change", args=[membership.pk]))
    assert form_response.context["has_change_permission"] is False
    assert client.get(reverse("admin:groups_membership_add")).status_code == 403
