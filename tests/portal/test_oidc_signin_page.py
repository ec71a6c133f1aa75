"""What the sign-in page offers: Keycloak when OIDC_ISSUER is set, else the dev sign-in (development only)."""

import pytest

pytestmark = pytest.mark.django_db


def test_with_oidc_the_page_starts_the_keycloak_sign_in(client, settings):
    settings.OIDC_ENABLED, settings.DEV_SIGNIN_ENABLED = True, False

    html = client.get("/signin/?next=/profile/").content.decode()

    assert 'href="/oidc/authenticate/?next=/profile/"' in html
    assert "/signin/dev/" not in html


def test_without_oidc_in_development_the_page_offers_the_dev_sign_in(client, settings):
    settings.OIDC_ENABLED, settings.DEV_SIGNIN_ENABLED = False, True

    html = client.get("/signin/").content.decode()

    assert 'href="/signin/dev/"' in html
    assert "/oidc/authenticate/" not in html


def test_with_neither_the_page_points_admins_to_the_break_glass_login(client, settings):
    settings.OIDC_ENABLED, settings.DEV_SIGNIN_ENABLED = False, False

    html = client.get("/signin/").content.decode()

    assert "Aucun moyen de connexion n'est configuré." in html
    assert 'href="/admin/login/"' in html


@pytest.mark.parametrize("path", ["/oidc/authenticate/", "/oidc/callback/?code=a&state=b"])
def test_the_keycloak_endpoints_do_not_exist_without_oidc(client, settings, path):
    settings.OIDC_ENABLED = False

    assert client.get(path).status_code == 404


def test_a_signed_in_person_opening_the_sign_in_page_goes_home(client, teacher):
    client.force_login(teacher)

    assert client.get("/signin/")["Location"] == "/"


def test_production_refuses_keycloak_without_the_client_secret(production_python):
    result = production_python("import django; django.setup()", OIDC_ISSUER="https://kc.example.fr/realms/apps")

    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1]
        == "Configuration error: OIDC_RP_CLIENT_SECRET is required when OIDC_ISSUER is set."
    )


def test_production_with_keycloak_derives_its_endpoints_and_turns_the_dev_sign_in_off(production_python):
    result = production_python(
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "print(s.OIDC_ENABLED, s.DEV_SIGNIN_ENABLED, s.OIDC_OP_TOKEN_ENDPOINT, s.OIDC_OP_LOGOUT_ENDPOINT)\n",
        OIDC_ISSUER="https://kc.example.fr/realms/apps/",
        OIDC_RP_CLIENT_SECRET="secret",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "False",
        "https://kc.example.fr/realms/apps/protocol/openid-connect/token",
        "https://kc.example.fr/realms/apps/protocol/openid-connect/logout",
    ]
