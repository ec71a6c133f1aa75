"""Authentication backends: Keycloak (OpenID Connect) and the sessions of the dev sign-in page."""

import logging

import requests
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import get_language
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from portal.users.models import User

from . import accounts

logger = logging.getLogger(__name__)


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow (PKCE, nonce, RS256 checked against the realm's JWKS), with the portal's
    account rules (``accounts.sign_in_account``) instead of its e-mail matching.

    It answers only the callback view's call (which passes the session's nonce), never a username/password
    ``authenticate()`` that happens to carry ``code`` and ``state`` in its query string.
    """

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            # The provider refused the code (replayed, expired, wrong PKCE verifier) or could not be reached.
            status = getattr(error.response, "status_code", None)
            logger.warning("OIDC sign-in failed at the provider (%s, status %s)", error.__class__.__name__, status)
            request.oidc_failure = "provider"
            return None

    def verify_token(self, token, **kwargs):
        """The signature and nonce (mozilla-django-oidc), then the issuer, audience and expiry."""
        payload = super().verify_token(token, **kwargs)
        if payload.get("iss") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if "exp" not in payload:
            raise SuspiciousOperation("ID token without expiry")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo answered for another subject than the ID token")
        try:
            return accounts.sign_in_account(claims, language=get_language())
        except accounts.SignInRefused as refusal:
            self.request.oidc_refusal = refusal
            accounts.report_refusal(refusal, claims)
            return None

    def get_user(self, user_id):
        # Inactive people keep their session: the access gates show them the waiting page only.
        return User.objects.filter(pk=user_id).first()


class DevSigninBackend(BaseBackend):
    """Resolves the sessions opened by the dev sign-in page, only while ``DEV_SIGNIN_ENABLED`` is on.

    It authenticates nothing by itself (the page logs the chosen person in); turning the setting off ends every
    such session at the next request.
    """

    def get_user(self, user_id):
        if not settings.DEV_SIGNIN_ENABLED:
            return None
        return User.objects.filter(pk=user_id).first()
