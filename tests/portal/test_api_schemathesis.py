"""Schemathesis over every operation of the OpenAPI schema, as a teacher and as a global admin (issue #9 point 13):
no server error, every answer conforms to the schema (status code documented, body shape, content type).

Bounded and reproducible: a few examples per operation, derandomised (fixed seed), no shrinking. About 3 minutes,
so it is left out of the default run (``-m 'not schemathesis'`` in pyproject.toml) and is its own step of
``.ci/run``: ``.venv/bin/pytest -m schemathesis``.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from groups.factories import GroupFactory
from portal.users.factories import GlobalAdminFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

CSRF = "a" * 32  # a CSRF secret sent both as cookie and header: the API's writes are exercised, not refused
EXAMPLES = 3
# No server error; status code, content type and body as documented. (A valid-looking body refused by a business
# rule is a documented 400, not a failure; authentication has its own tests.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
# Valid requests of signed-in people (the session cookie is theirs, not generated); malformed input is covered by
# the API tests of each app and tests/portal/test_api_robustness.py.
schema.config.generation.update(modes=[schemathesis.GenerationMode.POSITIVE], with_security_parameters=False)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request (``close_old_connections``), which ends
    the test's transaction on PostgreSQL: keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in_cookies(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # group avatars uploaded by the generated requests
    GroupFactory(name="Philosophie")
    people = {
        "teacher": UserFactory(username="prof.schema", structure=tree.ampere),
        "global_admin": GlobalAdminFactory(username="admin.schema"),
    }
    cookies = {}
    for role, person in people.items():
        client = Client()
        client.force_login(person)
        cookies[role] = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    return cookies


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.parametrize("role", ["teacher", "global_admin"])
def test_every_operation_answers_as_documented(case, role, signed_in_cookies):
    case.call_and_validate(cookies=signed_in_cookies[role], headers={"X-CSRFToken": CSRF}, checks=CHECKS)
