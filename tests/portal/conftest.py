"""Fixtures of the sign-in tests: a real OpenID Connect provider (node ``oidc-provider``, Keycloak's URL layout)
and a helper that plays the browser through a whole code flow."""

import os
import subprocess
import sys

import pytest
import requests
from django.conf import settings as django_settings

from tests.oidc_provider.fixtures import oidc_provider_factory, use_provider  # noqa: F401 (fixture)
from tests.oidc_provider.harness import DEFAULT_PASSWORD, callback_path, follow_until

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
