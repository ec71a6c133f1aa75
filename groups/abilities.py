"""Who may do what on groups, memberships and group bookmarks. Views, the API, the admin and the services ask here.

Roles are ranked candidate < member < animator < admin; each includes the rights of the ones below it. On top of
the membership rows:
- a global admin has admin rights in every group;
- for an automatic (structure) group, an admin of its structure or of one of the structure's ancestors has admin
  rights too. Nobody edits an automatic group's name, type or membership by hand: the code maintains them.
Deny by default: an ability missing from a dict is false.
"""

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.abilities import is_admin_of_structure

from .models import Group, Membership

Role = Membership.Role
_UNSET = object()


def role_in(user, group):
    """The role of ``user`` in ``group`` (None when no row), cached on the group object.

    Selectors that list groups annotate the viewer's role and fill this cache (see ``selectors.attach_roles``), so
    asking for abilities on a page of groups costs no query per group.
    """
    if not is_active_user(user) or group.pk is None:
        return None
    cache = group.__dict__.setdefault("_roles", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(user_id=user.pk, group_id=group.pk).values_list("role", flat=True).first()
        )
    return cache[user.pk]


def forget_roles(group):
    """Drop the cached roles after a membership change made on this group object."""
    group.__dict__.pop("_roles", None)


def get_group_abilities(user, group) -> dict[str, bool]:
    active = is_active_user(user)
    role = role_in(user, group) if active else None
    automatic = group.is_automatic
    structure_admin = automatic and active and is_admin_of_structure(user, group.structure)
    administer = active and (is_global_admin(user) or role == Role.ADMIN or structure_admin)
    manage = administer or role == Role.ANIMATOR
    member = active and (role in Membership.MEMBER_ROLES or administer)
    view = active and (group.type in Group.PUBLIC_TYPES or member)
    return {
        "view": view,
        # The address book (names, roles, structures) is part of the group page; e-mails only for the members.
        "view_members": view,
        "view_emails": member,
        "view_bookmarks": member,
        "add_bookmark": member,
        "favourite": view,
        "join": active and group.type == Group.Type.OPEN and role in (None, Role.CANDIDATE),
        "request": active and group.type == Group.Type.MODERATED and role is None,
        "cancel_request": role == Role.CANDIDATE,
        "leave": not automatic and role in Membership.MEMBER_ROLES,
        # Animators: description, content and avatar. Admins: everything.
        "update": manage,
        "update_settings": administer and not automatic,
        "delete": administer and not automatic,
        "administer": administer,
        "manage_members": manage and not automatic,
        "set_roles": administer and not automatic,
        "broadcast": manage,
        "import_members": administer and not automatic,
        "export_members": administer,
    }


def get_membership_abilities(actor, membership, group_abilities=None) -> dict[str, bool]:
    """What ``actor`` may do to another person's membership row (accept, refuse, remove, change the role)."""
    group_abilities = group_abilities or get_group_abilities(actor, membership.group)
    role = membership.role
    is_self = is_active_user(actor) and actor.pk == membership.user_id
    candidate = role == Role.CANDIDATE
    return {
        "accept": candidate and group_abilities["manage_members"],
        "refuse": candidate and group_abilities["manage_members"],
        # Animators remove plain members; admins anyone (the last admin rule is checked by the service).
        "remove": not candidate
        and (group_abilities["set_roles"] or (group_abilities["manage_members"] and role == Role.MEMBER)),
        "set_role": not candidate and group_abilities["set_roles"],
        # An animator may stop animating on their own (back to member).
        "step_down": is_self and role == Role.ANIMATOR and not membership.group.is_automatic,
    }


def get_bookmark_abilities(user, bookmark, group_abilities=None) -> dict[str, bool]:
    group_abilities = group_abilities or get_group_abilities(user, bookmark.group)
    author = is_active_user(user) and bookmark.author_id == user.pk
    edit = group_abilities["view_bookmarks"] and (author or group_abilities["administer"])
    return {
        "view": group_abilities["view_bookmarks"],
        "update": edit,
        "delete": edit,
        "favourite": group_abilities["view_bookmarks"],
    }


def can_create_group(user) -> bool:
    """Any active person may create groups, within their quota (checked by the service)."""
    return is_active_user(user)
