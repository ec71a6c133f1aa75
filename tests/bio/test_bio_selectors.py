"""What each viewer reads of a card, and what the search matches and returns (hidden never leaves)."""

import pytest

from portal.bio import selectors
from portal.bio.abilities import get_card_abilities, visible_fields
from portal.bio.factories import CardFactory
from portal.bio.models import Visibility
from portal.users.factories import UserFactory
from tests.bio.card_texts import HIDDEN_EMAIL, HIDDEN_URL, PUBLIC_URL, SECRET_BIOGRAPHY, STAFF_URL

pytestmark = pytest.mark.django_db


def _urls(view):
    return [link["url"] for link in view.links]


@pytest.mark.parametrize("viewer", ["anonymous", "inactive"])
def test_anonymous_and_inactive_viewers_read_the_public_fields_only(mixed_card, viewers, viewer):
    view = selectors.card_view(getattr(viewers, viewer), mixed_card)
    assert (view.headline, view.biography, view.email, view.structure) == ("Professeure de technologie", "", "", "")
    assert view.skills == ["Moodle", "Robotique"]
    assert _urls(view) == [PUBLIC_URL]
    assert visible_fields(getattr(viewers, viewer), mixed_card) == {"headline", "skills"}


@pytest.mark.parametrize("viewer", ["colleague", "structure_admin", "global_admin"])
def test_signed_in_colleagues_also_read_staff_fields_never_hidden_ones(mixed_card, viewers, viewer):
    view = selectors.card_view(getattr(viewers, viewer), mixed_card)
    assert view.biography == SECRET_BIOGRAPHY and view.structure == "Lycée Ampère"
    assert view.email == "" and HIDDEN_EMAIL not in repr(view)
    assert _urls(view) == [PUBLIC_URL, STAFF_URL]


def test_the_owner_reads_everything_on_their_card(mixed_card, viewers):
    view = selectors.card_view(viewers.owner, mixed_card)
    assert view.is_owner and view.email == HIDDEN_EMAIL
    assert _urls(view) == [PUBLIC_URL, STAFF_URL, HIDDEN_URL]


def test_an_unpublished_or_moderated_card_is_seen_by_its_owner_only(mixed_card, viewers):
    for change in ({"published": False}, {"moderated": True}):
        for name, value in change.items():
            setattr(mixed_card, name, value)
        mixed_card.save()
        for viewer in ("anonymous", "colleague", "structure_admin", "global_admin"):
            assert selectors.card_for_viewer(getattr(viewers, viewer), "helene-robot") is None
        assert selectors.card_for_viewer(viewers.owner, "helene-robot") == mixed_card
        mixed_card.published, mixed_card.moderated = True, False


def test_federation_id_only_for_signed_in_viewers_of_a_checked_card(mixed_card, viewers):
    assert not get_card_abilities(viewers.anonymous, mixed_card)["view_federation_id"]
    assert get_card_abilities(viewers.colleague, mixed_card)["view_federation_id"]
    mixed_card.checked = False
    assert not get_card_abilities(viewers.colleague, mixed_card)["view_federation_id"]


def test_biography_markdown_is_sanitised():
    card = CardFactory(biography="**gras** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=a()>")
    html = selectors.card_view(None, card).biography_html
    assert "<strong>gras</strong>" in html and "&lt;script&gt;" in html
    assert "<script" not in html and "href" not in html and "<img" not in html


def _names(cards):
    return [card.public_name for card in cards]


def test_search_words_match_public_name_and_names_accent_insensitively(mixed_card, viewers):
    CardFactory(public_name="autre-personne")
    assert _names(selectors.search_cards(None, "HELENE")) == ["helene-robot"]
    assert _names(selectors.search_cards(None, "hélène robot")) == ["helene-robot"]
    assert _names(selectors.search_cards(None, "robot-h")) == []


def test_search_never_matches_the_email(mixed_card):
    mixed_card.email_visibility = Visibility.PUBLIC
    mixed_card.save()
    assert _names(selectors.search_cards(None, "ac-lyon.fr")) == []


def test_hash_skill_matches_a_visible_skill_list_only(mixed_card, viewers):
    assert _names(selectors.search_cards(None, "#ROBOTIQUE")) == ["helene-robot"]
    mixed_card.skills_visibility = Visibility.STAFF
    mixed_card.save()
    assert _names(selectors.search_cards(None, "#robotique")) == []
    assert _names(selectors.search_cards(viewers.colleague, "#robotique")) == ["helene-robot"]
    mixed_card.skills_visibility = Visibility.HIDDEN
    mixed_card.save()
    assert _names(selectors.search_cards(viewers.owner, "#robotique")) == []


def test_structure_filter_includes_sub_structures_and_respects_the_structure_visibility(mixed_card, viewers, tree):
    assert _names(selectors.search_cards(viewers.colleague, "", tree.lyon)) == ["helene-robot"]
    assert _names(selectors.search_cards(viewers.colleague, "", tree.grenoble)) == []
    assert _names(selectors.search_cards(None, "", tree.lyon)) == []  # structure is for staff only
    assert list(selectors.search_structures(None)) == []
    assert list(selectors.search_structures(viewers.colleague)) == [tree.lyon, tree.rhone, tree.ampere]


def test_search_lists_published_unmoderated_cards_only(mixed_card, tree):
    CardFactory(public_name="brouillon", published=False)
    CardFactory(public_name="masquee", moderated=True)
    assert _names(selectors.search_cards(None, "")) == ["helene-robot"]


def test_skill_cloud_counts_listed_cards_showing_the_skill_to_the_viewer(mixed_card, viewers):
    CardFactory(skills=["robotique"], skills_visibility=Visibility.STAFF)
    CardFactory(skills=["Robotique"], published=False)
    public = {skill.name: skill.card_count for skill in selectors.skill_cloud(None)}
    assert public == {"Robotique": 1, "Moodle": 1}
    staff = {skill.name: skill.card_count for skill in selectors.skill_cloud(viewers.colleague)}
    assert staff == {"Robotique": 2, "Moodle": 1}
    assert [skill.name for skill in selectors.skill_cloud(None, query="rob")] == ["Robotique"]


def test_listed_card_names_for_other_apps(mixed_card, tree):
    hidden = CardFactory(published=False)
    nobody = UserFactory(structure=tree.ampere)
    assert selectors.listed_card_names([mixed_card.user_id, hidden.user_id, nobody.pk]) == {
        mixed_card.user_id: "helene-robot"
    }
