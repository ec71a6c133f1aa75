"""Response headers (issue #9 point 17): a strict Content Security Policy with a per-answer nonce,
Permissions-Policy everywhere, ``Cache-Control: private, no-store`` on personal pages and API answers."""

import re

import pytest
from rest_framework.test import APIClient

from tests.portal.pages import sign_in

pytestmark = pytest.mark.django_db

NONCE = re.compile(r"'nonce-([^']+)'")


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.fixture
def profile_with_script(client, teacher):
    """The teacher signed in; their profile page carries an inline script (the federation id's copy button)."""
    teacher.nclocator = "nc1.exemple.fr"
    teacher.save()
    return sign_in(client, teacher)


def test_pages_send_a_strict_policy_whose_nonce_is_the_scripts_one(client, profile_with_script):
    response = client.get("/profile/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    script_src = policy["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    (nonce,) = NONCE.findall(" ".join(script_src))
    html = response.content.decode()
    assert f'<script nonce="{nonce}">' in html
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html))


def test_each_answer_has_its_own_nonce(client, profile_with_script):
    first, second = (NONCE.findall(client.get("/profile/")["Content-Security-Policy"]) for _ in range(2))
    assert first and second and first != second


def test_keycloak_is_a_form_action_when_oidc_is_on(client, settings):
    settings.OIDC_ISSUER = "https://sso.example.fr:8443/realms/apps"
    response = client.get("/signin/")
    assert directives(response)["form-action"] == ["'self'", "https://sso.example.fr:8443"]


@pytest.mark.parametrize("path", ["/signin/", "/healthz", "/legal/mentions-legales/"])
def test_every_answer_switches_off_unused_browser_features(client, path):
    response = client.get(path)
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/profile/", "/notifications/"])
def test_personal_pages_are_never_stored(client, teacher, path):
    sign_in(client, teacher)
    response = client.get(path)
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}
    assert "public" not in response["Cache-Control"]


def test_personal_api_answers_are_never_stored(teacher):
    api = APIClient()
    api.force_authenticate(teacher)
    response = api.get("/api/v1/me/bookmarks/")
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) >= {"private", "no-store"}
    assert "Content-Security-Policy" in response


def test_anonymous_public_pages_are_not_marked_private(client):
    response = client.get("/signin/")
    assert "private" not in response.get("Cache-Control", "")


def test_the_admin_and_the_dev_sign_in_page_still_work(client, global_admin, settings):
    settings.DEV_SIGNIN_ENABLED = True
    settings.OIDC_ENABLED = False
    assert client.get("/signin/dev/").status_code == 200
    client.force_login(global_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "<style" not in response.content.decode()  # the admin's additions are a static file
    assert "Content-Security-Policy" in response
