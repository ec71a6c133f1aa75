"""Who may do what in the catalogue and the personal spaces. Views, the API, the admin and the tasks ask here.

- National services (no structure) and categories: global admins.
- Structure services and business regroupings: the admins of that structure or of one of its ancestors (a
  structure admin's rights cover their whole subtree), and global admins.
- A service is seen by the people of its structure's subtree (national ones by everybody), unless hidden; a beta
  service only by those who opted in. Managers also see their hidden services (to preview them).
- Personal spaces and personal bookmarks: their owner only (not even a global admin reads someone's bookmarks).
- Default spaces: the admins of the structure (or of an ancestor); launch statistics: global and structure admins.
Deny by default: an ability absent from a dict is false.
"""

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.abilities import is_admin_of_structure, is_structure_admin

from .models import Service


def can_manage_services_of(user, structure) -> bool:
    """May create or edit services of ``structure`` (None: national services)."""
    if not is_active_user(user):
        return False
    if structure is None:
        return is_global_admin(user)
    return is_admin_of_structure(user, structure)


def can_create_service(user) -> bool:
    """May create a service somewhere (the back office's "add" button)."""
    return is_global_admin(user) or is_structure_admin(user)


def is_service_visible_to(user, service) -> bool:
    """Listed to ``user`` (see ``selectors.visible_services_for``, which is the same rule as a query)."""
    if not is_active_user(user) or service.state == Service.State.HIDDEN:
        return False
    if service.is_beta and not user.beta_services:
        return False
    if service.structure_id is None:
        return True
    structure = user.structure
    return structure is not None and structure.is_in_subtree_of(service.structure)


def get_service_abilities(user, service) -> dict[str, bool]:
    manage = can_manage_services_of(user, service.structure) if service.structure_id else is_global_admin(user)
    visible = is_service_visible_to(user, service)
    return {
        "view": visible or manage,
        "launch": visible and service.state == Service.State.DISPLAYED,
        "favourite": visible,
        "update": manage,
        "delete": manage,
    }


def get_category_abilities(user, category) -> dict[str, bool]:
    admin = is_global_admin(user)
    return {"view": is_active_user(user), "update": admin, "delete": admin}


def can_create_category(user) -> bool:
    return is_global_admin(user)


def get_regrouping_abilities(user, regrouping) -> dict[str, bool]:
    manage = is_active_user(user) and is_admin_of_structure(user, regrouping.structure)
    return {"view": manage, "update": manage, "delete": manage}


def get_bookmark_abilities(user, bookmark) -> dict[str, bool]:
    owner = is_active_user(user) and bookmark.user_id == user.pk
    return {"view": owner, "update": owner, "delete": owner, "favourite": owner}


def get_default_space_abilities(user, structure) -> dict[str, bool]:
    manage = is_active_user(user) and is_admin_of_structure(user, structure)
    return {"view": manage, "update": manage, "apply": manage}


def can_edit_default_spaces(user) -> bool:
    return is_global_admin(user) or is_structure_admin(user)


def can_view_launch_stats(user) -> bool:
    return is_global_admin(user) or is_structure_admin(user)
