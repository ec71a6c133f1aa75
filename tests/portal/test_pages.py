"""Core pages: sign-in, legal pages, language switch, structure choice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.models import LegalPage, SiteSettings
from portal.structures.factories import StructureFactory
from portal.users.factories import UserFactory
from portal.users.models import User
from tests.portal.pages import plain_home, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_home")]


# --- sign-in page -------------------------------------------------------------------------------------------------


def test_the_sign_in_page_shows_the_introduction_edited_by_global_admins_sanitised(client):
    site = SiteSettings.load()
    site.introduction_fr = '<p>Bienvenue aux <strong>personnels</strong></p><script>alert("x")</script>'
    site.save()
    response = client.get("/signin/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<p>Bienvenue aux <strong>personnels</strong></p>" in content
    assert "alert(" not in content


def test_the_sign_in_page_has_a_default_text_skip_links_and_landmarks(client):
    content = client.get("/signin/").content.decode()
    assert "Le portail vous donne accès aux services numériques partagés" in content
    assert '<html lang="fr"' in content
    assert 'href="#content"' in content
    assert '<main id="content" role="main"' in content
    assert 'role="contentinfo"' in content


def test_the_sign_in_page_offers_the_configured_way_in(client, settings):
    settings.OIDC_ENABLED, settings.DEV_SIGNIN_ENABLED = False, True
    assert 'href="/signin/dev/"' in client.get("/signin/").content.decode()
    settings.DEV_SIGNIN_ENABLED = False
    content = client.get("/signin/").content.decode()
    assert "Aucun moyen de connexion n'est configuré." in content
    assert 'href="/admin/login/"' in content


def test_the_sign_in_page_sends_signed_in_people_home(client, teacher):
    sign_in(client, teacher)
    response = client.get("/signin/")
    assert (response.status_code, response["Location"]) == (302, "/")


def test_the_english_introduction_is_shown_in_english(client):
    site = SiteSettings.load()
    site.introduction_fr, site.introduction_en = "<p>Bonjour</p>", "<p>Hello staff</p>"
    site.save()
    client.cookies["portal_language"] = "en"
    content = client.get("/signin/").content.decode()
    assert '<html lang="en"' in content
    assert "<p>Hello staff</p>" in content


# --- legal pages ------------------------------------------------------------------------------------------------


def test_a_legal_page_shows_its_sanitised_content(client):
    LegalPage.objects.create(key="legal-notice", content_fr='<h2>Éditeur</h2><p onclick="x()">Ministère</p>')
    response = client.get("/legal/legal-notice/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mentions légales</h1>" in content
    assert "<h2>Éditeur</h2><p>Ministère</p>" in content


def test_a_legal_page_may_be_an_external_link(client):
    LegalPage.objects.create(key="accessibility", external_url="https://www.education.gouv.fr/accessibilite")
    response = client.get("/legal/accessibility/")
    assert (response.status_code, response["Location"]) == (302, "https://www.education.gouv.fr/accessibilite")


def test_an_unwritten_legal_page_shows_its_shipped_default_text(client):
    content = client.get("/legal/terms/").content.decode()
    assert "pas encore été rédigée" not in content
    assert "Les présentes conditions encadrent l'utilisation du portail" in content


def test_an_unknown_legal_page_is_a_404(client):
    assert client.get("/legal/unknown/").status_code == 404


def test_every_legal_page_is_linked_from_the_footer(client):
    content = client.get("/signin/").content.decode()
    for key in LegalPage.Key.values:
        assert f'href="/legal/{key}/"' in content


# --- language switch --------------------------------------------------------------------------------------------


def test_switching_language_sets_a_cookie_and_returns_to_the_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/legal/terms/"})
    assert (response.status_code, response["Location"]) == (302, "/legal/terms/")
    cookie = response.cookies["portal_language"]
    assert (cookie.value, cookie["samesite"], cookie["max-age"]) == ("en", "Lax", 365 * 24 * 3600)
    content = client.get("/legal/terms/").content.decode()
    assert '<html lang="en"' in content
    assert "Terms of use" in content


def test_switching_language_is_saved_on_the_account(client, teacher):
    sign_in(client, teacher)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    teacher.refresh_from_db()
    assert teacher.language == "en"
    client.cookies.pop("portal_language")  # the account's choice wins even without the cookie
    assert '<html lang="en"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/path", "http://testserver.evil.example/", "javascript:x"]
)
def test_switching_language_never_redirects_elsewhere(client, next_url):
    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_an_unknown_language_is_ignored(client, teacher):
    sign_in(client, teacher)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302
    assert "portal_language" not in response.cookies
    teacher.refresh_from_db()
    assert teacher.language == "fr"


def test_the_language_switch_only_accepts_post(client):
    assert client.get("/i18n/setlang/?language=en").status_code == 405


# --- structure choice -------------------------------------------------------------------------------------------


@pytest.fixture
def newcomer(client, tree):
    return sign_in(client, UserFactory(structure=None))


def test_the_structure_search_ignores_accents_and_case(client, newcomer, tree):
    content = client.get("/structure/choose/", {"q": "lycee ampere"}).content.decode()
    assert "<strong>Lycée Ampère</strong>" in content
    assert "DSDEN du Rhône" in content  # the parent, to tell homonyms apart
    assert f'name="structure" value="{tree.ampere.pk}"' in content
    assert "Lycée Champollion" not in content
    assert "<strong>Lycée Ampère</strong>" in client.get("/structure/choose/", {"q": "LYCÉE AMPÈRE"}).content.decode()


def test_a_search_without_result_says_so(client, newcomer):
    content = client.get("/structure/choose/", {"q": "introuvable"}).content.decode()
    assert "Aucune structure ne correspond à votre recherche." in content


def test_the_search_page_runs_the_same_queries_for_few_and_many_results(client, newcomer, tree):
    def queries_for_search():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/structure/choose/", {"q": "college"}).status_code == 200
        return len(queries)

    queries_for_search()  # fills the site settings cache
    few = queries_for_search()
    for number in range(15):
        StructureFactory(name=f"Collège numéro {number}", parent=tree.isere)
    assert queries_for_search() == few


def test_choosing_a_structure_attaches_at_once_when_no_validation_is_needed(client, newcomer, tree):
    response = client.post("/structure/choose/", {"structure": tree.ampere.pk}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Vous êtes rattaché(e) à Lycée Ampère." in response.content.decode()
    newcomer.refresh_from_db()
    assert (newcomer.structure, newcomer.awaiting_structure) == (tree.ampere, None)


def test_a_structure_that_needs_validation_puts_the_request_on_hold(client, newcomer, tree):
    tree.moulin.membership_needs_validation = True
    tree.moulin.save()
    response = client.post("/structure/choose/", {"structure": tree.moulin.pk}, follow=True)
    assert response.redirect_chain == [("/structure/choose/", 302)]
    content = response.content.decode()
    # Nobody administers the school, its DSDEN nor its académie in this tree: the national administrators decide.
    assert (
        "Votre demande de rattachement à « Collège Jean Moulin » sera examinée par les administrateurs nationaux."
        in content
    )
    assert 'name="cancel"' in content
    newcomer.refresh_from_db()
    assert (newcomer.structure, newcomer.awaiting_structure) == (None, tree.moulin)
    assert client.get("/").status_code == 302  # still behind the structure gate


def test_the_portal_wide_validation_setting_puts_every_request_on_hold(client, newcomer, tree):
    site = SiteSettings.load()
    site.structure_validation_required = True
    site.save()
    client.post("/structure/choose/", {"structure": tree.ampere.pk})
    newcomer.refresh_from_db()
    assert (newcomer.structure, newcomer.awaiting_structure) == (None, tree.ampere)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"structure": "999999"}, "Cette structure n&#x27;existe pas."),
        ({"structure": "abc"}, "Cette structure n&#x27;existe pas."),
        ({}, "Choisissez une structure."),
    ],
)
def test_a_bad_choice_gets_a_clear_message(client, newcomer, data, message):
    response = client.post("/structure/choose/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    newcomer.refresh_from_db()
    assert (newcomer.structure, newcomer.awaiting_structure) == (None, None)


def test_a_pending_request_can_be_cancelled(client, newcomer, tree):
    User.objects.filter(pk=newcomer.pk).update(awaiting_structure=tree.moulin)
    response = client.post("/structure/choose/", {"cancel": "1"}, follow=True)
    assert "Votre demande a été annulée." in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.awaiting_structure is None


def test_an_attached_person_sees_their_structure_and_may_change_it(client, teacher, tree):
    sign_in(client, teacher)
    assert "Vous êtes rattaché(e) à Lycée Ampère." in client.get("/structure/choose/").content.decode()
    client.post("/structure/choose/", {"structure": tree.moulin.pk})
    teacher.refresh_from_db()
    assert teacher.structure == tree.moulin
