"""The groups JSON API: full bodies, the same abilities as the pages, 400 with the reason for a refused transition,
403 for an action the reader may not take, 404 for a group they may not see, 401 for anonymous requests."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from groups.factories import GroupBookmarkFactory, GroupFactory
from groups.models import Group, GroupBookmark, Membership
from portal.users.factories import UserFactory
from portal.users.models import User
from tests.groups.ability_sets import ABILITIES, ADMIN, ANIMATOR, MEMBER, STRUCTURE_MANAGER

pytestmark = pytest.mark.django_db

Role = Membership.Role


def abilities(granted):
    return {name: name in granted for name in ABILITIES}


def dt(value):
    return serializers.DateTimeField().to_representation(value)


def group_json(group, role, granted, member_count):
    group.refresh_from_db()
    return {
        "id": group.pk,
        "name": group.display_name,
        "slug": group.slug,
        "type": group.type,
        "description": group.description,
        "content": group.content,
        "avatar": None,
        "structure": group.structure_id,
        "plugins": group.plugins,
        "member_count": member_count,
        "role": role,
        "abilities": abilities(granted),
        "created_at": dt(group.created_at),
        "updated_at": dt(group.updated_at),
    }


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_requests_are_401(open_group):
    client = APIClient()
    assert client.get("/api/v1/groups/").status_code == 401
    assert client.get(f"/api/v1/groups/{open_group.pk}/members/").status_code == 401


def test_the_list_shows_visible_groups_with_my_role_and_abilities(
    people, open_group, moderated_group, closed_group, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = api_for(people.candidate).get("/api/v1/groups/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            group_json(open_group, None, {"view", "view_members", "favourite", "join"}, 3),
            group_json(moderated_group, Role.CANDIDATE, {"view", "view_members", "favourite", "cancel_request"}, 3),
        ],
    }


def test_the_list_filters_and_searches(people, open_group, moderated_group, closed_group):
    client = api_for(people.member)
    names = lambda params: [group["name"] for group in client.get("/api/v1/groups/", params).json()["results"]]  # noqa: E731
    assert names({}) == ["Conseil fermé", "Maths ouvert", "Projet modéré"]
    assert names({"type": "closed"}) == ["Conseil fermé"]
    assert names({"q": "modere"}) == ["Projet modéré"]
    assert names({"mine": "true", "q": "ouv"}) == ["Maths ouvert"]
    assert names({"type": "nonsense", "mine": "maybe"}) == ["Conseil fermé", "Maths ouvert", "Projet modéré"]


def test_the_list_costs_the_same_queries_for_few_or_many_groups(people, django_assert_num_queries):
    client = api_for(people.member)
    GroupFactory.create_batch(2, members=[people.member])
    client.get("/api/v1/groups/")
    with django_assert_num_queries(2):  # count, page (roles and member counts are annotated)
        client.get("/api/v1/groups/")
    GroupFactory.create_batch(30, members=[people.member])
    with django_assert_num_queries(2):
        client.get("/api/v1/groups/")


@pytest.mark.parametrize(
    ("role", "granted", "my_role"),
    [
        ("member", MEMBER, Role.MEMBER),
        ("animator", ANIMATOR, Role.ANIMATOR),
        ("admin", ADMIN, Role.ADMIN),
        ("global_admin", ADMIN - {"leave"}, None),
    ],
)
def test_the_detail_gives_each_role_its_abilities(people, closed_group, role, granted, my_role):
    response = api_for(getattr(people, role)).get(f"/api/v1/groups/{closed_group.pk}/")
    assert response.status_code == 200
    assert response.json() == group_json(closed_group, my_role, granted, 3)


@pytest.mark.parametrize("role", ["outsider", "structure_admin"])
def test_a_closed_group_is_a_404_for_outsiders(people, closed_group, role):
    assert api_for(getattr(people, role)).get(f"/api/v1/groups/{closed_group.pk}/").status_code == 404
    assert api_for(getattr(people, role)).post(f"/api/v1/groups/{closed_group.pk}/join/").status_code == 404


def test_a_structure_admin_administers_the_groups_of_their_subtree(people, tree):
    group = Group.objects.get(structure=tree.ampere)
    response = api_for(people.structure_admin).get(f"/api/v1/groups/{group.pk}/")
    assert response.json() == group_json(group, None, STRUCTURE_MANAGER, 0)


def test_creating_a_group(people):
    response = api_for(people.outsider).post(
        "/api/v1/groups/", {"name": "Philosophie", "type": "open", "plugins": {"nextcloud": False}}, format="json"
    )
    assert response.status_code == 201
    group = Group.objects.get(name="Philosophie")
    assert response.json() == group_json(group, Role.ADMIN, ADMIN, 1)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": "admins", "type": "open"}, {"name": ["Ce nom est réservé : choisissez-en un autre."]}),
        ({"name": "Maths ouvert", "type": "open"}, {"name": ["Ce nom de groupe est déjà pris."]}),
        ({"type": "open"}, {"name": ["Ce champ est obligatoire."]}),
        ({"name": "X", "type": "automatic"}, {"type": ["«\xa0automatic\xa0» n'est pas un choix valide."]}),
        (
            {"name": "X", "type": "open", "plugins": {"rocket": True}},
            {"plugins": ["Modules inconnus. Modules possibles : nextcloud."]},
        ),
        (
            {"name": "X" * 91, "type": "open"},
            {"name": ["Assurez-vous que ce champ comporte au plus 90\xa0caractères."]},
        ),
    ],
)
def test_bad_creations_are_400_naming_the_field(people, open_group, body, errors):
    response = api_for(people.outsider).post("/api/v1/groups/", body, format="json")
    assert (response.status_code, response.json()) == (400, errors)
    assert not Group.objects.filter(owner=people.outsider).exists()


def test_creating_over_the_quota_is_a_400(people):
    people.outsider.group_quota = 0
    people.outsider.save()
    response = api_for(people.outsider).post("/api/v1/groups/", {"name": "Trop", "type": "open"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": ["Vous avez atteint votre quota de 0 groupes : supprimez-en un ou demandez à un administrateur."]},
    )


def test_an_animator_patches_the_description_but_not_the_name(people, open_group):
    client = api_for(people.animator)
    response = client.patch(f"/api/v1/groups/{open_group.pk}/", {"description": "Nouveau"}, format="json")
    assert response.status_code == 200
    assert response.json()["description"] == "Nouveau"
    response = client.patch(f"/api/v1/groups/{open_group.pk}/", {"name": "Autre"}, format="json")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Seuls les administrateurs du groupe peuvent changer son nom, son type et ses modules."},
    )
    assert (
        api_for(people.member)
        .patch(f"/api/v1/groups/{open_group.pk}/", {"description": "x"}, format="json")
        .status_code
        == 403
    )
    assert client.put(f"/api/v1/groups/{open_group.pk}/", {"description": "x"}, format="json").status_code == 405


def test_deleting_through_the_api(people, open_group):
    assert api_for(people.animator).delete(f"/api/v1/groups/{open_group.pk}/").status_code == 403
    assert api_for(people.admin).delete(f"/api/v1/groups/{open_group.pk}/").status_code == 204
    assert not Group.objects.filter(pk=open_group.pk).exists()


# --- memberships ---------------------------------------------------------------------------------------------


def test_join_leave_request_cancel(people, open_group, moderated_group):
    client = api_for(people.outsider)
    response = client.post(f"/api/v1/groups/{open_group.pk}/join/")
    assert (response.status_code, response.json()["role"]) == (200, Role.MEMBER)
    response = client.post(f"/api/v1/groups/{open_group.pk}/leave/")
    assert (response.status_code, response.json()["role"]) == (200, None)
    response = client.post(f"/api/v1/groups/{moderated_group.pk}/request/")
    assert (response.status_code, response.json()["role"]) == (200, Role.CANDIDATE)
    response = client.post(f"/api/v1/groups/{moderated_group.pk}/cancel-request/")
    assert (response.status_code, response.json()["role"]) == (200, None)


def test_leaving_a_closed_group_answers_204(people, closed_group):
    assert api_for(people.member).post(f"/api/v1/groups/{closed_group.pk}/leave/").status_code == 204


@pytest.mark.parametrize(
    ("path", "user", "message"),
    [
        ("join", "outsider", "Ce groupe est modéré : demandez à le rejoindre."),
        ("request", "candidate", "Votre demande est déjà en attente."),
        ("leave", "admin", "Vous êtes le dernier administrateur du groupe : nommez-en un autre avant de partir."),
        ("cancel-request", "member", "Vous n'avez pas de demande en attente pour ce groupe."),
    ],
)
def test_refused_transitions_are_400_with_the_reason(people, moderated_group, path, user, message):
    before = sorted(Membership.objects.values_list("user_id", "group_id", "role"))
    response = api_for(getattr(people, user)).post(f"/api/v1/groups/{moderated_group.pk}/{path}/")
    assert (response.status_code, response.json()) == (400, {"detail": [message]})
    assert sorted(Membership.objects.values_list("user_id", "group_id", "role")) == before


def test_managers_accept_refuse_add_remove_and_set_roles(people, moderated_group):
    client = api_for(people.admin)
    base = f"/api/v1/groups/{moderated_group.pk}/members"
    assert client.post(f"{base}/{people.candidate.pk}/accept/").status_code == 200
    assert client.post(base + "/", {"user": people.outsider.pk}, format="json").status_code == 201
    assert client.post(f"{base}/{people.member.pk}/set-role/", {"role": "animator"}, format="json").status_code == 200
    assert (
        client.post(f"{base}/{people.animator.pk}/unset-role/", {"role": "animator"}, format="json").status_code == 200
    )
    assert client.delete(f"{base}/{people.outsider.pk}/").status_code == 200
    assert dict(Membership.objects.filter(group=moderated_group).values_list("user__username", "role")) == {
        "prof.admin": Role.ADMIN,
        "prof.anim": Role.MEMBER,
        "prof.membre": Role.ANIMATOR,
        "prof.candidat": Role.MEMBER,
    }


def test_member_actions_refused_with_the_reason(people, moderated_group):
    base = f"/api/v1/groups/{moderated_group.pk}/members"
    response = api_for(people.admin).post(f"{base}/{people.member.pk}/accept/")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": ["Cette personne n'a pas demandé à rejoindre le groupe."]},
    )
    response = api_for(people.admin).post(f"{base}/{people.admin.pk}/set-role/", {"role": "member"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": ["C'est le dernier administrateur du groupe : nommez-en un autre d'abord."]},
    )
    response = api_for(people.admin).post(f"{base}/{people.member.pk}/set-role/", {"role": "boss"}, format="json")
    assert (response.status_code, response.json()) == (400, {"role": ["«\xa0boss\xa0» n'est pas un choix valide."]})
    response = api_for(people.admin).post(base + "/", {"user": "abc"}, format="json")
    assert (response.status_code, response.json()) == (400, {"user": ["Un nombre entier valide est requis."]})
    response = api_for(people.member).post(f"{base}/{people.candidate.pk}/accept/")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Seuls les animateurs et les administrateurs du groupe acceptent les demandes."},
    )
    assert api_for(people.admin).post(f"{base}/999999/accept/").status_code == 404


def test_add_members_from_another_group(people, open_group):
    source = GroupFactory(name="Source", admins=[people.admin], members=UserFactory.create_batch(3))
    client = api_for(people.admin)
    response = client.post(f"/api/v1/groups/{open_group.pk}/add-members-from/", {"source": source.pk}, format="json")
    assert (response.status_code, response.json()) == (200, {"count": 3})
    hidden = GroupFactory(name="Cachée", type=Group.Type.CLOSED)
    response = client.post(f"/api/v1/groups/{open_group.pk}/add-members-from/", {"source": hidden.pk}, format="json")
    assert (response.status_code, response.json()) == (400, {"source": ["Groupe inconnu."]})


def test_broadcast_through_the_api(people, open_group):
    response = api_for(people.animator).post(
        f"/api/v1/groups/{open_group.pk}/broadcast/", {"title": "Réunion", "text": "Jeudi"}, format="json"
    )
    assert (response.status_code, response.json()) == (200, {"count": 2})
    response = api_for(people.member).post(f"/api/v1/groups/{open_group.pk}/broadcast/", {"title": "x"}, format="json")
    assert response.status_code == 403
    response = api_for(people.animator).post(f"/api/v1/groups/{open_group.pk}/broadcast/", {}, format="json")
    assert (response.status_code, response.json()) == (400, {"title": ["Ce champ est obligatoire."]})


# --- the address book ------------------------------------------------------------------------------------------


def _address_book(people):
    return [
        (people.admin, Role.ADMIN),
        (people.animator, Role.ANIMATOR),
        (people.member, Role.MEMBER),
    ]


def _member_json(user, role, email):
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": role,
        "structure": {"id": user.structure_id, "name": user.structure.name},
        "email": user.email if email else None,
    }


@pytest.mark.parametrize(
    ("role", "emails"), [("outsider", False), ("candidate", False), ("member", True), ("global_admin", True)]
)
def test_the_address_book_gives_emails_to_members_only(
    people, moderated_group, role, emails, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = api_for(getattr(people, role)).get(f"/api/v1/groups/{moderated_group.pk}/members/")
    assert response.json() == {
        "count": 3,
        "next": None,
        "previous": None,
        "results": [_member_json(user, member_role, emails) for user, member_role in _address_book(people)],
    }


def test_candidates_are_listed_to_managers_only(people, moderated_group):
    response = api_for(people.animator).get(f"/api/v1/groups/{moderated_group.pk}/candidates/")
    assert response.json()["results"] == [_member_json(people.candidate, Role.CANDIDATE, True)]
    assert api_for(people.member).get(f"/api/v1/groups/{moderated_group.pk}/candidates/").status_code == 403


def test_the_address_book_costs_the_same_queries_for_few_or_many(people, open_group, tree, django_assert_num_queries):
    client = api_for(people.member)
    client.get(f"/api/v1/groups/{open_group.pk}/members/")
    with django_assert_num_queries(3):  # the group with my role, count, page (users and structures joined)
        client.get(f"/api/v1/groups/{open_group.pk}/members/")
    User.objects.bulk_create([UserFactory.build(structure=tree.moulin, username=f"n{i}") for i in range(50)])
    Membership.objects.bulk_create(
        [Membership(user=u, group=open_group, role=Role.MEMBER) for u in User.objects.filter(username__regex=r"^n\d")]
    )
    with django_assert_num_queries(3):
        client.get(f"/api/v1/groups/{open_group.pk}/members/", {"page": 2})


# --- bookmarks -------------------------------------------------------------------------------------------------


def _bookmark_json(bookmark, granted):
    bookmark.refresh_from_db()
    author = bookmark.author
    return {
        "id": bookmark.pk,
        "group": bookmark.group_id,
        "url": bookmark.url,
        "name": bookmark.name,
        "tag": bookmark.tag,
        "author": {"id": author.pk, "first_name": author.first_name, "last_name": author.last_name} if author else None,
        "created_at": dt(bookmark.created_at),
        "updated_at": dt(bookmark.updated_at),
        "abilities": {name: name in granted for name in ("view", "update", "delete", "favourite")},
    }


def test_members_list_and_add_bookmarks(people, open_group):
    existing = GroupBookmarkFactory(group=open_group, author=people.admin, name="A")
    client = api_for(people.member)
    response = client.post(
        f"/api/v1/groups/{open_group.pk}/bookmarks/", {"url": "example.fr", "name": "B"}, format="json"
    )
    assert response.status_code == 201
    created = GroupBookmark.objects.get(name="B")
    assert response.json() == _bookmark_json(created, {"view", "update", "delete", "favourite"})
    response = client.get(f"/api/v1/groups/{open_group.pk}/bookmarks/")
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            _bookmark_json(existing, {"view", "favourite"}),
            _bookmark_json(created, {"view", "update", "delete", "favourite"}),
        ],
    }
    response = client.post(f"/api/v1/groups/{open_group.pk}/bookmarks/", {"url": "javascript:alert(1)"}, format="json")
    assert (response.status_code, response.json()) == (400, {"url": ["Saisissez une adresse web en http ou https."]})


def test_outsiders_neither_list_nor_add_bookmarks(people, open_group):
    client = api_for(people.outsider)
    assert client.get(f"/api/v1/groups/{open_group.pk}/bookmarks/").status_code == 403
    assert (
        client.post(f"/api/v1/groups/{open_group.pk}/bookmarks/", {"url": "https://a.fr"}, format="json").status_code
        == 403
    )


def test_a_bookmark_is_edited_by_its_author_and_group_admins_only(people, open_group):
    bookmark = GroupBookmarkFactory(group=open_group, author=people.member)
    url = f"/api/v1/group-bookmarks/{bookmark.pk}/"
    assert api_for(people.animator).patch(url, {"name": "Non"}, format="json").status_code == 403
    response = api_for(people.member).patch(url, {"name": "Oui"}, format="json")
    assert (response.status_code, response.json()["name"]) == (200, "Oui")
    assert api_for(people.outsider).get(url).status_code == 404
    assert api_for(people.admin).delete(url).status_code == 204
    assert not GroupBookmark.objects.exists()
