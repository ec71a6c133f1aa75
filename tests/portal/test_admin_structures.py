"""The structures' back office: tree list, search, filters, create/rename/move/delete through the services,
the structure's admins, and the global-admin tables (e-mail domains, site settings, legal pages)."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.core.models import SITE_SETTINGS_CACHE_KEY, LegalPage, SiteSettings
from portal.structures.factories import EmailDomainFactory
from portal.structures.models import Structure
from portal.users.factories import UserFactory
from tests.portal.admin_helpers import names, post_change

pytestmark = pytest.mark.django_db


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("icone.png", buffer.getvalue(), content_type="image/png")


# --- the list ---


def test_list_reads_as_a_tree(as_global, world):
    response = as_global.get("/admin/structures/structure/")
    rows = list(response.context["cl"].result_list)
    assert [row.name for row in rows] == [
        "Académie de Lyon",
        "DSDEN du Rhône",
        "Lycée Ampère",
        "Collège Jean Moulin",
        "Académie de Grenoble",
        "DSDEN de l'Isère",
        "Lycée Champollion",
    ]
    html = response.content.decode()
    assert '<span style="margin-inline-start: 3.0rem">Lycée Ampère</span>' in html


def test_list_shows_people_counts_and_admins(as_lyon, world):
    response = as_lyon.get("/admin/structures/structure/")
    rows = {row.name: (row.user_count, row.admin_names) for row in response.context["cl"].result_list}
    assert rows["Académie de Lyon"] == (1, ["admin.lyon"])
    assert rows["DSDEN du Rhône"] == (1, ["admin.rhone"])
    assert rows["Collège Jean Moulin"] == (2, [])


@pytest.mark.parametrize(("query", "found"), [("ampere", {"Lycée Ampère"}), ("0690028f", {"Collège Jean Moulin"})])
def test_search_by_name_without_accents_or_by_code(as_lyon, query, found):
    assert names(as_lyon.get("/admin/structures/structure/", {"q": query})) == found


def test_subtree_filter(as_global, world):
    response = as_global.get("/admin/structures/structure/", {"subtree": world.tree.rhone.pk})
    assert names(response) == {"DSDEN du Rhône", "Lycée Ampère", "Collège Jean Moulin"}


def test_no_bulk_delete_for_structures(as_global):
    response = as_global.get("/admin/structures/structure/")
    assert "delete_selected" not in response.content.decode()


# --- create, rename, move ---


def test_structure_admin_creates_a_child(as_lyon, world):
    response = as_lyon.post(
        "/admin/structures/structure/add/",
        {"name": "Lycée du Parc", "parent": str(world.tree.rhone.pk), "external_code": "0690031K"},
    )
    assert response.status_code == 302
    school = Structure.objects.get(name="Lycée du Parc")
    assert school.path == f"{world.tree.rhone.path}{school.pk}/"


def test_structure_admin_must_choose_a_parent(as_lyon):
    response = as_lyon.post("/admin/structures/structure/add/", {"name": "Académie de Nice"})
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Structure.objects.filter(name="Académie de Nice").exists()


def test_global_admin_creates_a_top_structure(as_global):
    response = as_global.post("/admin/structures/structure/add/", {"name": "Académie de Nice"})
    assert response.status_code == 302
    assert Structure.objects.get(name="Académie de Nice").depth == 0


def test_rename_and_edit_contact_data(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.lyon.pk}/change/"
    response = post_change(
        as_lyon,
        url,
        name="Région académique de Lyon",
        contact_email="contact@ac-lyon.fr",
        introduction_fr='<p>Bienvenue</p><script>alert("x")</script>',
        membership_needs_validation=True,
        icon=png(),
    )
    assert response.status_code == 302
    lyon = Structure.objects.get(pk=world.tree.lyon.pk)
    assert (lyon.name, lyon.contact_email, lyon.membership_needs_validation) == (
        "Région académique de Lyon",
        "contact@ac-lyon.fr",
        True,
    )
    assert lyon.introduction_fr == "<p>Bienvenue</p>"
    assert lyon.icon.name.startswith("structures/icons/")
    lyon.icon.delete(save=False)


def test_a_fake_image_is_refused(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.rhone.pk}/change/"
    fake = SimpleUploadedFile("icone.png", b"<?php echo 1; ?>", content_type="image/png")
    response = post_change(as_lyon, url, icon=fake)
    assert response.status_code == 200
    assert "icon" in response.context["adminform"].form.errors


def test_the_top_of_ones_subtree_cannot_be_moved(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.lyon.pk}/change/"
    page = as_lyon.get(url)
    assert "parent" not in page.context["adminform"].form.fields
    assert "parent_name" in page.context["adminform"].readonly_fields
    assert post_change(as_lyon, url, parent=str(world.tree.grenoble.pk)).status_code == 302  # the parent is ignored
    assert Structure.objects.get(pk=world.tree.lyon.pk).parent_id is None
    below = as_lyon.get(f"/admin/structures/structure/{world.tree.rhone.pk}/change/")
    assert "parent" in below.context["adminform"].form.fields


def test_move_within_the_subtree(as_lyon, world):
    ain = Structure.objects.create(name="DSDEN de l'Ain", parent=world.tree.lyon)
    url = f"/admin/structures/structure/{world.tree.moulin.pk}/change/"
    assert post_change(as_lyon, url, parent=str(ain.pk)).status_code == 302
    assert Structure.objects.get(pk=world.tree.moulin.pk).path == f"{ain.path}{world.tree.moulin.pk}/"


def test_a_cycle_is_a_form_error(as_global, world):
    url = f"/admin/structures/structure/{world.tree.lyon.pk}/change/"
    response = post_change(as_global, url, parent=str(world.tree.ampere.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "Une structure ne peut pas devenir sa propre descendante."
    ]
    assert Structure.objects.get(pk=world.tree.lyon.pk).parent_id is None


def test_sibling_name_clash_is_a_form_error(as_lyon, world):
    response = as_lyon.post(
        "/admin/structures/structure/add/", {"name": "lycée ampère", "parent": str(world.tree.rhone.pk)}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Une structure de ce nom existe déjà à cet endroit de l'arbre."
    ]


# --- the structure's admins ---


def test_structure_admin_names_and_removes_admins_among_the_subtrees_people(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.rhone.pk}/change/"
    response = post_change(as_lyon, url, admins=[str(world.rhone_admin.pk), str(world.teacher.pk)])
    assert response.status_code == 302
    assert set(world.tree.rhone.admins.all()) == {world.rhone_admin, world.teacher}
    response = post_change(as_lyon, url, admins=[str(world.teacher.pk)])
    assert response.status_code == 302
    assert list(world.tree.rhone.admins.all()) == [world.teacher]


def test_admins_are_chosen_once_the_structure_exists(as_lyon):
    page = as_lyon.get("/admin/structures/structure/add/")
    assert "admins" not in page.context["adminform"].form.fields


# --- delete, through the service ---


def test_delete_with_children_and_people_is_refused_with_a_message(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.rhone.pk}/delete/"
    for send in (as_lyon.get, lambda url, **kwargs: as_lyon.post(url, {"post": "yes"}, **kwargs)):
        response = send(url, follow=True)
        assert response.redirect_chain == [(f"/admin/structures/structure/{world.tree.rhone.pk}/change/", 302)]
        assert [str(message) for message in response.context["messages"]] == [
            "« DSDEN du Rhône » ne peut pas être supprimée : elle contient encore 2 sous-structures, "
            "1 personne rattachée."
        ]
    assert Structure.objects.filter(pk=world.tree.rhone.pk).exists()


def test_delete_of_an_empty_structure(as_lyon, world):
    empty = Structure.objects.create(name="Annexe", parent=world.tree.rhone)
    url = f"/admin/structures/structure/{empty.pk}/delete/"
    assert as_lyon.get(url).status_code == 200
    response = as_lyon.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Structure.objects.filter(pk=empty.pk).exists()


def test_delete_of_the_top_of_ones_subtree_is_forbidden(as_lyon, world):
    empty_top = Structure.objects.create(name="Vide")
    empty_top.admins.add(world.lyon_admin)
    assert as_lyon.get(f"/admin/structures/structure/{empty_top.pk}/delete/").status_code == 403
    assert as_lyon.post(f"/admin/structures/structure/{empty_top.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Structure.objects.filter(pk=empty_top.pk).exists()


def test_delete_of_a_structure_with_awaiting_people_clears_their_request(as_lyon, world):
    empty = Structure.objects.create(name="Annexe", parent=world.tree.rhone)
    waiting = UserFactory(structure=None, awaiting_structure=empty)
    as_lyon.post(f"/admin/structures/structure/{empty.pk}/delete/", {"post": "yes"})
    waiting.refresh_from_db()
    assert waiting.awaiting_structure is None


# --- global-admin tables ---


def test_email_domains_for_global_admins(as_global, world):
    EmailDomainFactory(domain="ac-lyon.fr", structure=world.tree.lyon, entity_short_name="AC-LYON")
    EmailDomainFactory(domain="ac-grenoble.fr", structure=world.tree.grenoble)
    response = as_global.get("/admin/structures/emaildomain/", {"q": "lyon"})
    assert [domain.domain for domain in response.context["cl"].result_list] == ["ac-lyon.fr"]
    response = as_global.post(
        "/admin/structures/emaildomain/add/", {"domain": " AC-Nice.FR ", "structure": str(world.tree.lyon.pk)}
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == world.global_admin
    assert EmailDomainFactory._meta.model.objects.filter(domain="ac-nice.fr").exists()


def test_site_settings_open_directly_and_save_through_the_cache(as_global):
    SiteSettings.load()
    response = as_global.get("/admin/core/sitesettings/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/core/sitesettings/1/change/"
    response = as_global.post(
        "/admin/core/sitesettings/1/change/",
        {
            "introduction_fr": "<p>Bonjour</p><img src=x onerror=alert(1)>",
            "introduction_en": "",
            "maintenance": "on",
            "maintenance_reason": "Mise à jour",
            "structure_validation_required": "on",
        },
    )
    assert response.status_code == 302
    assert cache.get(SITE_SETTINGS_CACHE_KEY) is None
    site = SiteSettings.load()
    assert (site.maintenance, site.maintenance_reason, site.structure_validation_required) == (
        True,
        "Mise à jour",
        True,
    )
    assert "onerror" not in site.introduction_fr


def test_site_settings_cannot_be_added_or_deleted(as_global):
    SiteSettings.load()
    assert as_global.get("/admin/core/sitesettings/add/").status_code == 403
    assert as_global.get("/admin/core/sitesettings/1/delete/").status_code == 403


def test_legal_pages_for_global_admins(as_global):
    response = as_global.post(
        "/admin/core/legalpage/add/",
        {"key": "terms", "external_url": "", "content_fr": "<p>CGU</p>", "content_en": "<p>Terms</p>"},
    )
    assert response.status_code == 302
    assert LegalPage.objects.get(key="terms").content_en == "<p>Terms</p>"
