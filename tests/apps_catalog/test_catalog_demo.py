"""The demo data: real national services, structure services, default spaces; idempotent."""

import pytest
from django.core.management import call_command

from apps_catalog.models import (
    BusinessRegrouping,
    DefaultSpace,
    LaunchBucket,
    Service,
    SpaceItem,
    SpaceZone,
    UserBookmark,
)
from apps_catalog.selectors import personal_space
from portal.users.models import User

pytestmark = pytest.mark.django_db


def _counts():
    return [
        model.objects.count()
        for model in (Service, BusinessRegrouping, DefaultSpace, SpaceZone, SpaceItem, UserBookmark, LaunchBucket)
    ]


def test_the_demo_gives_teachers_a_populated_space_and_runs_twice_the_same(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    national = set(Service.objects.national().values_list("title", flat=True))
    assert {"Nuage", "Tube", "Pod", "Visio-agents", "Classes virtuelles", "CodiMD", "Portail", "Blog"} <= national
    teacher = User.objects.get(username="camille.martin")
    space = personal_space(teacher)
    assert [zone.name for zone in space.zones] == ["Mon académie", "Travailler ensemble", "Enseigner"]
    assert "Nuage" in [entry.title for entry in space.entries]
    assert Service.objects.filter(structure__name="Académie de Grenoble").exists()
