"""Backup of one's articles: round trip, duplicates reported, bad files refused with nothing half-restored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blog import backup, services
from blog.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(people, groups):
    services.create_article(
        people.author,
        title="Publié",
        content="**x**",
        tags=["projet"],
        licence="CC BY",
        publish=True,
        visibility="groups",
        groups=[groups.moderated.pk],
    )
    services.create_article(people.author, title="Brouillon", content="y")
    return backup.export_articles(people.author)


def test_round_trip_through_the_pages(client, people, saved, tree):
    client.force_login(people.author)
    response = client.get(reverse("blog:backup"))
    assert response["Content-Disposition"].startswith('attachment; filename="articles-')
    data = json.loads(response.content)
    assert data["version"] == 1 and [item["title"] for item in data["articles"]] == ["Publié", "Brouillon"]
    Article.objects.all().delete()
    upload = SimpleUploadedFile("backup.json", response.content, content_type="application/json")
    assert client.post(reverse("blog:restore"), {"file": upload}).status_code == 302
    published = Article.objects.get(title="Publié")
    assert published.slug == data["articles"][0]["slug"] and not published.is_draft
    assert list(published.tags.values_list("name", flat=True)) == ["projet"]
    assert published.content_html == "<p><strong>x</strong></p>\n" and published.licence == "CC BY"
    assert Article.objects.get(title="Brouillon").is_draft


def test_duplicates_are_reported_not_doubled(people, saved):
    report = backup.restore_articles(people.author, json.dumps(saved))
    assert report == {"created": 0, "duplicates": [saved["articles"][0]["slug"], "Brouillon"]}
    assert Article.objects.count() == 2


def test_reattach_to_the_current_structure(people, saved, tree):
    Article.objects.all().delete()
    people.author.structure = tree.moulin
    people.author.save()
    backup.restore_articles(people.author, json.dumps(saved), reattach=True)
    assert set(Article.objects.values_list("structure", flat=True)) == {tree.moulin.pk}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: "{not json", "JSON"),
        (lambda data: json.dumps(data | {"version": 2}), "Version"),
        (lambda data: json.dumps({"articles": []}), "sauvegarde"),
        (lambda data: json.dumps(data | {"articles": data["articles"] + [{"title": ""}]}), "Article n° 3"),
        (lambda data: json.dumps(data | {"articles": [dict(data["articles"][1], structure=999999)]}), "structure"),
        (lambda data: json.dumps(data | {"articles": [dict(data["articles"][1], groups=[999999])]}), "groups"),
        (lambda data: json.dumps(data | {"articles": [dict(data["articles"][1], published_at="hier")]}), "date"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_restored(people, saved, change, message):
    Article.objects.all().delete()
    with pytest.raises(Exception) as error:
        backup.restore_articles(people.author, change(saved).encode())
    assert message in " ".join(error.value.messages)
    assert not Article.objects.exists()


def test_a_foreign_group_in_the_file_is_refused(people, saved, client):
    client.force_login(people.outsider)
    upload = SimpleUploadedFile("b.json", json.dumps(saved).encode(), content_type="application/json")
    response = client.post(reverse("blog:restore"), {"file": upload})
    assert response.status_code == 200 and "Article n° 1" in response.content.decode()
    assert not Article.objects.filter(author=people.outsider).exists()
