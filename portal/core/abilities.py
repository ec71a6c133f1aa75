"""The base of the permission layer: who is an active user, who is a global administrator.

Every app has an ``abilities.py`` with ``get_<thing>_abilities(user, obj) -> dict[str, bool]``; views, the API, the
admin and the tasks all ask it. Deny by default: an ability missing from the dict is false.
"""


def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_global_admin(user) -> bool:
    """Global administrators are the active superusers."""
    return is_active_user(user) and user.is_superuser


def ability(abilities: dict, name: str) -> bool:
    """Read one ability, false when absent (deny by default)."""
    return bool(abilities.get(name, False))
