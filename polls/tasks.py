"""Celery tasks of the polls app (beat): thin wrappers calling a service; both are idempotent."""

from celery import shared_task

from . import services


@shared_task
def close_expired_polls():
    """Close the open polls whose deadline has passed."""
    return services.close_expired_polls()


@shared_task
def remind_non_respondents():
    """Remind, once, a day before the deadline, the targeted people who have not answered."""
    return services.remind_non_respondents()
