"""The back office of the catalogue, scoped like the rest: a structure admin manages only their subtree."""

import pytest

from apps_catalog.factories import BusinessRegroupingFactory, ServiceFactory
from apps_catalog.models import BusinessRegrouping, Service

pytestmark = pytest.mark.django_db

ADD = "/admin/apps_catalog/service/add/"


def _service_form(**extra):
    return {
        "title": "Moodle",
        "slug": "moodle",
        "url": "https://moodle.ac-lyon.fr/",
        "state": "0",
        "screenshots-TOTAL_FORMS": "0",
        "screenshots-INITIAL_FORMS": "0",
        "screenshots-MIN_NUM_FORMS": "0",
        "screenshots-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_a_structure_admin_lists_only_their_subtree_services(client, lyon_admin, tree, national_service, lyon_service):
    ServiceFactory(title="Pronote", structure=tree.ampere)
    ServiceFactory(title="Grenoble", structure=tree.grenoble)
    client.force_login(lyon_admin)
    response = client.get("/admin/apps_catalog/service/")
    assert response.status_code == 200
    assert sorted(s.title for s in response.context["cl"].queryset) == ["Messagerie académique", "Pronote"]


def test_a_structure_admin_adds_a_service_in_their_subtree(client, lyon_admin, tree):
    client.force_login(lyon_admin)
    response = client.post(ADD, _service_form(structure=tree.ampere.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Service.objects.get().structure == tree.ampere


@pytest.mark.parametrize(
    ("where", "error"),
    [
        ("grenoble", "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."),
        ("", "Seul un administrateur national gère les services nationaux : choisissez une de vos structures."),
    ],
)
def test_a_structure_admin_cannot_add_a_service_elsewhere(client, lyon_admin, tree, where, error):
    client.force_login(lyon_admin)
    response = client.post(ADD, _service_form(structure=tree.grenoble.pk if where else ""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"structure": [error]}
    assert not Service.objects.exists()


def test_a_structure_admin_cannot_open_another_subtree_service(client, lyon_admin, tree, national_service):
    grenoble = ServiceFactory(structure=tree.grenoble)
    client.force_login(lyon_admin)
    for service in (grenoble, national_service):
        response = client.get(f"/admin/apps_catalog/service/{service.pk}/change/")
        assert response.status_code == 302 and response["Location"] == "/admin/"
        response = client.post(f"/admin/apps_catalog/service/{service.pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
    assert Service.objects.count() == 2


def test_the_structure_of_a_service_does_not_change(client, lyon_admin, lyon_service):
    client.force_login(lyon_admin)
    response = client.get(f"/admin/apps_catalog/service/{lyon_service.pk}/change/")
    assert response.status_code == 200
    assert "structure" not in response.context["adminform"].form.fields


def test_a_global_admin_adds_a_national_service(client, global_admin):
    client.force_login(global_admin)
    response = client.post(ADD, _service_form(structure="", url="https://nuage.apps.education.fr/"))
    assert response.status_code == 302
    assert Service.objects.get().is_national


def test_a_non_web_launch_url_is_refused_in_the_admin(client, global_admin):
    client.force_login(global_admin)
    response = client.post(ADD, _service_form(url="javascript:alert(1)"))
    assert response.context["adminform"].form.errors == {"url": ["Saisissez une adresse web en http ou https."]}


def test_teachers_do_not_enter_the_back_office(client, teacher):
    client.force_login(teacher)
    response = client.get("/admin/apps_catalog/service/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_categories_are_for_global_admins(client, lyon_admin, global_admin):
    client.force_login(lyon_admin)
    assert client.get("/admin/apps_catalog/category/").status_code == 403
    client.force_login(global_admin)
    assert client.get("/admin/apps_catalog/category/").status_code == 200
    assert client.post("/admin/apps_catalog/category/add/", {"name": "Vidéo"}).status_code == 302


def test_regroupings_are_scoped_and_their_names_checked(client, lyon_admin, tree):
    BusinessRegroupingFactory(structure=tree.lyon, name="Pédagogie")
    BusinessRegroupingFactory(structure=tree.grenoble, name="Grenoble seulement")
    client.force_login(lyon_admin)
    response = client.get("/admin/apps_catalog/businessregrouping/")
    assert [r.name for r in response.context["cl"].queryset] == ["Pédagogie"]
    response = client.post(
        "/admin/apps_catalog/businessregrouping/add/", {"name": "pédagogie", "structure": tree.ampere.pk}
    )
    assert response.context["adminform"].form.errors == {
        "name": ["Une structure parente a déjà un regroupement métier de ce nom."]
    }
    response = client.post(
        "/admin/apps_catalog/businessregrouping/add/", {"name": "Vie scolaire", "structure": tree.grenoble.pk}
    )
    assert response.context["adminform"].form.errors == {
        "structure": ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]
    }
    response = client.post(
        "/admin/apps_catalog/businessregrouping/add/", {"name": "Vie scolaire", "structure": tree.ampere.pk}
    )
    assert response.status_code == 302
    assert BusinessRegrouping.objects.filter(structure=tree.ampere, name="Vie scolaire").exists()


def test_the_services_table_has_translated_headers_and_one_status_column(client, global_admin, tree, lyon_service):
    lyon_service.is_beta = True
    lyon_service.save()
    global_admin.language = "en"
    global_admin.save()
    client.force_login(global_admin)
    client.cookies["portal_language"] = "en"
    response = client.get("/admin/apps_catalog/service/")
    html = response.content.decode()
    assert "updated at" not in html.lower()
    assert "Updated on" in html
    assert response.context["cl"].list_display[1:] == ["title", "structure_name", "status", "updated"]
    assert " · beta</td>" in html


def test_the_default_space_page_title_needs_no_elision(client, lyon_admin, tree):
    client.force_login(lyon_admin)
    html = client.get(f"/personal/default-spaces/{tree.lyon.pk}/").content.decode()
    assert "Espace par défaut : Académie de Lyon" in html
    assert "Espace par défaut de" not in html


def test_a_service_form_offers_only_the_regroupings_its_structure_may_use(client, lyon_admin, tree, lyon_service):
    lyon_pedagogy = BusinessRegroupingFactory(structure=tree.lyon, name="Pédagogie")
    ampere_only = BusinessRegroupingFactory(structure=tree.ampere, name="Vie du lycée")
    grenoble_work = BusinessRegroupingFactory(structure=tree.grenoble, name="Vie professionnelle")
    client.force_login(lyon_admin)
    url = f"/admin/apps_catalog/service/{lyon_service.pk}/change/"
    offered = set(client.get(url).context["adminform"].form.fields["business_regroupings"].queryset)
    assert offered == {lyon_pedagogy}  # the service is the académie's: neither a school's nor Grenoble's
    new = set(client.get(ADD).context["adminform"].form.fields["business_regroupings"].queryset)
    assert new == {lyon_pedagogy, ampere_only}
    assert grenoble_work not in new


def test_grenobles_regrouping_is_refused_on_a_lyon_service(client, lyon_admin, tree):
    grenoble_work = BusinessRegroupingFactory(structure=tree.grenoble, name="Vie professionnelle")
    client.force_login(lyon_admin)
    response = client.post(ADD, _service_form(structure=tree.ampere.pk, business_regroupings=[grenoble_work.pk]))
    assert response.status_code == 200
    assert "business_regroupings" in response.context["adminform"].form.errors
    assert not Service.objects.exists()


def test_the_admin_files_a_service_under_regroupings_through_the_service_layer(client, lyon_admin, tree):
    pedagogy = BusinessRegroupingFactory(structure=tree.lyon, name="Pédagogie")
    client.force_login(lyon_admin)
    response = client.post(ADD, _service_form(structure=tree.ampere.pk, business_regroupings=[pedagogy.pk]))
    assert response.status_code == 302
    assert list(Service.objects.get().business_regroupings.all()) == [pedagogy]
