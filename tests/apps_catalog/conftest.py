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
