"""Who may do what with the Nextcloud instance pool (the admin, the services and the tasks ask here).

Only global administrators manage the pool. An instance that still hosts people cannot be deleted.
"""

from portal.core.abilities import is_global_admin


def can_manage_pool(user) -> bool:
    return is_global_admin(user)


def get_instance_abilities(user, instance) -> dict[str, bool]:
    manages = can_manage_pool(user)
    return {
        "view": manages,
        "update": manages,
        "delete": manages and instance.user_count == 0,
    }
