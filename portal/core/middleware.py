"""The access gates of LaBoîte, applied to every view unless it opts out (see ``portal.core.gates``), and the
response headers of every answer (Content Security Policy, Permissions-Policy, Cache-Control of personal pages)."""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .abilities import is_global_admin
from .gates import lacks_structure, structure_required_body
from .models import SiteSettings
from .origins import origin_of


def _wants_json(request):
    return request.path.startswith("/api/")


def _allows(view_func, gate):
    """The view opted out of ``gate``: on the view function, or on the class of a DRF view (``view_func.cls``)."""
    return getattr(view_func, gate, False) or getattr(getattr(view_func, "cls", None), gate, False)


def _is_drf_view(view_func):
    """DRF marks its views ``login_not_required`` (it authenticates by itself): they are not public for the gates."""
    return getattr(view_func, "cls", None) is not None


class AccessGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        api_view = _is_drf_view(view_func)
        if getattr(view_func, "login_required", True) is False and not api_view:
            return None  # public view (sign-in, legal pages, health)
        user = request.user
        if not user.is_authenticated:
            return None  # LoginRequiredMiddleware sends anonymous people to the sign-in page; DRF answers 401
        site = SiteSettings.load()
        request.site_settings = site
        global_admin = is_global_admin(user)
        if site.maintenance and not global_admin and not _allows(view_func, "gate_allow_maintenance"):
            if _wants_json(request):
                return JsonResponse(
                    {"detail": _("Le portail est en maintenance."), "reason": site.maintenance_reason}, status=503
                )
            return render(request, "core/maintenance.html", {"site": site}, status=503)
        if api_view:
            return None  # DRF's own authentication and permissions decide the rest (inactive accounts get a 401)
        if not user.is_active and not _allows(view_func, "gate_allow_inactive"):
            if _wants_json(request):
                return JsonResponse({"detail": _("Votre compte attend sa validation.")}, status=403)
            return redirect("waiting_validation")
        if lacks_structure(user) and not _allows(view_func, "gate_allow_without_structure"):
            if _wants_json(request):
                return JsonResponse(structure_required_body(), status=403)
            return redirect("choose_structure")
        return None


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every answer; ``Cache-Control: private, no-store`` on every answer to a signed-in
    person (pages and API: they are personal), so that no shared cache or browser history keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware (``settings.CONTENT_SECURITY_POLICY``), plus Keycloak's origin in ``form-action``
    when OIDC is on: browsers check the redirects that follow a form (sign-in, sign-out everywhere) against it."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if settings.OIDC_ISSUER:
            update = dict(parts.update or {})
            update["form-action"] = [*update.get("form-action", []), origin_of(settings.OIDC_ISSUER)]
            parts.update = update
        return parts
