"""Who may do what on user accounts (views, API, admin and tasks all ask here).

A structure administrator manages the people attached to their subtrees, except global administrators and the
admins whose own rights reach outside the actor's subtrees (nobody acts on a wider admin than themselves).
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.abilities import (
    administered_ids,
    administered_paths,
    covers_path,
    decides_requests_to,
    is_admin_of_structure,
)
from portal.structures.models import Structure

#: The ability an admin needs to change each account field (fields absent here are never edited by hand).
ACCOUNT_FIELD_ABILITIES = {
    "username": "update_identity",
    "sub": "update_identity",
    "first_name": "update_identity",
    "last_name": "update_identity",
    "email": "update_identity",
    "nclocator": "update_identity",
    "language": "update_identity",
    "logout_preference": "update_identity",
    "avatar": "update_identity",
    "advanced_space": "update_identity",
    "beta_services": "update_identity",
    "group_quota": "set_quota",
    "structure": "change_structure",
    "is_superuser": "set_global_admin",
    "is_active": "activate",  # or "deactivate", depending on the direction (see ``editable_account_fields``)
}


def attached_to_subtree_of(actor, target) -> bool:
    """``target`` is attached to a structure in one of ``actor``'s subtrees (global admins: everyone)."""
    if is_global_admin(actor):
        return True
    return target.structure_id is not None and is_admin_of_structure(actor, target.structure)


def _reaches_beyond(actor, target) -> bool:
    """``target`` administers a structure outside ``actor``'s subtrees."""
    return any(not covers_path(actor, path) for path in administered_paths(target))


def manages_user(actor, target) -> bool:
    """Global admin, or admin of the subtree ``target`` is attached to when ``target`` is no wider admin."""
    if is_global_admin(actor):
        return True
    if not is_active_user(actor) or target.is_superuser:
        return False
    return attached_to_subtree_of(actor, target) and not _reaches_beyond(actor, target)


def get_user_abilities(actor, target) -> dict[str, bool]:
    manages = manages_user(actor, target)
    is_self = is_active_user(actor) and actor.pk == target.pk
    awaiting = target.awaiting_structure
    return {
        "view": is_self
        or (is_active_user(actor) and attached_to_subtree_of(actor, target))
        or (awaiting is not None and is_admin_of_structure(actor, awaiting)),
        "update": manages,
        "update_identity": is_global_admin(actor),
        "update_preferences": is_self,
        "activate": manages,
        "deactivate": manages and not is_self,
        "change_structure": manages,
        "set_global_admin": is_global_admin(actor),
        "set_quota": manages,
        "delete": is_global_admin(actor) and not is_self,
        "validate_structure_request": decides_requests_to(actor, awaiting),
    }


def editable_account_fields(actor, target, abilities=None) -> set[str]:
    """Account fields ``actor`` may change on ``target`` in the back office."""
    abilities = abilities if abilities is not None else get_user_abilities(actor, target)
    fields = {field for field, name in ACCOUNT_FIELD_ABILITIES.items() if abilities.get(name)}
    fields.discard("is_active")
    if abilities["deactivate"] if target.is_active else abilities["activate"]:
        fields.add("is_active")
    return fields


def can_move_user_to(actor, target, structure) -> bool:
    """A structure admin may only move people inside their own subtrees."""
    return manages_user(actor, target) and (structure is None or is_admin_of_structure(actor, structure))


def back_office_users_filter(actor) -> Q:
    """The accounts ``actor`` sees in the back office: everyone for a global admin, else the people attached to or
    awaiting a structure of their subtrees (the subtree is a subquery: one SQL query in all)."""
    if is_global_admin(actor):
        return Q()
    paths = administered_paths(actor)
    if not paths:
        return Q(pk__in=[])
    subtree = Structure.objects.subtree_of_paths(paths).values("pk")
    return Q(structure_id__in=subtree) | Q(awaiting_structure_id__in=subtree)


def decidable_requests_filter(actor) -> Q:
    """Pending structure requests ``actor`` may accept or refuse: those to a structure they administer directly, and
    those to a structure below it when no structure in between (the awaited one included) has an active admin of
    its own (``structures.abilities.request_deciding_structure``). One SQL condition (an EXISTS per administered
    structure, a handful at most)."""
    if is_global_admin(actor):
        return Q(awaiting_structure__isnull=False)
    condition = Q(awaiting_structure_id__in=administered_ids(actor))
    for path in administered_paths(actor):
        nearer_admin = Structure.admins.through.objects.filter(
            StartsWith(OuterRef("awaiting_structure__path"), F("structure__path")),
            structure__path__startswith=path,
            user__is_active=True,
        ).exclude(structure__path=path)
        condition |= Q(awaiting_structure__path__startswith=path) & ~Exists(nearer_admin)
    return condition
