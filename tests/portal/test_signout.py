"""Issue #9 point 6: signing out is coherent without Keycloak, and /oidc/logout/ is the portal's sign-out."""

import pytest
from django.urls import resolve

from portal.users.authentication.views import signout
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def person(client, tree):
    user = UserFactory(structure=tree.ampere)
    client.force_login(user)
    return user


def test_without_keycloak_the_page_asks_one_question_with_its_answer(client, person):
    html = client.get("/signout/").content.decode()
    assert "Voulez-vous quitter le portail ?" in html
    assert 'name="mode" value="local"' in html
    assert 'value="global"' not in html
    assert "tous les services de l&#x27;Éducation nationale" not in html
    assert "Votre choix par défaut se règle dans votre profil." not in html


def test_without_keycloak_the_header_button_signs_out_at_once_even_when_the_preference_is_ask(client, person):
    assert person.logout_preference == User.LogoutPreference.ASK
    response = client.post("/signout/")
    assert (response.status_code, response["Location"]) == (302, "/signin/")
    assert not signed_in(client)


def test_the_oidc_librarys_logout_address_is_the_portals_sign_out(client, person):
    assert resolve("/oidc/logout/").func is signout
    assert "Voulez-vous quitter le portail ?" in client.get("/oidc/logout/").content.decode()
    assert signed_in(client)  # a GET never signs out
    response = client.post("/oidc/logout/")
    assert (response.status_code, response["Location"]) == (302, "/signin/")
    assert not signed_in(client)
