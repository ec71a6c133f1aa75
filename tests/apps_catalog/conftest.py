"""Fixtures of the catalogue tests."""

import pytest

from apps_catalog import space
from apps_catalog.factories import CategoryFactory, ServiceFactory


@pytest.fixture
def restore_kinds():
    """Tests that register or drop kinds get the registry back as it was."""
    saved = dict(space._kinds)
    yield
    space._kinds.clear()
    space._kinds.update(saved)


@pytest.fixture
def only_catalogue_kinds(restore_kinds):
    """Only this app's kinds (service, bookmark) registered, whatever other apps add."""
    for kind in [item.kind for item in space.registered_kinds()]:
        if kind not in ("service", "bookmark"):
            space.unregister_item_kind(kind)


@pytest.fixture
def teacher_api(teacher):
    """An API client signed in as the teacher of the Lycée Ampère."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(teacher)
    return client


@pytest.fixture
def category(db):
    return CategoryFactory(name="Collaboration")


@pytest.fixture
def national_service(db):
    return ServiceFactory(title="Nuage", slug="nuage", url="https://nuage.apps.education.fr/")


@pytest.fixture
def lyon_service(tree):
    """A service of the Académie de Lyon: seen by its whole subtree."""
    return ServiceFactory(title="Messagerie académique", slug="messagerie", structure=tree.lyon)


@pytest.fixture
def other_teacher(tree):
    from portal.users.factories import UserFactory

    return UserFactory(username="prof.champollion", structure=tree.champollion)


@pytest.fixture
def grenoble_admin(tree):
    from portal.users.factories import UserFactory

    user = UserFactory(username="admin.grenoble", structure=tree.grenoble)
    tree.grenoble.admins.add(user)
    return user


@pytest.fixture
def count_queries(client):
    """GET a page twice (the first warms the site-settings cache) and return the second's SQL statements.

    Pages are pinned on this app's own statements (tables ``apps_catalog_*``) and on their total being the same
    with few and many rows: the header's badges of other apps add their own constant queries.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(url, **params):
        client.get(url, params)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        statements = [query["sql"] for query in context.captured_queries]
        return response, len(statements), len([sql for sql in statements if "apps_catalog_" in sql])

    return run
