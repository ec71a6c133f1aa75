"""Other apps on the card page (registered sections) and links to the card from other apps."""

import pytest

from groups.factories import GroupFactory
from groups.models import Group
from portal.bio.sections import register_card_section, sections_for, unregister_card_section

pytestmark = pytest.mark.django_db


def test_card_page_lists_the_open_groups_to_signed_in_viewers(client, mixed_card, viewers):
    GroupFactory(name="Club robotique", type=Group.Type.OPEN, members=[mixed_card.user])
    GroupFactory(name="Conseil fermé", type=Group.Type.CLOSED, members=[mixed_card.user])
    assert "Club robotique" not in client.get("/bio/helene-robot/").content.decode()
    client.force_login(viewers.colleague)
    body = client.get("/bio/helene-robot/").content.decode()
    assert "Club robotique" in body and "Conseil fermé" not in body


def test_sections_are_rendered_in_order_and_escaped(client, mixed_card):
    register_card_section("test", lambda viewer, owner: {"title": "<b>T</b>", "items": [], "empty": "vide"}, order=1)
    try:
        assert [section["key"] for section in sections_for(None, mixed_card.user)][0] == "test"
        body = client.get("/bio/helene-robot/").content.decode()
        assert "&lt;b&gt;T&lt;/b&gt;" in body and "<b>T</b>" not in body
    finally:
        unregister_card_section("test")


def test_group_address_book_links_to_published_cards_only(client, mixed_card, viewers, tree):
    from portal.bio.factories import CardFactory
    from portal.users.factories import UserFactory

    hidden = CardFactory(public_name="carte-cachee", published=False, user=UserFactory(structure=tree.ampere))
    group = GroupFactory(name="Club robotique", type=Group.Type.OPEN, members=[mixed_card.user, hidden.user])
    client.force_login(viewers.colleague)
    body = client.get(group.get_absolute_url()).content.decode()
    assert 'href="/bio/helene-robot/"' in body
    assert "/bio/carte-cachee/" not in body
    mixed_card.delete()
    assert "/bio/helene-robot/" not in client.get(group.get_absolute_url()).content.decode()


def test_card_page_lists_the_public_articles_of_the_owner(client, mixed_card):
    from blog.factories import ArticleFactory

    ArticleFactory(title="Notre robot suiveur de ligne", author=mixed_card.user)
    ArticleFactory(title="Brouillon secret", author=mixed_card.user, is_draft=True)
    body = client.get("/bio/helene-robot/").content.decode()
    assert "Notre robot suiveur de ligne" in body and "Brouillon secret" not in body
