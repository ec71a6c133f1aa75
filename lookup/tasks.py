"""Celery tasks of the lookup app: thin wrappers calling a service."""

from celery import shared_task

from . import services


@shared_task
def assign_missing_instances_task():
    """Give an instance to every person without one, in batches (enqueued by the admin, after the commit)."""
    return services.assign_missing_instances()


@shared_task
def refresh_trigram_shares_task():
    """Daily (CELERY_BEAT_SCHEDULE): how frequent each trigram of the directory is, for the search."""
    return services.refresh_trigram_shares()
