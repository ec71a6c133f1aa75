"""The blog's pages: the public blog without sign-in, the article page per reader, the editor, the actions."""

import pytest
from django.urls import reverse

from blog.factories import ArticleFactory, TagFactory
from blog.models import Article
from portal.core.models import SiteSettings

pytestmark = pytest.mark.django_db
V = Article.Visibility
PUBLIC_TITLES = {"Public", "Public et ouvert"}
HIDDEN_TITLES = {"Portail", "Groupe ouvert", "Groupe modere", "Groupe ferme", "Public mais ferme", "Brouillon"}


def _titles_in(response):
    html = response.content.decode()
    return {title for title in PUBLIC_TITLES | HIDDEN_TITLES if f">{title}<" in html}


def test_public_blog_pages_open_without_sign_in_and_list_public_articles_only(client, articles, people, tree, groups):
    tag = TagFactory(name="sciences")
    for article in vars(articles).values():
        article.tags.add(tag)
    pages = [
        reverse("blog:home"),
        reverse("blog:home") + "?q=PUBLIC",
        reverse("blog:author", args=[people.author.pk]),
        reverse("blog:structure", args=[tree.lyon.pk]),
        reverse("blog:structure", args=[tree.ampere.pk]),
        reverse("blog:tag", args=[tag.pk]),
        reverse("blog:home") + f"?tag={tag.pk}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _titles_in(response) == PUBLIC_TITLES, url
    group_page = client.get(reverse("blog:group", args=[groups.open.slug]))
    assert _titles_in(group_page) == {"Public et ouvert"}


def test_search_ignores_accents_and_case(client):
    ArticleFactory(title="Sortie à l'Écomusée", summary="")
    ArticleFactory(title="Autre chose", summary="")
    response = client.get(reverse("blog:home") + "?q=ecomusee")
    assert "Sortie à l&#x27;Écomusée" in response.content.decode()
    assert "Autre chose" not in response.content.decode()


def test_the_subtree_page_of_another_academie_shows_nothing_of_lyon(client, articles, tree):
    assert _titles_in(client.get(reverse("blog:structure", args=[tree.grenoble.pk]))) == set()


def test_closed_and_moderated_group_pages_are_not_public(client, groups):
    for group in (groups.closed, groups.moderated):
        assert client.get(reverse("blog:group", args=[group.slug])).status_code == 404
        assert client.get(reverse("blog:group_rss", args=[group.slug])).status_code == 404


@pytest.mark.parametrize(
    ("reader", "title", "status"),
    [
        ("anonymous", "Public", 200),
        ("anonymous", "Portail", 302),
        ("anonymous", "Groupe ferme", 302),
        ("outsider", "Portail", 200),
        ("outsider", "Groupe modere", 404),
        ("outsider", "Groupe ferme", 404),
        ("outsider", "Public mais ferme", 404),
        ("other_structure_admin", "Groupe ferme", 404),
        ("member", "Groupe ferme", 200),
        ("member", "Groupe modere", 200),
        ("structure_admin", "Groupe ferme", 200),
        ("author", "Groupe ferme", 200),
    ],
)
def test_article_page_per_reader(client, people, articles, reader, title, status):
    if reader != "anonymous":
        client.force_login(getattr(people, reader))
    article = Article.objects.get(title=title)
    response = client.get(reverse("blog:article", args=[article.slug]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("signin"))


def test_unknown_slug_asks_anonymous_people_to_sign_in_as_a_hidden_one(client):
    response = client.get(reverse("blog:article", args=["nothing-here"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("signin"))


def test_article_page_has_canonical_opengraph_and_counts_a_visit(client, articles):
    response = client.get(reverse("blog:article", args=[articles.public.slug]), HTTP_USER_AGENT="Mozilla/5.0")
    html = response.content.decode()
    assert f'<link rel="canonical" href="http://testserver/blog/articles/{articles.public.slug}/">' in html
    assert '<meta property="og:title" content="Public">' in html
    assert 'type="application/rss+xml"' not in html or "feed" in html
    articles.public.refresh_from_db()
    assert articles.public.visits == 1
    assert "prof.auteur" not in html and "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_pages_with_a_feed_announce_it(client, people, tree):
    for url in (reverse("blog:home"), reverse("blog:structure", args=[tree.lyon.pk])):
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html
        assert 'rel="alternate" type="application/atom+xml"' in html


def test_maintenance_closes_the_public_blog(client, articles):
    site = SiteSettings.load()
    site.maintenance = True
    site.save()
    assert client.get(reverse("blog:home")).status_code == 503


def test_authors_page_shows_public_names_only(client, articles, people):
    html = client.get(reverse("blog:authors")).content.decode()
    assert "Hélène Auteur" in html
    assert "prof.auteur" not in html and "@ac-lyon.fr" not in html


def test_a_teacher_writes_previews_and_publishes_to_a_moderated_group(client, people, groups):
    client.force_login(people.author)
    editor = client.get(reverse("blog:new"))
    assert editor.status_code == 200
    assert groups.moderated.name in editor.content.decode() and "blog/editor.js" in editor.content.decode()
    preview = client.post(reverse("blog:preview"), {"content": "**gras** <img src=x onerror=alert(1)>"})
    assert preview.content.decode().strip() == '<p><strong>gras</strong> <img src="x"></p>'
    response = client.post(
        reverse("blog:new"),
        {
            "title": "Projet de classe",
            "summary": "Notre projet",
            "content": "Du **Markdown**",
            "tags": "Projet, Sciences",
            "visibility": V.GROUPS,
            "groups": [str(groups.moderated.pk)],
            "licence": "CC BY-SA",
            "action": "publish",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert not article.is_draft and article.licence == "CC BY-SA"
    assert sorted(article.tags.values_list("name", flat=True)) == ["projet", "sciences"]
    tab = client.get(reverse("blog:group_articles", args=[groups.moderated.slug]))
    assert "Projet de classe" in tab.content.decode()
    client.force_login(people.outsider)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert (
        "Projet de classe"
        not in client.get(reverse("blog:group_articles", args=[groups.moderated.slug])).content.decode()
    )


def test_editor_shows_errors_and_saves_nothing(client, people, groups):
    client.force_login(people.author)
    response = client.post(
        reverse("blog:new"),
        {
            "title": "Titre",
            "content": "x",
            "visibility": V.PUBLIC,
            "groups": [str(groups.closed.pk)],
            "action": "draft",
        },
    )
    assert response.status_code == 200
    assert "choisissez la visibilité" in response.content.decode()
    assert not Article.objects.exists()


def test_another_person_cannot_open_the_editor_of_an_article(client, people, articles):
    client.force_login(people.member)
    assert client.get(reverse("blog:edit", args=[articles.public.pk])).status_code == 403
    assert client.get(reverse("blog:edit", args=[articles.draft.pk])).status_code == 404
    response = client.post(reverse("blog:edit", args=[articles.public.pk]), {"title": "x", "content": "y"})
    assert response.status_code == 403
    assert client.post(reverse("blog:action", args=[articles.public.pk, "delete"])).status_code == 403
    assert Article.objects.filter(pk=articles.public.pk, title="Public").exists()


def test_moderator_unpublishes_from_the_article_page(client, people, articles):
    client.force_login(people.structure_admin)
    url = reverse("blog:action", args=[articles.public.pk, "unpublish"])
    client.post(url, {"reason": ""})
    articles.public.refresh_from_db()
    assert not articles.public.is_draft
    client.post(url, {"reason": "Photo d'élève sans autorisation"})
    articles.public.refresh_from_db()
    assert articles.public.is_draft


def test_my_articles_lists_drafts_and_visits(client, people, articles):
    client.force_login(people.author)
    html = client.get(reverse("blog:mine")).content.decode()
    assert "Brouillon" in html and "Groupe ferme" in html


def test_group_admin_detaches_from_the_tab(client, people, articles, groups):
    url = reverse("blog:detach", args=[groups.open.slug, articles.open_group.pk])
    client.force_login(people.member)
    assert client.post(url).status_code == 403
    client.force_login(people.group_admin)
    assert client.post(url).status_code == 302
    assert not articles.open_group.groups.exists()


def test_image_upload_answers_markdown_or_a_clear_400(client, people, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people.author)
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    image = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    response = client.post(reverse("blog:upload_image"), {"image": image, "alt": "Une [classe]"})
    assert response.status_code == 200 and response.json()["markdown"].startswith("![Une classe](/media/blog/images/")
    bad = client.post(reverse("blog:upload_image"), {"image": SimpleUploadedFile("a.png", b"nope")})
    assert bad.status_code == 400 and bad.json() == {"image": ["Ce fichier n'est pas une image valide."]}


def test_tag_suggestions(client, people):
    TagFactory(name="éducation"), TagFactory(name="sciences")
    client.force_login(people.author)
    assert client.get(reverse("blog:tag_suggestions") + "?q=ÉDU").json() == {"results": ["éducation"]}
