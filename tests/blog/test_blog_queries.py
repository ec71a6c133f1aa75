"""Constant SQL per page: the same number of queries with 5 and with 500 articles."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from blog.models import Article, Tag
from portal.core.text import fold

pytestmark = pytest.mark.django_db


def _bulk_articles(count, author, structure, tags, groups=()):
    now = timezone.now()
    rows = Article.objects.bulk_create(
        Article(
            title=f"Article {n}",
            slug=f"bulk-{structure.pk}-{n}",
            author=author,
            structure=structure,
            content="Texte",
            content_html="<p>Texte</p>",
            summary="Résumé",
            search_text=fold(f"Article {n} Résumé"),
            is_draft=False,
            published_at=now,
        )
        for n in range(count)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=article.pk, tag_id=tag.pk) for article in rows for tag in tags
    )
    Article.groups.through.objects.bulk_create(
        Article.groups.through(article_id=article.pk, group_id=group.pk) for article in rows for group in groups
    )
    return rows


@pytest.fixture
def pages(people, tree, groups):
    tag = Tag.objects.create(name="sciences")
    return {
        "home": reverse("blog:home"),
        "search": reverse("blog:home") + "?q=article&tag=" + str(tag.pk),
        "structure": reverse("blog:structure", args=[tree.lyon.pk]),
        "author": reverse("blog:author", args=[people.author.pk]),
        "tag": reverse("blog:tag", args=[tag.pk]),
        "group": reverse("blog:group", args=[groups.open.slug]),
        "authors": reverse("blog:authors"),
        "structures": reverse("blog:structures"),
        "rss": reverse("blog:all_rss"),
        "atom": reverse("blog:all_atom"),
        "structure_rss": reverse("blog:structure_rss", args=[tree.lyon.pk]),
        "author_atom": reverse("blog:author_atom", args=[people.author.pk]),
        "tag_rss": reverse("blog:tag_rss", args=[tag.pk]),
        "group_rss": reverse("blog:group_rss", args=[groups.open.slug]),
        "sitemap": "/sitemap.xml",
    }


@pytest.mark.parametrize("signed_in", [False, True])
def test_public_pages_and_feeds_in_constant_queries(client, people, tree, groups, pages, signed_in):
    if signed_in:
        client.force_login(people.member)
    tag = Tag.objects.get(name="sciences")
    counts = {}
    for size in (5, 500):
        Article.objects.all().delete()
        _bulk_articles(size, people.author, tree.ampere, [tag], [groups.open])
        counts[size] = {}
        cache.clear()  # the sitemap is cached
        client.get(pages["home"])  # warms the cached site settings
        for name, url in pages.items():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, name
            counts[size][name] = len(queries)
    assert counts[5] == counts[500]
    assert max(counts[500].values()) <= 12, counts[500]


def test_article_page_and_group_tab_in_constant_queries(client, people, tree, groups, django_assert_max_num_queries):
    tag = Tag.objects.create(name="sciences")
    client.force_login(people.member)
    client.get(reverse("blog:home"))  # warms the cached site settings
    for size in (5, 500):
        Article.objects.all().delete()
        rows = _bulk_articles(size, people.author, tree.ampere, [tag], [groups.open, groups.closed])
        with django_assert_max_num_queries(14):
            assert client.get(reverse("blog:article", args=[rows[0].slug])).status_code == 200
        with django_assert_max_num_queries(20):
            assert client.get(reverse("blog:group_articles", args=[groups.closed.slug])).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(reverse("blog:mine")).status_code == 200
