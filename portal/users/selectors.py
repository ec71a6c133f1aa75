"""Reads about people that need care: the back office's waiting counts and the structures people administer."""

from django.core.cache import cache
from django.db.models import Count, Q

from portal.core.abilities import is_global_admin
from portal.structures.models import Structure
from portal.structures.selectors import structures_administered_by

from .abilities import decidable_requests_filter
from .models import User


def _counts_key(actor):
    return f"admin-badges:{'all' if is_global_admin(actor) else actor.pk}"


def pending_counts(actor) -> dict[str, int]:
    """What waits for ``actor``, in one aggregate query cached 60 s: ``"inactive"`` accounts they may validate (all
    of them for a global admin, those attached to their subtrees for a structure admin) and the structure
    ``"requests"`` they may decide."""
    counts = cache.get(_counts_key(actor))
    if counts is None:
        inactive = Q(is_active=False)
        if not is_global_admin(actor):
            inactive &= Q(structure__in=structures_administered_by(actor).values("pk"))
        counts = User.objects.aggregate(
            inactive=Count("pk", filter=inactive), requests=Count("pk", filter=decidable_requests_filter(actor))
        )
        cache.set(_counts_key(actor), counts, 60)
    return counts


def pending_count(actor, kind="requests"):
    return pending_counts(actor)[kind]


def forget_pending_counts(actor):
    """After a bulk action the actor's badges are recounted at once (other admins' within a minute)."""
    cache.delete(_counts_key(actor))


def administered_structure_names(user_ids, within) -> dict[int, list[str]]:
    """``{user_id: names of the structures they administer}``, in tree order, among those ``within`` (a person)
    may manage (one query)."""
    links = Structure.admins.through.objects.filter(
        user_id__in=list(user_ids), structure_id__in=structures_administered_by(within).values("pk")
    ).values_list("user_id", "structure__name")
    administered = {}
    for user_id, name in links.order_by("structure__path"):
        administered.setdefault(user_id, []).append(name)
    return administered
