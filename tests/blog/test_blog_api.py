"""The blog API: visibility, filters, writes through the same abilities, errors naming the field."""

import pytest
from django.contrib.auth.models import AnonymousUser  # noqa: F401  (documents the anonymous case below)
from rest_framework.test import APIClient

from blog.factories import TagFactory
from blog.models import Article, Tag

pytestmark = pytest.mark.django_db
V = Article.Visibility


@pytest.fixture
def api():
    return APIClient()


def _titles(response):
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def test_anonymous_requests_are_refused(api, articles):
    assert api.get("/api/v1/articles/").status_code in (401, 403)


def test_list_shows_what_the_reader_may_see(api, people, articles):
    api.force_authenticate(people.outsider)
    assert _titles(api.get("/api/v1/articles/")) == {"Public", "Public et ouvert", "Portail"}
    api.force_authenticate(people.member)
    assert "Groupe ferme" in _titles(api.get("/api/v1/articles/"))
    assert "Brouillon" not in _titles(api.get("/api/v1/articles/"))


def test_closed_group_article_is_a_404_outside_and_its_group_names_are_hidden(api, people, articles, groups):
    api.force_authenticate(people.outsider)
    assert api.get(f"/api/v1/articles/{articles.closed_group.pk}/").status_code == 404
    row = api.get(f"/api/v1/articles/{articles.public_in_open.pk}/").json()
    assert [group["name"] for group in row["groups"]] == ["Maths ouvert"]
    assert row["author"] == {"id": people.author.pk, "name": "Hélène Auteur"}
    assert row["abilities"]["update"] is False


def test_filters(api, people, articles, tree, groups):
    tag = TagFactory(name="svt")
    articles.public.tags.add(tag)
    api.force_authenticate(people.author)
    assert _titles(api.get(f"/api/v1/articles/?tag={tag.pk}")) == {"Public"}
    assert _titles(api.get("/api/v1/articles/?draft=true")) == {"Brouillon"}
    assert _titles(api.get(f"/api/v1/articles/?structure={tree.lyon.pk}&search=PUBLIC")) == {
        "Public",
        "Public mais ferme",
        "Public et ouvert",
    }
    assert _titles(api.get(f"/api/v1/articles/?structure={tree.grenoble.pk}")) == set()
    assert _titles(api.get(f"/api/v1/articles/?group={groups.moderated.pk}")) == {"Groupe modere"}
    assert api.get("/api/v1/articles/?author=abc").status_code == 400
    api.force_authenticate(people.member)
    assert _titles(api.get("/api/v1/articles/?draft=true")) == set()


def test_create_publish_and_errors(api, people, groups):
    api.force_authenticate(people.author)
    bad = api.post("/api/v1/articles/", {"title": "", "content": "x", "visibility": "secret"}, format="json")
    assert bad.status_code == 400 and {"title", "visibility"} <= set(bad.json())
    bad = api.post("/api/v1/articles/", {"title": "T", "content": "x", "groups": [groups.closed.pk]}, format="json")
    assert bad.status_code == 400 and "visibility" in bad.json()
    assert not Article.objects.exists()
    created = api.post("/api/v1/articles/", {"title": "Titre", "content": "**x**", "tags": ["Projet"]}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["is_draft"] and body["slug"] is None and body["content_html"] == "<p><strong>x</strong></p>\n"
    assert body["tags"] == [{"id": Tag.objects.get().pk, "name": "projet"}]
    published = api.post(f"/api/v1/articles/{body['id']}/publish/")
    assert published.status_code == 200 and published.json()["slug"].startswith("titre-")


@pytest.mark.parametrize("name", ["member", "outsider", "structure_admin", "global_admin", "group_admin"])
def test_nobody_but_the_author_updates_through_the_api(api, people, articles, name):
    api.force_authenticate(getattr(people, name))
    response = api.patch(f"/api/v1/articles/{articles.public.pk}/", {"title": "Piraté"}, format="json")
    assert response.status_code == 403
    articles.public.refresh_from_db()
    assert articles.public.title == "Public"


def test_delete_rights(api, people, articles):
    api.force_authenticate(people.member)
    assert api.delete(f"/api/v1/articles/{articles.public.pk}/").status_code == 403
    assert api.delete(f"/api/v1/articles/{articles.draft.pk}/").status_code == 404
    api.force_authenticate(people.other_structure_admin)
    assert api.delete(f"/api/v1/articles/{articles.public.pk}/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(people.structure_admin)
    assert api.delete(f"/api/v1/articles/{articles.public.pk}/", format="json").status_code == 400
    assert (
        api.delete(f"/api/v1/articles/{articles.public.pk}/", {"reason": "Hors charte"}, format="json").status_code
        == 204
    )
    assert not Article.objects.filter(pk=articles.public.pk).exists()


def test_tags_api(api, people):
    api.force_authenticate(people.author)
    created = api.post("/api/v1/tags/", {"name": "Éducation"}, format="json")
    assert created.status_code == 201 and created.json()["name"] == "éducation"
    pk = created.json()["id"]
    assert api.patch(f"/api/v1/tags/{pk}/", {"name": "x"}, format="json").status_code == 403
    assert api.get("/api/v1/tags/?q=DUC").json()["results"] == [{"id": pk, "name": "éducation"}]
    api.force_authenticate(people.global_admin)
    assert api.patch(f"/api/v1/tags/{pk}/", {"name": "EPS"}, format="json").json() == {"id": pk, "name": "eps"}
    other = Tag.objects.create(name="sport")
    assert api.post(f"/api/v1/tags/{pk}/merge/", {"target": 999999}, format="json").status_code == 400
    assert api.post(f"/api/v1/tags/{pk}/merge/", {"target": other.pk}, format="json").status_code == 200
    assert list(Tag.objects.values_list("name", flat=True)) == ["sport"]


def test_list_in_constant_queries(api, people, articles, django_assert_max_num_queries):
    from blog.factories import ArticleFactory

    api.force_authenticate(people.member)
    with django_assert_max_num_queries(12):
        api.get("/api/v1/articles/")
    ArticleFactory.create_batch(15, author=people.author)
    with django_assert_max_num_queries(12):
        assert api.get("/api/v1/articles/").status_code == 200
