"""Reads of the structure tree that need care (scoping to an administrator's subtrees)."""

from django.db.models import Q

from portal.core.abilities import is_global_admin
from portal.core.text import fold

from .abilities import administered_paths
from .models import Structure


def structures_administered_by(user):
    """Every structure ``user`` may manage: all for a global admin, else their subtrees (one query)."""
    if is_global_admin(user):
        return Structure.objects.all()
    return Structure.objects.subtree_of_paths(administered_paths(user))


#: Words of a structure search that count (more are ignored: a name is a few words).
MAX_SEARCH_WORDS = 5


def search_structures(query):
    """Structures matching ``query``, shallowest first then by name: every word in the name (case and accents
    ignored), or the exact external code (UAI). A queryset for a paginator: no row is read here.

    On PostgreSQL a trigram index on ``search_name`` serves the ``LIKE '%word%'`` (migration 0003), so the search
    reads only the matches among tens of thousands of structures.
    """
    words = fold(query).split()[:MAX_SEARCH_WORDS]
    if not words:
        return Structure.objects.none()
    by_name = Q()
    for word in words:
        by_name &= Q(search_name__contains=word)
    code = query.strip().upper()
    matches = by_name | Q(external_code=code) if len(words) == 1 and code else by_name
    return Structure.objects.filter(matches).select_related("parent").order_by("depth", "search_name", "pk")


def people_counts(structure_ids) -> dict[int, int]:
    """``{structure_id: number of people attached}`` for these structures (one query; absent: nobody)."""
    from django.db.models import Count

    from portal.users.models import User

    rows = User.objects.filter(structure_id__in=list(structure_ids)).values_list("structure_id")
    return dict(rows.annotate(count=Count("pk")).order_by())


def admin_usernames(structure_ids) -> dict[int, list[str]]:
    """``{structure_id: [usernames of its direct admins, sorted]}`` for these structures (one query)."""
    names = {}
    links = Structure.admins.through.objects.filter(structure_id__in=list(structure_ids))
    for structure_id, username in links.values_list("structure_id", "user__username").order_by("user__username"):
        names.setdefault(structure_id, []).append(username)
    return names
