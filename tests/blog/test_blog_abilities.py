"""Who sees and who may do what: abilities and the ``visible_articles`` query agree, per role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from blog import abilities, selectors
from blog.factories import TagFactory

pytestmark = pytest.mark.django_db

# reader -> titles of the articles they may read
EXPECTED = {
    "anonymous": {"Public", "Public et ouvert"},
    "outsider": {"Public", "Public et ouvert", "Portail"},
    "member": {
        "Public",
        "Public et ouvert",
        "Portail",
        "Groupe ouvert",
        "Groupe modere",
        "Groupe ferme",
        "Public mais ferme",
    },
    "author": {
        "Public",
        "Public et ouvert",
        "Portail",
        "Groupe ouvert",
        "Groupe modere",
        "Groupe ferme",
        "Public mais ferme",
        "Brouillon",
    },
    "structure_admin": {
        "Public",
        "Public et ouvert",
        "Portail",
        "Groupe ouvert",
        "Groupe modere",
        "Groupe ferme",
        "Public mais ferme",
    },
    "other_structure_admin": {"Public", "Public et ouvert", "Portail"},
    "global_admin": {
        "Public",
        "Public et ouvert",
        "Portail",
        "Groupe ouvert",
        "Groupe modere",
        "Groupe ferme",
        "Public mais ferme",
    },
}


def _reader(people, name):
    return AnonymousUser() if name == "anonymous" else getattr(people, name)


@pytest.mark.parametrize("reader", sorted(EXPECTED))
def test_visible_articles_query_and_view_ability_agree(people, articles, reader):
    user = _reader(people, reader)
    visible = set(selectors.visible_articles(user).values_list("title", flat=True))
    assert visible == EXPECTED[reader]
    for article in vars(articles).values():
        fresh = type(article).objects.get(pk=article.pk)  # no cached annotation: the ability queries itself
        assert abilities.get_article_abilities(user, fresh)["view"] == (article.title in EXPECTED[reader])


def test_public_articles_exclude_group_restricted_and_drafts(articles):
    assert set(selectors.public_articles().values_list("title", flat=True)) == {"Public", "Public et ouvert"}


def test_only_the_author_updates_and_publishes(people, articles):
    for name in ("member", "outsider", "structure_admin", "global_admin", "group_admin"):
        granted = abilities.get_article_abilities(getattr(people, name), articles.public)
        assert not granted["update"] and not granted["reattach"], name
    mine = abilities.get_article_abilities(people.author, articles.draft)
    assert mine["update"] and mine["publish"] and mine["delete"] and not mine["unpublish"]


def test_moderators_unpublish_and_delete_in_their_subtree_only(people, articles):
    for name in ("structure_admin", "global_admin"):
        granted = abilities.get_article_abilities(getattr(people, name), articles.public)
        assert granted["unpublish"] and granted["delete"] and not granted["update"], name
    for name in ("other_structure_admin", "member", "outsider", "group_admin"):
        granted = abilities.get_article_abilities(getattr(people, name), articles.public)
        assert not granted["unpublish"] and not granted["delete"], name


def test_nobody_acts_on_a_draft_but_its_author(people, articles):
    for name in ("structure_admin", "global_admin", "member"):
        assert not any(abilities.get_article_abilities(getattr(people, name), articles.draft).values()), name


def test_author_visits_do_not_count(people, articles):
    assert not abilities.get_article_abilities(people.author, articles.public)["count_visit"]
    assert abilities.get_article_abilities(AnonymousUser(), articles.public)["count_visit"]


def test_tags_are_renamed_by_global_admins_only(people):
    tag = TagFactory(name="sciences")
    assert abilities.get_tag_abilities(people.global_admin, tag)["update"]
    for name in ("author", "structure_admin"):
        assert not abilities.get_tag_abilities(getattr(people, name), tag)["update"]
    assert abilities.can_create_tag(people.author)
    assert not abilities.can_create_tag(AnonymousUser())
