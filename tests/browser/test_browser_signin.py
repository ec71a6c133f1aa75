"""One real browser, end to end: the portal, Keycloak's (here oidc-provider's) login form, back signed in, sign out."""

import pytest
from playwright.sync_api import expect

from portal.users.models import User
from tests.oidc_provider.fixtures import use_provider

pytestmark = [pytest.mark.browser, pytest.mark.oidc, pytest.mark.django_db(transaction=True)]

PASSWORD = "Camille-Browser-2026"


def test_sign_in_through_the_provider_login_form_then_sign_out_everywhere(
    live_server, oidc_provider_factory, settings, chromium
):
    provider = use_provider(
        settings, oidc_provider_factory([f"{live_server.url}/oidc/callback/"], [f"{live_server.url}/signin/"])
    )
    provider.set_user(
        "camille.martin",
        sub="kc-browser-0001",
        password=PASSWORD,
        claims={
            "preferred_username": "camille.martin",
            "email": "camille.martin@ac-lyon.fr",
            "given_name": "Camille",
            "family_name": "Martin",
        },
    )
    page = chromium.new_page(locale="fr-FR")
    page.set_default_timeout(15_000)

    # Anonymous: the portal sends the person to its sign-in page, which starts Keycloak's flow.
    page.goto(f"{live_server.url}/profile/")
    expect(page).to_have_url(f"{live_server.url}/signin/?next=/profile/")
    page.get_by_role("link", name="Se connecter avec mon compte de l'Éducation nationale").click()

    # The provider's own login form, on its own origin.
    expect(page.locator("#kc-form-login")).to_be_visible()
    assert page.url.startswith(f"{provider.issuer}/login-actions/authenticate/")
    page.fill("#username", "camille.martin")
    page.fill("#password", PASSWORD)
    page.click("#kc-login")

    # Back on the portal, signed in, on the page first asked for.
    expect(page).to_have_url(f"{live_server.url}/profile/")
    expect(page.get_by_role("heading", name="Mon profil", level=1)).to_be_visible()
    expect(page.get_by_text("camille.martin@ac-lyon.fr")).to_be_visible()
    user = User.objects.get(sub="kc-browser-0001")
    assert (user.username, user.is_active) == ("camille.martin", True)

    # Sign out: the default preference asks; "everywhere" goes through the provider's end-session endpoint.
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Me déconnecter de tous les services").click()
    expect(page).to_have_url(f"{live_server.url}/signin/")
    expect(page.get_by_role("link", name="Se connecter avec mon compte de l'Éducation nationale")).to_be_visible()

    # Signed out of both: the portal asks for a sign-in, and so does the provider.
    page.goto(f"{live_server.url}/profile/")
    expect(page).to_have_url(f"{live_server.url}/signin/?next=/profile/")
    page.get_by_role("link", name="Se connecter avec mon compte de l'Éducation nationale").click()
    expect(page.locator("#kc-form-login")).to_be_visible()
