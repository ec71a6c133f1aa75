"""The portal's back-office site: Django's ``admin.site``, with its own titles and the "waiting" shortcuts.

``admin.site`` is a ``PortalAdminSite``: ``portal.core.apps.PortalAdminConfig`` (in ``INSTALLED_APPS`` instead of
``django.contrib.admin``) makes it Django's ``default_site``, so every app keeps registering on ``admin.site``.

A ModelAdmin may define ``get_shortcuts(request) -> list[dict]`` (built with ``shortcut``): extra rows listed under
its model in the admin index and sidebar, each a filtered changelist with a count badge (pending accounts, structure
requests...). They are computed once per request.

The index opens with a summary for the person: the structures they administer, what waits for them (the shortcuts
above, with links) and the tools that live outside the admin (launch statistics, default spaces...), which apps
register from their ``AppConfig.ready()`` with ``register_admin_tool`` (the core imports no feature app).
"""

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class AdminTool:
    label: str
    url_name: str
    allowed: Callable  # (user) -> bool, from the app's abilities


_tools: dict[str, AdminTool] = {}


def register_admin_tool(url_name, label, allowed):
    """List a page of an app among the tools of the admin index, for the people ``allowed(user)`` lets in."""
    _tools[url_name] = AdminTool(label=label, url_name=url_name, allowed=allowed)


def admin_tools_for(user):
    return [{"label": tool.label, "url": reverse(tool.url_name)} for tool in _tools.values() if tool.allowed(user)]


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

    def index(self, request, extra_context=None):
        app_list = self.get_app_list(request)
        waiting = [
            row
            for app in app_list
            for row in app["models"]
            if str(row.get("object_name", "")).endswith("-shortcut") and "count" in row
        ]
        extra_context = {
            **(extra_context or {}),
            "portal_summary": {
                "administered": self._administered_names(request.user),
                "waiting": waiting,
                "waiting_total": sum(row["count"] for row in waiting),
                "tools": admin_tools_for(request.user),
            },
        }
        return super().index(request, extra_context)

    @staticmethod
    def _administered_names(user):
        """Names of the structures ``user`` administers directly, as the tree reads (None for a global admin)."""
        from portal.core.abilities import is_global_admin
        from portal.structures.abilities import administered_paths
        from portal.structures.models import Structure

        if is_global_admin(user):
            return None
        return list(
            Structure.objects.filter(path__in=administered_paths(user)).order_by("path").values_list("name", flat=True)
        )
