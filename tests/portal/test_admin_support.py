"""Shared by the back-office tests: a populated tree (Lyon and Grenoble), signed-in clients, form helpers.

Test modules take the fixtures with ``from tests.portal.test_admin_support import *`` (the names in ``__all__``)
and the helpers by name.
"""

import pytest
from django.db.models.fields.files import FieldFile

from portal.users.factories import UserFactory
from portal.users.models import User


def structure_admin(username, structure, **fields):
    """A person attached to ``structure`` and made its admin."""
    user = UserFactory(username=username, structure=structure, **fields)
    structure.admins.add(user)
    return user


@pytest.fixture
def world(tree, lyon_admin, global_admin, teacher):
    """People on both sides: Lyon's subtree, Grenoble's, and requests crossing the border."""
    return type(
        "World",
        (),
        {
            "tree": tree,
            "global_admin": global_admin,
            "lyon_admin": lyon_admin,
            "rhone_admin": structure_admin("admin.rhone", tree.rhone),
            "grenoble_admin": structure_admin("admin.grenoble", tree.grenoble),
            "teacher": teacher,
            "moulin_teacher": UserFactory(username="prof.moulin", structure=tree.moulin),
            "grenoble_teacher": UserFactory(username="prof.champollion", structure=tree.champollion),
            # attached to Grenoble, asking to join the Rhône (Lyon's admins see the request)
            "candidate": UserFactory(
                username="candidat.rhone", structure=tree.champollion, awaiting_structure=tree.rhone
            ),
            # attached to Lyon, asking to leave for Grenoble
            "leaving": UserFactory(
                username="depart.grenoble", structure=tree.moulin, awaiting_structure=tree.champollion
            ),
        },
    )


@pytest.fixture
def as_lyon(client, world):
    """Signed in as the structure admin of the Académie de Lyon."""
    client.force_login(world.lyon_admin)
    return client


@pytest.fixture
def as_global(client, world):
    client.force_login(world.global_admin)
    return client


__all__ = ["as_global", "as_lyon", "world"]


def form_data(form, **changes):
    """The POST body an admin change form would send as displayed, with ``changes`` applied."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or isinstance(value, FieldFile) or value == "":
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    for name, value in changes.items():
        if value is None or value is False:
            data.pop(name, None)
        else:
            data[name] = "on" if value is True else value
    return data


def post_change(client, url, **changes):
    """GET the change form, then POST it back with ``changes``."""
    page = client.get(url)
    assert page.status_code == 200, page
    return client.post(url, form_data(page.context["adminform"].form, **changes))


def usernames(response):
    return {user.username for user in response.context["cl"].result_list if isinstance(user, User)}


def names(response):
    return {row.name for row in response.context["cl"].result_list}
