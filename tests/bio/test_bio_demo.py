import pytest
from django.core.management import call_command

from portal.bio.models import Card, Skill

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_cards_of_every_mix_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert Card.objects.filter(published=True, checked=True).count() == 3
    assert Card.objects.filter(published=False).count() == 2
    assert Skill.objects.filter(name="Robotique").get().cards.count() == 2  # "robotique" is the same skill
    networks = set(Card.objects.values_list("links__network", flat=True))
    assert {"mastodon", "bluesky", "peertube", "linkedin", "youtube", "x", "github"} <= networks
    call_command("seed_demo", verbosity=0)
    assert Card.objects.count() == 5
