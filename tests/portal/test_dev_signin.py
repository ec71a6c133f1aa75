"""The dev sign-in page (one click per demo person, no password): on in the embedded default, absent in production."""

import pytest
from django.test import Client

from portal.structures.factories import StructureFactory
from portal.users.factories import GlobalAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_signin(settings):
    settings.DEV_SIGNIN_ENABLED = True
    settings.OIDC_ENABLED = False


def test_the_page_lists_the_people_admins_first(client, dev_signin, lyon_admin, teacher):
    admin = GlobalAdminFactory(username="alice", first_name="Alice", last_name="Admin")

    response = client.get("/signin/dev/")

    assert response.status_code == 200
    assert [person.username for person in response.context["people"]] == [
        admin.username,
        lyon_admin.username,
        teacher.username,
    ]
    html = response.content.decode()
    assert "administrateur national" in html
    assert "administrateur de structure" in html


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_costs_the_same_queries_whatever_the_number_of_people(
    client, dev_signin, count, django_assert_num_queries
):
    structure = StructureFactory()
    UserFactory.create_batch(count, structure=structure)
    structure.admins.add(UserFactory(structure=structure))
    client.get("/signin/dev/")  # the site settings are read once, then cached

    with django_assert_num_queries(1):  # the people, their structures and admin roles
        response = client.get("/signin/dev/")

    assert len(response.context["people"]) == count + 1


def test_the_page_shows_a_clear_empty_state(client, dev_signin):
    response = client.get("/signin/dev/")

    assert "Aucune personne pour l'instant" in response.content.decode()


def test_one_click_signs_the_person_in(client, dev_signin, teacher):
    response = client.post("/signin/dev/", {"user": teacher.pk})

    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == teacher.pk
    assert client.get("/profile/").status_code == 200


def test_a_safe_next_is_followed_and_an_outside_one_is_not(client, dev_signin, teacher):
    assert client.post("/signin/dev/", {"user": teacher.pk, "next": "/profile/"})["Location"] == "/profile/"
    client.logout()
    assert client.post("/signin/dev/", {"user": teacher.pk, "next": "https://evil.example/"})["Location"] == "/"


def test_an_unknown_person_is_refused_with_a_message(client, dev_signin):
    response = client.post("/signin/dev/", {"user": 999999})

    assert response.status_code == 200
    assert "Cette personne n&#x27;existe pas." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_post_needs_the_csrf_token(dev_signin, teacher):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/signin/dev/", {"user": teacher.pk})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_inactive_person_lands_on_the_waiting_page(client, dev_signin):
    waiting = UserFactory(is_active=False, structure=None)

    client.post("/signin/dev/", {"user": waiting.pk})

    assert client.get("/")["Location"] == "/waiting/"


def test_turning_the_setting_off_ends_the_dev_sessions(client, dev_signin, teacher, settings):
    client.post("/signin/dev/", {"user": teacher.pk})
    settings.DEV_SIGNIN_ENABLED = False

    assert client.get("/profile/")["Location"] == "/signin/?next=/profile/"


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_page_does_not_exist_when_disabled(client, settings, teacher, method):
    settings.DEV_SIGNIN_ENABLED = False

    response = getattr(client, method)("/signin/dev/", {"user": teacher.pk})

    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


def test_production_refuses_to_start_with_the_dev_sign_in(production_python):
    result = production_python("import django; django.setup()", DEV_SIGNIN_ENABLED="true")

    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == "Configuration error: DEV_SIGNIN_ENABLED must be off when DJANGO_ENV=production."
    )


def test_in_production_the_dev_sign_in_is_off_and_its_page_does_not_exist(production_python):
    result = production_python(
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "response = Client().get('/signin/dev/', secure=True, HTTP_HOST='portal.example.fr')\n"
        "print(settings.DEV_SIGNIN_ENABLED, response.status_code)\n"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False 404"
