"""Who may do what on structures.

A structure administrator's rights cover the structure and its whole subtree. Validating the people *awaiting* a
structure is the exception: it needs the direct administrator of that structure (or a global admin), as in LaBoîte.
"""

from portal.core.abilities import is_active_user, is_global_admin


def administered_paths(user) -> tuple[str, ...]:
    """Paths of the structures ``user`` administers directly (one query, cached on the user object)."""
    if not is_active_user(user):
        return ()
    cached = getattr(user, "_administered_paths", None)
    if cached is None:
        cached = tuple(user.administered_structures.values_list("path", flat=True))
        user._administered_paths = cached
    return cached


def administered_ids(user) -> tuple[int, ...]:
    """Ids of the structures ``user`` administers directly, read off the cached paths."""
    return tuple(int(path.strip("/").split("/")[-1]) for path in administered_paths(user))


def is_structure_admin(user) -> bool:
    """Administers at least one structure (gives access to the back office)."""
    return bool(administered_paths(user))


def is_admin_of_structure(user, structure, direct=False) -> bool:
    """Global admin, or admin of ``structure`` (``direct``) or of one of its ancestors."""
    if structure is None:
        return is_global_admin(user)
    if is_global_admin(user):
        return True
    paths = administered_paths(user)
    if direct:
        return structure.path in paths
    return any(structure.path.startswith(path) for path in paths)


def get_structure_abilities(user, structure) -> dict[str, bool]:
    admin = is_admin_of_structure(user, structure)
    return {
        "view": is_active_user(user),
        "update": admin,
        "delete": admin and (is_global_admin(user) or structure.path not in administered_paths(user)),
        "create_child": admin,
        "move": admin,
        "manage_admins": admin,
        "manage_users": admin,
        "validate_requests": is_admin_of_structure(user, structure, direct=True),
    }
