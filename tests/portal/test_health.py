"""Health probes: ``/healthz`` (the process answers, touching nothing) and ``/readyz`` (database, cache, broker)."""

import pytest
from django.db import OperationalError

from portal.core import views
from portal.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_readyz_checks_the_database_cache_and_broker(client, settings):
    # The broker check is skipped when tasks run in-process; turn it on to reach the configured broker
    # (Redis in CI, the in-memory transport otherwise).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize(
    ("check", "error", "failures"),
    [
        ("_check_database", OperationalError("connection refused"), {"database": "OperationalError"}),
        ("_check_cache", ConnectionError("redis down"), {"cache": "ConnectionError"}),
        ("_check_broker", TimeoutError("no broker"), {"broker": "TimeoutError"}),
    ],
)
def test_readyz_names_what_failed_with_a_503(client, monkeypatch, check, error, failures):
    def fail():
        raise error

    monkeypatch.setattr(views, check, fail)
    response = client.get("/readyz")
    assert (response.status_code, response.json()) == (503, {"status": "unavailable", "failures": failures})


def test_readyz_never_leaks_the_error_message(client, monkeypatch, caplog):
    def fail():
        raise OperationalError('password authentication failed for user "portal" (secret=hunter2)')

    monkeypatch.setattr(views, "_check_database", fail)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "hunter2" not in response.content.decode()
    assert "hunter2" not in caplog.text
    assert "readyz: database unreachable: OperationalError" in caplog.text


def test_the_probes_stay_open_during_maintenance(client):
    site = SiteSettings.load()
    site.maintenance = True
    site.save()
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
