"""Deferred work: the one way the portal hands work to Celery.

Code never calls ``task.delay()`` or ``apply_async()`` itself: it calls ``enqueue(task, *args, **kwargs)`` inside
the transaction of the change, and the task runs after that transaction commits (never before the data it reads
exists, never for a change that was rolled back). Tasks take ids and plain JSON values and are idempotent: a job
may be delivered twice.

``key`` names the job for de-duplication (two enqueues with the same key while the first is pending run once) and
``queue`` picks a Celery queue (``bulk`` for long jobs). Issue #19 puts a durable job row behind this function (a
job written while the broker is down still runs when it is back); callers do not change.
"""

from django.db import transaction


def enqueue(task, *args, key: str | None = None, queue: str | None = None, countdown: int | None = None, **kwargs):
    """Run the Celery task ``task`` with ``args`` and ``kwargs`` once the current transaction has committed."""
    options = {}
    if queue:
        options["queue"] = queue
    if countdown:
        options["countdown"] = countdown

    def publish():
        task.apply_async(args=args, kwargs=kwargs, **options)

    transaction.on_commit(publish)
