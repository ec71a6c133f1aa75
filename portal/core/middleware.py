"""The access gates of LaBoîte, applied to every view unless it opts out (see ``portal.core.gates``)."""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .abilities import is_global_admin
from .models import SiteSettings


def _wants_json(request):
    return request.path.startswith("/api/")


class AccessGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "login_required", True) is False:
            return None  # public view (sign-in, legal pages, health, API with its own permissions)
        user = request.user
        if not user.is_authenticated:
            return None  # LoginRequiredMiddleware sends anonymous people to the sign-in page
        site = SiteSettings.load()
        request.site_settings = site
        global_admin = is_global_admin(user)
        if site.maintenance and not global_admin and not getattr(view_func, "gate_allow_maintenance", False):
            return render(request, "core/maintenance.html", {"site": site}, status=503)
        if not user.is_active and not getattr(view_func, "gate_allow_inactive", False):
            if _wants_json(request):
                return JsonResponse({"detail": _("Votre compte attend sa validation.")}, status=403)
            return redirect("waiting_validation")
        if (
            user.structure_id is None
            and not global_admin
            and not getattr(view_func, "gate_allow_without_structure", False)
        ):
            if _wants_json(request):
                return JsonResponse({"detail": _("Choisissez d'abord votre structure.")}, status=403)
            return redirect("choose_structure")
        return None
