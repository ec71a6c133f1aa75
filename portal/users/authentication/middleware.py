"""Session refresh: a person disabled in Keycloak loses the portal within ``OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS``.

mozilla-django-oidc's ``SessionRefresh``: once the ID token's renewal time has passed, the next page view goes
back to Keycloak with ``prompt=none``. An active Keycloak session comes straight back signed in; a disabled person
or an ended session comes back with an error, and the callback signs them out. API calls are not redirected:
they get a 401 JSON answer, and the next page view renews the session.

Settings are read at each request (not at start-up), and nothing happens unless OpenID Connect is enabled and the
session was opened by Keycloak (dev sign-in and break-glass sessions are left alone).
"""

import time

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _
from mozilla_django_oidc.middleware import SessionRefresh


class OIDCSessionRefreshMiddleware(SessionRefresh):
    # These read the settings at each request, so that tests and reloads see the current configuration.
    OIDC_EXEMPT_URLS = property(lambda self: getattr(settings, "OIDC_EXEMPT_URLS", []))
    OIDC_OP_AUTHORIZATION_ENDPOINT = property(lambda self: settings.OIDC_OP_AUTHORIZATION_ENDPOINT)
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_STATE_SIZE = property(lambda self: getattr(settings, "OIDC_STATE_SIZE", 32))
    OIDC_AUTHENTICATION_CALLBACK_URL = property(lambda self: "oidc_authentication_callback")
    OIDC_RP_SCOPES = property(lambda self: settings.OIDC_RP_SCOPES)
    OIDC_USE_NONCE = property(lambda self: getattr(settings, "OIDC_USE_NONCE", True))
    OIDC_NONCE_SIZE = property(lambda self: getattr(settings, "OIDC_NONCE_SIZE", 32))

    def __init__(self, get_response):
        MiddlewareMixin.__init__(self, get_response)

    @property
    def exempt_urls(self):
        # Signing out (and its "ask" page) must never bounce through Keycloak first.
        return {*super().exempt_urls, reverse("signout"), reverse("signin")}

    def process_request(self, request):
        if not settings.OIDC_ENABLED or not self.is_refreshable_url(request):
            return None
        if request.session.get("oidc_id_token_expiration", 0) > time.time():
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Votre session doit être renouvelée : rechargez la page du portail.")}, status=401
            )
        return super().process_request(request)
