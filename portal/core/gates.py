"""Decorators that open a view to people the access gates would otherwise stop.

The gates (see ``AccessGateMiddleware``), checked in turn for a signed-in person:
1. maintenance mode: only global admins get through (with a banner);
2. inactive account: only the views marked ``@allow_inactive`` (profile, "waiting for validation", sign-out);
3. no structure: only the views marked ``@allow_without_structure`` (structure choice, informations, profile).
Public views use Django's ``login_not_required`` and pass every gate.

API views (DRF) go through the maintenance gate here (a JSON 503; ``@allow_during_maintenance`` also applies to a
DRF view class); DRF's own authentication and permissions handle the rest: an inactive account gets a 401, and an
account without a structure a 403 naming the structure choice (``portal.core.api.permissions.IsActiveUser``, which
reads ``@allow_without_structure`` on the view class too). DRF marks its views ``login_not_required`` because it
authenticates by itself, which the gates do not take for "public".
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from .abilities import is_global_admin


def lacks_structure(user) -> bool:
    """The structure gate: a signed-in person without a structure, global admins excepted."""
    return user.structure_id is None and not is_global_admin(user)


def structure_required_body() -> dict:
    """The 403 JSON answered to a person who must choose a structure first (pages under /api/ and the API)."""
    return {"detail": _("Choisissez d'abord votre structure."), "structure_choice": reverse("choose_structure")}


def allow_inactive(view):
    view.gate_allow_inactive = True
    view.gate_allow_without_structure = True
    return view


def allow_without_structure(view):
    view.gate_allow_without_structure = True
    return view


def allow_during_maintenance(view):
    view.gate_allow_maintenance = True
    return view
