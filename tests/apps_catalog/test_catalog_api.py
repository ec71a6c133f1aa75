"""The catalogue API: services, categories, favourites. Full JSON bodies, denied cases, constant queries."""

import pytest
from rest_framework.test import APIClient

from apps_catalog.factories import CategoryFactory, ServiceFactory
from apps_catalog.models import Category, Service, SpaceItem

pytestmark = pytest.mark.django_db

SEE = {"view": True, "launch": True, "favourite": True, "update": False, "delete": False}


@pytest.fixture
def api():
    return APIClient()


def service_json(service, abilities=SEE, **overrides):
    body = {
        "id": service.pk,
        "title": service.title,
        "slug": service.slug,
        "structure": service.structure_id,
        "team": service.team,
        "usage": service.usage,
        "description": service.description,
        "content": service.content,
        "url": service.url,
        "logo": None,
        "state": service.state,
        "is_beta": service.is_beta,
        "offline": service.offline,
        "categories": [category.pk for category in service.categories.all()],
        "business_regroupings": [],
        "detail_url": service.get_absolute_url(),
        "launch_url": f"/services/launch/{service.pk}/",
        "abilities": abilities,
    }
    body.update(overrides)
    return body


def page(results):
    return {"count": len(results), "next": None, "previous": None, "results": results}


def test_anonymous_requests_get_a_401(api, national_service):
    response = api.get("/api/v1/services/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Informations d'authentification non fournies."}


def test_the_services_list_shows_what_the_person_sees(api, teacher, national_service, lyon_service, tree):
    ServiceFactory(title="Grenoble", structure=tree.grenoble)
    ServiceFactory(title="Masqué", state=Service.State.HIDDEN)
    api.force_authenticate(teacher)
    response = api.get("/api/v1/services/")
    assert response.status_code == 200
    assert response.json() == page([service_json(lyon_service), service_json(national_service)])


def test_managers_also_list_their_hidden_services(api, lyon_admin, tree):
    hidden = ServiceFactory(title="Brouillon", structure=tree.rhone, state=Service.State.HIDDEN)
    api.force_authenticate(lyon_admin)
    body = api.get("/api/v1/services/", {"state": Service.State.HIDDEN}).json()
    assert body == page(
        [service_json(hidden, {"view": True, "launch": False, "favourite": False, "update": True, "delete": True})]
    )


def test_the_list_filters(api, teacher, national_service, lyon_service, category):
    national_service.categories.add(category)
    ServiceFactory(title="Classes virtuelles")
    api.force_authenticate(teacher)

    def titles(**params):
        return [item["title"] for item in api.get("/api/v1/services/", params).json()["results"]]

    assert titles(category=category.pk) == ["Nuage"]
    assert titles(structure="national") == ["Classes virtuelles", "Nuage"]
    assert titles(structure=lyon_service.structure_id) == ["Messagerie académique"]
    assert titles(search="ACADEMIQUE") == ["Messagerie académique"]
    assert titles(search="classes virt") == ["Classes virtuelles"]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"state": "7"}, {"state": ["Sélectionnez un choix valide. 7 n’en fait pas partie."]}),
        ({"category": "x"}, {"category": ["Saisissez un nombre."]}),
        ({"structure": "paris"}, {"structure": ["Un identifiant de structure ou « national » est attendu."]}),
    ],
)
def test_bad_filters_get_a_400_naming_the_field(api, teacher, params, errors):
    api.force_authenticate(teacher)
    response = api.get("/api/v1/services/", params)
    assert response.status_code == 400
    assert response.json() == errors


@pytest.mark.parametrize("count", [5, 60])
def test_the_list_runs_in_constant_queries(api, teacher, count, django_assert_num_queries):
    category = CategoryFactory()
    for index in range(count):
        ServiceFactory(categories=[category], title=f"S{index:02d}")
    api.force_authenticate(teacher)
    with django_assert_num_queries(5):  # structure, count, page, categories, regroupings
        response = api.get("/api/v1/services/")
    assert len(response.json()["results"]) == min(count, 20)


def test_the_detail_of_a_service_of_another_subtree_is_a_404(api, other_teacher, lyon_service):
    api.force_authenticate(other_teacher)
    response = api.get(f"/api/v1/services/{lyon_service.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Service matches the given query."}


def test_a_structure_admin_creates_a_service_in_their_subtree(api, lyon_admin, tree, category):
    api.force_authenticate(lyon_admin)
    response = api.post(
        "/api/v1/services/",
        {
            "title": "Moodle",
            "slug": "moodle",
            "structure": tree.ampere.pk,
            "url": "https://moodle.ac-lyon.fr/",
            "categories": [category.pk],
            "content": "<p>Cours<script>x</script></p>",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    service = Service.objects.get()
    assert response.json() == service_json(
        service,
        {"view": True, "launch": False, "favourite": False, "update": True, "delete": True},
        content="<p>Cours</p>",
        team="",
        usage="",
        description="",
    )


@pytest.mark.parametrize(
    ("role", "structure", "status", "detail"),
    [
        ("lyon_admin", "grenoble", 403, "Vous ne pouvez gérer que les services de vos structures."),
        ("lyon_admin", None, 403, "Seul un administrateur national gère les services nationaux."),
        ("teacher", "ampere", 403, "Vous ne pouvez gérer que les services de vos structures."),
        ("grenoble_admin", "lyon", 403, "Vous ne pouvez gérer que les services de vos structures."),
    ],
)
def test_creating_a_service_elsewhere_is_refused(api, request, tree, role, structure, status, detail):
    api.force_authenticate(request.getfixturevalue(role))
    body = {
        "title": "X",
        "slug": "x",
        "url": "https://x.fr/",
        "structure": getattr(tree, structure).pk if structure else None,
    }
    response = api.post("/api/v1/services/", body, format="json")
    assert response.status_code == status
    assert response.json() == {"detail": detail}
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"url": "javascript:alert(1)"}, {"url": ["Saisissez une adresse web en http ou https."]}),
        ({"url": "data:text/html;base64,PHNjcmlwdD4="}, {"url": ["Saisissez une adresse web en http ou https."]}),
        ({"description": "x" * 81}, {"description": ["Assurez-vous que ce champ comporte au plus 80\xa0caractères."]}),
        ({"state": 3}, {"state": ["«\xa03\xa0» n'est pas un choix valide."]}),
        ({"title": ""}, {"title": ["Ce champ ne peut être vide."]}),
    ],
)
def test_bad_service_bodies_get_a_400(api, global_admin, body, errors):
    api.force_authenticate(global_admin)
    response = api.post("/api/v1/services/", {"title": "X", "slug": "x", "url": "https://x.fr/", **body}, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Service.objects.exists()


def test_a_logo_must_be_a_real_image(api, global_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api.force_authenticate(global_admin)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = api.post("/api/v1/services/", {"title": "X", "slug": "x", "url": "https://x.fr/", "logo": fake})
    assert response.status_code == 400
    assert response.json() == {
        "logo": [
            "Transférez une image valide. Le fichier que vous avez transféré n'est pas une image, ou il est corrompu."
        ]
    }


def test_a_real_logo_is_accepted_and_an_oversized_one_refused(api, global_admin, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    Image.new("RGB", (40, 40), "blue").save(buffer, "PNG")
    api.force_authenticate(global_admin)
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = api.post("/api/v1/services/", {"title": "X", "slug": "x", "url": "https://x.fr/", "logo": logo})
    assert response.status_code == 201
    assert response.json()["logo"].startswith("http://testserver/media/services/logos/logo")
    settings.MAX_IMAGE_UPLOAD_SIZE = 10
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = api.post("/api/v1/services/", {"title": "Y", "slug": "y", "url": "https://y.fr/", "logo": logo})
    assert response.status_code == 400
    assert response.json() == {"logo": ["L'image est trop lourde (10\xa0octets au maximum)."]}


def test_update_and_delete_need_the_abilities(api, lyon_admin, grenoble_admin, teacher, lyon_service):
    for person, status in ((teacher, 403), (grenoble_admin, 404)):
        api.force_authenticate(person)
        assert api.patch(f"/api/v1/services/{lyon_service.pk}/", {"title": "X"}, format="json").status_code == status
        assert api.delete(f"/api/v1/services/{lyon_service.pk}/").status_code == status
    api.force_authenticate(lyon_admin)
    response = api.patch(f"/api/v1/services/{lyon_service.pk}/", {"title": "Webmail"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "Webmail"
    assert api.delete(f"/api/v1/services/{lyon_service.pk}/").status_code == 204
    assert not Service.objects.exists()


def test_categories_are_read_by_all_and_managed_by_global_admins(api, teacher, global_admin, category):
    api.force_authenticate(teacher)
    assert api.get("/api/v1/categories/").json() == [{"id": category.pk, "name": "Collaboration"}]
    response = api.post("/api/v1/categories/", {"name": "Vidéo"}, format="json")
    assert response.status_code == 403
    assert api.delete(f"/api/v1/categories/{category.pk}/").status_code == 403
    api.force_authenticate(global_admin)
    response = api.post("/api/v1/categories/", {"name": "Vidéo"}, format="json")
    assert response.status_code == 201
    assert response.json() == {"id": Category.objects.get(name="Vidéo").pk, "name": "Vidéo"}
    response = api.post("/api/v1/categories/", {"name": "vidéo"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Une catégorie de ce nom existe déjà."]}


def test_favourites_add_list_remove(api, teacher, national_service):
    api.force_authenticate(teacher)
    response = api.post("/api/v1/me/favourites/", {"kind": "service", "id": national_service.pk}, format="json")
    assert response.status_code == 201
    entry = {
        "kind": "service",
        "id": national_service.pk,
        "title": "Nuage",
        "url": f"/services/launch/{national_service.pk}/",
        "description": "Description de Nuage",
        "icon_url": "",
        "badge": "",
        "available": True,
    }
    assert response.json() == entry
    assert (
        api.post("/api/v1/me/favourites/", {"kind": "service", "id": national_service.pk}, format="json").status_code
        == 201
    )
    assert api.get("/api/v1/me/favourites/").json() == [entry]
    assert api.delete(f"/api/v1/me/favourites/service/{national_service.pk}/").status_code == 204
    assert api.get("/api/v1/me/favourites/").json() == []


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"kind": "rocket", "id": 1}, {"kind": ["Type d'élément inconnu : rocket."]}),
        ({"kind": "service"}, {"id": ["Ce champ est obligatoire."]}),
        ({"kind": "service", "id": "abc"}, {"id": ["Un nombre entier valide est requis."]}),
    ],
)
def test_bad_favourites_get_a_400(api, teacher, body, errors):
    api.force_authenticate(teacher)
    response = api.post("/api/v1/me/favourites/", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors


def test_a_foreign_service_cannot_be_favourited(api, other_teacher, lyon_service):
    api.force_authenticate(other_teacher)
    response = api.post("/api/v1/me/favourites/", {"kind": "service", "id": lyon_service.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "id": [f"Élément inconnu, masqué ou qui ne vous appartient pas : service {lyon_service.pk}."]
    }
    assert not SpaceItem.objects.exists()


def test_the_openapi_schema_validates(api, teacher):
    import yaml
    from openapi_spec_validator import validate

    api.force_authenticate(teacher)
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    for path in ("/api/v1/services/", "/api/v1/me/space/", "/api/v1/me/bookmarks/import/", "/api/v1/categories/"):
        assert path in schema["paths"]
