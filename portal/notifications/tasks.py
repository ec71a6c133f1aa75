"""Celery tasks of the notifications app: thin wrappers calling a service."""

from celery import shared_task

from . import services


@shared_task
def purge_expired_notifications():
    """Beat task: delete the expired notifications in one statement."""
    return services.purge_expired_notifications()
