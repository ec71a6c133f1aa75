"""Fixtures of the bio tests: a card with every visibility mixed, and one viewer of each kind."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.bio.factories import CardFactory, LinkFactory
from portal.bio.models import Visibility
from portal.users.factories import UserFactory
from tests.bio.card_texts import HIDDEN_EMAIL, HIDDEN_URL, PUBLIC_URL, SECRET_BIOGRAPHY, STAFF_URL

PUBLIC, STAFF, HIDDEN = Visibility.PUBLIC, Visibility.STAFF, Visibility.HIDDEN


@pytest.fixture
def mixed_card(tree):
    """Hélène's card: headline and skills public, biography and structure for staff, e-mail hidden; one link of
    each visibility."""
    owner = UserFactory(
        username="helene.robot", first_name="Hélène", last_name="Robot", email=HIDDEN_EMAIL, structure=tree.ampere
    )
    card = CardFactory(
        user=owner,
        public_name="helene-robot",
        headline="Professeure de technologie",
        headline_visibility=PUBLIC,
        biography=SECRET_BIOGRAPHY,
        biography_visibility=STAFF,
        skills=["Robotique", "Moodle"],
        skills_visibility=PUBLIC,
        email_visibility=HIDDEN,
        structure_visibility=STAFF,
    )
    LinkFactory(card=card, label="Mastodon", url=PUBLIC_URL, visibility=PUBLIC, position=0, network="mastodon")
    LinkFactory(card=card, label="LinkedIn", url=STAFF_URL, visibility=STAFF, position=1, network="linkedin")
    LinkFactory(card=card, label="Dépôt privé", url=HIDDEN_URL, visibility=HIDDEN, position=2, network="github")
    return card


@pytest.fixture
def viewers(tree, mixed_card, global_admin, lyon_admin):
    return SimpleNamespace(
        anonymous=AnonymousUser(),
        inactive=UserFactory(username="prof.inactif", is_active=False, structure=tree.moulin),
        colleague=UserFactory(username="prof.collegue", structure=tree.champollion),
        owner=mixed_card.user,
        structure_admin=lyon_admin,
        global_admin=global_admin,
    )
