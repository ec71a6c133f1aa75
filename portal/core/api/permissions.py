"""DRF permissions built on the abilities layer (see ``portal.core.abilities``)."""

from rest_framework import permissions

from portal.core.abilities import is_active_user


class IsActiveUser(permissions.BasePermission):
    """The default: a signed-in, active account."""

    def has_permission(self, request, view):
        return is_active_user(request.user)


class AbilityPermission(IsActiveUser):
    """Object permission read from ``view.get_abilities(user, obj)``.

    The view maps each action to an ability with ``ability_map`` (``{"update": "update", "destroy": "delete"}``);
    an action absent from the map is denied (deny by default). Reads default to the "view" ability.
    """

    def has_object_permission(self, request, view, obj):
        action = getattr(view, "action", None) or request.method.lower()
        default = "view" if request.method in permissions.SAFE_METHODS else None
        ability_name = getattr(view, "ability_map", {}).get(action, default)
        if ability_name is None:
            return False
        return bool(view.get_abilities(request.user, obj).get(ability_name, False))
