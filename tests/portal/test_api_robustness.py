"""Malformed input is a 400, never a 500 (issue #9 point 12)."""

import json

import pytest
from rest_framework.test import APIClient

from groups.models import Group

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_creating_a_group_with_a_null_avatar_creates_it_without_one(teacher):
    response = api_for(teacher).post(
        "/api/v1/groups/", {"name": "Philosophie", "type": "open", "avatar": None}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["avatar"] is None
    assert not Group.objects.get(name="Philosophie").avatar


def test_a_group_avatar_that_is_not_a_file_is_a_400_naming_the_field(teacher):
    response = api_for(teacher).post("/api/v1/groups/", {"name": "Philo", "type": "open", "avatar": "x"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["avatar"]
    assert not Group.objects.filter(name="Philo").exists()


def test_deeply_nested_json_to_the_api_is_a_400(teacher):
    response = api_for(teacher).generic("POST", "/api/v1/groups/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested too deeply"}
    assert not Group.objects.filter(owner=teacher).exists()


@pytest.mark.parametrize(("method", "path"), [("POST", "/lookup/instances"), ("GET", "/lookup/gs/users")])
def test_deeply_nested_json_to_the_lookup_is_a_400(client, settings, method, path):
    settings.LOOKUP_AUTH_KEY = "good"
    response = client.generic(method, path, DEEP, content_type="")
    assert (response.status_code, response.content) == (400, b"")
    nested_users = '{"authKey": "good", "users": ' + DEEP + "}"
    response = client.generic(method, path, nested_users, content_type="")
    assert (response.status_code, response.content) == (400, b"")


def test_deeply_nested_lookup_keys_are_ignored(client, db):
    response = client.get("/lookup/users", {"search": "nobody", "exact": "1", "keys": DEEP[:20_000]})
    assert (response.status_code, json.loads(response.content)) == (200, [])


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/v1/nothing-here/"), ("post", "/api/v1/groups/1/members/-5/refuse/"), ("get", "/api/v2/")],
)
def test_an_unknown_api_address_is_a_json_404(teacher, method, path):
    response = getattr(api_for(teacher), method)(path)
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": "Non trouvé."}


def test_the_schema_documents_the_errors_and_the_nullable_avatar(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), operation["operationId"]
    assert schema["components"]["schemas"]["Group"]["properties"]["avatar"]["nullable"] is True
    remove_member = schema["paths"]["/api/v1/groups/{id}/members/{user_id}/"]["delete"]
    assert {"200", "204"} <= set(remove_member["responses"])


def test_a_request_refused_before_any_view_is_a_json_400_on_the_api(client, teacher, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client.force_login(teacher)
    body = {f"field{number}": "x" for number in range(10)}
    response = client.post("/api/v1/groups/", body)
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert client.post("/profile/", body).status_code == 400
