"""Writes of the lookup app: the Nextcloud instance pool (LaBoîte's ``nclocator`` assignment).

A new person without ``nclocator`` gets the active instance with the fewest people (least-loaded, as LaBoîte's
``getRandomNCloudURL``, which despite its name is neither random nor round-robin). ``user_count`` stays exact under
concurrent sign-ins and imports: every writer first locks the whole pool (a handful of rows) in primary-key order,
so writers queue instead of reading the same counts, and no two writers can deadlock.
"""

import heapq
import logging
from collections import Counter

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.jobs import enqueue
from portal.users.federation import federation_host
from portal.users.models import User

from . import trigrams
from .abilities import can_manage_pool, get_instance_abilities
from .models import NextcloudInstance
from .selectors import people_per_host

logger = logging.getLogger(__name__)

# People handled per transaction by the "give an instance to everyone" task.
ASSIGN_BATCH_SIZE = 2000
# The trigram shares of the search: sample size, and how long they stay in the cache (refreshed daily).
TRIGRAM_SAMPLE_ROWS = 200_000
TRIGRAM_SHARES_TIMEOUT = 8 * 24 * 3600


def _lock_pool():
    """Lock every instance row (primary-key order) for the rest of the transaction; returns them."""
    return list(NextcloudInstance.objects.select_for_update().order_by("pk"))


def _add_to_counts(increments: dict[int, int]):
    for pk, amount in increments.items():
        if amount:
            NextcloudInstance.objects.filter(pk=pk).update(user_count=F("user_count") + amount)


@transaction.atomic
def assign_instances(user_ids) -> int:
    """Give each listed person who has no ``nclocator`` the least-loaded active instance, in bulk.

    Returns the number of people assigned (0 when the pool has no active instance).
    """
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    pool = [instance for instance in _lock_pool() if instance.active]
    if not pool:
        return 0
    # Read after taking the lock: a concurrent writer's assignments are committed and seen here.
    missing = list(User.objects.filter(pk__in=user_ids, nclocator="").order_by("pk").values_list("pk", flat=True))
    heap = [(instance.user_count, instance.pk) for instance in pool]
    heapq.heapify(heap)
    chosen = {instance.pk: [] for instance in pool}
    for user_id in missing:
        count, pk = heapq.heappop(heap)
        chosen[pk].append(user_id)
        heapq.heappush(heap, (count + 1, pk))
    assigned = {}
    # People store the normalised form (the federation host), as imports and the admin do.
    hosts = {instance.pk: instance.host for instance in pool}
    for pk, ids in chosen.items():
        if ids:
            assigned[pk] = User.objects.filter(pk__in=ids, nclocator="").update(nclocator=hosts[pk])
    _add_to_counts(assigned)
    return sum(assigned.values())


@transaction.atomic
def count_arrivals(user_ids) -> int:
    """Count new people who arrived with an ``nclocator`` (an import column) on the instance it names."""
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    by_host = {instance.host: instance.pk for instance in _lock_pool()}
    rows = (
        User.objects.filter(pk__in=user_ids)
        .exclude(nclocator="")
        .values_list("nclocator")
        .annotate(people=Count("id"))
        .order_by()
    )
    increments = Counter()
    for nclocator, people in rows:
        pk = by_host.get(federation_host(nclocator))
        if pk is not None:
            increments[pk] += people
    _add_to_counts(increments)
    return sum(increments.values())


@transaction.atomic
def welcome_new_users(user_ids):
    """``users_created``: count the people who came with an instance, give one to the others."""
    user_ids = list(user_ids)
    count_arrivals(user_ids)
    assign_instances(user_ids)


def release_instance(nclocator: str):
    """A person was deleted: their instance has one person fewer."""
    host = federation_host(nclocator)
    if not host:
        return
    with transaction.atomic():
        if not any(instance.host == host for instance in _lock_pool()):
            return
        NextcloudInstance.objects.filter(host=host, user_count__gt=0).update(user_count=F("user_count") - 1)


def assign_missing_instances(batch_size=ASSIGN_BATCH_SIZE) -> int:
    """Give an instance to every person without one, ``batch_size`` people per transaction (the admin action)."""
    total = 0
    last_pk = 0
    while True:
        ids = list(
            User.objects.filter(nclocator="", pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        assigned = assign_instances(ids)
        if not assigned:
            break  # no active instance left
        total += assigned
        last_pk = ids[-1]
    logger.info("lookup: %s people received a Nextcloud instance", total)
    return total


def request_assign_missing(actor):
    """The admin asks for every person without an instance to get one: a Celery task, after the commit."""
    if not can_manage_pool(actor):
        raise PermissionDenied(_("Seul un administrateur national gère les serveurs Nextcloud."))
    from .tasks import assign_missing_instances_task

    enqueue(assign_missing_instances_task, key="lookup-assign-missing-instances")


def refresh_trigram_shares(sample_rows=TRIGRAM_SAMPLE_ROWS) -> int | None:
    """Measure how frequent each trigram of ``search_text`` is, on a sample, for the search (``lookup.trigrams``).

    One query: a ``TABLESAMPLE`` of about ``sample_rows`` people, their trigrams counted once per person
    (``show_trgm``). The shares go to the cache for ``TRIGRAM_SHARES_TIMEOUT``. PostgreSQL only (None elsewhere);
    returns the number of distinct trigrams.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'users_user'::regclass")
        (estimate,) = cursor.fetchone()
        if not estimate:
            cursor.execute("SELECT count(*) FROM users_user")
            (estimate,) = cursor.fetchone()
        percent = min(100.0, sample_rows * 100.0 / max(estimate, 1))
        cursor.execute(
            "WITH sample AS MATERIALIZED (SELECT search_text FROM users_user TABLESAMPLE SYSTEM (%s)) "
            "SELECT (SELECT count(*) FROM sample), trigram, count(*) "
            "FROM sample, unnest(show_trgm(sample.search_text)) AS trigram GROUP BY trigram",
            [percent],
        )
        rows = cursor.fetchall()
    sampled = rows[0][0] if rows else 0
    if not sampled:
        return 0
    shares = {trigram: count / sampled for _sampled, trigram, count in rows}
    cache.set(trigrams.CACHE_KEY, {"rows": estimate, "shares": shares}, timeout=TRIGRAM_SHARES_TIMEOUT)
    trigrams.forget()
    logger.info("lookup: trigram shares of %s people sampled (%s trigrams)", sampled, len(shares))
    return len(shares)


def _recount(pool) -> dict[str, int]:
    counts = people_per_host()
    for instance in pool:
        if instance.user_count != counts[instance.host]:
            instance.user_count = counts[instance.host]
            NextcloudInstance.objects.filter(pk=instance.pk).update(user_count=instance.user_count)
    return {instance.host: instance.user_count for instance in pool}


@transaction.atomic
def recount_instances(actor=None) -> dict[str, int]:
    """Recompute every ``user_count`` from the people's ``nclocator`` (after manual edits); returns host -> count.

    One aggregate query over the people (grouped by ``nclocator``, a few distinct values).
    """
    if actor is not None and not can_manage_pool(actor):
        raise PermissionDenied(_("Seul un administrateur national gère les serveurs Nextcloud."))
    return _recount(_lock_pool())


def delete_instance(actor, instance, before_delete=None):
    """Delete an instance of the pool; refused while people are on it (they would lose their Nextcloud).

    The count is first recomputed (and kept), so that a count gone wrong (a hand-edited ``nclocator``) cannot let
    an instance with people go. ``before_delete()`` runs just before the deletion (the admin's log entry).
    """
    if not can_manage_pool(actor):
        raise PermissionDenied(_("Seul un administrateur national gère les serveurs Nextcloud."))
    recount_instances()
    with transaction.atomic():
        pool = {item.pk: item for item in _lock_pool()}
        instance = pool.get(instance.pk)
        if instance is None:
            return
        if not get_instance_abilities(actor, instance)["delete"]:
            raise deletion_refused(instance)
        if before_delete is not None:
            before_delete()
        instance.delete()


def deletion_refused(instance) -> ValidationError:
    """Why an instance cannot be deleted (it still hosts people)."""
    return ValidationError(
        ngettext(
            "Le serveur %(host)s héberge encore %(count)d personne : il ne peut pas être supprimé. "
            "Désactivez-le pour qu'il ne reçoive plus de nouvelles personnes.",
            "Le serveur %(host)s héberge encore %(count)d personnes : il ne peut pas être supprimé. "
            "Désactivez-le pour qu'il ne reçoive plus de nouvelles personnes.",
            instance.user_count,
        )
        % {"host": instance.host, "count": instance.user_count}
    )
