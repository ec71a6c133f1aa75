"""Every write on the structure tree: create, update (rename, contact data, move) and delete.

Rights come from ``abilities.get_structure_abilities``; the admin, the API and the commands call these functions and
re-implement nothing. Each raises ``PermissionDenied`` when the actor lacks the right and ``ValidationError`` (with
a message for people) when the change itself is impossible; nothing is half-saved.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .abilities import get_structure_abilities, is_admin_of_structure
from .models import Structure


def _refuse_unless(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def check_structure_save(actor, structure) -> None:
    """Refuse (``PermissionDenied``) unless ``actor`` may save ``structure`` as edited: new, changed or moved.

    ``structure`` carries the new values; its stored row gives the place it had.
    """
    new_parent = structure.parent
    if structure.pk is None:
        _refuse_unless(
            is_admin_of_structure(actor, new_parent),
            _("Vous ne pouvez créer une structure que dans une structure que vous administrez."),
        )
        return
    stored = Structure.objects.only("pk", "path", "parent_id").get(pk=structure.pk)
    abilities = get_structure_abilities(actor, stored)
    _refuse_unless(abilities["update"], _("Vous n'administrez pas cette structure."))
    if stored.parent_id != structure.parent_id:
        _refuse_unless(
            abilities["move"] and is_admin_of_structure(actor, new_parent),
            _("Vous ne pouvez déplacer une structure qu'à l'intérieur des structures que vous administrez."),
        )
        if new_parent is not None and new_parent.path.startswith(stored.path):
            raise ValidationError({"parent": _("Une structure ne peut pas devenir sa propre descendante.")})


@transaction.atomic
def save_structure(actor, structure):
    """Create or update ``structure`` as edited (admin forms, API); validates it whole before writing."""
    check_structure_save(actor, structure)
    structure.full_clean()
    structure.save()
    return structure


def create_structure(actor, *, name, parent=None, **fields):
    return save_structure(actor, Structure(name=name, parent=parent, **fields))


def rename_structure(actor, structure, name):
    structure.name = name
    return save_structure(actor, structure)


def move_structure(actor, structure, new_parent):
    """Give ``structure`` (and its subtree) a new parent; the tree rewrites the subtree's paths in one UPDATE."""
    structure.parent = new_parent
    return save_structure(actor, structure)


def structure_deletion_blockers(structure) -> list[str]:
    """What keeps ``structure`` from being deleted among its sub-structures and people (two COUNT queries)."""
    blockers = []
    children = structure.children.count()
    if children:
        blockers.append(
            ngettext("%(count)d sous-structure", "%(count)d sous-structures", children) % {"count": children}
        )
    users = structure.users.count()
    if users:
        blockers.append(
            ngettext("%(count)d personne rattachée", "%(count)d personnes rattachées", users) % {"count": users}
        )
    return blockers


def describe_protected_objects(error) -> str:
    """What a ``ProtectedError`` / ``RestrictedError`` found still pointing at the rows, counted per model of any
    app: "2 services, 1 utilisateur"."""
    objects = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", None) or ()
    counts = Counter(obj._meta for obj in objects)
    return ", ".join(
        f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
        for opts, count in sorted(counts.items(), key=lambda item: str(item[0].verbose_name))
    )


def structure_deletion_refusal(structure) -> str | None:
    """Why ``structure`` cannot be deleted because of its sub-structures or people, or None."""
    blockers = structure_deletion_blockers(structure)
    if not blockers:
        return None
    return _("« %(name)s » ne peut pas être supprimée : elle contient encore %(blockers)s.") % {
        "name": structure.name,
        "blockers": ", ".join(blockers),
    }


@transaction.atomic
def delete_structure(actor, structure):
    """Delete an empty structure; refused with a message naming what blocks (children, people, services...)."""
    _refuse_unless(
        get_structure_abilities(actor, structure)["delete"],
        _("Seul un administrateur de la structure parente peut supprimer cette structure."),
    )
    refusal = structure_deletion_refusal(structure)
    if refusal:
        raise ValidationError(refusal)
    icon, cover = structure.icon, structure.cover
    try:
        with transaction.atomic():
            structure.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(
            _("« %(name)s » ne peut pas être supprimée : des éléments y sont encore liés (%(blockers)s).")
            % {"name": structure.name, "blockers": describe_protected_objects(error)}
        ) from error
    for image in (icon, cover):
        if image:
            transaction.on_commit(lambda name=image.name, storage=image.storage: storage.delete(name))
    return True
