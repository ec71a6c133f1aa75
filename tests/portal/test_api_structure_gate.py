"""The API applies the pages' structure gate: an account without a structure gets a 403 naming the structure
choice, except where the pages let it in (informations); global admins pass (issue #9 point 15)."""

import pytest
from rest_framework.test import APIClient

from groups.models import Group
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSED = {"detail": "Choisissez d'abord votre structure.", "structure_choice": "/structure/choose/"}


@pytest.fixture
def homeless(db):
    client = APIClient()
    client.force_authenticate(UserFactory(structure=None))
    return client


@pytest.mark.parametrize(
    "path",
    ["/api/v1/services/", "/api/v1/groups/", "/api/v1/me/bookmarks/", "/api/v1/me/space/", "/api/v1/notifications/"],
)
def test_an_account_without_structure_is_refused_by_the_api_with_the_structure_choice(homeless, path):
    response = homeless.get(path)
    assert (response.status_code, response.json()) == (403, REFUSED)


def test_an_account_without_structure_cannot_create_a_group_through_the_api(homeless):
    response = homeless.post("/api/v1/groups/", {"name": "Sans structure", "type": "open"}, format="json")
    assert (response.status_code, response.json()) == (403, REFUSED)
    assert not Group.objects.filter(name="Sans structure").exists()


def test_an_account_without_structure_reads_the_informations_as_on_the_pages(homeless):
    assert homeless.get("/api/v1/informations/").status_code == 200


def test_a_session_without_structure_gets_the_same_json(client):
    client.force_login(UserFactory(structure=None))
    response = client.get("/api/v1/groups/")
    assert (response.status_code, response.json()) == (403, REFUSED)


@pytest.mark.parametrize("who", ["teacher", "global_admin"])
def test_people_with_a_structure_and_global_admins_pass(request, who):
    client = APIClient()
    client.force_authenticate(request.getfixturevalue(who))
    assert client.get("/api/v1/groups/").status_code == 200
    assert client.get("/api/v1/services/").status_code == 200
