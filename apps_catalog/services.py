"""Every write of the catalogue and of the personal spaces. Views, the API, the admin, the tasks and other apps
call these; none re-implements a rule. Permission checks live in ``abilities``; functions taking an ``actor``
check them and raise PermissionDenied.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.abilities import is_active_user
from portal.core.jobs import enqueue

from . import space
from .abilities import (
    can_manage_services_of,
    get_bookmark_abilities,
    get_default_space_abilities,
    get_service_abilities,
)
from .layout import ParsedLayout, parse_layout, resolver_for
from .models import (
    DefaultSpace,
    DefaultSpaceApplication,
    LaunchBucket,
    Service,
    SpaceItem,
    SpaceZone,
    UserBookmark,
)

logger = logging.getLogger(__name__)


# --- the personal space (the interface other apps use) ---


def _require_kind(kind):
    item_kind = space.get_item_kind(kind)
    if item_kind is None:
        raise ValidationError({"kind": [_("Type d'élément inconnu : %(kind)s.") % {"kind": str(kind)[:40]}]})
    return item_kind


def add_to_space(user, kind: str, object_id: int) -> None:
    """Favourite an item: it goes at the end of the unsorted items, once (never twice).

    The item must be one the person may see (the kind's resolver answers for it), else ValidationError.
    """
    item_kind = _require_kind(kind)
    if object_id not in item_kind.resolver(user, [object_id]):
        raise ValidationError(
            {
                "id": [
                    _("Élément inconnu, masqué ou qui ne vous appartient pas : %(kind)s %(id)s.")
                    % {"kind": kind, "id": object_id}
                ]
            }
        )
    last = SpaceItem.objects.filter(user=user, zone__isnull=True).aggregate(last=Max("position"))["last"]
    SpaceItem.objects.bulk_create(
        [SpaceItem(user=user, kind=kind, object_id=object_id, position=0 if last is None else last + 1)],
        ignore_conflicts=True,
    )


def remove_from_space(user, kind: str, object_id: int) -> None:
    SpaceItem.objects.filter(user=user, kind=kind, object_id=object_id).delete()


def remove_from_all_spaces(kind: str, object_ids) -> int:
    """Bulk clean-up when objects are deleted: one DELETE; returns the number of items removed."""
    object_ids = list(object_ids)
    if not object_ids:
        return 0
    count, _detail = SpaceItem.objects.filter(kind=kind, object_id__in=object_ids).delete()
    return count


def is_in_space(user, kind: str, object_id: int) -> bool:
    return SpaceItem.objects.filter(user=user, kind=kind, object_id=object_id).exists()


@transaction.atomic
def save_space(user, data) -> ParsedLayout:
    """Replace the person's whole layout with ``data`` (validated first: nothing is saved on a problem).

    Items of kinds that are not registered (an app switched off) are kept, unsorted: they are not the client's to
    drop since it could not see them.
    """
    if not is_active_user(user):
        raise PermissionDenied
    layout = parse_layout(data, resolver_for(user))
    registered = [kind.kind for kind in space.registered_kinds()]
    SpaceItem.objects.filter(user=user).exclude(kind__in=registered).update(zone=None)
    SpaceItem.objects.filter(user=user, kind__in=registered).delete()
    SpaceZone.objects.filter(user=user).delete()
    zones = SpaceZone.objects.bulk_create(
        [
            SpaceZone(user=user, name=zone.name, is_expanded=zone.is_expanded, position=index)
            for index, zone in enumerate(layout.zones)
        ]
    )
    items = [
        SpaceItem(user=user, zone=zone_row, kind=kind, object_id=object_id, position=position)
        for zone_row, zone in zip(zones, layout.zones, strict=True)
        for position, (kind, object_id) in enumerate(zone.items)
    ]
    items += [
        SpaceItem(user=user, kind=kind, object_id=object_id, position=position)
        for position, (kind, object_id) in enumerate(layout.unsorted)
    ]
    SpaceItem.objects.bulk_create(items)
    return layout


# --- structure default spaces ---


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
                f"INSERT INTO {items} (user_id, zone_id, kind, object_id, position) "  # noqa: S608
                f"SELECT z.user_id, z.id, %s, d.column2, d.column3 FROM {zones} z "
                f"JOIN (VALUES {', '.join(['(%s, %s, %s)'] * len(item_rows))}) AS d ON d.column1 = z.position "
                f"WHERE z.user_id IN ({people}) "
                "ON CONFLICT (user_id, kind, object_id) DO UPDATE SET zone_id = excluded.zone_id, "
                "position = excluded.position",
                ["service", *[value for row in item_rows for value in row], *user_ids],
            )


def give_default_spaces(user_ids, only_empty=True) -> int:
    """Apply to each person the default space nearest to their structure (first sign-in, structure change).

    ``only_empty``: skip people who already have something in their space.
    """
    from portal.users.models import User

    people = User.objects.filter(pk__in=list(user_ids), is_active=True, structure__isnull=False)
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
    from .tasks import apply_default_space_task

    enqueue(apply_default_space_task, application_id, key=f"default-space-application:{application_id}")


def run_default_space_application(application_id, batch_size=None) -> DefaultSpaceApplication | None:
    """The task's body: apply in batches, saving the progress after each batch (each batch its own transaction)."""
    from .selectors import people_governed_by

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


# --- services of the catalogue ---


def check_service_structure(actor, structure):
    """A structure admin creates services only in their subtrees; national ones are for global admins."""
    if not can_manage_services_of(actor, structure):
        if structure is None:
            raise PermissionDenied(_("Seul un administrateur national gère les services nationaux."))
        raise PermissionDenied(_("Vous ne pouvez gérer que les services de vos structures."))


def _set_relations(service, categories, business_regroupings):
    if categories is not None:
        service.categories.set(categories)
    if business_regroupings is not None:
        chain = {*service.structure.ancestor_ids, service.structure_id} if service.structure_id else set()
        foreign = [regrouping for regrouping in business_regroupings if regrouping.structure_id not in chain]
        if foreign:
            raise ValidationError(
                {"business_regroupings": [_("Ce regroupement métier n'appartient pas à la structure du service.")]}
            )
        service.business_regroupings.set(business_regroupings)


@transaction.atomic
def create_service(actor, *, categories=None, business_regroupings=None, **fields) -> Service:
    check_service_structure(actor, fields.get("structure"))
    service = Service(**fields)
    service.full_clean()
    service.save()
    _set_relations(service, categories, business_regroupings)
    return service


@transaction.atomic
def update_service(actor, service, *, categories=None, business_regroupings=None, **fields) -> Service:
    if not get_service_abilities(actor, service)["update"]:
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce service."))
    if "structure" in fields and fields["structure"] != service.structure:
        raise ValidationError({"structure": [_("La structure d'un service ne change pas après sa création.")]})
    for name, value in fields.items():
        setattr(service, name, value)
    service.full_clean()
    service.save()
    _set_relations(service, categories, business_regroupings)
    return service


@transaction.atomic
def delete_service(actor, service) -> None:
    """Delete a service; it leaves every personal space (post_delete receiver) and its counters go with it."""
    if not get_service_abilities(actor, service)["delete"]:
        raise PermissionDenied(_("Vous ne pouvez pas supprimer ce service."))
    service.delete()


def launch_hour(moment=None):
    return (moment or timezone.now()).replace(minute=0, second=0, microsecond=0)


def record_launch(service_id, structure_id, moment=None) -> None:
    """Count one launch in the (service, structure, hour) bucket: one UPDATE, and an INSERT the first time."""
    hour = launch_hour(moment)
    bucket = LaunchBucket.objects.filter(service_id=service_id, structure_id=structure_id, hour=hour)
    if bucket.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            LaunchBucket.objects.create(service_id=service_id, structure_id=structure_id, hour=hour, count=1)
    except IntegrityError:
        # Another request created the bucket in between: it exists now.
        bucket.update(count=F("count") + 1)


def purge_launch_buckets(retention_days=None, now=None) -> int:
    """Delete the buckets older than the retention (LAUNCH_STATS_RETENTION_DAYS); returns how many."""
    retention_days = settings.LAUNCH_STATS_RETENTION_DAYS if retention_days is None else retention_days
    limit = (now or timezone.now()) - timedelta(days=retention_days)
    count, _detail = LaunchBucket.objects.filter(hour__lt=limit).delete()
    return count


# --- personal bookmarks ---


def normalize_url(url: str) -> str:
    """Trim, and prefix ``https://`` when no scheme is given (``apps.education.fr`` → ``https://apps.education.fr``)."""
    url = (url or "").strip()
    if url and "://" not in url and ":" not in url.split("/", 1)[0]:
        url = f"https://{url}"
    return url


def _check_bookmark(bookmark):
    try:
        bookmark.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


@transaction.atomic
def create_bookmark(user, *, url, name, tag="", in_space=False) -> UserBookmark:
    if not is_active_user(user):
        raise PermissionDenied
    bookmark = UserBookmark(user=user, url=normalize_url(url), name=(name or "").strip(), tag=(tag or "").strip())
    _check_bookmark(bookmark)
    bookmark.save()
    if in_space:
        add_to_space(user, "bookmark", bookmark.pk)
    return bookmark


@transaction.atomic
def update_bookmark(actor, bookmark, **fields) -> UserBookmark:
    if not get_bookmark_abilities(actor, bookmark)["update"]:
        raise PermissionDenied(_("Ce marque-page n'est pas le vôtre."))
    if "url" in fields:
        fields["url"] = normalize_url(fields["url"])
    for name in ("name", "tag"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name, value in fields.items():
        setattr(bookmark, name, value)
    _check_bookmark(bookmark)
    bookmark.save()
    return bookmark


@transaction.atomic
def delete_bookmark(actor, bookmark) -> None:
    if not get_bookmark_abilities(actor, bookmark)["delete"]:
        raise PermissionDenied(_("Ce marque-page n'est pas le vôtre."))
    bookmark.delete()


@dataclass
class ImportReport:
    created: int = 0
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (name, url, reason)


@transaction.atomic
def import_bookmarks(user, content: bytes | str) -> ImportReport:
    """Import a browser export (Netscape bookmark HTML, Firefox and Chrome): folders become tags.

    Skipped, with the reason: duplicates (already mine, or twice in the file), URLs too long, schemes other than
    http/https (``javascript:``, ``place:``, ``data:``...), invalid URLs, and what is beyond the import limit.
    Nothing is fetched from the URLs. All or nothing: one bulk INSERT.
    """
    from .bookmark_files import parse_netscape_bookmarks
    from .models import URL_MAX_LENGTH, bookmark_search_text

    if not is_active_user(user):
        raise PermissionDenied
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    report = ImportReport()
    existing = set(UserBookmark.objects.filter(user=user).values_list("url", flat=True))
    to_create = []
    limit = settings.BOOKMARK_IMPORT_MAX_ITEMS
    check_url = URLValidator(schemes=["http", "https"])
    for name, url, tag in parse_netscape_bookmarks(content):
        display_name = (name or url)[:200]
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ("http", "https"):
            report.skipped.append(
                (display_name, url[:200], _("adresse non web (%(scheme)s)") % {"scheme": scheme or "?"})
            )
            continue
        if len(url) > URL_MAX_LENGTH:
            report.skipped.append(
                (
                    display_name,
                    url[:200],
                    _("adresse trop longue (%(max)s caractères au plus)") % {"max": URL_MAX_LENGTH},
                )
            )
            continue
        try:
            check_url(url)
        except ValidationError:
            report.skipped.append((display_name, url[:200], _("adresse invalide")))
            continue
        if url in existing:
            report.skipped.append((display_name, url, _("en double")))
            continue
        if len(to_create) >= limit:
            report.skipped.append((display_name, url, _("au-delà de %(max)s marque-pages importés") % {"max": limit}))
            continue
        existing.add(url)
        name = (name or url).strip()[:200]
        tag = (tag or "").strip()[:100]
        to_create.append(
            UserBookmark(user=user, url=url, name=name, tag=tag, search_text=bookmark_search_text(name, url, tag))
        )
    UserBookmark.objects.bulk_create(to_create, ignore_conflicts=True)
    report.created = len(to_create)
    return report


def export_bookmarks(user) -> str:
    from .bookmark_files import render_netscape_bookmarks

    return render_netscape_bookmarks(UserBookmark.objects.filter(user=user).order_by("tag", "name", "pk"))
