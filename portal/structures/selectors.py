"""Reads of the structure tree that need care (scoping to an administrator's subtrees)."""

from portal.core.abilities import is_global_admin
from portal.core.text import fold

from .abilities import administered_paths
from .models import Structure


def structures_administered_by(user):
    """Every structure ``user`` may manage: all for a global admin, else their subtrees (one query)."""
    if is_global_admin(user):
        return Structure.objects.all()
    return Structure.objects.subtree_of_paths(administered_paths(user))


def search_structures(query, limit=20):
    """Structures whose name contains ``query`` (case- and accent-insensitive), shallowest first."""
    query = fold(query)
    if not query:
        return Structure.objects.none()
    return (
        Structure.objects.filter(search_name__contains=query).select_related("parent").order_by("depth", "name")[:limit]
    )
