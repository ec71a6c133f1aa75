"""DRF permissions built on the abilities layer (see ``portal.core.abilities``)."""

from rest_framework import permissions, status
from rest_framework.exceptions import APIException

from portal.core.abilities import is_active_user
from portal.core.gates import lacks_structure, structure_required_body


class StructureRequired(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "structure_required"


class IsActiveUser(permissions.BasePermission):
    """The default: a signed-in, active account with a structure, like the pages' gates (``portal.core.gates``).

    An account without a structure gets a 403 naming the structure choice, unless the view class is marked
    ``@allow_without_structure``.
    """

    def has_permission(self, request, view):
        if not is_active_user(request.user):
            return False
        if lacks_structure(request.user) and not getattr(view, "gate_allow_without_structure", False):
            raise StructureRequired(structure_required_body())
        return True


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
