"""The audit trail: one recording service for every privileged change, called by the services layer.

``record(actor, action, targets, before=..., after=...)`` writes one ``AuditEntry`` per target (one INSERT for
any number: bulk actions), inside the caller's transaction, so a change that rolls back leaves no entry and an
entry never describes a change that did not happen. Each entry keeps who (the account and its name at that time),
when, the action (a dotted code such as ``users.activate``), the object (type, id, label), the structures it
concerns (for the back office's scoping: global admins see every entry, structure admins those of their subtrees)
and the values before and after. Entries are read-only in the back office and purged after
``settings.AUDIT_RETENTION_DAYS`` days by a beat task (``portal.core.tasks.purge_audit_entries``).

Feature apps call ``record`` from their services for their own privileged changes (see docs/architecture.md).
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models import AuditEntry

Values = dict | Callable[[models.Model], dict] | None


def _structure_id_of(obj):
    if obj._meta.label == "structures.Structure":
        return obj.pk
    return getattr(obj, "structure_id", None)


def _resolve(values: Values, obj) -> dict:
    value = values(obj) if callable(values) else values
    return _jsonable(value or {})


def _jsonable(value):
    """Model instances become ``{"id", "label"}``; dates and other values their text; containers are walked."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    actor,
    action: str,
    targets,
    *,
    before: Values = None,
    after: Values = None,
    structure_of: Callable[[models.Model], int | None] | None = None,
    previous_structure_of: Callable[[models.Model], int | None] | None = None,
) -> int:
    """Record ``action`` by ``actor`` (a user, or None for the system) on each of ``targets`` (one model instance or
    an iterable of them). ``before``/``after`` are dicts, or functions of the target returning one. The entry's
    structure is the target's own (a structure, or its ``structure_id``) unless ``structure_of`` says otherwise;
    ``previous_structure_of`` names a second structure that may see it (the one a person left). Returns the count.
    """
    if isinstance(targets, models.Model):
        targets = [targets]
    structure_of = structure_of or _structure_id_of
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    actor_name = str(actor) if actor_id else ""
    entries = [
        AuditEntry(
            actor_id=actor_id,
            actor_name=actor_name[:255],
            action=action,
            object_type=target._meta.label_lower,
            object_id=str(target.pk),
            object_label=str(target)[:255],
            structure_id=structure_of(target),
            previous_structure_id=previous_structure_of(target) if previous_structure_of else None,
            before=_resolve(before, target),
            after=_resolve(after, target),
        )
        for target in targets
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def audit_entries_visible_to(user, queryset=None):
    """The entries ``user`` may read: all for a global admin; for a structure admin those whose structure (or
    previous structure) lies in their subtrees; none for anybody else."""
    from portal.structures.abilities import administered_paths

    from .abilities import is_global_admin

    queryset = AuditEntry.objects.all() if queryset is None else queryset
    if is_global_admin(user):
        return queryset
    paths = administered_paths(user)
    if not paths:
        return queryset.none()
    condition = models.Q()
    for path in paths:
        condition |= models.Q(structure__path__startswith=path) | models.Q(previous_structure__path__startswith=path)
    return queryset.filter(condition)


def purge_expired_entries(now=None) -> int:
    """Delete the entries older than ``AUDIT_RETENTION_DAYS`` (0: keep them forever). Returns the count."""
    days = settings.AUDIT_RETENTION_DAYS
    if not days:
        return 0
    limit = (now or timezone.now()) - timedelta(days=days)
    deleted, _by_model = AuditEntry.objects.filter(created_at__lt=limit).delete()
    return deleted
