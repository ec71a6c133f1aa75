"""The blog inside the portal: the "Ma structure" block and the group's "Articles" tab."""

import pytest
from django.urls import reverse

from blog.factories import ArticleFactory
from blog.models import Article
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_my_structure_shows_the_latest_articles_of_its_subtree(client, people, articles, tree):
    other = ArticleFactory(title="Article grenoblois", author=UserFactory(structure=tree.champollion))
    people.member.structure = tree.rhone  # the district above the author's lycée
    client.force_login(people.member)
    people.member.save()
    html = client.get(reverse("apps_catalog:structure_services")).content.decode()
    assert "Les derniers articles de ma structure" in html
    assert "Groupe ferme" in html
    assert other.title not in html
    client.force_login(people.outsider)
    html = client.get(reverse("apps_catalog:structure_services")).content.decode()
    assert other.title in html and "Groupe ferme" not in html


def test_structure_block_in_constant_queries(client, people, tree, django_assert_max_num_queries):
    client.force_login(people.outsider)
    author = UserFactory(structure=tree.champollion)
    ArticleFactory(author=author)
    client.get(reverse("apps_catalog:structure_services"))
    with django_assert_max_num_queries(40) as before:
        client.get(reverse("apps_catalog:structure_services"))
    ArticleFactory.create_batch(10, author=author)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("apps_catalog:structure_services"))


def test_group_tab_lists_what_the_reader_may_see(client, people, articles, groups):
    client.force_login(people.member)
    detail = client.get(reverse("groups:detail", args=[groups.closed.slug])).content.decode()
    assert reverse("blog:group_articles", args=[groups.closed.slug]) in detail
    tab = client.get(reverse("blog:group_articles", args=[groups.closed.slug])).content.decode()
    assert "Groupe ferme" in tab and "Public mais ferme" in tab
    client.force_login(people.outsider)
    assert client.get(reverse("blog:group_articles", args=[groups.closed.slug])).status_code == 404
    tab = client.get(reverse("blog:group_articles", args=[groups.moderated.slug])).content.decode()
    assert "Groupe modere" not in tab
    assert Article.objects.filter(title="Groupe modere").exists()
