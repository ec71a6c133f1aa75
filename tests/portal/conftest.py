"""Fixtures of the portal tests: for sign-in, a real OpenID Connect provider (node ``oidc-provider``, Keycloak's URL
layout) and a helper that plays the browser through a whole code flow; for the back office, a populated tree (Lyon
and Grenoble) and signed-in clients (``world``, ``as_lyon``, ``as_global``)."""

import os
import subprocess
import sys

import pytest
import requests
from django.conf import settings as django_settings

from portal.users.factories import UserFactory
from tests.oidc_provider.fixtures import oidc_provider_factory, use_provider  # noqa: F401 (fixture)
from tests.oidc_provider.harness import DEFAULT_PASSWORD, callback_path, follow_until
from tests.portal.admin_helpers import structure_admin

TESTSERVER = "http://testserver"


@pytest.fixture(scope="session")
def oidc_provider(oidc_provider_factory):  # noqa: F811
    """One provider for the session, whose client redirects to Django's test client host."""
    return oidc_provider_factory([f"{TESTSERVER}/oidc/callback/"], [f"{TESTSERVER}/signin/"])


@pytest.fixture
def oidc(settings, oidc_provider):
    """The portal configured against the provider (no user there yet)."""
    return use_provider(settings, oidc_provider)


class SignIn:
    """Drive the authorization code flow: Django's test client for the portal, ``requests`` at the provider."""

    def __init__(self, client, provider):
        self.client = client
        self.provider = provider
        self.browser = requests.Session()  # the provider's cookies (its session)

    def start(self):
        """``/oidc/authenticate/`` -> the provider's authorization URL."""
        response = self.client.get("/oidc/authenticate/")
        assert response.status_code == 302, response
        return response["Location"]

    def at_provider(self, url, username=None, password=DEFAULT_PASSWORD):
        """Play the provider's pages until it redirects back to the portal; return that URL (or the last page)."""
        return follow_until(self.browser, url, TESTSERVER, username=username, password=password)

    def callback(self, url):
        return self.client.get(callback_path(url))

    def __call__(self, username, password=DEFAULT_PASSWORD):
        """The whole flow for a person at a fresh browser; returns the portal's answer to the callback.

        The provider's session stays in ``self.browser`` (a later silent re-authentication uses it).
        """
        self.browser = requests.Session()
        return self.callback(self.at_provider(self.start(), username, password))


@pytest.fixture
def sign_in(client, oidc):
    return SignIn(client, oidc)


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "SECRET_KEY": "production-like-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "portal.example.fr",
    "DATABASE_URL": "postgres://portal@127.0.0.1:1/never_connected",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "EMAIL_URL": "smtp://localhost:25",
}


@pytest.fixture
def production_python():
    """Run Python code in a fresh process with production settings (nothing connects to the fake services)."""

    def run(code, **variables):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("OIDC_", "DEV_SIGNIN", "DEBUG"))}
        env.update(PRODUCTION, **variables)
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


# --- the back office: a populated tree (Lyon and Grenoble) and signed-in clients ---


@pytest.fixture
def world(tree, lyon_admin, global_admin, teacher):
    """People on both sides: Lyon's subtree, Grenoble's, and requests crossing the border."""
    return type(
        "World",
        (),
        {
            "tree": tree,
            "global_admin": global_admin,
            "lyon_admin": lyon_admin,
            "rhone_admin": structure_admin("admin.rhone", tree.rhone),
            "grenoble_admin": structure_admin("admin.grenoble", tree.grenoble),
            "teacher": teacher,
            "moulin_teacher": UserFactory(username="prof.moulin", structure=tree.moulin),
            "grenoble_teacher": UserFactory(username="prof.champollion", structure=tree.champollion),
            # attached to Grenoble, asking to join the Rhône (Lyon's admins see the request)
            "candidate": UserFactory(
                username="candidat.rhone", structure=tree.champollion, awaiting_structure=tree.rhone
            ),
            # attached to Lyon, asking to leave for Grenoble
            "leaving": UserFactory(
                username="depart.grenoble", structure=tree.moulin, awaiting_structure=tree.champollion
            ),
        },
    )


@pytest.fixture
def as_lyon(client, world):
    """Signed in as the structure admin of the Académie de Lyon."""
    client.force_login(world.lyon_admin)
    return client


@pytest.fixture
def as_global(client, world):
    client.force_login(world.global_admin)
    return client
