"""Break-glass: when Keycloak is down, global admins (and nobody else) sign in to /admin/ with a local password."""

import pytest

from portal.users.factories import GlobalAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "break-glass-password-2026"


def _admin_login(client, username):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD})


def test_an_active_global_admin_gets_in_with_the_local_password(client):
    admin = GlobalAdminFactory(username="alice", password=PASSWORD)

    response = _admin_login(client, "alice")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert int(client.session["_auth_user_id"]) == admin.pk
    assert client.session["_auth_user_backend"] == "portal.users.backends.BreakGlassModelBackend"


def test_a_structure_admin_is_refused_even_with_the_right_password(client, tree):
    structure_admin = UserFactory(username="admin.lyon", structure=tree.lyon, password=PASSWORD)
    tree.lyon.admins.add(structure_admin)

    response = _admin_login(client, "admin.lyon")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_teacher_is_refused_even_with_the_right_password(client, tree):
    UserFactory(username="prof.ampere", structure=tree.ampere, password=PASSWORD)

    response = _admin_login(client, "prof.ampere")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_deactivated_global_admin_is_refused(client):
    GlobalAdminFactory(username="alice", password=PASSWORD, is_active=False)

    response = _admin_login(client, "alice")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_nobody_gets_in_by_password_when_the_setting_is_off(client, settings):
    settings.BREAK_GLASS_LOGIN = False
    GlobalAdminFactory(username="alice", password=PASSWORD)

    response = _admin_login(client, "alice")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
