"""The Celery application.

Tasks are discovered in every installed app's ``tasks.py``. Periodic tasks are declared in code, in
``settings.CELERY_BEAT_SCHEDULE``: run exactly one ``celery beat`` next to the workers.
Without ``REDIS_URL`` tasks run in-process (``task_always_eager``), so the embedded default needs no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
