"""Personal bookmarks: pages and API (create, edit, delete, favourite), import of browser files, export."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps_catalog import services
from apps_catalog.bookmark_files import parse_netscape_bookmarks
from apps_catalog.factories import UserBookmarkFactory
from apps_catalog.models import SpaceItem, UserBookmark

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
LONG_URL = "https://example.org/" + "a" * 600


def _upload(name, content):
    return SimpleUploadedFile(
        name, content if isinstance(content, bytes) else content.encode(), content_type="text/html"
    )


def _bookmarks(person):
    return list(UserBookmark.objects.filter(user=person).order_by("pk").values_list("name", "url", "tag"))


def test_the_netscape_parser_reads_folders_as_tags():
    links = list(parse_netscape_bookmarks((DATA / "firefox-bookmarks.html").read_text()))
    assert links == [
        ("Éduscol & ressources", "https://eduscol.education.fr/", "Barre personnelle"),
        ("Les plus visités", "place:sort=8&maxResults=10", "Barre personnelle"),
        ("Bookmarklet", "javascript:alert(document.cookie)", ""),
        ("Lumni", "https://www.lumni.fr/", "Pédagogie"),
        ("Lumni (doublon)", "https://www.lumni.fr/", "Pédagogie"),
        ("Canopé", "https://www.reseau-canope.fr/", "Sous-dossier"),
        ("Apps", "https://apps.education.fr/", "Pédagogie"),
        ("Service public", "https://www.service-public.fr/", ""),
    ]


def test_importing_a_firefox_export_reports_what_was_skipped_and_why(teacher):
    UserBookmarkFactory(user=teacher, name="Apps", url="https://apps.education.fr/")
    content = (DATA / "firefox-bookmarks.html").read_text().replace("https://www.service-public.fr/", LONG_URL)
    report = services.import_bookmarks(teacher, content.encode())
    assert report.created == 3
    assert report.skipped == [
        ("Les plus visités", "place:sort=8&maxResults=10", "adresse non web (place)"),
        ("Bookmarklet", "javascript:alert(document.cookie)", "adresse non web (javascript)"),
        ("Lumni (doublon)", "https://www.lumni.fr/", "en double"),
        ("Apps", "https://apps.education.fr/", "en double"),
        ("Service public", LONG_URL[:200], "adresse trop longue (512 caractères au plus)"),
    ]
    assert _bookmarks(teacher)[1:] == [
        ("Éduscol & ressources", "https://eduscol.education.fr/", "Barre personnelle"),
        ("Lumni", "https://www.lumni.fr/", "Pédagogie"),
        ("Canopé", "https://www.reseau-canope.fr/", "Sous-dossier"),
    ]


def test_importing_a_chrome_export(teacher):
    report = services.import_bookmarks(teacher, (DATA / "chrome-bookmarks.html").read_bytes())
    assert report.created == 1
    assert report.skipped == [
        ("Paramètres", "chrome://settings/", "adresse non web (chrome)"),
        ("Données", "data:text/html,<script>alert(1)</script>", "adresse non web (data)"),
        ("Cassé", "http://exa mple.fr/", "adresse invalide"),
        ("Ministère encore", "https://www.education.gouv.fr/", "en double"),
    ]
    assert _bookmarks(teacher) == [("Ministère", "https://www.education.gouv.fr/", "Barre de favoris")]


def test_an_import_stops_at_the_limit(teacher, settings):
    settings.BOOKMARK_IMPORT_MAX_ITEMS = 2
    report = services.import_bookmarks(teacher, (DATA / "firefox-bookmarks.html").read_bytes())
    assert report.created == 2
    assert report.skipped[-2:] == [
        ("Apps", "https://apps.education.fr/", "au-delà de 2 marque-pages importés"),
        ("Service public", "https://www.service-public.fr/", "au-delà de 2 marque-pages importés"),
    ]


def test_an_import_runs_in_constant_queries(teacher, django_assert_num_queries):
    # 150 rows fit in one INSERT even on SQLite (999 parameters); PostgreSQL takes thousands in one statement
    links = "".join(f'<DT><A HREF="https://site{i}.fr/">Site {i}</A>\n' for i in range(150))
    with django_assert_num_queries(4):  # savepoint, existing urls, one bulk insert, release
        report = services.import_bookmarks(teacher, f"<DL><p>{links}</DL>")
    assert report.created == 150


def test_export_then_reimport_gives_the_same_bookmarks(teacher, other_teacher):
    UserBookmarkFactory(user=teacher, name="Éduscol <&>", url="https://eduscol.education.fr/?a=1&b=2", tag="Ressources")
    UserBookmarkFactory(user=teacher, name="Lumni", url="https://www.lumni.fr/", tag="")
    exported = services.export_bookmarks(teacher)
    assert exported.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert "<DT><H3>Ressources</H3>" in exported
    assert 'HREF="https://eduscol.education.fr/?a=1&amp;b=2"' in exported and "Éduscol &lt;&amp;&gt;" in exported
    report = services.import_bookmarks(other_teacher, exported)
    assert (report.created, report.skipped) == (2, [])
    assert sorted(_bookmarks(other_teacher)) == sorted(_bookmarks(teacher))


def test_the_bookmarks_page_creates_and_adds_to_my_space(client, teacher):
    client.force_login(teacher)
    response = client.post(
        "/bookmarks/", {"name": "Éduscol", "url": "eduscol.education.fr", "tag": "", "in_space": "on"}
    )
    assert response.status_code == 302
    bookmark = UserBookmark.objects.get()
    assert (bookmark.url, bookmark.user) == ("https://eduscol.education.fr", teacher)
    assert SpaceItem.objects.filter(user=teacher, kind="bookmark", object_id=bookmark.pk).exists()
    page = client.get("/bookmarks/").content.decode()
    assert "Éduscol" in page and "Retirer de mon espace" in page


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("javascript:alert(1)", "Saisissez une adresse web en http ou https."),
        ("data:text/html,x", "Saisissez une adresse web en http ou https."),
        (
            "https://" + "a" * 600 + ".fr",
            "Assurez-vous que cette valeur comporte au plus 512 caractères (actuellement 611).",
        ),
    ],
)
def test_bad_bookmark_urls_are_refused_with_a_message(client, teacher, url, error):
    client.force_login(teacher)
    response = client.post("/bookmarks/", {"name": "X", "url": url})
    assert response.status_code == 400
    assert response.context["form"].errors["url"] == [error]
    assert not UserBookmark.objects.exists()


def test_a_duplicate_bookmark_is_refused(client, teacher):
    UserBookmarkFactory(user=teacher, url="https://www.lumni.fr/")
    client.force_login(teacher)
    response = client.post("/bookmarks/", {"name": "Lumni", "url": "https://www.lumni.fr/"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"url": ["Vous avez déjà ce marque-page."]}


def test_edit_delete_and_favourite_only_my_bookmarks(client, teacher, other_teacher):
    mine = UserBookmarkFactory(user=teacher, name="Avant")
    client.force_login(other_teacher)
    assert client.get(f"/bookmarks/{mine.pk}/edit/").status_code == 404
    assert client.post(f"/bookmarks/{mine.pk}/delete/").status_code == 404
    assert client.post(f"/bookmarks/{mine.pk}/favourite/").status_code == 404
    client.force_login(teacher)
    response = client.post(f"/bookmarks/{mine.pk}/edit/", {"name": "Après", "url": "https://apres.fr/", "tag": "T"})
    assert response.status_code == 302
    assert _bookmarks(teacher) == [("Après", "https://apres.fr/", "T")]
    client.post(f"/bookmarks/{mine.pk}/favourite/", {"action": "add"})
    assert SpaceItem.objects.filter(kind="bookmark").count() == 1
    client.post(f"/bookmarks/{mine.pk}/favourite/", {"action": "remove"})
    assert not SpaceItem.objects.exists()
    client.post(f"/bookmarks/{mine.pk}/favourite/", {"action": "add"})
    client.post(f"/bookmarks/{mine.pk}/delete/")
    assert not UserBookmark.objects.exists() and not SpaceItem.objects.exists()


def test_the_import_page(client, teacher):
    client.force_login(teacher)
    response = client.post(
        "/bookmarks/import/", {"file": _upload("favoris.html", (DATA / "chrome-bookmarks.html").read_bytes())}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 marque-page importé." in page and "4 éléments ignorés" in page and "adresse non web (chrome)" in page


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            b"\x89PNG\r\n\x1a\n not bookmarks",
            "Ce fichier n'est pas un export de marque-pages (format HTML de Firefox ou Chrome).",
        ),
        (b"", "Le fichier soumis est vide."),
    ],
)
def test_the_import_page_refuses_other_files(client, teacher, content, error):
    client.force_login(teacher)
    response = client.post("/bookmarks/import/", {"file": _upload("x.html", content)})
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [error]}


def test_an_oversized_import_is_refused(client, teacher, settings):
    settings.BOOKMARK_IMPORT_MAX_SIZE = 100
    client.force_login(teacher)
    response = client.post(
        "/bookmarks/import/", {"file": _upload("x.html", (DATA / "chrome-bookmarks.html").read_bytes())}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Le fichier est trop lourd (100\xa0octets au maximum)."]}


def test_the_export_page(client, teacher):
    UserBookmarkFactory(user=teacher, name="Lumni", url="https://www.lumni.fr/")
    client.force_login(teacher)
    response = client.get("/bookmarks/export/")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="marque-pages.html"'
    assert '<DT><A HREF="https://www.lumni.fr/"' in response.content.decode()


# --- the API ---


def bookmark_json(bookmark):
    return {
        "id": bookmark.pk,
        "name": bookmark.name,
        "url": bookmark.url,
        "tag": bookmark.tag,
        "created_at": bookmark.created_at.astimezone().isoformat(),
    }


def test_api_crud(teacher_api, teacher, other_teacher):
    UserBookmarkFactory(user=other_teacher)
    response = teacher_api.post(
        "/api/v1/me/bookmarks/", {"name": "Lumni", "url": "www.lumni.fr", "in_space": True}, format="json"
    )
    assert response.status_code == 201
    bookmark = UserBookmark.objects.get(user=teacher)
    assert response.json() == bookmark_json(bookmark)
    assert bookmark.url == "https://www.lumni.fr"
    assert SpaceItem.objects.filter(user=teacher, kind="bookmark", object_id=bookmark.pk).exists()
    assert teacher_api.get("/api/v1/me/bookmarks/").json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [bookmark_json(bookmark)],
    }
    response = teacher_api.patch(f"/api/v1/me/bookmarks/{bookmark.pk}/", {"tag": "Vidéo"}, format="json")
    bookmark.refresh_from_db()
    assert response.json() == bookmark_json(bookmark) and bookmark.tag == "Vidéo"
    assert teacher_api.delete(f"/api/v1/me/bookmarks/{bookmark.pk}/").status_code == 204
    assert not UserBookmark.objects.filter(user=teacher).exists()
    assert not SpaceItem.objects.exists()


def test_api_someone_elses_bookmark_is_a_404(teacher_api, other_teacher):
    theirs = UserBookmarkFactory(user=other_teacher)
    assert teacher_api.get(f"/api/v1/me/bookmarks/{theirs.pk}/").status_code == 404
    assert teacher_api.patch(f"/api/v1/me/bookmarks/{theirs.pk}/", {"name": "x"}, format="json").status_code == 404
    assert teacher_api.delete(f"/api/v1/me/bookmarks/{theirs.pk}/").status_code == 404
    assert UserBookmark.objects.get().name == theirs.name


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"name": "X", "url": "javascript:alert(1)"}, {"url": ["Saisissez une adresse web en http ou https."]}),
        ({"name": "", "url": "https://x.fr/"}, {"name": ["Ce champ ne peut être vide."]}),
        ({"name": "X"}, {"url": ["Ce champ est obligatoire."]}),
    ],
)
def test_api_bad_bookmarks_get_a_400(teacher_api, body, errors):
    response = teacher_api.post("/api/v1/me/bookmarks/", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not UserBookmark.objects.exists()


def test_api_duplicate_bookmark_gets_a_400(teacher_api, teacher):
    UserBookmarkFactory(user=teacher, url="https://x.fr/")
    response = teacher_api.post("/api/v1/me/bookmarks/", {"name": "X", "url": "https://x.fr/"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"__all__": ["Vous avez déjà ce marque-page."]}


def test_api_import_and_export(teacher_api, teacher):
    response = teacher_api.post(
        "/api/v1/me/bookmarks/import/",
        {"file": _upload("f.html", (DATA / "chrome-bookmarks.html").read_bytes())},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json() == {
        "created": 1,
        "skipped": [
            {"name": "Paramètres", "url": "chrome://settings/", "reason": "adresse non web (chrome)"},
            {"name": "Données", "url": "data:text/html,<script>alert(1)</script>", "reason": "adresse non web (data)"},
            {"name": "Cassé", "url": "http://exa mple.fr/", "reason": "adresse invalide"},
            {"name": "Ministère encore", "url": "https://www.education.gouv.fr/", "reason": "en double"},
        ],
    }
    response = teacher_api.get("/api/v1/me/bookmarks/export/")
    assert response.status_code == 200 and response["Content-Type"] == "text/html; charset=utf-8"
    assert 'HREF="https://www.education.gouv.fr/"' in response.content.decode()


def test_api_import_of_a_non_bookmark_file_gets_a_400(teacher_api):
    response = teacher_api.post(
        "/api/v1/me/bookmarks/import/", {"file": _upload("f.png", b"\x89PNG....")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": ["Ce fichier n'est pas un export de marque-pages (format HTML de Firefox ou Chrome)."]
    }
    response = teacher_api.post("/api/v1/me/bookmarks/import/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["Ce champ est obligatoire."]}
