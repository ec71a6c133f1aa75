"""Back office: cards scoped like the people (hide with a reason), skills for global admins."""

import pytest

from portal.bio.factories import CardFactory, SkillFactory
from portal.bio.models import Card, Skill
from portal.notifications.models import Notification
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def _change_url(card):
    return f"/admin/bio/card/{card.pk}/change/"


def test_structure_admin_lists_the_cards_of_their_subtree_only(client, mixed_card, lyon_admin, tree):
    elsewhere = CardFactory(public_name="grenoblois", user=UserFactory(structure=tree.champollion))
    client.force_login(lyon_admin)
    body = client.get("/admin/bio/card/").content.decode()
    assert "helene-robot" in body and "grenoblois" not in body
    assert client.get(_change_url(elsewhere)).status_code == 302  # Django's "not found" redirect


def test_admin_page_does_not_show_the_card_fields(client, mixed_card, lyon_admin):
    client.force_login(lyon_admin)
    body = client.get(_change_url(mixed_card)).content.decode()
    assert "/bio/helene-robot/" in body
    assert "helene.robot@ac-lyon.fr" not in body and "github.com/lien-cache" not in body


def test_structure_admin_hides_a_card_with_a_reason(client, mixed_card, lyon_admin):
    client.force_login(lyon_admin)
    response = client.post(_change_url(mixed_card), {"moderated": "on", "moderation_reason": ""})
    assert response.status_code == 200  # the reason is required
    mixed_card.refresh_from_db()
    assert not mixed_card.moderated
    response = client.post(_change_url(mixed_card), {"moderated": "on", "moderation_reason": "Lien inapproprié"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    mixed_card.refresh_from_db()
    assert mixed_card.moderated and mixed_card.moderation_reason == "Lien inapproprié"
    assert Notification.objects.filter(user=mixed_card.user).count() == 1


def test_teachers_cannot_reach_the_cards_in_the_back_office(client, mixed_card, viewers):
    client.force_login(viewers.colleague)
    assert client.get("/admin/bio/card/").status_code == 302
    assert client.post(_change_url(mixed_card), {"moderated": "on", "moderation_reason": "x"}).status_code == 302
    mixed_card.refresh_from_db()
    assert not mixed_card.moderated


def test_nobody_adds_or_deletes_cards_in_the_back_office(client, mixed_card, global_admin):
    client.force_login(global_admin)
    assert client.get("/admin/bio/card/add/").status_code == 403
    client.post(f"/admin/bio/card/{mixed_card.pk}/delete/", {"post": "yes"})
    assert Card.objects.filter(pk=mixed_card.pk).exists()


def test_global_admin_renames_and_merges_skills(client, global_admin):
    robot, other = SkillFactory(name="Robotique"), SkillFactory(name="robotique éducative")
    CardFactory(skills=[robot])
    client.force_login(global_admin)
    client.post(f"/admin/bio/skill/{other.pk}/change/", {"name": "ROBOTIQUE"})
    assert list(Skill.objects.values_list("name", flat=True)) == ["Robotique"]
    moodle = SkillFactory(name="Moodle")
    client.post("/admin/bio/skill/", {"action": "merge_selected", "_selected_action": [robot.pk, moodle.pk]})
    assert list(Skill.objects.values_list("name", flat=True)) == ["Robotique"]


def test_structure_admins_do_not_manage_skills(client, lyon_admin):
    skill = SkillFactory(name="Robotique")
    client.force_login(lyon_admin)
    assert client.get("/admin/bio/skill/").status_code == 403
    client.post(f"/admin/bio/skill/{skill.pk}/change/", {"name": "Autre"})
    skill.refresh_from_db()
    assert skill.name == "Robotique"
