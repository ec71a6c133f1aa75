"""Every write on groups, memberships and group bookmarks, with its rule. Views, the API, the admin, the tasks and
the signal receivers call these; none re-implements a rule.

Refusals: ``PermissionDenied`` when the person may not do this at all (403), ``ValidationError`` naming the field
when the request itself is wrong (400): joining a closed group, accepting someone who is not a candidate, demoting
the last admin, going over the quota, a reserved or taken name. Each service runs in one transaction: on a refusal
nothing changes.

By concern: ``groups`` (names, fields, creation, deletion, favourites), ``memberships`` (joining, requests, roles,
bulk additions, broadcasts), ``bookmarks`` (group bookmarks) and ``structure_groups`` (the automatic groups of the
structure tree). Import from ``groups.services``: the names below are its public interface.
"""

from .bookmarks import (
    add_bookmark,
    delete_bookmark,
    favourite_bookmark,
    unfavourite_bookmark,
    update_bookmark,
)
from .common import Role
from .groups import (
    CONTENT_FIELDS,
    DESCRIPTION_MAX_LENGTH,
    RESERVED_SLUGS,
    SETTINGS_FIELDS,
    clean_group_fields,
    clean_group_name,
    create_group,
    delete_group,
    favourite_group,
    forget_groups,
    unfavourite_group,
    unique_slug,
    update_group,
)
from .memberships import (
    BROADCAST_TEXT_MAX_LENGTH,
    RANK,
    accept_candidate,
    add_member,
    add_members_from_group,
    broadcast_to_group,
    cancel_request,
    join_group,
    leave_group,
    refuse_candidate,
    remove_member,
    request_membership,
    set_role,
    unset_role,
)
from .structure_groups import (
    INSERT_BATCH_ROWS,
    SYNC_CHUNK_SIZE,
    automatic_group_name,
    ensure_structure_groups,
    rename_structure_group,
    sync_all_automatic_groups,
    sync_automatic_memberships,
    sync_structure_subtree,
)

__all__ = [
    "BROADCAST_TEXT_MAX_LENGTH",
    "CONTENT_FIELDS",
    "DESCRIPTION_MAX_LENGTH",
    "INSERT_BATCH_ROWS",
    "RANK",
    "RESERVED_SLUGS",
    "Role",
    "SETTINGS_FIELDS",
    "SYNC_CHUNK_SIZE",
    "accept_candidate",
    "add_bookmark",
    "add_member",
    "add_members_from_group",
    "automatic_group_name",
    "broadcast_to_group",
    "cancel_request",
    "clean_group_fields",
    "clean_group_name",
    "create_group",
    "delete_bookmark",
    "delete_group",
    "ensure_structure_groups",
    "favourite_bookmark",
    "favourite_group",
    "forget_groups",
    "join_group",
    "leave_group",
    "refuse_candidate",
    "remove_member",
    "rename_structure_group",
    "request_membership",
    "set_role",
    "sync_all_automatic_groups",
    "sync_automatic_memberships",
    "sync_structure_subtree",
    "unfavourite_bookmark",
    "unfavourite_group",
    "unique_slug",
    "unset_role",
    "update_bookmark",
    "update_group",
]
