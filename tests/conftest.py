"""Fixtures shared by every test folder."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from portal.structures.factories import StructureFactory
from portal.users.factories import GlobalAdminFactory, UserFactory


def pytest_configure(config):
    """Plain ``pytest`` runs like ``make test``: Celery tasks in-process, translations compiled.

    Tasks always run eagerly in tests, whatever REDIS_URL or CELERY_TASK_ALWAYS_EAGER say (a test never reaches a
    broker), and stale ``.mo`` catalogues are recompiled from the ``.po`` (they are not committed).
    """
    from django.utils.translation import trans_real

    from portal.celery import app as celery_app
    from portal.core.translations import compile_catalogues

    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    if compile_catalogues(only_stale=True):
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (site settings, throttling...)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """Two académies with a district and two schools each: the shape most permission tests need."""
    lyon = StructureFactory(name="Académie de Lyon")
    rhone = StructureFactory(name="DSDEN du Rhône", parent=lyon)
    ampere = StructureFactory(name="Lycée Ampère", parent=rhone, external_code="0690026D")
    moulin = StructureFactory(name="Collège Jean Moulin", parent=rhone, external_code="0690028F")
    grenoble = StructureFactory(name="Académie de Grenoble")
    isere = StructureFactory(name="DSDEN de l'Isère", parent=grenoble)
    champollion = StructureFactory(name="Lycée Champollion", parent=isere, external_code="0380027Y")
    return type(
        "Tree",
        (),
        {
            "lyon": lyon,
            "rhone": rhone,
            "ampere": ampere,
            "moulin": moulin,
            "grenoble": grenoble,
            "isere": isere,
            "champollion": champollion,
        },
    )


@pytest.fixture
def global_admin(db):
    return GlobalAdminFactory(username="global.admin")


@pytest.fixture
def lyon_admin(tree):
    """Structure admin of the Académie de Lyon (rights over its whole subtree)."""
    user = UserFactory(username="admin.lyon", structure=tree.lyon)
    tree.lyon.admins.add(user)
    return user


@pytest.fixture
def teacher(tree):
    return UserFactory(username="prof.ampere", structure=tree.ampere)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI_REQUIRE_ALL=1) a skipped test is a failure: CI installs every tool the suite needs."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI_REQUIRE_ALL") == "1" and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where nothing may be skipped: {report.longrepr}"
