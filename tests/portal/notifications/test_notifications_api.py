"""JSON API: my notifications and the information messages I see. Full bodies; others' ids are 404."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from portal.notifications.factories import InformationMessageFactory, NotificationFactory
from portal.notifications.models import Notification
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def api(teacher):
    client = APIClient()
    client.force_authenticate(teacher)
    return client


def _notification(user, **fields):
    return NotificationFactory(user=user, created_at=fields.pop("created_at", NOW), **fields)


def test_list_my_notifications(api, teacher, django_assert_max_num_queries):
    first = _notification(teacher, kind="message", title="Bonjour", text="Texte", link="/groups/maths/")
    second = _notification(
        teacher,
        kind="role_set",
        title="Animateur",
        text="",
        link="",
        read=True,
        created_at=NOW + timedelta(hours=1),
        expires_at=NOW + timedelta(days=30),
    )
    _notification(UserFactory(), title="Pas à moi")
    with freeze_time(NOW + timedelta(days=1)), django_assert_max_num_queries(2):
        response = api.get("/api/v1/notifications/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": second.pk,
                "kind": "role_set",
                "tab": "informations",
                "title": "Animateur",
                "text": "",
                "link": "",
                "read": True,
                "created_at": "2030-03-01T10:00:00+01:00",
                "expires_at": "2030-03-31T10:00:00+02:00",
            },
            {
                "id": first.pk,
                "kind": "message",
                "tab": "messages",
                "title": "Bonjour",
                "text": "Texte",
                "link": "/groups/maths/",
                "read": False,
                "created_at": "2030-03-01T09:00:00+01:00",
                "expires_at": None,
            },
        ],
    }


def test_the_list_is_paginated_in_constant_queries(api, teacher, django_assert_num_queries):
    NotificationFactory.create_batch(45, user=teacher)
    with django_assert_num_queries(2):  # count + page
        body = api.get("/api/v1/notifications/", {"page": 3}).json()
    assert (body["count"], len(body["results"]), body["next"]) == (45, 5, None)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"read": "false"}, ["non lue"]),
        ({"read": "true"}, ["lue", "demande"]),
        ({"kind": "request"}, ["demande"]),
        ({"tab": "messages"}, ["non lue", "lue"]),
        ({"tab": "informations"}, ["demande"]),
    ],
)
def test_filters(api, teacher, query, titles):
    _notification(teacher, kind="message", title="non lue", created_at=NOW + timedelta(minutes=3))
    _notification(teacher, kind="message", title="lue", read=True, created_at=NOW + timedelta(minutes=2))
    _notification(teacher, kind="request", title="demande", read=True, created_at=NOW + timedelta(minutes=1))
    assert [n["title"] for n in api.get("/api/v1/notifications/", query).json()["results"]] == titles


@pytest.mark.parametrize(
    ("query", "field"), [({"read": "peut-être"}, "read"), ({"kind": "spam"}, "kind"), ({"tab": "x"}, "tab")]
)
def test_bad_filters_are_a_400_naming_the_field(api, query, field):
    response = api.get("/api/v1/notifications/", query)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_retrieve_mine(api, teacher):
    notification = _notification(teacher, title="À moi", text="", link="")
    assert api.get(f"/api/v1/notifications/{notification.pk}/").json() == {
        "id": notification.pk,
        "kind": "message",
        "tab": "messages",
        "title": "À moi",
        "text": "",
        "link": "",
        "read": False,
        "created_at": "2030-03-01T09:00:00+01:00",
        "expires_at": None,
    }


def test_mark_one_read(api, teacher):
    notification = _notification(teacher, title="À lire", text="", link="")
    response = api.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json() == {
        "id": notification.pk,
        "kind": "message",
        "tab": "messages",
        "title": "À lire",
        "text": "",
        "link": "",
        "read": True,
        "created_at": "2030-03-01T09:00:00+01:00",
        "expires_at": None,
    }
    notification.refresh_from_db()
    assert notification.read is True


def test_delete_one(api, teacher):
    notification = _notification(teacher)
    response = api.delete(f"/api/v1/notifications/{notification.pk}/")
    assert response.status_code == 204
    assert not Notification.objects.filter(pk=notification.pk).exists()


@pytest.mark.parametrize(
    ("method", "suffix"), [("get", ""), ("post", "read/"), ("delete", "")], ids=["retrieve", "read", "delete"]
)
def test_someone_elses_notification_is_a_404_and_stays_untouched(api, method, suffix):
    theirs = _notification(UserFactory())
    response = getattr(api, method)(f"/api/v1/notifications/{theirs.pk}/{suffix}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Notification matches the given query."}
    assert Notification.objects.filter(pk=theirs.pk, read=False).exists()


def test_a_global_admin_gets_a_404_too(teacher, global_admin):
    theirs = _notification(teacher)
    client = APIClient()
    client.force_authenticate(global_admin)
    assert client.delete(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert Notification.objects.filter(pk=theirs.pk).exists()


def test_mark_all_read_and_delete_read(api, teacher):
    _notification(teacher, kind="message")
    _notification(teacher, kind="group")
    others = _notification(UserFactory())
    assert api.post("/api/v1/notifications/read-all/", {"tab": "informations"}, format="json").json() == {"count": 1}
    assert api.post("/api/v1/notifications/read-all/", {}, format="json").json() == {"count": 1}
    assert api.post("/api/v1/notifications/delete-read/", {}, format="json").json() == {"count": 2}
    assert list(Notification.objects.values_list("pk", flat=True)) == [others.pk]


def test_delete_all_of_a_tab(api, teacher):
    _notification(teacher, kind="message")
    kept = _notification(teacher, kind="request")
    assert api.post("/api/v1/notifications/delete-all/", {"tab": "messages"}, format="json").json() == {"count": 1}
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept.pk]


def test_a_bad_tab_in_a_body_is_a_400_naming_it(api, teacher):
    _notification(teacher)
    response = api.post("/api/v1/notifications/read-all/", {"tab": "everything"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"tab": ["«\xa0everything\xa0» n'est pas un choix valide."]}
    assert Notification.objects.filter(read=False).count() == 1


def test_unread_counts(api, teacher, django_assert_num_queries):
    _notification(teacher, kind="message")
    _notification(teacher, kind="message", read=True)
    _notification(teacher, kind="group")
    _notification(teacher, kind="role_unset")
    with django_assert_num_queries(1):
        response = api.get("/api/v1/notifications/unread-counts/")
    assert response.json() == {"total": 3, "messages": 1, "informations": 2}


@pytest.mark.parametrize("url", ["/api/v1/notifications/", "/api/v1/informations/"])
def test_anonymous_requests_are_a_401(db, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json() == {"detail": "Informations d'authentification non fournies."}


# --- information messages ---


def test_information_messages_i_see(api, tree, teacher):
    with freeze_time(NOW):
        national = InformationMessageFactory(content_fr="<p>National</p>", content_en="<p>Nation-wide</p>")
        lyon = InformationMessageFactory(
            structure=tree.lyon,
            content_fr="<p>Lyon</p>",
            content_en="",
            published_at=NOW + timedelta(hours=1),
            expires_at=NOW + timedelta(days=10),
        )
        InformationMessageFactory(structure=tree.grenoble)
    with freeze_time(NOW + timedelta(days=1)):
        response = api.get("/api/v1/informations/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json() == {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": lyon.pk,
                "content": "<p>Lyon</p>",
                "national": False,
                "structure": {"id": tree.lyon.pk, "name": "Académie de Lyon"},
                "published_at": "2030-03-01T10:00:00+01:00",
                "expires_at": "2030-03-11T09:00:00+01:00",
            },
            {
                "id": national.pk,
                "content": "<p>National</p>",
                "national": True,
                "structure": None,
                "published_at": "2030-03-01T09:00:00+01:00",
                "expires_at": national.expires_at.astimezone(timezone.get_current_timezone()).isoformat(),
            },
        ],
    }


def test_information_messages_follow_my_language(tree, teacher):
    InformationMessageFactory(content_fr="<p>Bonjour</p>", content_en="<p>Hello</p>")
    teacher.language = "en"
    teacher.save(update_fields=["language"])
    client = APIClient()
    client.force_login(teacher)
    assert [m["content"] for m in client.get("/api/v1/informations/").json()["results"]] == ["<p>Hello</p>"]


def test_people_without_structure_read_the_national_messages(tree):
    newcomer = UserFactory(structure=None)
    national = InformationMessageFactory()
    InformationMessageFactory(structure=tree.lyon)
    client = APIClient()
    client.force_login(newcomer)
    response = client.get("/api/v1/informations/")
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["results"]] == [national.pk]
