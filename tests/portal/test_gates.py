"""The access gates (``AccessGateMiddleware``): anonymous, inactive, without structure, maintenance; public pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.core.gates import allow_during_maintenance
from portal.core.middleware import AccessGateMiddleware
from portal.core.models import SiteSettings
from portal.users.factories import UserFactory
from tests.portal.pages import plain_home, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_home")]


def maintenance(reason="Mise à jour de la base"):
    site = SiteSettings.load()
    site.maintenance, site.maintenance_reason = True, reason
    site.save()


def test_anonymous_people_are_sent_to_the_sign_in_page(client):
    response = client.get("/structure/choose/")
    assert (response.status_code, response["Location"]) == (302, "/signin/?next=/structure/choose/")


@pytest.mark.parametrize(
    "url",
    [
        "/signin/",
        "/legal/legal-notice/",
        "/legal/personal-data/",
        "/legal/accessibility/",
        "/legal/terms/",
        "/healthz",
        "/readyz",
    ],
)
def test_public_pages_are_open_to_anonymous_people(client, url):
    assert client.get(url).status_code == 200


def test_an_inactive_account_only_sees_the_waiting_page(client, tree):
    sign_in(client, UserFactory(is_active=False, structure=tree.ampere))
    for url in ("/", "/structure/choose/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/waiting/")
    page = client.get("/waiting/")
    assert page.status_code == 200
    assert "Votre compte attend sa validation" in page.content.decode()


def test_an_inactive_account_gets_a_401_from_the_api(client, tree):
    """The API is gated by DRF's authentication, which refuses inactive accounts."""
    sign_in(client, UserFactory(is_active=False, structure=tree.ampere))
    response = client.get("/api/v1/notifications/")
    assert response.status_code == 401


def test_the_waiting_page_sends_active_people_home(client, teacher):
    sign_in(client, teacher)
    response = client.get("/waiting/")
    assert (response.status_code, response["Location"]) == (302, "/")


def test_an_active_account_without_structure_must_choose_one(client, tree):
    sign_in(client, UserFactory(structure=None))
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/structure/choose/")
    assert client.get("/structure/choose/").status_code == 200


def test_a_global_admin_without_structure_passes(client, global_admin):
    sign_in(client, global_admin)
    response = client.get("/")
    assert response.status_code == 200
    assert "Bonjour" in response.content.decode()


def test_an_active_account_with_a_structure_passes_every_gate(client, teacher):
    teacher.first_name = "Camille"
    teacher.save()
    sign_in(client, teacher)
    response = client.get("/")
    assert response.status_code == 200
    assert "Bonjour Camille" in response.content.decode()


@pytest.mark.parametrize("who", ["teacher", "lyon_admin", "inactive"])
def test_maintenance_shows_a_503_page_with_the_reason_to_everyone_but_global_admins(client, tree, request, who):
    user = UserFactory(is_active=False, structure=tree.ampere) if who == "inactive" else request.getfixturevalue(who)
    maintenance()
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 503
    content = response.content.decode()
    assert "Le portail est en maintenance" in content
    assert "Mise à jour de la base" in content
    assert "Bonjour" not in content


def test_maintenance_answers_json_on_the_api(client, teacher):
    maintenance()
    sign_in(client, teacher)
    response = client.get("/api/v1/notifications/")
    assert (response.status_code, response.json()) == (
        503,
        {"detail": "Le portail est en maintenance.", "reason": "Mise à jour de la base"},
    )


def test_a_global_admin_gets_in_during_maintenance_with_a_banner(client, global_admin):
    maintenance()
    sign_in(client, global_admin)
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bonjour" in content
    assert "Le portail est en maintenance : seuls les administrateurs y ont accès." in content
    assert "Mise à jour de la base" in content


def test_the_sign_in_page_stays_open_during_maintenance(client):
    maintenance()
    response = client.get("/signin/")
    assert response.status_code == 200
    assert "Se connecter" in response.content.decode()


def test_the_gates_read_the_site_settings_from_the_cache(client, teacher):
    sign_in(client, teacher)
    client.get("/")  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert [q["sql"] for q in queries if "core_sitesettings" in q["sql"]] == []


def test_an_api_view_class_can_stay_open_during_maintenance(client, teacher, rf):
    """``@allow_during_maintenance`` on a DRF view class lets it answer; other API views answer a JSON 503."""

    @allow_during_maintenance
    class Open(APIView):
        def get(self, request):
            return Response({"ok": True})

    class Closed(APIView):
        def get(self, request):
            return Response({"ok": True})

    maintenance()
    middleware = AccessGateMiddleware(lambda request: None)
    for view, expected in ((Open.as_view(), None), (Closed.as_view(), 503)):
        request = rf.get("/api/v1/anything/")
        request.user = teacher
        response = middleware.process_view(request, view, (), {})
        assert (response.status_code if response else None) == expected
