"""Helpers of the page tests (gates, core pages): a signed-in session and a plain home page."""

import pytest
from django.utils import translation

# Sessions opened by Keycloak resolve through this backend, which keeps inactive people signed in.
OIDC_BACKEND = "portal.users.authentication.backend.PortalOIDCBackend"


def sign_in(client, user):
    """Open a session for ``user`` as the Keycloak sign-in does."""
    client.force_login(user, backend=OIDC_BACKEND)
    return user


@pytest.fixture
def plain_home(settings):
    """ "/" renders the plain home page (no landing resolver), in French, so pages behind every gate are easy to see."""
    settings.HOME_LANDING_RESOLVERS = []
    with translation.override("fr"):
        yield
