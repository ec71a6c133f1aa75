"""Automatic structure groups: one group per structure, its members the people of the structure and below."""

from anyascii import anyascii
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.core.text import fold
from portal.users.models import User

from .. import signals
from ..models import Group, Membership
from .common import Role
from .groups import unique_slug


def automatic_group_name(structure_id, structure_name) -> str:
    return f"{structure_id}_{structure_name}"[: Group._meta.get_field("name").max_length]


def ensure_structure_groups(structure_ids=None):
    """Create the missing automatic groups of these structures (default: every structure), in bulk.

    Returns ``{structure_id: group_id}`` for the given structures.
    """
    from portal.structures.models import Structure

    structures = Structure.objects.all() if structure_ids is None else Structure.objects.filter(pk__in=structure_ids)
    missing = list(structures.filter(automatic_group__isnull=True).values_list("pk", "name"))
    if missing:
        names = {pk: automatic_group_name(pk, name) for pk, name in missing}
        slugs = {pk: slugify(anyascii(name))[:200] for pk, name in names.items()}
        taken = set(Group.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True))
        new_groups = []
        for pk, name in names.items():
            # The "<id>_" prefix makes a clash very unlikely; when one happens, ask for a free slug.
            slug = slugs[pk] if slugs[pk] not in taken else unique_slug(name)
            taken.add(slug)
            group = Group(name=name, slug=slug, type=Group.Type.AUTOMATIC, structure_id=pk)
            group.search_name = fold(group.display_name)
            new_groups.append(group)
        Group.objects.bulk_create(new_groups, batch_size=500)
        for group_id in Group.objects.filter(structure_id__in=names).values_list("pk", flat=True):
            signals.group_created.send(sender=Group, group_id=group_id)
    return dict(Group.objects.filter(structure__in=structures).values_list("structure_id", "pk"))


def rename_structure_group(structure):
    """A structure was renamed: its group follows (one query when nothing changed)."""
    group = Group.objects.filter(structure_id=structure.pk).first()
    if group is None:
        ensure_structure_groups([structure.pk])
        return
    name = automatic_group_name(structure.pk, structure.name)
    if group.name != name:
        group.name = name
        group.slug = unique_slug(name, exclude_pk=group.pk)
        group.save(update_fields=["name", "slug", "search_name", "updated_at"])
        signals.group_updated.send(sender=Group, group_id=group.pk, fields=["name", "slug", "search_name"])


SYNC_CHUNK_SIZE = 2000
INSERT_BATCH_ROWS = 5000


def _insert_memberships(rows):
    """Insert (user_id, group_id, role) rows, skipping those already there, in a few statements.

    It is ``bulk_create(ignore_conflicts=True)`` without a model instance and an ORM-prepared value per row, which
    cost ten times the INSERT itself for 30,000 rows. PostgreSQL gets the rows as three arrays (``unnest``: one short
    statement per 5,000 rows); other databases a multi-row VALUES within their parameter limit.
    """
    table = connection.ops.quote_name(Membership._meta.db_table)
    now = timezone.now()
    postgres = connection.vendor == "postgresql"
    max_params = connection.features.max_query_params or 4 * INSERT_BATCH_ROWS
    batch = INSERT_BATCH_ROWS if postgres else max(1, min(INSERT_BATCH_ROWS, max_params // 4))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            if postgres:
                source = "SELECT u, g, r, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(u, g, r)"
                params = [now, [row[0] for row in chunk], [row[1] for row in chunk], [row[2] for row in chunk]]
            else:
                source = "VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                params = [value for user_id, group_id, role in chunk for value in (user_id, group_id, role, now)]
            cursor.execute(
                f"INSERT INTO {table} (user_id, group_id, role, created_at) {source} "
                "ON CONFLICT (user_id, group_id) DO NOTHING",
                params,
            )


def _sync_chunk(user_ids):
    """Make the automatic memberships of these users match the structure tree, with a constant number of queries.

    Wanted: member of the group of one's structure and of each ancestor's; admin of the group of every structure one
    administers directly. Unwanted rows are deleted, wrong roles fixed, missing rows bulk-inserted.
    """
    from portal.structures.models import Structure

    users = list(User.objects.filter(pk__in=user_ids).values_list("pk", "structure_id"))
    structure_ids = {structure_id for _pk, structure_id in users if structure_id}
    paths = dict(Structure.objects.filter(pk__in=structure_ids).values_list("pk", "path"))
    lineage = {pk: [int(part) for part in path.strip("/").split("/") if part] or [pk] for pk, path in paths.items()}
    admin_links = list(
        Structure.admins.through.objects.filter(user_id__in=user_ids).values_list("user_id", "structure_id")
    )
    needed = {ancestor for ids in lineage.values() for ancestor in ids} | {sid for _uid, sid in admin_links}
    group_of = ensure_structure_groups(needed) if needed else {}
    wanted = {}
    for user_id, structure_id in users:
        for ancestor in lineage.get(structure_id, ()):
            if ancestor in group_of:
                wanted[(user_id, group_of[ancestor])] = Role.MEMBER
    for user_id, structure_id in admin_links:
        if structure_id in group_of:
            wanted[(user_id, group_of[structure_id])] = Role.ADMIN
    existing = {
        (user_id, group_id): (pk, role)
        for pk, user_id, group_id, role in Membership.objects.filter(
            user_id__in=user_ids, group__type=Group.Type.AUTOMATIC
        )
        .order_by()  # no default ordering: it would join the users table and sort for nothing
        .values_list("pk", "user_id", "group_id", "role")
    }
    stale = [pk for key, (pk, _role) in existing.items() if key not in wanted]
    wrong = {Role.ADMIN: [], Role.MEMBER: []}
    for key, (pk, role) in existing.items():
        if key in wanted and wanted[key] != role:
            wrong[wanted[key]].append(pk)
    missing = [
        (user_id, group_id, role) for (user_id, group_id), role in wanted.items() if (user_id, group_id) not in existing
    ]
    if stale:
        Membership.objects.filter(pk__in=stale).delete()
    for role, pks in wrong.items():
        if pks:
            Membership.objects.filter(pk__in=pks).update(role=role)
    if missing:
        _insert_memberships(missing)
    changed = [key for key in existing if wanted.get(key) != existing[key][1]]
    changed += [key for key in wanted if key not in existing]
    if changed:
        signals.memberships_changed.send(
            sender=Group,
            group_ids=sorted({group_id for _uid, group_id in changed}),
            user_ids=sorted({user_id for user_id, _gid in changed}),
        )
    return len(stale) + len(missing) + sum(len(pks) for pks in wrong.values())


@transaction.atomic
def sync_automatic_memberships(user_ids):
    """Bring the automatic-group memberships of these users up to date (chunks of SYNC_CHUNK_SIZE people).

    Returns the number of rows inserted, deleted or changed.
    """
    user_ids = sorted(set(user_ids))
    return sum(_sync_chunk(user_ids[i : i + SYNC_CHUNK_SIZE]) for i in range(0, len(user_ids), SYNC_CHUNK_SIZE))


def sync_structure_subtree(structure):
    """After a move: resync everyone attached to the structure or below it."""
    user_ids = User.objects.filter(structure__path__startswith=structure.path).values_list("pk", flat=True)
    return sync_automatic_memberships(list(user_ids))


@transaction.atomic
def sync_all_automatic_groups():
    """Create every missing structure group and resync everybody (the demo, the management command)."""
    ensure_structure_groups()
    touched = set(User.objects.values_list("pk", flat=True))
    touched |= set(
        Membership.objects.filter(group__type=Group.Type.AUTOMATIC).values_list("user_id", flat=True).distinct()
    )
    return sync_automatic_memberships(touched)
