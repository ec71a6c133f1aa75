"""The portal's back-office site: Django's ``admin.site``, with its own titles and the "waiting" shortcuts.

``portal/core/admin.py`` turns ``admin.site`` into a ``PortalAdminSite`` (same object, so every app keeps
registering on ``admin.site``). A ModelAdmin may define ``get_shortcuts(request) -> list[dict]`` (built with
``shortcut``): extra rows listed under its model in the admin index and sidebar, each a filtered changelist with a
count badge (pending accounts, structure requests...). They are computed once per request.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def shortcut(model_admin, key, label, query, count):
    """One shortcut row (``key`` unique per model): ``label`` linking to the changelist filtered by ``query``."""
    opts = model_admin.opts
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + f"?{query}"
    badge = (
        format_html(
            ' <span class="portal-badge" title="{}">{}</span>',
            ngettext("%(count)d en attente", "%(count)d en attente", count) % {"count": count},
            count,
        )
        if count
        else ""
    )
    return {
        "name": format_html("{}{}", label, badge),
        "object_name": f"{opts.object_name}-{key}-shortcut",
        "perms": {"view": True},
        "admin_url": url,
        "add_url": None,
        "view_only": True,
        "count": count,
    }


class PortalAdminSite(admin.AdminSite):
    site_header = _("Administration du portail")
    site_title = _("Administration du portail")
    index_title = _("Tableau de bord")

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        cache = getattr(request, "_admin_shortcuts", None)
        if cache is None:
            cache = request._admin_shortcuts = {}
        for app in app_list:
            rows = []
            for model in app["models"]:
                rows.append(model)
                model_admin = self._registry.get(model.get("model"))
                if hasattr(model_admin, "get_shortcuts"):
                    if model["model"] not in cache:
                        cache[model["model"]] = model_admin.get_shortcuts(request)
                    rows.extend(cache[model["model"]])
            app["models"] = rows
        return app_list
