"""Helpers of the back-office tests: a structure admin, the admin change form posted back, changelist names.

The fixtures they go with (``world``, ``as_lyon``, ``as_global``) are in ``tests/portal/conftest.py``.
"""

from django.db.models.fields.files import FieldFile

from portal.users.factories import UserFactory
from portal.users.models import User


def structure_admin(username, structure, **fields):
    """A person attached to ``structure`` and made its admin."""
    user = UserFactory(username=username, structure=structure, **fields)
    structure.admins.add(user)
    return user


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
