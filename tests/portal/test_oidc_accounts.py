"""Keycloak sign-in over real HTTP against a real OpenID Connect provider: how claims become portal accounts.

The provider is node's ``oidc-provider`` laid out like a Keycloak realm (see ``tests/oidc_provider``); nothing is
mocked: the portal exchanges the code (with its PKCE verifier), checks the RS256 ID token against the realm's JWKS
and reads userinfo, all over HTTP.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from portal.notifications.models import Notification
from portal.structures.factories import EmailDomainFactory
from portal.users import signals
from portal.users.factories import GlobalAdminFactory, UserFactory
from portal.users.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.oidc]


def claims(username, email=None, given_name="Jean", family_name="Dupont"):
    return {
        "preferred_username": username,
        "email": email or f"{username}@ac-lyon.fr",
        "given_name": given_name,
        "family_name": family_name,
    }


@pytest.fixture
def created_signals():
    received = []

    def receiver(sender, user_ids, **kwargs):
        received.append(list(user_ids))

    signals.users_created.connect(receiver)
    yield received
    signals.users_created.disconnect(receiver)


def test_the_authorization_request_uses_keycloak_layout_pkce_s256_state_and_nonce(sign_in, oidc):
    url = sign_in.start()

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{oidc.issuer}/protocol/openid-connect/auth"
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["portal"]
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["state"][0]) == 32
    assert len(query["nonce"][0]) == 32


def test_first_sign_in_creates_the_account_with_the_mapped_claims(sign_in, oidc, created_signals, tree):
    EmailDomainFactory(domain="ac-lyon.fr", structure=tree.lyon)
    oidc.set_user("jean.dupont", sub="kc-0001", claims=claims("jean.dupont", given_name="Jean", family_name="Dupont"))

    response = sign_in("jean.dupont")

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get()
    assert (user.sub, user.username, user.email, user.first_name, user.last_name) == (
        "kc-0001",
        "jean.dupont",
        "jean.dupont@ac-lyon.fr",
        "Jean",
        "Dupont",
    )
    assert user.is_active is True  # ac-lyon.fr is an académie domain
    assert user.structure == tree.lyon  # attached through the domain table
    assert user.is_superuser is False
    assert user.has_usable_password() is False
    assert created_signals == [[user.pk]]
    assert int(sign_in.client.session["_auth_user_id"]) == user.pk
    assert sign_in.client.session["oidc_id_token"].count(".") == 2  # kept for id_token_hint at logout


def test_second_sign_in_follows_a_name_and_email_change_in_keycloak(sign_in, oidc, created_signals):
    oidc.set_user("jean.dupont", sub="kc-0001", claims=claims("jean.dupont"))
    sign_in("jean.dupont")
    sign_in.client.logout()
    oidc.set_user(
        "jean.dupont",
        sub="kc-0001",
        claims=claims(
            "jean.dupont", email="jean.dupont-martin@ac-grenoble.fr", given_name="Jeanne", family_name="Dupont-Martin"
        ),
    )

    response = sign_in("jean.dupont")

    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.first_name, user.last_name) == (
        "jean.dupont-martin@ac-grenoble.fr",
        "Jeanne",
        "Dupont-Martin",
    )
    assert "dupont-martin" in user.search_text
    assert len(created_signals) == 1  # created once, updated after


def test_a_username_change_in_keycloak_renames_the_account_found_by_sub(sign_in, oidc):
    oidc.set_user("jean.dupont", sub="kc-0001", claims=claims("jean.dupont"))
    sign_in("jean.dupont")
    sign_in.client.logout()
    oidc.reset_users()  # the Keycloak account is renamed: same sub, new username
    oidc.set_user("jean.dupont2", sub="kc-0001", claims=claims("jean.dupont2", email="jean.dupont@ac-lyon.fr"))

    sign_in("jean.dupont2")

    assert list(User.objects.values_list("sub", "username")) == [("kc-0001", "jean.dupont2")]


def test_an_email_outside_the_allowed_domains_waits_for_validation(sign_in, oidc, created_signals):
    oidc.set_user("paul.perso", sub="kc-0002", claims=claims("paul.perso", email="paul@gmail.com"))

    response = sign_in("paul.perso")

    user = User.objects.get()
    assert user.is_active is False
    assert user.structure is None
    assert created_signals == [[user.pk]]
    assert response.status_code == 302  # signed in, for the waiting page only
    assert sign_in.client.get("/")["Location"] == "/waiting/"
    assert sign_in.client.get("/waiting/").status_code == 200


def test_an_address_listed_in_admin_emails_becomes_an_active_global_admin(sign_in, oidc, settings):
    settings.ADMIN_EMAILS = ["chef@gmail.com"]
    oidc.set_user("chef", sub="kc-0003", claims=claims("chef", email="Chef@gmail.com"))

    sign_in("chef")

    user = User.objects.get()
    assert (user.is_active, user.is_superuser) == (True, True)


def test_admin_emails_make_an_existing_account_a_global_admin_at_sign_in(sign_in, oidc, settings):
    UserFactory(username="chef", sub="kc-0003", email="chef@ac-lyon.fr", structure=None)
    settings.ADMIN_EMAILS = ["chef@ac-lyon.fr"]
    oidc.set_user("chef", sub="kc-0003", claims=claims("chef"))

    sign_in("chef")

    assert User.objects.get().is_superuser is True


@pytest.mark.parametrize(
    ("removed", "label"),
    [
        ("email", "adresse e-mail (email)"),
        ("preferred_username", "identifiant (preferred_username)"),
        ("given_name", "prénom (given_name)"),
        ("family_name", "nom (family_name)"),
    ],
)
def test_a_missing_claim_creates_nothing_shows_what_is_missing_and_tells_the_admins(
    sign_in, oidc, removed, label, created_signals
):
    admin = GlobalAdminFactory(username="alice", email="alice@education.gouv.fr")
    incomplete = claims("jean.dupont")
    del incomplete[removed]
    oidc.set_user("jean.dupont", sub="kc-0004", claims=incomplete)

    response = sign_in("jean.dupont")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Il manque des informations sur votre compte" in page
    assert label in page
    assert "assistance informatique de votre académie" in page
    assert list(User.objects.values_list("username", flat=True)) == ["alice"]
    assert "_auth_user_id" not in sign_in.client.session
    assert created_signals == []
    assert [message.to for message in mail.outbox] == [["alice@education.gouv.fr"]]
    assert removed in mail.outbox[0].body
    assert "kc-0004" in mail.outbox[0].body
    notification = Notification.objects.get()
    assert (notification.user_id, notification.kind) == (admin.pk, "information")
    assert notification.title == "Connexion refusée : données Keycloak manquantes ou invalides"


def test_repeated_refusals_of_one_person_are_reported_once(sign_in, oidc):
    GlobalAdminFactory(username="alice", email="alice@education.gouv.fr")
    incomplete = claims("jean.dupont")
    del incomplete["email"]
    oidc.set_user("jean.dupont", sub="kc-0004", claims=incomplete)

    assert sign_in("jean.dupont").status_code == 403
    sign_in.client.logout()
    assert sign_in("jean.dupont").status_code == 403

    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


@pytest.mark.parametrize("username", ["jean/dupont", "jéan.dupont", "x" * 65])
def test_a_username_nextcloud_cannot_hold_is_refused(sign_in, oidc, username):
    oidc.set_user("jean", sub="kc-0005", claims=claims(username, email="jean@ac-lyon.fr"))

    response = sign_in("jean")

    assert response.status_code == 403
    assert "Informations invalides" in response.content.decode()
    assert "identifiant (preferred_username)" in response.content.decode()
    assert User.objects.count() == 0


def test_a_pre_provisioned_account_is_linked_to_its_sub_not_duplicated(sign_in, oidc, tree, created_signals):
    imported = UserFactory(
        username="marie.curie", sub=None, structure=tree.ampere, email="old@ac-lyon.fr", nclocator="nuage03.example.fr"
    )
    oidc.set_user("marie.curie", sub="kc-0006", claims=claims("marie.curie", given_name="Marie", family_name="Curie"))

    response = sign_in("marie.curie")

    assert response.status_code == 302
    assert User.objects.count() == 1
    imported.refresh_from_db()
    assert (imported.sub, imported.email, imported.first_name) == ("kc-0006", "marie.curie@ac-lyon.fr", "Marie")
    assert imported.structure == tree.ampere  # kept, not replaced by the domain's
    assert imported.nclocator == "nuage03.example.fr"
    assert created_signals == []


def test_a_pre_provisioned_username_is_matched_whatever_its_case(sign_in, oidc):
    imported = UserFactory(username="Marie.Curie", sub=None)
    oidc.set_user("marie.curie", sub="kc-0006", claims=claims("marie.curie"))

    sign_in("marie.curie")

    assert list(User.objects.values_list("pk", "sub", "username")) == [(imported.pk, "kc-0006", "marie.curie")]


def test_two_keycloak_accounts_sharing_an_email_stay_two_portal_accounts(sign_in, oidc):
    shared = "secretariat@ac-lyon.fr"
    oidc.set_user("anne", sub="kc-0007", claims=claims("anne", email=shared))
    oidc.set_user("bruno", sub="kc-0008", claims=claims("bruno", email=shared))

    sign_in("anne")
    sign_in.client.logout()
    sign_in("bruno")

    assert sorted(User.objects.values_list("sub", "username", "email")) == [
        ("kc-0007", "anne", shared),
        ("kc-0008", "bruno", shared),
    ]


def test_an_existing_account_is_never_found_by_email_alone(sign_in, oidc):
    UserFactory(username="ancien.compte", sub=None, email="marie@ac-lyon.fr")
    oidc.set_user("marie", sub="kc-0009", claims=claims("marie", email="marie@ac-lyon.fr"))

    sign_in("marie")

    assert sorted(User.objects.values_list("username", "sub")) == [("ancien.compte", None), ("marie", "kc-0009")]


def test_oidc_allow_email_match_links_an_unlinked_account_by_email(sign_in, oidc, settings):
    settings.OIDC_ALLOW_EMAIL_MATCH = True
    existing = UserFactory(username="ancien.compte", sub=None, email="marie@ac-lyon.fr")
    oidc.set_user("marie", sub="kc-0009", claims=claims("marie", email="MARIE@ac-lyon.fr"))

    sign_in("marie")

    assert list(User.objects.values_list("pk", "username", "sub")) == [(existing.pk, "marie", "kc-0009")]


def test_a_username_owned_by_another_keycloak_account_is_refused(sign_in, oidc):
    owner = UserFactory(username="marie.curie", sub="kc-original")
    oidc.set_user("marie.curie", sub="kc-impostor", claims=claims("marie.curie"))

    response = sign_in("marie.curie")

    assert response.status_code == 403
    assert "Votre identifiant est déjà lié à un autre compte" in response.content.decode()
    owner.refresh_from_db()
    assert (owner.sub, User.objects.count()) == ("kc-original", 1)
    assert "_auth_user_id" not in sign_in.client.session


def test_a_rename_onto_a_taken_username_is_refused_and_changes_nothing(sign_in, oidc):
    UserFactory(username="pris", sub="kc-other")
    mine = UserFactory(username="jean", sub="kc-0010", email="jean@ac-lyon.fr")
    oidc.set_user("jean", sub="kc-0010", claims=claims("pris", email="nouveau@ac-lyon.fr"))

    response = sign_in("jean")

    assert response.status_code == 403
    mine.refresh_from_db()
    assert (mine.username, mine.email) == ("jean", "jean@ac-lyon.fr")


def test_a_deactivated_account_cannot_get_in_and_is_not_reactivated(sign_in, oidc, tree, client):
    deactivated = UserFactory(
        username="parti", sub="kc-0011", email="parti@ac-lyon.fr", is_active=False, structure=tree.ampere
    )
    oidc.set_user("parti", sub="kc-0011", claims=claims("parti"))

    sign_in("parti")

    deactivated.refresh_from_db()
    assert deactivated.is_active is False  # an allowed domain does not undo an admin's decision
    assert client.get("/")["Location"] == "/waiting/"
    assert client.get("/structure/choose/")["Location"] == "/waiting/"
    assert client.get("/api/v1/notifications/").status_code == 401  # the API does not know inactive accounts


def test_wrong_credentials_at_the_provider_never_reach_the_portal(sign_in, oidc):
    oidc.set_user("jean", sub="kc-0012", claims=claims("jean"))

    page = sign_in.at_provider(sign_in.start(), "jean", password="wrong")

    assert page.status_code == 200
    assert "Invalid username or password." in page.text
    assert User.objects.count() == 0
