"""The group flows and their rules: every transition allowed for the right role, refused for the others, and a
refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups import selectors, services
from groups.factories import GroupBookmarkFactory, GroupFactory
from groups.models import Group, GroupBookmark, Membership
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def roles_of(group):
    return dict(Membership.objects.filter(group=group).values_list("user__username", "role"))


def inserts(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]


# --- creation -------------------------------------------------------------------------------------------------


def test_creating_a_group_makes_the_creator_its_owner_and_admin(teacher):
    group = services.create_group(
        teacher,
        name="  Lettres   modernes ",
        type="moderated",
        description="Pour les collègues",
        content="<p>Bonjour</p>",
    )
    group.refresh_from_db()
    assert (group.name, group.slug, group.type, group.owner, group.search_name) == (
        "Lettres modernes",
        "lettres-modernes",
        Group.Type.MODERATED,
        teacher,
        "lettres modernes",
    )
    assert roles_of(group) == {"prof.ampere": Role.ADMIN}


def test_the_long_description_is_sanitised(teacher):
    group = services.create_group(
        teacher, name="Sciences", content='<p onclick="x()">Texte<script>alert(1)</script></p>'
    )
    assert group.content == "<p>Texte</p>"


def test_creation_is_refused_over_the_quota_and_nothing_is_created(teacher):
    teacher.group_quota = 1
    teacher.save()
    services.create_group(teacher, name="Premier")
    with pytest.raises(ValidationError) as error:
        services.create_group(teacher, name="Second")
    assert error.value.messages == [
        "Vous avez atteint votre quota de 1 groupes : supprimez-en un ou demandez à un administrateur."
    ]
    assert list(Group.objects.filter(owner=teacher).values_list("name", flat=True)) == ["Premier"]


def test_automatic_groups_do_not_count_in_the_quota(tree, teacher):
    teacher.group_quota = 1
    teacher.save()
    Group.objects.filter(structure=tree.ampere).update(owner=teacher)
    assert selectors.owned_group_count(teacher) == 0
    services.create_group(teacher, name="Autorisé")


@pytest.mark.parametrize("name", ["admins", "ADMINS", "adminStructure", "adminstructure", "12_Lycée Ampère", "4_x"])
def test_reserved_names_are_refused(teacher, name):
    with pytest.raises(ValidationError) as error:
        services.create_group(teacher, name=name)
    assert error.value.message_dict == {"name": ["Ce nom est réservé : choisissez-en un autre."]}
    assert not Group.objects.filter(owner=teacher).exists()


@pytest.mark.parametrize("name", ["maths ouvert", "MATHS OUVERT", " Maths   ouvert "])
def test_a_taken_name_is_refused_whatever_its_case(open_group, teacher, name):
    with pytest.raises(ValidationError) as error:
        services.create_group(teacher, name=name)
    assert error.value.message_dict == {"name": ["Ce nom de groupe est déjà pris."]}


def test_names_differing_by_accented_capitals_are_the_same_name(teacher):
    services.create_group(teacher, name="Élan vital")
    with pytest.raises(ValidationError):
        services.create_group(teacher, name="élan VITAL")
    # Another accent is another name (with its own slug).
    other = services.create_group(teacher, name="Elan vital")
    assert other.slug == "elan-vital-2"


def test_every_field_error_is_reported_at_once(teacher):
    with pytest.raises(ValidationError) as error:
        services.create_group(teacher, name="", type="automatic", plugins={"rocketchat": True}, description="x" * 501)
    assert error.value.message_dict == {
        "name": ["Le nom du groupe est obligatoire."],
        "type": ["Choisissez un type de groupe : ouvert, modéré ou fermé."],
        "plugins": ["Modules inconnus. Modules possibles : nextcloud."],
        "description": ["La description courte ne doit pas dépasser 500 caractères."],
    }
    assert not Group.objects.filter(owner=teacher).exists()


def test_slugs_are_unique_and_never_hide_a_page(teacher):
    first = services.create_group(teacher, name="Maths!")
    second = services.create_group(teacher, name="Maths ?")
    new = services.create_group(teacher, name="New")
    assert (first.slug, second.slug, new.slug) == ("maths", "maths-2", "new-2")


# --- update ----------------------------------------------------------------------------------------------------


def test_an_animator_edits_the_description_content_and_avatar_only(people, open_group):
    changed = services.update_group(people.animator, open_group, description="Nouvelle", content="<p>Contenu</p>")
    assert changed == ["description", "content"]
    with pytest.raises(PermissionDenied):
        services.update_group(people.animator, open_group, name="Autre nom", description="Encore")
    open_group.refresh_from_db()
    assert (open_group.name, open_group.description) == ("Maths ouvert", "Nouvelle")


def test_an_admin_renames_the_group_and_its_slug_follows(people, open_group):
    services.update_group(people.admin, open_group, name="Mathématiques", type="closed", plugins={"nextcloud": True})
    open_group.refresh_from_db()
    assert (open_group.name, open_group.slug, open_group.type, open_group.plugins) == (
        "Mathématiques",
        "mathematiques",
        Group.Type.CLOSED,
        {"nextcloud": True},
    )


def test_renaming_to_a_reserved_or_taken_name_is_refused_and_nothing_changes(people, open_group, closed_group):
    for name, message in (
        ("admins", "Ce nom est réservé : choisissez-en un autre."),
        ("CONSEIL FERMÉ", "Ce nom de groupe est déjà pris."),
    ):
        with pytest.raises(ValidationError) as error:
            services.update_group(people.admin, open_group, name=name, description="changée")
        assert error.value.message_dict == {"name": [message]}
    open_group.refresh_from_db()
    assert (open_group.name, open_group.description) == ("Maths ouvert", "Un groupe de travail")


def test_keeping_its_own_name_is_not_a_clash(people, open_group):
    assert services.update_group(people.admin, open_group, name="Maths ouvert") == []


@pytest.mark.parametrize("role", ["outsider", "candidate", "member", "structure_admin"])
def test_others_cannot_edit_a_group(people, moderated_group, role):
    with pytest.raises(PermissionDenied):
        services.update_group(getattr(people, role), moderated_group, description="piratée")
    moderated_group.refresh_from_db()
    assert moderated_group.description == "Un groupe de travail"


def test_a_global_admin_edits_any_group(people, closed_group):
    services.update_group(people.global_admin, closed_group, name="Conseil renommé")
    closed_group.refresh_from_db()
    assert closed_group.name == "Conseil renommé"


# --- joining, asking, leaving ---------------------------------------------------------------------------------


def test_anyone_joins_an_open_group(people, open_group, notifications):
    services.join_group(people.outsider, open_group)
    assert roles_of(open_group)["prof.dehors"] == Role.MEMBER
    assert notifications() == []


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("moderated_group", "Ce groupe est modéré : demandez à le rejoindre."),
        ("closed_group", "Ce groupe est fermé : seuls ses animateurs et administrateurs y ajoutent des membres."),
    ],
)
def test_joining_a_moderated_or_closed_group_is_refused(people, request, fixture, message):
    group = request.getfixturevalue(fixture)
    with pytest.raises(ValidationError) as error:
        services.join_group(people.outsider, group)
    assert error.value.messages == [message]
    assert "prof.dehors" not in roles_of(group)


def test_joining_twice_is_refused(people, open_group):
    with pytest.raises(ValidationError) as error:
        services.join_group(people.member, open_group)
    assert error.value.messages == ["Vous êtes déjà membre de ce groupe."]


def test_asking_to_join_a_moderated_group_notifies_its_admins_and_animators(people, moderated_group, notifications):
    services.request_membership(people.outsider, moderated_group)
    assert roles_of(moderated_group)["prof.dehors"] == Role.CANDIDATE
    title = "Olivier Dehors demande à rejoindre le groupe Projet modéré"
    assert notifications() == [("prof.admin", "request", title), ("prof.anim", "request", title)]


def test_the_request_notification_is_in_each_managers_language(people, moderated_group, notifications):
    people.animator.language = "en"
    people.animator.save()
    services.request_membership(people.outsider, moderated_group)
    assert notifications() == [
        ("prof.admin", "request", "Olivier Dehors demande à rejoindre le groupe Projet modéré"),
        ("prof.anim", "request", "Olivier Dehors asks to join the group Projet modéré"),
    ]


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("open_group", "Ce groupe est ouvert : rejoignez-le directement."),
        ("closed_group", "Ce groupe est fermé : seuls ses animateurs et administrateurs y ajoutent des membres."),
    ],
)
def test_asking_to_join_an_open_or_closed_group_is_refused(people, request, fixture, message, notifications):
    group = request.getfixturevalue(fixture)
    with pytest.raises(ValidationError) as error:
        services.request_membership(people.outsider, group)
    assert error.value.messages == [message]
    assert notifications() == []


def test_asking_twice_is_refused(people, moderated_group):
    with pytest.raises(ValidationError) as error:
        services.request_membership(people.candidate, moderated_group)
    assert error.value.messages == ["Votre demande est déjà en attente."]


def test_a_candidate_cancels_their_request(people, moderated_group):
    services.cancel_request(people.candidate, moderated_group)
    assert "prof.candidat" not in roles_of(moderated_group)
    with pytest.raises(ValidationError):
        services.cancel_request(people.member, moderated_group)
    assert roles_of(moderated_group)["prof.membre"] == Role.MEMBER


def test_a_candidate_of_a_group_turned_open_joins_it(people, moderated_group):
    moderated_group.type = Group.Type.OPEN
    moderated_group.save()
    services.join_group(people.candidate, moderated_group)
    assert roles_of(moderated_group)["prof.candidat"] == Role.MEMBER


def test_members_and_animators_leave(people, open_group):
    services.leave_group(people.member, open_group)
    services.leave_group(people.animator, open_group)
    assert roles_of(open_group) == {"prof.admin": Role.ADMIN}


def test_the_last_admin_cannot_leave(people, open_group):
    with pytest.raises(ValidationError) as error:
        services.leave_group(people.admin, open_group)
    assert error.value.messages == [
        "Vous êtes le dernier administrateur du groupe : nommez-en un autre avant de partir."
    ]
    assert roles_of(open_group)["prof.admin"] == Role.ADMIN


def test_an_admin_leaves_when_another_admin_remains(people, open_group):
    services.set_role(people.admin, open_group, people.animator, Role.ADMIN)
    services.leave_group(people.admin, open_group)
    assert roles_of(open_group) == {"prof.anim": Role.ADMIN, "prof.membre": Role.MEMBER}


def test_leaving_a_group_one_is_not_in_is_refused(people, open_group):
    with pytest.raises(ValidationError) as error:
        services.leave_group(people.outsider, open_group)
    assert error.value.messages == ["Vous n'êtes pas membre de ce groupe."]


# --- candidates ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["animator", "admin", "global_admin"])
def test_managers_accept_a_candidate_who_is_told(people, moderated_group, notifications, role):
    services.accept_candidate(getattr(people, role), moderated_group, people.candidate)
    assert roles_of(moderated_group)["prof.candidat"] == Role.MEMBER
    assert notifications() == [
        ("prof.candidat", "role_set", "Votre demande pour rejoindre le groupe Projet modéré a été acceptée")
    ]


@pytest.mark.parametrize("role", ["outsider", "candidate", "member", "structure_admin"])
def test_others_cannot_accept_or_refuse_candidates(people, moderated_group, notifications, role):
    for service in (services.accept_candidate, services.refuse_candidate):
        with pytest.raises(PermissionDenied):
            service(getattr(people, role), moderated_group, people.candidate)
    assert roles_of(moderated_group)["prof.candidat"] == Role.CANDIDATE
    assert notifications() == []


def test_refusing_a_candidate_removes_the_request_and_tells_them(people, moderated_group, notifications):
    services.refuse_candidate(people.animator, moderated_group, people.candidate)
    assert "prof.candidat" not in roles_of(moderated_group)
    assert notifications() == [
        ("prof.candidat", "group", "Votre demande pour rejoindre le groupe Projet modéré a été refusée")
    ]


@pytest.mark.parametrize("target", ["member", "outsider"])
def test_accepting_someone_who_is_not_a_candidate_is_refused(people, moderated_group, notifications, target):
    with pytest.raises(ValidationError) as error:
        services.accept_candidate(people.admin, moderated_group, getattr(people, target))
    assert error.value.messages == ["Cette personne n'a pas demandé à rejoindre le groupe."]
    assert roles_of(moderated_group).get(getattr(people, target).username) in (Role.MEMBER, None)
    assert notifications() == []


# --- adding and removing members ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["animator", "admin", "global_admin"])
def test_managers_add_people_to_a_closed_group(people, closed_group, notifications, role):
    services.add_member(getattr(people, role), closed_group, people.outsider)
    assert roles_of(closed_group)["prof.dehors"] == Role.MEMBER
    assert notifications() == [("prof.dehors", "role_set", "Vous êtes maintenant membre du groupe Conseil fermé")]


@pytest.mark.parametrize("role", ["outsider", "member", "structure_admin"])
def test_others_cannot_add_people(people, closed_group, role):
    with pytest.raises(PermissionDenied):
        services.add_member(getattr(people, role), closed_group, UserFactory())
    assert len(roles_of(closed_group)) == 3


def test_adding_a_member_twice_or_an_inactive_account_is_refused(people, closed_group):
    with pytest.raises(ValidationError) as error:
        services.add_member(people.admin, closed_group, people.member)
    assert error.value.message_dict == {"user": ["Cette personne est déjà membre du groupe."]}
    inactive = UserFactory(is_active=False)
    with pytest.raises(ValidationError) as error:
        services.add_member(people.admin, closed_group, inactive)
    assert error.value.message_dict == {"user": ["Ce compte n'est pas actif."]}


def test_adding_a_candidate_accepts_them(people, moderated_group):
    services.add_member(people.animator, moderated_group, people.candidate)
    assert roles_of(moderated_group)["prof.candidat"] == Role.MEMBER


def test_an_animator_removes_a_plain_member_who_is_told(people, open_group, notifications):
    services.remove_member(people.animator, open_group, people.member)
    assert "prof.membre" not in roles_of(open_group)
    assert notifications() == [("prof.membre", "role_unset", "Vous ne faites plus partie du groupe Maths ouvert")]


def test_an_animator_cannot_remove_an_admin_or_another_animator(people, open_group):
    other = UserFactory(username="autre.anim")
    Membership.objects.create(user=other, group=open_group, role=Role.ANIMATOR)
    for target in (people.admin, other):
        with pytest.raises(PermissionDenied):
            services.remove_member(people.animator, open_group, target)
    assert roles_of(open_group)["prof.admin"] == Role.ADMIN


def test_the_last_admin_cannot_be_removed(people, open_group):
    with pytest.raises(ValidationError) as error:
        services.remove_member(people.global_admin, open_group, people.admin)
    assert error.value.messages == ["C'est le dernier administrateur du groupe : nommez-en un autre d'abord."]


# --- roles -----------------------------------------------------------------------------------------------------


def test_an_admin_makes_a_member_animator_then_admin(people, open_group, notifications):
    services.set_role(people.admin, open_group, people.member, Role.ANIMATOR)
    services.set_role(people.admin, open_group, people.member, Role.ADMIN)
    assert roles_of(open_group)["prof.membre"] == Role.ADMIN
    assert notifications() == [
        ("prof.membre", "role_set", "Vous êtes maintenant administrateur du groupe Maths ouvert"),
        ("prof.membre", "role_set", "Vous êtes maintenant animateur du groupe Maths ouvert"),
    ]


def test_a_demotion_is_a_role_unset_notification(people, open_group, notifications):
    services.unset_role(people.admin, open_group, people.animator, Role.ANIMATOR)
    assert roles_of(open_group)["prof.anim"] == Role.MEMBER
    assert notifications() == [("prof.anim", "role_unset", "Vous êtes maintenant simple membre du groupe Maths ouvert")]


@pytest.mark.parametrize("role", ["animator", "member", "structure_admin", "outsider"])
def test_only_admins_change_roles(people, open_group, role):
    with pytest.raises(PermissionDenied):
        services.set_role(getattr(people, role), open_group, people.member, Role.ANIMATOR)
    assert roles_of(open_group)["prof.membre"] == Role.MEMBER


def test_a_global_admin_changes_roles_in_any_group(people, closed_group):
    services.set_role(people.global_admin, closed_group, people.member, Role.ADMIN)
    assert roles_of(closed_group)["prof.membre"] == Role.ADMIN


def test_an_animator_may_step_down(people, open_group, notifications):
    services.set_role(people.animator, open_group, people.animator, Role.MEMBER)
    assert roles_of(open_group)["prof.anim"] == Role.MEMBER
    assert notifications() == []


def test_the_last_admin_cannot_be_demoted(people, open_group):
    for actor in (people.admin, people.global_admin):
        with pytest.raises(ValidationError) as error:
            services.set_role(actor, open_group, people.admin, Role.MEMBER)
        assert error.value.messages == ["C'est le dernier administrateur du groupe : nommez-en un autre d'abord."]
    with pytest.raises(ValidationError):
        services.unset_role(people.admin, open_group, people.admin, Role.ADMIN)
    assert roles_of(open_group)["prof.admin"] == Role.ADMIN


def test_roles_are_only_given_to_members(people, moderated_group):
    cases = [
        (people.candidate, Role.ANIMATOR, {"user": ["Cette personne est candidate : acceptez d'abord sa demande."]}),
        (people.outsider, Role.ANIMATOR, {"user": ["Cette personne n'est pas membre du groupe : ajoutez-la d'abord."]}),
        (people.member, Role.MEMBER, {"role": ["Cette personne a déjà ce rôle."]}),
        (people.member, "owner", {"role": ["Rôle inconnu : choisissez admin, animator ou member."]}),
        (people.member, Role.CANDIDATE, {"role": ["Rôle inconnu : choisissez admin, animator ou member."]}),
    ]
    for target, role, errors in cases:
        with pytest.raises(ValidationError) as error:
            services.set_role(people.admin, moderated_group, target, role)
        assert error.value.message_dict == errors
    assert roles_of(moderated_group) == {
        "prof.admin": Role.ADMIN,
        "prof.anim": Role.ANIMATOR,
        "prof.membre": Role.MEMBER,
        "prof.candidat": Role.CANDIDATE,
    }


def test_unset_role_needs_the_role(people, open_group):
    with pytest.raises(ValidationError) as error:
        services.unset_role(people.admin, open_group, people.member, Role.ANIMATOR)
    assert error.value.message_dict == {"role": ["Cette personne n'a pas ce rôle."]}
    services.unset_role(people.admin, open_group, people.member, Role.MEMBER)
    assert "prof.membre" not in roles_of(open_group)


# --- adding all the members of another group -------------------------------------------------------------------


def test_an_admin_adds_every_member_of_another_group_in_one_insert(people, open_group, moderated_group, notifications):
    newcomers = UserFactory.create_batch(3)
    source = GroupFactory(name="Source", admins=[people.admin], members=[*newcomers, people.candidate, people.member])
    with CaptureQueriesContext(connection) as queries:
        count = services.add_members_from_group(people.admin, moderated_group, source)
    # The three newcomers are inserted, the pending candidate becomes a member, the member stays as they were.
    assert count == 4
    roles = roles_of(moderated_group)
    assert [roles[user.username] for user in newcomers] == [Role.MEMBER] * 3
    assert (roles["prof.candidat"], roles["prof.membre"], roles["prof.admin"]) == (Role.MEMBER, Role.MEMBER, Role.ADMIN)
    assert len(inserts(queries.captured_queries, "groups_membership")) == 1
    assert sorted(name for name, _kind, _title in notifications()) == sorted(
        [user.username for user in newcomers] + ["prof.candidat"]
    )


def test_adding_members_of_a_group_one_does_not_administer_is_refused(people, open_group, moderated_group):
    source = GroupFactory(name="Ailleurs", members=UserFactory.create_batch(2))
    with pytest.raises(ValidationError) as error:
        services.add_members_from_group(people.admin, open_group, source)
    assert error.value.message_dict == {"source": ["Vous n'administrez pas ce groupe."]}
    with pytest.raises(ValidationError) as error:
        services.add_members_from_group(people.admin, open_group, open_group)
    assert error.value.message_dict == {"source": ["Choisissez un autre groupe que celui-ci."]}
    with pytest.raises(PermissionDenied):
        services.add_members_from_group(people.animator, open_group, moderated_group)
    assert len(roles_of(open_group)) == 3


# --- broadcast --------------------------------------------------------------------------------------------------


def test_a_broadcast_reaches_every_member_but_the_sender_in_one_insert(people, moderated_group, notifications):
    with CaptureQueriesContext(connection) as queries:
        count = services.broadcast_to_group(people.animator, moderated_group, "Réunion", "Jeudi à 17 h")
    assert count == 2
    assert len(inserts(queries.captured_queries, "notifications_notification")) == 1
    assert notifications() == [
        ("prof.admin", "group", "[Projet modéré] Réunion"),
        ("prof.membre", "group", "[Projet modéré] Réunion"),
    ]


@pytest.mark.parametrize("role", ["member", "candidate", "outsider", "structure_admin"])
def test_only_admins_and_animators_broadcast(people, moderated_group, notifications, role):
    with pytest.raises(PermissionDenied):
        services.broadcast_to_group(getattr(people, role), moderated_group, "Spam")
    assert notifications() == []


def test_a_broadcast_needs_a_title(people, open_group, notifications):
    with pytest.raises(ValidationError) as error:
        services.broadcast_to_group(people.admin, open_group, "   ", "x" * 5001)
    assert error.value.message_dict == {
        "title": ["Le titre du message est obligatoire."],
        "text": ["Le message ne doit pas dépasser 5000 caractères."],
    }
    assert notifications() == []


# --- deletion ---------------------------------------------------------------------------------------------------


def test_an_admin_deletes_a_group_with_its_roles_and_bookmarks(people, open_group):
    GroupBookmarkFactory(group=open_group)
    services.delete_group(people.admin, open_group)
    assert not Group.objects.filter(pk=open_group.pk).exists()
    assert not Membership.objects.filter(group_id=open_group.pk).exists()
    assert not GroupBookmark.objects.filter(group_id=open_group.pk).exists()


@pytest.mark.parametrize("role", ["animator", "member", "outsider", "structure_admin"])
def test_others_cannot_delete_a_group(people, open_group, role):
    with pytest.raises(PermissionDenied):
        services.delete_group(getattr(people, role), open_group)
    assert Group.objects.filter(pk=open_group.pk).exists()


def test_nobody_deletes_a_structure_group_by_hand(people, tree):
    group = Group.objects.get(structure=tree.lyon)
    with pytest.raises(PermissionDenied):
        services.delete_group(people.global_admin, group)
    assert Group.objects.filter(pk=group.pk).exists()


# --- bookmarks --------------------------------------------------------------------------------------------------


def test_members_add_bookmarks_and_a_missing_scheme_becomes_https(people, open_group):
    bookmark = services.add_bookmark(people.member, open_group, url="eduscol.education.fr", name="", tag=" maths ")
    assert (bookmark.url, bookmark.name, bookmark.tag, bookmark.author) == (
        "https://eduscol.education.fr",
        "eduscol.education.fr",
        "maths",
        people.member,
    )


@pytest.mark.parametrize("role", ["outsider", "candidate", "structure_admin"])
def test_non_members_cannot_add_bookmarks(people, moderated_group, role):
    with pytest.raises(PermissionDenied):
        services.add_bookmark(getattr(people, role), moderated_group, url="https://example.fr", name="Exemple")
    assert not GroupBookmark.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "Saisissez une adresse web en http ou https."),
        ("", "L'adresse est obligatoire."),
        ("https://example.fr/" + "a" * 500, "L'adresse ne doit pas dépasser 512 caractères."),
        ("https://www.example.fr/page-dup", "Ce lien est déjà dans les marque-pages du groupe."),
    ],
)
def test_bad_bookmark_urls_are_refused(people, open_group, url, message):
    GroupBookmarkFactory(group=open_group, url="https://www.example.fr/page-dup")
    with pytest.raises(ValidationError) as error:
        services.add_bookmark(people.member, open_group, url=url, name="Lien")
    assert error.value.message_dict == {"url": [message]}
    assert GroupBookmark.objects.count() == 1


@pytest.mark.parametrize("role", ["member", "admin", "global_admin"])
def test_the_author_group_admins_and_global_admins_edit_and_delete_a_bookmark(people, open_group, role):
    bookmark = GroupBookmarkFactory(group=open_group, author=people.member)
    services.update_bookmark(getattr(people, role), bookmark, name="Renommé")
    bookmark.refresh_from_db()
    assert bookmark.name == "Renommé"
    services.delete_bookmark(getattr(people, role), bookmark)
    assert not GroupBookmark.objects.exists()


@pytest.mark.parametrize("role", ["animator", "outsider", "structure_admin", "candidate"])
def test_others_cannot_edit_or_delete_a_bookmark(people, moderated_group, role):
    bookmark = GroupBookmarkFactory(group=moderated_group, author=people.member, name="Original")
    with pytest.raises(PermissionDenied):
        services.update_bookmark(getattr(people, role), bookmark, name="Piraté")
    with pytest.raises(PermissionDenied):
        services.delete_bookmark(getattr(people, role), bookmark)
    bookmark.refresh_from_db()
    assert bookmark.name == "Original"
