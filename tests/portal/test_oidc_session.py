"""Keycloak sessions over real HTTP against a real OpenID Connect provider: forged callbacks, session refresh,
sign-out following the person's preference (local, global through the end-session endpoint, ask)."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.oidc]

CLAIMS = {"preferred_username": "jean", "email": "jean@ac-lyon.fr", "given_name": "Jean", "family_name": "Dupont"}


@pytest.fixture
def jean(oidc):
    oidc.set_user("jean", sub="kc-jean", claims=CLAIMS)
    return "jean"


def _with_query(url, **changes):
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"


def _signed_in(client):
    return "_auth_user_id" in client.session


def test_a_tampered_state_is_rejected(sign_in, jean):
    callback = sign_in.at_provider(sign_in.start(), jean)

    response = sign_in.callback(_with_query(callback, state="forged-state-value-0123456789abc"))

    assert response.status_code == 400
    assert "La connexion a échoué" in response.content.decode()
    assert not _signed_in(sign_in.client)
    assert User.objects.count() == 0


def test_a_callback_without_any_sign_in_started_is_rejected(client, oidc):
    response = client.get("/oidc/callback/?code=abc&state=def")

    assert response.status_code == 400
    assert not _signed_in(client)


def test_a_replayed_callback_is_rejected(sign_in, jean):
    callback = sign_in.at_provider(sign_in.start(), jean)
    assert sign_in.callback(callback).status_code == 302
    sign_in.client.logout()

    response = sign_in.callback(callback)

    assert response.status_code == 400
    assert not _signed_in(sign_in.client)


def test_a_replayed_code_under_a_fresh_state_is_refused_by_the_provider(sign_in, jean):
    """An attacker's code injected into a new flow: PKCE verifier and one-time code make the provider say no."""
    first = sign_in.at_provider(sign_in.start(), jean)
    assert sign_in.callback(first).status_code == 302
    sign_in.client.logout()
    fresh_state = parse_qs(urlsplit(sign_in.start()).query)["state"][0]

    response = sign_in.callback(_with_query(first, state=fresh_state))

    assert response.status_code == 502
    assert "La connexion a échoué" in response.content.decode()
    assert not _signed_in(sign_in.client)


def test_the_provider_error_on_the_callback_signs_out_and_returns_to_the_sign_in_page(sign_in, jean):
    sign_in(jean)
    state = parse_qs(urlsplit(sign_in.start()).query)["state"][0]

    response = sign_in.client.get(f"/oidc/callback/?error=access_denied&state={state}")

    assert response["Location"] == "/signin/"
    assert not _signed_in(sign_in.client)


def _expire(client):
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()


def test_an_expired_session_renews_silently_while_the_keycloak_account_is_active(sign_in, oidc, jean):
    sign_in(jean)
    _expire(sign_in.client)

    response = sign_in.client.get("/profile/")

    assert response.status_code == 302
    authorize = urlsplit(response["Location"])
    assert f"http://{authorize.netloc}{authorize.path}" == f"{oidc.issuer}/protocol/openid-connect/auth"
    assert parse_qs(authorize.query)["prompt"] == ["none"]
    back = sign_in.callback(sign_in.at_provider(response["Location"]))
    assert back["Location"] == "/profile/"
    assert _signed_in(sign_in.client)
    assert sign_in.client.session["oidc_id_token_expiration"] > time.time()


def test_a_person_disabled_in_keycloak_loses_the_portal_at_the_next_renewal(sign_in, oidc, jean):
    sign_in(jean)
    oidc.set_user("jean", sub="kc-jean", claims=CLAIMS, disabled=True)
    _expire(sign_in.client)

    response = sign_in.client.get("/profile/")
    redirect = sign_in.at_provider(response["Location"])
    assert parse_qs(urlsplit(redirect).query)["error"] == ["login_required"]
    back = sign_in.callback(redirect)

    assert back["Location"] == "/signin/"
    assert not _signed_in(sign_in.client)
    assert sign_in.client.get("/profile/")["Location"] == "/signin/?next=/profile/"


def test_an_api_call_needing_a_renewal_gets_401_json_not_a_redirect(sign_in, jean):
    sign_in(jean)
    _expire(sign_in.client)

    response = sign_in.client.get("/api/v1/notifications/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Votre session doit être renouvelée : rechargez la page du portail."}
    assert sign_in.client.session.get("oidc_login_next") is None  # no silent round trip was prepared


def test_sessions_of_the_dev_sign_in_are_never_sent_to_keycloak(client, oidc, settings):
    settings.DEV_SIGNIN_ENABLED = True
    user = UserFactory()
    client.post("/signin/dev/", {"user": user.pk})

    assert client.get("/profile/").status_code == 200


def test_global_sign_out_goes_to_the_end_session_endpoint_with_the_right_parameters(sign_in, oidc, jean):
    sign_in(jean)
    User.objects.update(logout_preference=User.LogoutPreference.GLOBAL)
    id_token = sign_in.client.session["oidc_id_token"]

    response = sign_in.client.post("/signout/")

    target = urlsplit(response["Location"])
    assert f"http://{target.netloc}{target.path}" == f"{oidc.issuer}/protocol/openid-connect/logout"
    assert parse_qs(target.query) == {
        "id_token_hint": [id_token],
        "post_logout_redirect_uri": ["http://testserver/signin/"],
        "client_id": ["portal"],
    }
    assert not _signed_in(sign_in.client)
    # The provider accepts them: it ends its own session and sends the person back to the portal's sign-in page.
    assert sign_in.at_provider(response["Location"]) == "http://testserver/signin/"
    assert sign_in.at_provider(sign_in.start()).status_code == 200  # its login form again: no session left


def test_local_sign_out_leaves_the_keycloak_session_alone(sign_in, jean):
    sign_in(jean)
    User.objects.update(logout_preference=User.LogoutPreference.LOCAL)

    response = sign_in.client.post("/signout/")

    assert response["Location"] == "/signin/"
    assert not _signed_in(sign_in.client)
    # Keycloak still knows the person: signing in again needs no password.
    assert sign_in.callback(sign_in.at_provider(sign_in.start())).status_code == 302
    assert _signed_in(sign_in.client)


def test_ask_shows_both_choices_then_does_the_chosen_one(sign_in, oidc, jean):
    sign_in(jean)

    page = sign_in.client.post("/signout/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="mode" value="global"' in html
    assert 'name="mode" value="local"' in html
    assert _signed_in(sign_in.client)
    response = sign_in.client.post("/signout/", {"mode": "global"})
    assert response["Location"].startswith(f"{oidc.issuer}/protocol/openid-connect/logout?")
    assert not _signed_in(sign_in.client)


def test_the_sign_out_page_is_never_sent_to_keycloak_for_renewal(sign_in, jean):
    sign_in(jean)
    _expire(sign_in.client)

    assert sign_in.client.get("/signout/").status_code == 200
