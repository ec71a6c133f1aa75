"""Launch statistics: who may read them (fixing LaBoîte's unchecked analytics reads), chart, tables and CSV."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from apps_catalog.factories import ServiceFactory
from apps_catalog.models import LaunchBucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def launches(tree, national_service):
    """Launches of two days ago: 5 from Ampère (Lyon), 3 from Champollion (Grenoble), 2 of a formula-like title."""
    tricky = ServiceFactory(title="=HYPERLINK(1)")
    hour = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=2), datetime.min.time())).replace(
        hour=10
    )
    LaunchBucket.objects.bulk_create(
        [
            LaunchBucket(service=national_service, structure=tree.ampere, hour=hour, count=5),
            LaunchBucket(service=national_service, structure=tree.champollion, hour=hour, count=3),
            LaunchBucket(service=tricky, structure=tree.ampere, hour=hour + timedelta(hours=1), count=2),
        ]
    )
    return hour


@pytest.mark.parametrize("role", ["teacher", "other_teacher"])
def test_teachers_cannot_read_the_statistics(client, request, launches, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/services/stats/").status_code == 403
    assert client.get("/services/stats/", {"format": "csv"}).status_code == 403


def test_a_global_admin_sees_every_launch(client, global_admin, launches):
    client.force_login(global_admin)
    response = client.get("/services/stats/")
    report = response.context["report"]
    day = timezone.localtime(launches).strftime("%d/%m/%Y")
    assert (report.total, report.by_service, report.by_period) == (
        10,
        [("Nuage", 8, 100), ("=HYPERLINK(1)", 2, 25)],
        [(day, 10, 100)],
    )
    page = response.content.decode()
    assert '<svg class="stats-chart"' in page and "Lancements par service" in page


@pytest.mark.parametrize(("role", "total"), [("lyon_admin", 7), ("grenoble_admin", 3)])
def test_a_structure_admin_sees_the_launches_of_their_subtree(client, request, launches, role, total):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/services/stats/").context["report"].total == total


def test_hourly_detail_and_csv(client, global_admin, launches):
    client.force_login(global_admin)
    day = timezone.localdate() - timedelta(days=2)
    params = {"start": day.isoformat(), "end": day.isoformat(), "granularity": "hour"}
    response = client.get("/services/stats/", params)
    hours = [label for label, _count, _percent in response.context["report"].by_period]
    assert hours == [f"{day:%d/%m/%Y} 10:00", f"{day:%d/%m/%Y} 11:00"]
    response = client.get("/services/stats/", {**params, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="lancements-{day:%Y%m%d}-{day:%Y%m%d}.csv"'
    rows = response.content.decode().splitlines()
    ten = timezone.localtime(launches).isoformat()
    eleven = timezone.localtime(launches + timedelta(hours=1)).isoformat()
    assert rows == ["période,service,lancements", f"{ten},Nuage,8", f"{eleven},'=HYPERLINK(1),2"]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"start": "2026-02-30"}, "Saisissez une date valide."),
        ({"start": "2026-03-10", "end": "2026-03-01"}, "La date de début doit précéder la date de fin."),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "Choisissez une période d'un an au plus."),
        (
            {"start": "2026-01-01", "end": "2026-01-20", "granularity": "hour"},
            "Le détail par heure porte sur 7 jours au plus.",
        ),
    ],
)
def test_bad_periods_are_reported(client, global_admin, params, error):
    client.force_login(global_admin)
    response = client.get("/services/stats/", params)
    assert response.status_code == 400
    assert error in [message for messages in response.context["form"].errors.values() for message in messages]
