"""Plain ``pytest`` (without ``make test``'s environment) runs every test like CI: tasks in-process, translations
compiled. The test starts pytest on ``plain_pytest_probe.py`` (not collected by itself) with a broker configured and
eager mode off."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = Path(__file__).with_name("plain_pytest_probe.py")


def test_plain_pytest_forces_eager_tasks_and_compiles_translations():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DATABASE_URL", "REDIS_URL", "PYTEST_"))
    }
    env.update(
        {
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",  # nothing listens there: a task sent to it would fail
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PROBE)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
