"""Celery tasks of the catalogue: thin wrappers taking ids, calling a service."""

from celery import shared_task

from . import services


@shared_task
def purge_launch_buckets():
    """Daily: drop the launch counters older than LAUNCH_STATS_RETENTION_DAYS."""
    return services.purge_launch_buckets()


@shared_task
def apply_default_space_task(application_id):
    """Apply a structure's default space to its people, in batches, recording the progress."""
    application = services.run_default_space_application(application_id)
    return application.done if application else 0
