"""``seed_demo``: realistic demo data, idempotent, refused with DEBUG off unless ``--force``."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from portal.structures.models import EmailDomain, Structure
from portal.users.models import User

pytestmark = pytest.mark.django_db


def row_counts():
    """Rows of every model of the project, by model label."""
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_fills_the_foundation_and_is_idempotent(settings):
    settings.DEBUG = True
    output = seed()
    assert output.rstrip().endswith("Demo data ready.")
    first = row_counts()
    assert first["structures.Structure"] >= 15
    assert first["users.User"] >= 50
    assert first["structures.EmailDomain"] >= 3

    seed()
    assert row_counts() == first


def test_the_demo_has_the_people_the_readme_promises(settings):
    settings.DEBUG = True
    seed()
    admin = User.objects.get(username="admin")
    assert admin.is_global_admin and admin.check_password("demo-admin-password")
    lyon = Structure.objects.get(name="Académie de Lyon")
    grenoble = Structure.objects.get(name="Académie de Grenoble")
    assert lyon.admins.count() == 1 and grenoble.admins.count() == 1
    teachers = User.objects.filter(is_active=True, is_superuser=False, structure__depth=3)
    assert teachers.count() >= 40
    assert User.objects.filter(is_active=False).exists()  # someone waiting for validation
    assert User.objects.filter(structure=None, awaiting_structure__isnull=False).exists()  # a pending request
    assert EmailDomain.objects.get(domain="ac-lyon.fr").structure == lyon
    assert Structure.objects.filter(external_code="0690026D", name="Lycée Ampère").exists()


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="seed_demo refuses to run with DEBUG off; add --force"):
        seed()
    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False
    seed("--force")
    assert User.objects.filter(username="admin").exists()


def test_the_demo_admin_signs_in_to_the_back_office_with_the_printed_password(client, settings):
    """``make run`` prints this password for /admin/ (the break-glass door of global admins)."""
    settings.DEBUG = True
    seed()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": "demo-admin-password", "next": "/admin/"}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
