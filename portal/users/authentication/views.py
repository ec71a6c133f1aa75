"""Sign-in (Keycloak's code flow, the dev sign-in page) and sign-out following the person's preference."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login, logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from portal.core.gates import allow_during_maintenance, allow_inactive
from portal.users.models import User

from .forms import DevSigninForm
from .selectors import dev_signin_people

logger = logging.getLogger(__name__)

DEV_SIGNIN_BACKEND = "portal.users.authentication.backend.DevSigninBackend"


def _require_oidc():
    if not settings.OIDC_ENABLED:
        raise Http404


@method_decorator(login_not_required, name="dispatch")
class AuthenticationRequestView(OIDCAuthenticationRequestView):
    """``/oidc/authenticate/``: to Keycloak with state, nonce and a PKCE S256 challenge kept in the session."""

    def get(self, request):
        _require_oidc()
        response = super().get(request)
        # Save the state now, whatever the session engine: the browser may reach the callback before the end of
        # this response's processing otherwise (django-lasuite PR #30).
        request.session.save()
        return response


@method_decorator(login_not_required, name="dispatch")
class AuthenticationCallbackView(OIDCAuthenticationCallbackView):
    """``/oidc/callback/``: mozilla-django-oidc's checks (state, nonce, PKCE, signature), then the portal's pages.

    - an unknown or replayed ``state``, a token that fails its checks: "sign-in failed" page (400);
    - a refusal of the account rules (missing claim, username conflict): the page saying what and whom to
      contact (403);
    - an inactive account: signed in, so that the gates show the "waiting for validation" page only;
    - the provider's ``error`` (expired Keycloak session on a silent refresh, cancelled login): signed out, back
      to the sign-in page.
    """

    def get(self, request):
        _require_oidc()
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logger.warning("OIDC callback refused: %s", error)
            return _failure_page(request, status=400)

    def login_failure(self):
        request = self.request
        refusal = getattr(request, "oidc_refusal", None)
        if refusal is not None:
            return render(request, "users/auth/refused.html", {"refusal": refusal}, status=403)
        user = getattr(self, "user", None)
        if user is not None and not user.is_active:
            return self.login_success()
        if request.GET.get("error"):
            messages.info(request, _("Votre session a pris fin : reconnectez-vous."))
            return redirect("signin")
        return _failure_page(request, status=502 if getattr(request, "oidc_failure", "") == "provider" else 400)


def _failure_page(request, status):
    return render(request, "users/auth/failed.html", status=status)


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("home")


@login_not_required
def dev_signin(request):
    """One click per demo person, no password. Exists only while ``DEV_SIGNIN_ENABLED`` (never in production)."""
    if not settings.DEV_SIGNIN_ENABLED:
        raise Http404
    if request.method == "POST":
        form = DevSigninForm(request.POST)
        if form.is_valid():
            login(request, form.cleaned_data["user"], backend=DEV_SIGNIN_BACKEND)
            return HttpResponseRedirect(_safe_next(request, form.cleaned_data["next"]))
        for error in form.errors.get("user", []):
            messages.error(request, error)
    return render(
        request,
        "users/auth/dev_signin.html",
        {"people": dev_signin_people(), "next": request.GET.get("next", "")},
    )


def _is_oidc_session(request):
    backend = request.session.get(BACKEND_SESSION_KEY, "")
    try:
        return issubclass(import_string(backend), OIDCAuthenticationBackend)
    except ImportError:
        return False


def end_session_url(request):
    """Keycloak's end-session URL for this session (``id_token_hint``, ``post_logout_redirect_uri``), or None."""
    id_token = request.session.get("oidc_id_token")
    if not (settings.OIDC_ENABLED and settings.OIDC_OP_LOGOUT_ENDPOINT and id_token and _is_oidc_session(request)):
        return None
    params = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("signin")),
        "client_id": settings.OIDC_RP_CLIENT_ID,
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"


@allow_inactive
@allow_during_maintenance
def signout(request):
    """Sign out as the profile says: the portal only (local), Keycloak too (global), or ask (a page, both buttons).

    GET always shows a confirmation page; the header's button POSTs without a mode and follows the preference.
    Without a Keycloak session (the embedded default, the dev sign-in, a break-glass password) there is nothing to
    choose: the page only confirms, and the header's button signs out at once. ``/oidc/logout/`` (the OIDC library's
    own address) is routed here too, so the preference applies whichever door is used.
    """
    global_available = end_session_url(request) is not None
    mode = request.POST.get("mode", "") if request.method == "POST" else ""
    if mode not in (User.LogoutPreference.LOCAL, User.LogoutPreference.GLOBAL):
        mode = request.user.logout_preference if request.method == "POST" else User.LogoutPreference.ASK
    if mode == User.LogoutPreference.ASK and request.method == "POST" and not global_available:
        mode = User.LogoutPreference.LOCAL
    if mode not in (User.LogoutPreference.LOCAL, User.LogoutPreference.GLOBAL):
        return render(request, "users/auth/signout.html", {"global_available": global_available})
    target = end_session_url(request) if mode == User.LogoutPreference.GLOBAL else None
    logout(request)
    return HttpResponseRedirect(target or reverse("signin"))
