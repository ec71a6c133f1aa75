"""Feeds (RSS 2.0 and Atom, parsed by feedparser with no bozo flag) and the sitemap: public articles only."""

import feedparser
import pytest
from django.urls import reverse

from blog.factories import TagFactory

pytestmark = pytest.mark.django_db
PUBLIC_TITLES = {"Public", "Public et ouvert"}


def _feed_urls(people, tree, groups, tag):
    urls = []
    for name, args in (
        ("all", []),
        ("structure", [tree.lyon.pk]),
        ("author", [people.author.pk]),
        ("tag", [tag.pk]),
        ("group", [groups.open.slug]),
    ):
        urls += [reverse(f"blog:{name}_rss", args=args), reverse(f"blog:{name}_atom", args=args)]
    return urls


def test_every_feed_is_valid_and_lists_public_articles_only(client, people, tree, groups, articles):
    tag = TagFactory(name="sortie")
    for article in vars(articles).values():
        article.tags.add(tag)
    for url in _feed_urls(people, tree, groups, tag):
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        titles = {entry.title for entry in parsed.entries}
        expected = {"Public et ouvert"} if "/groups/" in url else PUBLIC_TITLES
        assert titles == expected, url
        assert all(entry.author == "Hélène Auteur" for entry in parsed.entries)
    atom = feedparser.parse(client.get(reverse("blog:all_atom")).content)
    assert atom.version == "atom10"
    rss = feedparser.parse(client.get(reverse("blog:all_rss")).content)
    assert rss.version == "rss20" and rss.entries[0].tags[0].term == "sortie"


def test_feeds_of_the_subtree_include_the_schools(client, articles, tree):
    grenoble = feedparser.parse(client.get(reverse("blog:structure_rss", args=[tree.grenoble.pk])).content)
    assert grenoble.entries == []
    rhone = feedparser.parse(client.get(reverse("blog:structure_atom", args=[tree.rhone.pk])).content)
    assert {entry.title for entry in rhone.entries} == PUBLIC_TITLES


def test_feed_content_is_sanitised(client, people):
    from blog import services

    services.create_article(
        people.author,
        title="<b>x</b>",
        content="<script>alert(1)</script>\n\n<a href='javascript:alert(1)'>y</a>",
        publish=True,
    )
    parsed = feedparser.parse(client.get(reverse("blog:all_rss")).content)
    assert not parsed.bozo
    assert "<script" not in parsed.entries[0].summary and "javascript" not in parsed.entries[0].summary


def test_sitemap_lists_public_articles_only(client, articles):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    for article in vars(articles).values():
        listed = f"/blog/articles/{article.slug}/" in body if article.slug else False
        assert listed == (article.title in PUBLIC_TITLES), article.title
