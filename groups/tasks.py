"""Celery tasks of the groups app: thin wrappers taking ids and calling a service."""

from celery import shared_task

from portal.structures.models import Structure

from . import services


@shared_task
def sync_structure_subtree_task(structure_id):
    """Resync the structure groups of everyone under a structure that moved (large subtrees run here)."""
    structure = Structure.objects.filter(pk=structure_id).first()
    if structure is None:
        return 0
    return services.sync_structure_subtree(structure)
