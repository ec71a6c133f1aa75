"""pytest fixtures around the test provider; imported by the conftests of the folders that sign in through it."""

import pytest

from portal.users.authentication.endpoints import keycloak_endpoints

from .harness import ProviderUnavailable, start_provider


@pytest.fixture(scope="session")
def oidc_provider_factory():
    """Start providers on demand (each knows its client's redirect URIs); all stop at the end of the session."""
    started = []

    def start(redirect_uris, post_logout_redirect_uris):
        try:
            provider = start_provider(redirect_uris, post_logout_redirect_uris)
        except ProviderUnavailable as reason:
            pytest.skip(f"no OpenID Connect provider: {reason}")
        started.append(provider)
        return provider

    yield start
    for provider in started:
        provider.stop()


def use_provider(settings, provider):
    """Point the portal at ``provider`` exactly as production points it at Keycloak: the realm URL and the client."""
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_ENABLED = True
    for name, value in keycloak_endpoints(provider.issuer).items():
        setattr(settings, name, value)
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.DEV_SIGNIN_ENABLED = False
    provider.reset_users()
    return provider
