"""The back office of the blog: scoped to the structure admin's subtree, deletions through the service."""

import pytest
from django.urls import reverse

from blog.factories import ArticleFactory, TagFactory
from blog.models import Article, Tag
from portal.notifications.models import Notification
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon_and_grenoble(tree, people):
    lyon = ArticleFactory(title="Article de Lyon", author=people.author)
    grenoble = ArticleFactory(title="Article de Grenoble", author=UserFactory(structure=tree.champollion))
    return lyon, grenoble


def test_structure_admin_sees_their_subtree_only(client, people, lyon_and_grenoble):
    lyon, grenoble = lyon_and_grenoble
    client.force_login(people.structure_admin)
    html = client.get(reverse("admin:blog_article_changelist")).content.decode()
    assert "Article de Lyon" in html and "Article de Grenoble" not in html
    assert client.get(reverse("admin:blog_article_change", args=[grenoble.pk])).status_code == 302
    assert client.get(reverse("admin:blog_article_change", args=[lyon.pk])).status_code == 200


def test_structure_admin_deletes_through_the_service_and_the_author_is_told(client, people, lyon_and_grenoble):
    lyon, grenoble = lyon_and_grenoble
    client.force_login(people.structure_admin)
    client.post(reverse("admin:blog_article_delete", args=[lyon.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=lyon.pk).exists()
    assert Notification.objects.filter(user=people.author).count() == 1
    client.post(reverse("admin:blog_article_delete", args=[grenoble.pk]), {"post": "yes"})
    assert Article.objects.filter(pk=grenoble.pk).exists()


def test_unpublish_action(client, people, lyon_and_grenoble):
    lyon, grenoble = lyon_and_grenoble
    client.force_login(people.global_admin)
    client.post(
        reverse("admin:blog_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [lyon.pk, grenoble.pk]},
    )
    assert Article.objects.filter(is_draft=True).count() == 2


def test_tags_are_for_global_admins_and_renamed_through_the_service(client, people):
    tag = TagFactory(name="svt")
    client.force_login(people.structure_admin)
    assert client.get(reverse("admin:blog_tag_changelist")).status_code == 403
    client.force_login(people.global_admin)
    client.post(reverse("admin:blog_tag_change", args=[tag.pk]), {"name": "Sciences"})
    tag.refresh_from_db()
    assert tag.name == "sciences"
    other = TagFactory(name="biologie")
    article = ArticleFactory(tags=[tag])
    client.post(
        reverse("admin:blog_tag_changelist"), {"action": "merge_into_first", "_selected_action": [tag.pk, other.pk]}
    )
    assert list(Tag.objects.values_list("name", flat=True)) == ["biologie"]
    assert list(article.tags.values_list("name", flat=True)) == ["biologie"]
