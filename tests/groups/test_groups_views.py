"""The group pages: who sees what, the actions' answers, and a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from groups.factories import GroupBookmarkFactory, GroupFactory
from groups.models import Group, GroupBookmark, Membership
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db

Role = Membership.Role


def signed_in(client, user):
    client.force_login(user)
    return client


def directory_names(response):
    return [group.display_name for group in response.context["page_obj"].object_list]


def queries_for(client, url):
    """Queries of a page view, measured once the per-process caches (site settings...) are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


# --- directory ------------------------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, open_group):
    for url in (reverse("groups:directory"), open_group.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("signin"))


def test_the_directory_lists_open_and_moderated_groups_to_everyone(
    client, people, open_group, moderated_group, closed_group
):
    response = signed_in(client, people.outsider).get(reverse("groups:directory"))
    assert directory_names(response) == ["Maths ouvert", "Projet modéré"]
    assert "Créer un groupe" in response.content.decode()


def test_closed_and_structure_groups_are_listed_to_their_members(client, people, tree, closed_group):
    from groups import services

    services.sync_automatic_memberships([people.member.pk])
    response = signed_in(client, people.member).get(reverse("groups:directory"), {"mine": "1"})
    assert directory_names(response) == ["Académie de Lyon", "Conseil fermé", "DSDEN du Rhône", "Lycée Ampère"]


def test_a_structure_admin_sees_the_structure_groups_of_their_subtree(client, people, tree):
    response = signed_in(client, people.structure_admin).get(reverse("groups:directory"), {"type": "automatic"})
    assert directory_names(response) == ["Académie de Lyon", "Collège Jean Moulin", "DSDEN du Rhône", "Lycée Ampère"]


def test_a_global_admin_sees_every_group(client, people, open_group, closed_group):
    signed_in(client, people.global_admin)
    assert directory_names(client.get(reverse("groups:directory"))) == ["Conseil fermé", "Maths ouvert"]
    response = client.get(reverse("groups:directory"), {"type": "automatic"})
    assert len(directory_names(response)) == Group.objects.filter(type="automatic").count() == 7


def test_the_search_ignores_accents_and_case(client, people, moderated_group, open_group):
    response = signed_in(client, people.outsider).get(reverse("groups:directory"), {"q": "MODERE"})
    assert directory_names(response) == ["Projet modéré"]
    response = client.get(reverse("groups:directory"), {"q": "rien de tel"})
    assert directory_names(response) == []
    assert "Aucun groupe ne correspond à votre recherche." in response.content.decode()


def test_bad_query_strings_are_ignored(client, people, open_group):
    response = signed_in(client, people.outsider).get(
        reverse("groups:directory"), {"type": "spaceship", "page": "x", "q": "maths" + "\x00"}
    )
    assert response.status_code == 200
    assert directory_names(response) == ["Maths ouvert"]


def test_the_directory_is_paginated(client, people):
    GroupFactory.create_batch(25)
    response = signed_in(client, people.outsider).get(reverse("groups:directory"), {"page": 2})
    assert len(directory_names(response)) == 5
    assert response.context["page_obj"].paginator.count == 25


def test_the_directory_costs_the_same_queries_for_2_or_40_groups(client, people, open_group, moderated_group):
    signed_in(client, people.member)
    few = queries_for(client, reverse("groups:directory"))
    for index in range(38):
        GroupFactory(
            members=[people.member, *UserFactory.create_batch(2)], type=Group.Type.CLOSED if index % 2 else "open"
        )
    assert queries_for(client, reverse("groups:directory")) == few
    assert queries_for(client, reverse("groups:directory") + "?page=2") == few


def test_the_create_button_is_disabled_over_quota(client, people):
    people.outsider.group_quota = 0
    people.outsider.save()
    response = signed_in(client, people.outsider).get(reverse("groups:directory"))
    assert response.context["can_create"] is False
    assert "Vous avez atteint votre quota de groupes." in response.content.decode()


@pytest.mark.parametrize(
    ("quota", "owned", "text"),
    [(10, 1, "Vous avez créé 1 groupe (au plus 10)."), (10, 2, "Vous avez créé 2 groupes (au plus 10).")],
)
def test_the_directory_counts_created_groups_with_plural_forms(client, people, quota, owned, text):
    people.outsider.group_quota = quota
    people.outsider.save()
    for index in range(owned):
        GroupFactory(name=f"Groupe {index}", slug=f"groupe-{index}", owner=people.outsider)
    content = signed_in(client, people.outsider).get(reverse("groups:directory")).content.decode()
    assert text in content
    assert "groupe(s)" not in content and "autorisé(s)" not in content


# --- the group page -------------------------------------------------------------------------------------------


def test_an_outsider_sees_an_open_groups_address_book_without_emails(client, people, open_group):
    response = signed_in(client, people.outsider).get(open_group.get_absolute_url())
    page = response.content.decode()
    assert [(m.user.username, m.role) for m in response.context["page_obj"].object_list] == [
        ("prof.admin", Role.ADMIN),
        ("prof.anim", Role.ANIMATOR),
        ("prof.membre", Role.MEMBER),
    ]
    assert "Lycée Ampère" in page
    assert "prof.membre@ac-lyon.fr" not in page
    assert "Rejoindre le groupe" in page


def test_members_see_the_emails(client, people, open_group):
    page = signed_in(client, people.member).get(open_group.get_absolute_url()).content.decode()
    assert 'href="mailto:prof.membre@ac-lyon.fr"' in page
    assert "Quitter le groupe" in page


def test_a_candidate_sees_their_pending_request_but_no_emails(client, people, moderated_group):
    page = signed_in(client, people.candidate).get(moderated_group.get_absolute_url()).content.decode()
    assert "Annuler ma demande" in page
    assert "Demande en attente" in page
    assert "prof.membre@ac-lyon.fr" not in page


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("structure_admin", 404), ("member", 200), ("global_admin", 200)]
)
def test_a_closed_group_is_hidden_from_non_members(client, people, closed_group, role, status):
    assert signed_in(client, getattr(people, role)).get(closed_group.get_absolute_url()).status_code == status


def test_an_unknown_group_is_a_404(client, people):
    assert signed_in(client, people.member).get("/groups/nope/").status_code == 404


def test_the_address_book_filters_by_role_and_name(client, people, open_group):
    signed_in(client, people.member)
    response = client.get(open_group.get_absolute_url(), {"role": "animator"})
    assert [m.user.username for m in response.context["page_obj"].object_list] == ["prof.anim"]
    response = client.get(open_group.get_absolute_url(), {"q": "ALAIN"})
    assert [m.user.username for m in response.context["page_obj"].object_list] == ["prof.admin"]


def test_the_group_page_costs_the_same_queries_for_3_or_60_members(client, people, open_group, tree):
    GroupBookmarkFactory(group=open_group)
    signed_in(client, people.member)
    few = queries_for(client, open_group.get_absolute_url())
    few_bookmarks = queries_for(client, reverse("groups:bookmarks", args=[open_group.slug]))
    User.objects.bulk_create([UserFactory.build(structure=tree.moulin, username=f"m{i}") for i in range(57)])
    Membership.objects.bulk_create(
        [
            Membership(user=user, group=open_group, role=Role.MEMBER)
            for user in User.objects.filter(username__regex=r"^m\d")
        ]
    )
    GroupBookmarkFactory.create_batch(30, group=open_group, author=people.member)
    assert queries_for(client, open_group.get_absolute_url()) == few
    # page 3 holds plain members only: it skips the managers' query
    assert queries_for(client, open_group.get_absolute_url() + "?page=3") <= few
    assert queries_for(client, reverse("groups:bookmarks", args=[open_group.slug])) == few_bookmarks


def test_the_address_book_is_in_role_then_name_order_across_pages(client, people, open_group, tree):
    names = ["Zola", "Ampère", "Curie", "Bernard", "Yourcenar"]
    extra = [
        UserFactory(username=f"x{index}", last_name=name, first_name="A", structure=tree.moulin)
        for index, name in enumerate(names * 6)
    ]
    Membership.objects.bulk_create([Membership(user=user, group=open_group, role=Role.MEMBER) for user in extra])
    Membership.objects.filter(group=open_group, user=extra[0]).update(role=Role.ANIMATOR)  # a Zola animates
    signed_in(client, people.member)
    rows = []
    for page in (1, 2):
        response = client.get(open_group.get_absolute_url(), {"page": page})
        rows += [(m.role, m.user.last_name, m.user.username) for m in response.context["page_obj"].object_list]
    expected = [
        (role, user.last_name, user.username)
        for role, user in [
            (Membership.objects.get(group=open_group, user=user).role, user)
            for user in [people.admin, people.animator, people.member, *extra]
        ]
    ]
    rank = {"admin": 0, "animator": 1, "member": 2}
    expected.sort(key=lambda row: (rank[row[0]], row[1], "", row[2]))
    assert rows == expected
    assert [row[0] for row in rows[:3]] == ["admin", "animator", "animator"]


def test_only_registered_tabs_are_shown(client, people, open_group):
    from groups import tabs

    def keys(response):
        # Feature apps (blog, agenda...) register tabs of their own: only the groups' tabs and the test's matter here.
        return [tab["key"] for tab in response.context["tabs"] if tab["key"] in ("members", "bookmarks", "events")]

    response = signed_in(client, people.outsider).get(open_group.get_absolute_url())
    assert keys(response) == ["members"]
    response = signed_in(client, people.member).get(open_group.get_absolute_url())
    assert keys(response) == ["members", "bookmarks"]
    tabs.register_group_tab("events", "Événements", "groups:detail", order=30)
    try:
        response = client.get(open_group.get_absolute_url())
        assert keys(response) == ["members", "bookmarks", "events"]
    finally:
        tabs.unregister_group_tab("events")


# --- the person's actions -------------------------------------------------------------------------------------


def test_joining_from_the_page(client, people, open_group):
    response = signed_in(client, people.outsider).post(
        reverse("groups:action", args=[open_group.slug, "join"]), follow=True
    )
    assert Membership.objects.get(group=open_group, user=people.outsider).role == Role.MEMBER
    assert "Vous avez rejoint le groupe." in response.content.decode()


def test_a_refused_transition_comes_back_as_a_message(client, people, closed_group, open_group):
    response = signed_in(client, people.admin).post(
        reverse("groups:action", args=[open_group.slug, "leave"]), follow=True
    )
    assert (
        "Vous êtes le dernier administrateur du groupe : nommez-en un autre avant de partir."
        in response.content.decode()
    )
    assert Membership.objects.filter(group=open_group, user=people.admin).exists()


def test_actions_need_a_post_and_a_known_name(client, people, open_group):
    signed_in(client, people.outsider)
    assert client.get(reverse("groups:action", args=[open_group.slug, "join"])).status_code == 405
    assert client.post(reverse("groups:action", args=[open_group.slug, "explode"])).status_code == 404


def test_asking_to_join_then_being_accepted_from_the_management_page(client, people, moderated_group):
    signed_in(client, people.outsider).post(reverse("groups:action", args=[moderated_group.slug, "request"]))
    assert Membership.objects.get(group=moderated_group, user=people.outsider).role == Role.CANDIDATE
    signed_in(client, people.animator)
    page = client.get(reverse("groups:manage", args=[moderated_group.slug])).content.decode()
    assert "Olivier Dehors" in page
    client.post(reverse("groups:member_action", args=[moderated_group.slug, people.outsider.pk, "accept"]))
    assert Membership.objects.get(group=moderated_group, user=people.outsider).role == Role.MEMBER


def test_leaving_a_closed_group_goes_back_to_the_directory(client, people, closed_group):
    response = signed_in(client, people.member).post(reverse("groups:action", args=[closed_group.slug, "leave"]))
    assert response["Location"] == reverse("groups:directory")


# --- creation, edition, deletion ------------------------------------------------------------------------------


def test_creating_a_group_from_the_form(client, people):
    response = signed_in(client, people.outsider).post(
        reverse("groups:create"), {"name": "Histoire", "type": "moderated", "description": "Les historiens"}
    )
    group = Group.objects.get(name="Histoire")
    assert response["Location"] == group.get_absolute_url()
    assert Membership.objects.get(group=group).user == people.outsider


def test_the_form_shows_the_services_refusals_on_their_fields(client, people, open_group):
    response = signed_in(client, people.outsider).post(reverse("groups:create"), {"name": "admins", "type": "open"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["Ce nom est réservé : choisissez-en un autre."]}
    response = client.post(reverse("groups:create"), {"name": "MATHS OUVERT", "type": "closed"})
    assert response.context["form"].errors == {"name": ["Ce nom de groupe est déjà pris."]}
    response = client.post(reverse("groups:create"), {"name": "Bien", "type": "automatic"})
    assert list(response.context["form"].errors) == ["type"]
    assert not Group.objects.filter(owner=people.outsider).exists()


def test_an_avatar_must_be_a_real_image(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("avatar.png", b"not an image", content_type="image/png")
    response = signed_in(client, people.outsider).post(
        reverse("groups:create"), {"name": "Avec avatar", "type": "open", "avatar": fake}
    )
    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors
    assert not Group.objects.filter(name="Avec avatar").exists()


def test_an_animator_edits_the_description_but_gets_no_name_field(client, people, open_group):
    signed_in(client, people.animator)
    form = client.get(reverse("groups:edit", args=[open_group.slug])).context["form"]
    assert list(form.fields) == ["description", "content", "avatar"]
    client.post(reverse("groups:edit", args=[open_group.slug]), {"name": "Piraté", "description": "Mise à jour"})
    open_group.refresh_from_db()
    assert (open_group.name, open_group.description) == ("Maths ouvert", "Mise à jour")


def test_an_admin_edits_everything(client, people, open_group):
    signed_in(client, people.admin).post(
        reverse("groups:edit", args=[open_group.slug]),
        {
            "name": "Maths et sciences",
            "type": "closed",
            "description": "",
            "content": "<p>ok</p>",
            "plugins": ["nextcloud"],
        },
    )
    open_group.refresh_from_db()
    assert (open_group.name, open_group.type, open_group.plugins, open_group.slug) == (
        "Maths et sciences",
        "closed",
        {"nextcloud": True},
        "maths-et-sciences",
    )


@pytest.mark.parametrize("role", ["member", "outsider", "structure_admin"])
def test_others_cannot_open_the_edit_manage_or_delete_pages(client, people, open_group, role):
    signed_in(client, getattr(people, role))
    for name in ("groups:edit", "groups:manage", "groups:delete"):
        assert client.get(reverse(name, args=[open_group.slug])).status_code == 403


def test_deleting_from_the_page(client, people, open_group):
    signed_in(client, people.admin)
    assert client.get(reverse("groups:delete", args=[open_group.slug])).status_code == 200
    response = client.post(reverse("groups:delete", args=[open_group.slug]))
    assert response["Location"] == reverse("groups:directory")
    assert not Group.objects.filter(pk=open_group.pk).exists()


# --- management ------------------------------------------------------------------------------------------------


def test_the_management_page_finds_people_to_add_and_adds_them(client, people, closed_group):
    signed_in(client, people.animator)
    response = client.get(reverse("groups:manage", args=[closed_group.slug]), {"q": "dehors"})
    assert [person.username for person in response.context["found"]] == ["prof.dehors"]
    response = client.get(reverse("groups:manage", args=[closed_group.slug]), {"q": "membre"})
    assert response.context["found"] == []  # members are not offered
    client.post(reverse("groups:add_member", args=[closed_group.slug]), {"user": people.outsider.pk})
    assert Membership.objects.get(group=closed_group, user=people.outsider).role == Role.MEMBER


def test_the_add_a_person_search_never_lists_colleagues_by_e_mail_domain(client, people, closed_group):
    signed_in(client, people.animator)
    url = reverse("groups:manage", args=[closed_group.slug])
    UserFactory(username="zoe.x", first_name="Zoé", last_name="Quixotte", email="zoe.x@ac-grenoble.fr")
    # A piece of an e-mail address finds nobody (here the domain of everyone in the académie).
    assert client.get(url, {"q": "ac-grenoble"}).context["found"] == []
    assert client.get(url, {"q": "@ac-grenoble.fr"}).context["found"] == []
    # The whole address finds its person; names and usernames match anywhere, accents and case ignored.
    assert [p.username for p in client.get(url, {"q": "Zoe.X@ac-grenoble.fr"}).context["found"]] == ["zoe.x"]
    assert [p.username for p in client.get(url, {"q": "quixotte"}).context["found"]] == ["zoe.x"]
    assert [p.username for p in client.get(url, {"q": "zoé quix"}).context["found"]] == ["zoe.x"]
    assert [p.username for p in client.get(url, {"q": "zoe.x"}).context["found"]] == ["zoe.x"]


def test_bad_member_posts_are_404s(client, people, closed_group):
    signed_in(client, people.admin)
    assert client.post(reverse("groups:add_member", args=[closed_group.slug]), {"user": "abc"}).status_code == 404
    assert client.post(reverse("groups:add_member", args=[closed_group.slug]), {"user": "999999"}).status_code == 404
    url = reverse("groups:member_action", args=[closed_group.slug, people.member.pk, "promote"])
    assert client.post(url).status_code == 404


def test_changing_a_role_from_the_management_page(client, people, open_group):
    signed_in(client, people.admin)
    url = reverse("groups:member_action", args=[open_group.slug, people.member.pk, "set-role"])
    client.post(url, {"role": "animator"})
    assert Membership.objects.get(group=open_group, user=people.member).role == Role.ANIMATOR
    response = client.post(url, {"role": "boss"}, follow=True)
    assert "Rôle inconnu : choisissez admin, animator ou member." in response.content.decode()


def test_importing_the_members_of_another_group(client, people, open_group):
    source = GroupFactory(name="Source", admins=[people.admin], members=UserFactory.create_batch(4))
    signed_in(client, people.admin)
    page = client.get(reverse("groups:manage", args=[open_group.slug]))
    assert [group.pk for group in page.context["sources"]] == [source.pk]
    response = client.post(reverse("groups:import_members", args=[open_group.slug]), {"source": source.pk}, follow=True)
    assert "4 personnes ajoutées au groupe." in response.content.decode()
    response = client.post(reverse("groups:import_members", args=[open_group.slug]), {"source": "x"}, follow=True)
    assert "Choisissez un groupe que vous administrez." in response.content.decode()


def test_the_management_page_costs_the_same_queries_for_few_or_many_people(client, people, moderated_group, tree):
    signed_in(client, people.admin)
    url = reverse("groups:manage", args=[moderated_group.slug])
    few = queries_for(client, url)
    User.objects.bulk_create([UserFactory.build(structure=tree.moulin, username=f"p{i}") for i in range(40)])
    users = list(User.objects.filter(username__regex=r"^p\d"))
    Membership.objects.bulk_create(
        [
            Membership(user=user, group=moderated_group, role=Role.MEMBER if i % 2 else Role.CANDIDATE)
            for i, user in enumerate(users)
        ]
    )
    assert queries_for(client, url) == few


def test_broadcasting_from_the_group_page(client, people, open_group):
    from portal.notifications.models import Notification

    signed_in(client, people.animator)
    response = client.post(
        reverse("groups:broadcast", args=[open_group.slug]), {"title": "Réunion", "text": "Jeudi"}, follow=True
    )
    assert "Message envoyé à 2 personnes." in response.content.decode()
    assert Notification.objects.filter(kind="group").count() == 2
    signed_in(client, people.member)
    assert client.post(reverse("groups:broadcast", args=[open_group.slug]), {"title": "x"}).status_code == 403


# --- bookmarks -------------------------------------------------------------------------------------------------


def test_bookmarks_from_the_pages(client, people, open_group):
    signed_in(client, people.member)
    client.post(
        reverse("groups:bookmark_add", args=[open_group.slug]), {"url": "www.education.gouv.fr", "name": "Ministère"}
    )
    bookmark = GroupBookmark.objects.get()
    assert bookmark.url == "https://www.education.gouv.fr"
    response = client.post(
        reverse("groups:bookmark_add", args=[open_group.slug]), {"url": "ftp://x", "name": "x"}, follow=True
    )
    assert "Saisissez une adresse web en http ou https." in response.content.decode()
    client.post(
        reverse("groups:bookmark_edit", args=[open_group.slug, bookmark.pk]), {"url": bookmark.url, "name": "MEN"}
    )
    bookmark.refresh_from_db()
    assert bookmark.name == "MEN"
    signed_in(client, people.animator)
    assert client.get(reverse("groups:bookmark_edit", args=[open_group.slug, bookmark.pk])).status_code == 403
    assert (
        client.post(reverse("groups:bookmark_action", args=[open_group.slug, bookmark.pk, "delete"])).status_code == 403
    )
    signed_in(client, people.admin)
    client.post(reverse("groups:bookmark_action", args=[open_group.slug, bookmark.pk, "delete"]))
    assert not GroupBookmark.objects.exists()


def test_outsiders_do_not_see_the_bookmarks(client, people, open_group):
    GroupBookmarkFactory(group=open_group)
    assert (
        signed_in(client, people.outsider).get(reverse("groups:bookmarks", args=[open_group.slug])).status_code == 403
    )
