"""Issue #9: the legal pages' default texts (8), wording (10), the skip links and the favicon (11)."""

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation

from portal.core.models import LegalPage
from tests.portal.pages import plain_home, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_home")]


# --- 8. legal pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", LegalPage.Key.values)
def test_every_legal_page_has_a_real_default_text(client, key):
    content = client.get(f"/legal/{key}/").content.decode()
    assert "pas encore été rédigée" not in content
    assert content.count("<h2>") >= 2


def test_the_personal_data_page_says_what_is_kept_why_how_long_and_the_rights(client, settings):
    settings.LAUNCH_STATS_RETENTION_DAYS = 90
    settings.NOTIFICATION_EXPIRY_DAYS = {"message": 15, "request": 60, "group": 0}
    content = client.get("/legal/personal-data/").content.decode()
    for expected in ("Les données que le portail conserve, et pourquoi", "Vos droits", "CNIL"):
        assert expected in content
    assert "Les notifications : de 15 à 60 jours" in content
    assert "Les compteurs de lancements : 90 jours." in content


def test_the_accessibility_statement_claims_no_conformance_until_an_audit(client, settings):
    content = client.get("/legal/accessibility/").content.decode()
    assert "<strong>non conforme</strong>" in content
    assert "Accessibilité : non conforme" in content  # the footer
    assert "partiellement conforme" not in content
    settings.ACCESSIBILITY_COMPLIANCE = "partial"
    assert "Accessibilité : partiellement conforme" in client.get("/signin/").content.decode()


def test_the_default_texts_are_in_the_readers_language(client):
    client.cookies["portal_language"] = "en"
    content = client.get("/legal/accessibility/").content.decode()
    assert "<strong>not compliant</strong>" in content
    assert "Accessibility: not compliant" in content


def test_what_global_admins_write_replaces_the_default(client):
    LegalPage.objects.create(key="terms", content_fr="<p>Nos conditions</p>")
    content = client.get("/legal/terms/").content.decode()
    assert "<p>Nos conditions</p>" in content
    assert "Les présentes conditions" not in content


def test_a_global_admin_edits_a_legal_page_starting_from_its_default(client, global_admin, teacher):
    sign_in(client, global_admin)
    page = client.get("/legal/personal-data/").content.decode()
    assert 'href="/admin/core/legalpage/add/?key=personal-data"' in page
    form = client.get("/admin/core/legalpage/add/?key=personal-data").context["adminform"].form
    assert "Vos droits" in form.initial["content_fr"]
    assert "Your rights" in form.initial["content_en"]
    sign_in(client, teacher)
    assert "/admin/core/legalpage/" not in client.get("/legal/personal-data/").content.decode()


def test_the_legal_pages_admin_column_is_translated(client, global_admin):
    LegalPage.objects.create(key="terms", content_fr="<p>x</p>")
    sign_in(client, global_admin)
    client.cookies["portal_language"] = "en"
    content = client.get("/admin/core/legalpage/").content.decode()
    assert "Updated at" not in content and "updated at" not in content.lower().replace("updated_at", "")


# --- 10. wording --------------------------------------------------------------------------------------------------


def test_the_sign_in_page_welcomes_without_a_broken_article(client):
    content = client.get("/signin/").content.decode()
    assert "Bienvenue sur Portail" not in content
    assert "Portail apps.education.fr vous souhaite la bienvenue" in content


def test_the_language_choice_names_each_language_in_itself(client, teacher):
    sign_in(client, teacher)
    for language in ("fr", "en"):
        client.cookies["portal_language"] = language
        with translation.override(language):
            content = client.get("/profile/").content.decode()
        assert '<option value="fr" lang="fr"' in content
        assert ">Français</option>" in content and ">English</option>" in content
        assert "Anglais" not in content and ">French<" not in content


def test_the_admin_role_column_needs_no_elision(client, global_admin, lyon_admin, tree):
    sign_in(client, global_admin)
    content = client.get("/admin/users/user/").content.decode()
    assert "Administrateur de Académie" not in content
    assert f"Administration : {tree.lyon.name}" in content


# --- 11. skip links and favicon -----------------------------------------------------------------------------------


def test_anonymous_pages_have_no_skip_link_to_a_missing_menu(client):
    content = client.get("/signin/").content.decode()
    assert 'id="main-menu"' not in content
    assert 'href="#main-menu"' not in content
    assert 'href="#content"' in content and 'href="#footer"' in content


def test_signed_in_pages_keep_the_menu_skip_link_and_its_target(client, teacher):
    sign_in(client, teacher)
    content = client.get("/").content.decode()
    assert 'href="#main-menu"' in content and 'id="main-menu"' in content


def test_favicon_ico_leads_to_an_existing_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("dsfr/dist/favicon/favicon.ico")
    assert finders.find("dsfr/dist/favicon/favicon.ico")
