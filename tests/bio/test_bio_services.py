"""Writes on cards and skills: the owner only, validated input, nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.bio import services
from portal.bio.factories import CardFactory, SkillFactory
from portal.bio.models import Card, Link, Skill, Visibility
from portal.notifications.models import Notification
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_first_use_creates_a_hidden_unchecked_card_named_after_the_username(teacher):
    card = services.own_card(teacher)
    assert (card.public_name, card.published, card.checked) == ("prof-ampere", False, False)
    assert {getattr(card, field) for field in Card.VISIBILITY_FIELDS.values()} == {Visibility.HIDDEN}
    assert services.own_card(teacher) == card
    assert Card.objects.count() == 1


def test_first_use_picks_a_free_name_when_the_username_is_taken(tree):
    CardFactory(public_name="prof-ampere")
    user = UserFactory(username="prof.ampere", structure=tree.ampere)
    assert services.own_card(user).public_name == "prof-ampere-2"


def test_a_too_short_or_reserved_username_gets_a_suffix_or_the_id(tree):
    assert services.own_card(UserFactory(username="ab", structure=tree.ampere)).public_name == "ab-2"
    assert services.own_card(UserFactory(username="admin", structure=tree.ampere)).public_name == "admin-2"
    user = UserFactory(username="___", structure=tree.ampere)
    assert services.own_card(user).public_name == f"user-{user.pk}"


def test_anonymous_or_inactive_people_get_no_card(tree):
    from django.contrib.auth.models import AnonymousUser

    assert services.own_card(AnonymousUser()) is None
    assert services.own_card(UserFactory(is_active=False, structure=tree.ampere)) is None
    assert Card.objects.count() == 0


def test_owner_updates_fields_skills_and_links_and_the_card_becomes_checked(teacher):
    card = services.own_card(teacher)
    services.update_card(
        teacher,
        card,
        {"public_name": "Ma-Carte", "published": True, "headline": "Prof", "headline_visibility": "public"},
        skills=["#Robotique", "robotique", "Modélisation 3D", " "],
        links=[
            {"label": "Masto", "url": "https://piaille.fr/@moi", "visibility": "public"},
            {"label": "Site", "url": "https://exemple.fr/", "visibility": "hidden"},
        ],
    )
    card.refresh_from_db()
    assert (card.public_name, card.published, card.checked, card.headline) == ("ma-carte", True, True, "Prof")
    assert sorted(card.skills.values_list("name", flat=True)) == ["Modélisation 3D", "Robotique"]
    assert list(card.links.values_list("label", "network", "visibility", "position")) == [
        ("Masto", "mastodon", "public", 0),
        ("Site", "", "hidden", 1),
    ]
    assert "ma-carte" in card.search_text


def test_skills_are_shared_and_deduplicated_case_and_accent_insensitively(teacher, tree):
    other = UserFactory(structure=tree.ampere)
    services.update_card(teacher, services.own_card(teacher), {}, skills=["Robotique"])
    services.update_card(other, services.own_card(other), {}, skills=["ROBÔTIQUE", "Moodle"])
    assert sorted(Skill.objects.values_list("name", flat=True)) == ["Moodle", "Robotique"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("ab", "too_short"),
        ("a/b/c", "invalid_public_name"),
        ("..abc", "invalid_public_name"),
        ("a..bc", "invalid_public_name"),
        ("mon nom", "invalid_public_name"),
        ("moi", "reserved_public_name"),
        ("api", "reserved_public_name"),
    ],
)
def test_bad_public_names_are_refused_with_a_message(teacher, name, code):
    card = services.own_card(teacher)
    with pytest.raises(ValidationError) as error:
        services.update_card(teacher, card, {"public_name": name})
    assert "public_name" in error.value.message_dict
    assert any(code == item.code for item in error.value.error_dict["public_name"])
    card.refresh_from_db()
    assert (card.public_name, card.checked) == ("prof-ampere", False)


def test_a_public_name_already_taken_is_refused(teacher):
    CardFactory(public_name="deja-pris")
    with pytest.raises(ValidationError) as error:
        services.update_card(teacher, services.own_card(teacher), {"public_name": "deja-pris"})
    assert "public_name" in error.value.message_dict


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://exemple.fr/", "//exemple.fr"]
)
def test_links_other_than_http_are_refused_and_nothing_is_saved(teacher, url):
    card = services.own_card(teacher)
    with pytest.raises(ValidationError) as error:
        services.update_card(
            teacher, card, {"headline": "changed"}, links=[{"label": "x", "url": url, "visibility": "public"}]
        )
    assert "links" in error.value.message_dict
    card.refresh_from_db()
    assert card.headline == "" and not card.links.exists()


def test_unknown_fields_and_bad_visibilities_are_refused(teacher):
    card = services.own_card(teacher)
    with pytest.raises(ValidationError) as error:
        services.update_card(teacher, card, {"user": 1})
    assert "user" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.update_card(teacher, card, {"biography_visibility": "everyone"})
    assert "biography_visibility" in error.value.message_dict


def test_nobody_else_edits_or_deletes_a_card(mixed_card, viewers):
    for person in (viewers.colleague, viewers.structure_admin, viewers.global_admin, viewers.inactive):
        with pytest.raises(PermissionDenied):
            services.update_card(person, mixed_card, {"headline": "piraté"})
        with pytest.raises(PermissionDenied):
            services.delete_card(person, mixed_card)
    mixed_card.refresh_from_db()
    assert mixed_card.headline == "Professeure de technologie"


def test_owner_deletes_their_card_with_its_links(mixed_card):
    services.delete_card(mixed_card.user, mixed_card)
    assert not Card.objects.exists() and not Link.objects.exists()
    assert Skill.objects.count() == 2  # shared rows stay


def test_structure_admin_hides_a_card_of_their_subtree_with_a_reason_sent_to_the_owner(mixed_card, lyon_admin):
    with pytest.raises(ValidationError):
        services.moderate_card(lyon_admin, mixed_card, "  ")
    services.moderate_card(lyon_admin, mixed_card, "Contenu inapproprié")
    mixed_card.refresh_from_db()
    assert mixed_card.moderated and not mixed_card.listed
    notification = Notification.objects.get(user=mixed_card.user)
    assert "Contenu inapproprié" in notification.text
    services.restore_card(lyon_admin, mixed_card)
    mixed_card.refresh_from_db()
    assert mixed_card.listed


def test_admin_of_another_subtree_cannot_hide_a_card(mixed_card, tree):
    grenoble_admin = UserFactory(structure=tree.grenoble)
    tree.grenoble.admins.add(grenoble_admin)
    with pytest.raises(PermissionDenied):
        services.moderate_card(grenoble_admin, mixed_card, "non")
    mixed_card.refresh_from_db()
    assert not mixed_card.moderated


def test_renaming_the_account_updates_the_card_search_text(mixed_card):
    user = mixed_card.user
    user.last_name = "Dupont-Léger"
    user.save()
    mixed_card.refresh_from_db()
    assert "helene dupont-leger" in mixed_card.search_text


def test_global_admin_merges_renames_and_deletes_skills(global_admin, tree):
    robot, robotics = SkillFactory(name="Robotique"), SkillFactory(name="Robotics")
    first = CardFactory(skills=[robot])
    second = CardFactory(skills=[robot, robotics])
    services.merge_skills(global_admin, robot, [robotics])
    assert list(Skill.objects.values_list("name", flat=True)) == ["Robotique"]
    assert list(second.skills.all()) == [robot] and list(first.skills.all()) == [robot]
    services.rename_skill(global_admin, robot, "Robotique éducative")
    robot.refresh_from_db()
    assert robot.folded == "robotique educative"
    moodle = SkillFactory(name="Moodle")
    services.rename_skill(global_admin, moodle, "ROBOTIQUE ÉDUCATIVE")  # same folded name: merged
    assert list(Skill.objects.values_list("name", flat=True)) == ["Robotique éducative"]
    services.delete_skill(global_admin, robot)
    assert not Skill.objects.exists() and not second.skills.exists()


def test_structure_admins_and_teachers_do_not_manage_skills(lyon_admin, teacher):
    skill = SkillFactory(name="Robotique")
    for person in (lyon_admin, teacher):
        with pytest.raises(PermissionDenied):
            services.rename_skill(person, skill, "Autre")
        with pytest.raises(PermissionDenied):
            services.delete_skill(person, skill)
    assert Skill.objects.get().name == "Robotique"
