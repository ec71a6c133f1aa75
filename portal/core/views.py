"""Pages of the core: sign-in, home, gates' pages, legal pages, language switch, health probes."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import check_for_language
from django.views.decorators.http import require_GET, require_POST

from .gates import allow_inactive
from .legal import default_legal_content
from .models import LegalPage, SiteSettings

logger = logging.getLogger(__name__)


@login_not_required
def signin(request):
    """The public sign-in page: the admins' introduction text, and the way in (Keycloak or the dev sign-in)."""
    if request.user.is_authenticated:
        return redirect("home")
    context = {"site": SiteSettings.load(), "next": request.GET.get("next", "")}
    for hook in getattr(settings, "SIGNIN_PAGE_CONTEXT_HOOKS", []):
        extra = dict(import_string(hook)(request))
        templates = context.get("signin_extra_templates", []) + list(extra.pop("signin_extra_templates", []))
        context.update(extra, signin_extra_templates=templates)
    return render(request, "core/signin.html", context)


def home(request):
    """Landing page: the first landing resolver that answers a URL wins (informations, personal space...)."""
    for resolver in getattr(settings, "HOME_LANDING_RESOLVERS", []):
        url = import_string(resolver)(request)
        if url:
            return redirect(url)
    return render(request, "core/home.html")


@allow_inactive
def waiting_validation(request):
    if request.user.is_active:
        return redirect("home")
    return render(request, "core/waiting_validation.html")


@login_not_required
def legal_page(request, key):
    if key not in LegalPage.Key.values:
        raise Http404
    page = LegalPage.objects.filter(key=key).first()
    if page and page.external_url:
        return HttpResponseRedirect(page.external_url)
    content = page.content if page and page.content else default_legal_content(key)
    context = {"page": page, "key": key, "content": content, "title": LegalPage.Key(key).label}
    return render(request, "core/legal_page.html", context)


@login_not_required
@require_POST
def set_language(request):
    """Switch the interface language; for a signed-in person it is also saved on the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated:
            get_user_model().objects.filter(pk=request.user.pk).update(language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@login_not_required
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the DSFR's icon."""
    return HttpResponsePermanentRedirect(static("dsfr/dist/favicon/favicon.ico"))


@login_not_required
@require_GET
def healthz(request):
    """Liveness: the process answers. Touches nothing."""
    return JsonResponse({"status": "ok"})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache():
    cache.set("readyz", "ok", 5)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache read-back failed")


def _check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@login_not_required
@require_GET
def readyz(request):
    """Readiness: database, cache and broker reachable; 503 naming what failed."""
    failures = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("broker", _check_broker)):
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure makes the probe fail, named, not raised
            logger.warning("readyz: %s unreachable: %s", name, error.__class__.__name__)
            failures[name] = error.__class__.__name__
    if failures:
        return JsonResponse({"status": "unavailable", "failures": failures}, status=503)
    return JsonResponse({"status": "ok"})
