"""Who may do what on user accounts (views, API, admin and tasks all ask here)."""

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.abilities import is_admin_of_structure


def manages_user(actor, target) -> bool:
    """Global admin, or admin of the structure ``target`` is attached to (or of one of its ancestors)."""
    if is_global_admin(actor):
        return True
    return target.structure_id is not None and is_admin_of_structure(actor, target.structure)


def get_user_abilities(actor, target) -> dict[str, bool]:
    manages = manages_user(actor, target)
    is_self = is_active_user(actor) and actor.pk == target.pk
    awaiting = target.awaiting_structure
    return {
        "view": is_self or manages or (awaiting is not None and is_admin_of_structure(actor, awaiting)),
        "update": manages,
        "update_preferences": is_self,
        "activate": manages,
        "deactivate": manages and not is_self,
        "change_structure": manages,
        "set_global_admin": is_global_admin(actor),
        "set_quota": manages,
        "delete": is_global_admin(actor) and not is_self,
        "validate_structure_request": awaiting is not None and is_admin_of_structure(actor, awaiting, direct=True),
    }


def can_move_user_to(actor, target, structure) -> bool:
    """A structure admin may only move people inside their own subtrees."""
    return manages_user(actor, target) and (structure is None or is_admin_of_structure(actor, structure))
