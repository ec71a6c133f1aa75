"""Who may do what on structures.

A structure administrator's rights cover the structure and its whole subtree. Validating the people *awaiting* a
structure is the exception: it needs the direct administrator of that structure (or a global admin), as in LaBoîte;
a structure without any active admin of its own (a school nobody runs yet) has its requests decided by the admins of
its nearest ancestor that has some (``request_deciding_structure``), so that no request waits for a global admin.
Moving or deleting a structure changes its parent's subtree, so it needs rights over the parent: a structure admin
cannot move nor delete the structure they were made admin of (only what lies below it).
"""

from portal.core.abilities import is_active_user, is_global_admin

#: Attribute caching a person's administered paths on the user object (see ``administered_paths``).
_CACHE_ATTRIBUTE = "_administered_paths"


def administered_paths(user) -> tuple[str, ...]:
    """Paths of the structures ``user`` administers directly (one query, cached on the user object)."""
    if not is_active_user(user):
        return ()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = tuple(user.administered_structures.values_list("path", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def prime_administered_paths(users) -> None:
    """Load the administered paths of many people in one query (bulk checks would otherwise query per person)."""
    from .models import Structure

    users = [user for user in users if getattr(user, _CACHE_ATTRIBUTE, None) is None]
    if not users:
        return
    paths = {user.pk: [] for user in users}
    links = Structure.admins.through.objects.filter(user_id__in=list(paths)).values_list("user_id", "structure__path")
    for user_id, path in links:
        paths[user_id].append(path)
    for user in users:
        setattr(user, _CACHE_ATTRIBUTE, tuple(paths[user.pk]))


def administered_ids(user) -> tuple[int, ...]:
    """Ids of the structures ``user`` administers directly, read off the cached paths."""
    return tuple(int(path.strip("/").split("/")[-1]) for path in administered_paths(user))


def is_structure_admin(user) -> bool:
    """Administers at least one structure (gives access to the back office)."""
    return bool(administered_paths(user))


def covers_path(user, path) -> bool:
    """``path`` lies in one of the subtrees ``user`` administers (global admins cover everything)."""
    if is_global_admin(user):
        return True
    return bool(path) and any(path.startswith(administered) for administered in administered_paths(user))


def is_admin_of_structure(user, structure, direct=False) -> bool:
    """Global admin, or admin of ``structure`` (``direct``) or of one of its ancestors."""
    if structure is None:
        return is_global_admin(user)
    if is_global_admin(user):
        return True
    if direct:
        return structure.path in administered_paths(user)
    return covers_path(user, structure.path)


def parent_path(structure) -> str | None:
    """The parent's path, read off ``structure.path`` without a query (None for a root)."""
    parts = structure.path.strip("/").split("/")
    return f"/{'/'.join(parts[:-1])}/" if len(parts) > 1 else None


def get_structure_abilities(user, structure) -> dict[str, bool]:
    admin = is_admin_of_structure(user, structure)
    above = parent_path(structure)
    admin_of_parent = is_global_admin(user) if above is None else covers_path(user, above)
    return {
        "view": is_active_user(user),
        "update": admin,
        "delete": admin_of_parent,
        "create_child": admin,
        "move": admin_of_parent,
        "manage_admins": admin,
        "manage_users": admin,
        "validate_requests": is_admin_of_structure(user, structure, direct=True),
    }


def request_deciding_structure(structure):
    """The structure whose direct admins decide the requests to join ``structure``: itself, else its nearest
    ancestor with an active admin; None when nobody on the path has one (global admins decide). One query."""
    from .models import Structure

    ids = [*structure.ancestor_ids, structure.pk]
    with_admins = set(
        Structure.admins.through.objects.filter(structure_id__in=ids, user__is_active=True).values_list(
            "structure_id", flat=True
        )
    )
    deciding_id = next((pk for pk in reversed(ids) if pk in with_admins), None)
    if deciding_id is None:
        return None
    return structure if deciding_id == structure.pk else Structure.objects.get(pk=deciding_id)


def decides_requests_to(user, structure) -> bool:
    """``user`` may accept or refuse the requests to join ``structure`` (see ``request_deciding_structure``)."""
    if structure is None or not is_active_user(user):
        return False
    if is_global_admin(user):
        return True
    if not covers_path(user, structure.path):
        return False
    if structure.path in administered_paths(user):
        return True
    deciding = request_deciding_structure(structure)
    return deciding is not None and deciding.path in administered_paths(user)
