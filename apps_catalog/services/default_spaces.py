"""Structure default spaces: saving one, applying it to people (in bulk, or in batches by a Celery task)."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.jobs import enqueue

from ..abilities import (
    get_default_space_abilities,
)
from ..layout import parse_layout
from ..models import (
    DefaultSpace,
    DefaultSpaceApplication,
    Service,
    SpaceItem,
    SpaceStart,
    SpaceZone,
)

logger = logging.getLogger(__name__)


def default_space_resolver(structure):
    """``resolve_ids`` for a default space: services its people may see (national, or of the structure or an
    ancestor), not hidden. Betas are allowed: people who did not opt in simply do not see them."""
    chain = [*structure.ancestor_ids, structure.pk]

    def resolve_ids(kind, ids):
        visible = Service.objects.filter(Q(structure__isnull=True) | Q(structure_id__in=chain), pk__in=ids)
        return set(visible.exclude(state=Service.State.HIDDEN).values_list("pk", flat=True))

    return resolve_ids


DEFAULT_SPACE_KINDS = ("service",)


@transaction.atomic
def save_default_space(actor, structure, data) -> DefaultSpace:
    if not get_default_space_abilities(actor, structure)["update"]:
        raise PermissionDenied(_("Vous n'administrez pas cette structure."))
    layout = parse_layout(
        data, default_space_resolver(structure), allowed_kinds=DEFAULT_SPACE_KINDS, allow_unsorted=False
    )
    stored = [
        {
            "name": zone.name,
            "is_expanded": zone.is_expanded,
            "items": [{"kind": kind, "id": object_id} for kind, object_id in zone.items],
        }
        for zone in layout.zones
    ]
    default_space, _created = DefaultSpace.objects.update_or_create(
        structure=structure, defaults={"layout": stored, "updated_by": actor}
    )
    return default_space


def _current_default_layout(default_space):
    """The stored layout without the services deleted or hidden since it was saved (one query)."""
    wanted = [item["id"] for zone in default_space.layout for item in zone.get("items", [])]
    valid = default_space_resolver(default_space.structure)("service", wanted) if wanted else set()
    return [
        (
            zone["name"],
            zone.get("is_expanded", True),
            [item["id"] for item in zone.get("items", []) if item["id"] in valid],
        )
        for zone in default_space.layout
    ]


def apply_default_space(default_space, user_ids) -> int:
    """Give ``user_ids`` the default space's zones, in bulk: four statements whatever the number of people.

    Their previous zones are replaced; their other items (bookmarks, groups...) are kept, unsorted; the default
    services are placed in their zones (moved there if the person already had them). The zones and items are
    written by ``INSERT ... SELECT`` in the database, so no row object is built in Python.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    layout = _current_default_layout(default_space)
    default_ids = [service_id for _name, _expanded, ids in layout for service_id in ids]
    with transaction.atomic():
        # Personal items leave the zones about to go; the default services are re-pointed by the upsert below
        # (foreign keys are checked at commit).
        SpaceItem.objects.filter(user_id__in=user_ids, zone__isnull=False).exclude(
            kind="service", object_id__in=default_ids
        ).update(zone=None)
        SpaceZone.objects.filter(user_id__in=user_ids).delete()
        if layout:
            _insert_default_layout(user_ids, layout)
    return len(user_ids)


def _insert_default_layout(user_ids, layout):
    from django.contrib.auth import get_user_model
    from django.db import connection

    quote = connection.ops.quote_name
    zones, items, users = (quote(model._meta.db_table) for model in (SpaceZone, SpaceItem, get_user_model()))
    people = ", ".join(["%s"] * len(user_ids))
    zone_rows = [(name, index, expanded) for index, (name, expanded, _ids) in enumerate(layout)]
    item_rows = [
        (index, service_id, position)
        for index, (_name, _expanded, ids) in enumerate(layout)
        for position, service_id in enumerate(ids)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {zones} (user_id, name, position, is_expanded) "  # noqa: S608 - table names, placeholders
            f"SELECT u.id, d.column1, d.column2, d.column3 FROM {users} u "
            f"CROSS JOIN (VALUES {', '.join(['(%s, %s, %s)'] * len(zone_rows))}) AS d WHERE u.id IN ({people})",
            [value for row in zone_rows for value in row] + user_ids,
        )
        if item_rows:
            cursor.execute(
                f"INSERT INTO {items} (user_id, zone_id, kind, object_id, position) "  # noqa: S608 - table names, placeholders
                f"SELECT z.user_id, z.id, %s, d.column2, d.column3 FROM {zones} z "
                f"JOIN (VALUES {', '.join(['(%s, %s, %s)'] * len(item_rows))}) AS d ON d.column1 = z.position "
                f"WHERE z.user_id IN ({people}) "
                "ON CONFLICT (user_id, kind, object_id) DO UPDATE SET zone_id = excluded.zone_id, "
                "position = excluded.position",
                ["service", *[value for row in item_rows for value in row], *user_ids],
            )


def give_default_spaces(user_ids, only_empty=True, started_only=False) -> int:
    """Apply to each person the default space nearest to their structure.

    ``only_empty``: skip people who already have something in their space. ``started_only``: skip people whose
    space has not started (``start_personal_spaces``): they get the current default when they arrive.
    """
    from portal.users.models import User

    people = User.objects.filter(pk__in=list(user_ids), is_active=True, structure__isnull=False)
    if started_only:
        people = people.filter(pk__in=SpaceStart.objects.values("user_id"))
    if only_empty:
        people = people.exclude(pk__in=SpaceItem.objects.values("user_id")).exclude(
            pk__in=SpaceZone.objects.values("user_id")
        )
    people = list(people.values_list("pk", "structure__path"))
    if not people:
        return 0
    chains = {pk: [int(part) for part in path.strip("/").split("/") if part] for pk, path in people}
    structure_ids = {structure_id for chain in chains.values() for structure_id in chain}
    spaces = {
        default_space.structure_id: default_space
        for default_space in DefaultSpace.objects.filter(structure_id__in=structure_ids).select_related("structure")
    }
    by_space = {}
    for pk, chain in chains.items():
        nearest = next((spaces[structure_id] for structure_id in reversed(chain) if structure_id in spaces), None)
        if nearest is not None:
            by_space.setdefault(nearest.pk, (nearest, []))[1].append(pk)
    return sum(apply_default_space(default_space, ids) for default_space, ids in by_space.values())


def start_personal_spaces(user_ids) -> list[int]:
    """Start the personal space of those of ``user_ids`` who have none yet: their nearest default space, once.

    Default spaces are applied when a person first needs one (sign-in, first visit of "Mon espace" or of its API),
    not when the account is created: an import of a million people writes no space. The person gets what they would
    have had with the default applied at creation: its zones and services, their other items kept (unsorted).
    One query when everyone has started; returns the ids started now.
    """
    user_ids = list(user_ids)
    started = set(SpaceStart.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
    new = [pk for pk in user_ids if pk not in started]
    if not new:
        return []
    with transaction.atomic():
        SpaceStart.objects.bulk_create([SpaceStart(user_id=pk) for pk in new], ignore_conflicts=True)
        give_default_spaces(new, only_empty=False)
    return new


@transaction.atomic
def start_default_space_application(actor, structure) -> DefaultSpaceApplication:
    """ "Apply to every person of my structure": a Celery task does it in batches; its progress is in the row."""
    if not get_default_space_abilities(actor, structure)["apply"]:
        raise PermissionDenied(_("Vous n'administrez pas cette structure."))
    default_space = DefaultSpace.objects.filter(structure=structure).first()
    if default_space is None:
        raise ValidationError(_("Cette structure n'a pas encore d'espace par défaut."))
    running = default_space.applications.filter(
        status__in=[DefaultSpaceApplication.Status.PENDING, DefaultSpaceApplication.Status.RUNNING]
    ).first()
    if running is not None:
        return running
    application = DefaultSpaceApplication.objects.create(default_space=default_space, requested_by=actor)
    _enqueue_application(application.pk)
    return application


def _enqueue_application(application_id):
    from ..tasks import apply_default_space_task

    enqueue(apply_default_space_task, application_id, key=f"default-space-application:{application_id}")


def run_default_space_application(application_id, batch_size=None) -> DefaultSpaceApplication | None:
    """The task's body: apply in batches, saving the progress after each batch (each batch its own transaction)."""
    from ..selectors import people_governed_by

    batch_size = batch_size or settings.DEFAULT_SPACE_BATCH_SIZE
    application = (
        DefaultSpaceApplication.objects.select_related("default_space__structure").filter(pk=application_id).first()
    )
    if application is None or application.is_finished:
        return application
    user_ids = list(people_governed_by(application.default_space))
    application.status, application.total, application.done = DefaultSpaceApplication.Status.RUNNING, len(user_ids), 0
    application.save(update_fields=["status", "total", "done"])
    try:
        for start in range(0, len(user_ids), batch_size):
            batch = user_ids[start : start + batch_size]
            apply_default_space(application.default_space, batch)
            DefaultSpaceApplication.objects.filter(pk=application.pk).update(done=F("done") + len(batch))
    except Exception:
        logger.exception("Default space application %s failed", application.pk)
        DefaultSpaceApplication.objects.filter(pk=application.pk).update(
            status=DefaultSpaceApplication.Status.FAILED, finished_at=timezone.now()
        )
        raise
    DefaultSpaceApplication.objects.filter(pk=application.pk).update(
        status=DefaultSpaceApplication.Status.DONE, finished_at=timezone.now()
    )
    application.refresh_from_db()
    return application
