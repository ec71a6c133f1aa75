"""The rules of writing: slugs, tags, groups and visibility, moderation, visits, images."""

from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog import services
from blog.factories import ArticleFactory, TagFactory
from blog.models import Article, Tag
from portal.notifications.models import Notification

pytestmark = pytest.mark.django_db
V = Article.Visibility


def _create(author, **fields):
    data = {"title": "Sortie au musée", "content": "Nous avons **visité**.", "summary": "Une sortie"} | fields
    return services.create_article(author, **data)


def test_create_renders_sanitised_markdown_and_keeps_a_draft_without_slug(people):
    content = "# Titre\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](https://a.fr)"
    article = _create(people.author, content=content)
    assert article.is_draft and article.slug is None and article.published_at is None
    assert "<script" not in article.content_html and 'href="javascript' not in article.content_html
    assert '<a href="https://a.fr" rel="nofollow noopener ugc">y</a>' in article.content_html
    assert "<h2>Titre</h2>" in article.content_html
    assert article.structure == people.author.structure


def test_slug_is_built_at_first_publication_and_never_changes(people):
    article = _create(people.author, publish=True)
    slug, published_at = article.slug, article.published_at
    assert slug.startswith("sortie-au-musee-")
    services.update_article(people.author, article, title="Un autre titre")
    services.unpublish_article(people.author, article)
    services.publish_article(people.author, article)
    article.refresh_from_db()
    assert (article.slug, article.published_at, article.title) == (slug, published_at, "Un autre titre")
    twin = _create(people.author, publish=True)
    assert twin.slug == f"{slug}-2"


@pytest.mark.parametrize("name", ["member", "outsider", "structure_admin", "global_admin"])
def test_nobody_but_the_author_edits(people, name):
    article = _create(people.author, publish=True)
    with pytest.raises(PermissionDenied):
        services.update_article(getattr(people, name), article, title="Piraté")
    article.refresh_from_db()
    assert article.title == "Sortie au musée" and article.author == people.author


def test_bad_fields_are_all_reported_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as error:
        _create(people.author, title="", summary="x" * 401, licence="GPL", tags=["a" * 51])
    assert set(error.value.message_dict) == {"title", "summary", "licence", "tags"}
    assert not Article.objects.exists() and not Tag.objects.exists()


def test_tags_are_lower_case_unique_and_renames_show_everywhere(people, global_admin):
    article = _create(people.author, tags="Sciences, SCIENCES, Éducation ")
    assert sorted(article.tags.values_list("name", flat=True)) == ["sciences", "éducation"]
    other = _create(people.member, tags=["sciences"])
    assert Tag.objects.count() == 2
    tag = Tag.objects.get(name="sciences")
    with pytest.raises(PermissionDenied):
        services.rename_tag(people.author, tag, "svt")
    services.rename_tag(global_admin, tag, "SVT")
    assert list(other.tags.values_list("name", flat=True)) == ["svt"]
    with pytest.raises(ValidationError):
        services.rename_tag(global_admin, tag, "Éducation")


def test_merging_tags_moves_articles_without_doubles(people, global_admin):
    svt, sciences = TagFactory(name="svt"), TagFactory(name="sciences")
    both = ArticleFactory(tags=[svt, sciences])
    one = ArticleFactory(tags=[svt])
    with pytest.raises(PermissionDenied):
        services.merge_tags(people.author, svt, sciences)
    services.merge_tags(global_admin, svt, sciences)
    assert not Tag.objects.filter(name="svt").exists()
    assert list(both.tags.all()) == [sciences] and list(one.tags.all()) == [sciences]


def test_groups_must_be_the_authors_and_closed_groups_need_the_groups_visibility(people, groups):
    stranger = people.outsider
    with pytest.raises(ValidationError) as error:
        _create(stranger, groups=[groups.open.pk], visibility=V.GROUPS)
    assert "groups" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(people.author, groups=[groups.closed.pk], visibility=V.PUBLIC)
    assert "visibility" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(people.author, visibility=V.GROUPS)
    assert "groups" in error.value.message_dict
    article = _create(people.author, groups=[groups.moderated.pk], visibility=V.GROUPS, publish=True)
    assert list(article.groups.all()) == [groups.moderated]
    assert _create(people.author, groups=[groups.open.pk, groups.closed.pk], visibility=V.PUBLIC).pk


def test_moderator_unpublishes_with_a_reason_and_the_author_is_told(people):
    article = _create(people.author, publish=True)
    with pytest.raises(ValidationError):
        services.unpublish_article(people.structure_admin, article, reason="")
    with pytest.raises(PermissionDenied):
        services.unpublish_article(people.other_structure_admin, article, reason="Hors sujet")
    services.unpublish_article(people.structure_admin, article, reason="Hors sujet")
    article.refresh_from_db()
    assert article.is_draft
    notification = Notification.objects.get(user=people.author)
    assert "dépublié" in notification.title and "Hors sujet" in notification.text


def test_moderator_deletes_and_the_author_is_told(people):
    article = _create(people.author, publish=True)
    with pytest.raises(PermissionDenied):
        services.delete_article(people.member, article, reason="Non")
    services.delete_article(people.global_admin, article, reason="Données personnelles")
    assert not Article.objects.exists()
    assert "supprimé" in Notification.objects.get(user=people.author).title


def test_author_deletes_without_notification(people):
    article = _create(people.author)
    services.delete_article(people.author, article)
    assert not Article.objects.exists() and not Notification.objects.exists()


def test_group_admin_detaches_an_article_from_their_group(people, groups):
    article = _create(people.author, groups=[groups.open.pk, groups.closed.pk], visibility=V.GROUPS, publish=True)
    with pytest.raises(PermissionDenied):
        services.detach_from_group(people.member, article, groups.open)
    services.detach_from_group(people.group_admin, article, groups.open)
    assert list(article.groups.all()) == [groups.closed]
    services.detach_from_group(people.group_admin, article, groups.closed)
    article.refresh_from_db()
    assert article.is_draft


def test_visits_count_readers_not_the_author_nor_bots(people):
    article = _create(people.author, publish=True)
    assert services.record_visit(AnonymousUser(), article, "Mozilla/5.0 Firefox")
    assert services.record_visit(people.member, article, "Mozilla/5.0 Firefox")
    assert not services.record_visit(people.author, article, "Mozilla/5.0 Firefox")
    assert not services.record_visit(AnonymousUser(), article, "Googlebot/2.1")
    assert not services.record_visit(AnonymousUser(), article, "")
    article.refresh_from_db()
    assert article.visits == 2


def test_author_reattaches_to_current_structure(people, tree):
    article = _create(people.author, publish=True)
    people.author.structure = tree.moulin
    people.author.save()
    with pytest.raises(PermissionDenied):
        services.reattach_structure(people.member, article)
    services.reattach_structure(people.author, article)
    article.refresh_from_db()
    assert article.structure == tree.moulin


def _image(format="PNG", size=(40, 30)):
    buffer = BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format=format)
    return SimpleUploadedFile(f"photo.{format.lower()}", buffer.getvalue(), content_type=f"image/{format.lower()}")


def test_images_are_validated_and_re_encoded(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = services.upload_image(people.author, _image("JPEG"))
    assert url.startswith(settings.MEDIA_URL) and url.endswith(".jpg")
    assert len(list(tmp_path.rglob("*.jpg"))) == 1
    with pytest.raises(ValidationError) as error:
        services.upload_image(people.author, SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png"))
    assert "image" in error.value.message_dict
    settings.MAX_IMAGE_UPLOAD_SIZE = 10
    with pytest.raises(ValidationError):
        services.upload_image(people.author, _image())
    with pytest.raises(PermissionDenied):
        services.upload_image(AnonymousUser(), _image())
