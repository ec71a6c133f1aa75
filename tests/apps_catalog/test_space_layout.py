"""GET and PUT of my whole space: validated, nothing saved on any problem, full JSON bodies."""

import pytest
from rest_framework.test import APIClient

from apps_catalog import services
from apps_catalog.factories import ServiceFactory, UserBookmarkFactory
from apps_catalog.models import Service, SpaceItem, SpaceZone

pytestmark = pytest.mark.django_db


def entry(service):
    return {
        "kind": "service",
        "id": service.pk,
        "title": service.title,
        "url": f"/services/launch/{service.pk}/",
        "description": service.description,
        "icon_url": "",
        "badge": "",
        "available": True,
    }


def snapshot(person):
    return (
        list(SpaceZone.objects.filter(user=person).values_list("name", "position", "is_expanded")),
        list(
            SpaceItem.objects.filter(user=person)
            .order_by("pk")
            .values_list("zone__name", "kind", "object_id", "position")
        ),
    )


def test_put_then_get_returns_the_layout_as_left(teacher_api, teacher, national_service, lyon_service):
    bookmark = UserBookmarkFactory(user=teacher, name="Éduscol", url="https://eduscol.education.fr/", tag="Ressources")
    body = {
        "zones": [
            {"name": " Travail ", "is_expanded": False, "items": [{"kind": "service", "id": lyon_service.pk}]},
            {
                "name": "Liens",
                "items": [{"kind": "bookmark", "id": bookmark.pk}, {"kind": "service", "id": national_service.pk}],
            },
        ],
        "unsorted": [],
    }
    response = teacher_api.put("/api/v1/me/space/", body, format="json")
    assert response.status_code == 200
    zones = list(SpaceZone.objects.filter(user=teacher).order_by("position"))
    expected = {
        "zones": [
            {"id": zones[0].pk, "name": "Travail", "is_expanded": False, "items": [entry(lyon_service)]},
            {
                "id": zones[1].pk,
                "name": "Liens",
                "is_expanded": True,
                "items": [
                    {
                        "kind": "bookmark",
                        "id": bookmark.pk,
                        "title": "Éduscol",
                        "url": "https://eduscol.education.fr/",
                        "description": "Ressources",
                        "icon_url": "",
                        "badge": "",
                        "available": True,
                    },
                    entry(national_service),
                ],
            },
        ],
        "unsorted": [],
    }
    assert response.json() == expected
    assert teacher_api.get("/api/v1/me/space/").json() == expected
    # what GET returns can be PUT back as is
    assert teacher_api.put("/api/v1/me/space/", expected, format="json").status_code == 200
    assert teacher_api.get("/api/v1/me/space/").json()["zones"][0]["items"] == [entry(lyon_service)]


def test_a_service_in_maintenance_is_shown_unavailable(teacher_api, teacher):
    pod = ServiceFactory(title="Pod", state=Service.State.MAINTENANCE)
    services.add_to_space(teacher, "service", pod.pk)
    assert teacher_api.get("/api/v1/me/space/").json()["unsorted"] == [
        {**entry(pod), "badge": "En maintenance", "available": False}
    ]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ([], {"detail": ["Le corps doit être un objet JSON avec « zones » et « unsorted »."]}),
        ({"zones": "x"}, {"zones": ["Une liste de zones est attendue."]}),
        ({"zones": [], "extra": 1}, {"extra": ["Champ inconnu."]}),
        ({"zones": [{"items": []}]}, {"zones[0].name": ["Donnez un nom à la zone."]}),
        ({"zones": [{"name": "x" * 101}]}, {"zones[0].name": ["Le nom d'une zone fait 100 caractères au plus."]}),
        (
            {"zones": [{"name": "A", "is_expanded": "oui"}]},
            {"zones[0].is_expanded": ["Une valeur vrai/faux est attendue."]},
        ),
        ({"zones": [42]}, {"zones[0]": ["Une zone doit être un objet avec « name » et « items »."]}),
        (
            {"zones": [], "unsorted": [{"kind": "service"}]},
            {"unsorted[0].id": ["L'identifiant doit être un entier positif."]},
        ),
        (
            {"zones": [], "unsorted": [{"kind": "service", "id": True}]},
            {"unsorted[0].id": ["L'identifiant doit être un entier positif."]},
        ),
        (
            {"zones": [], "unsorted": [{"kind": "rocket", "id": 1}]},
            {"unsorted[0].kind": ["Type d'élément inconnu : rocket."]},
        ),
        (
            {"zones": [], "unsorted": ["service:1"]},
            {"unsorted[0]": ["Un élément doit être un objet avec « kind » et « id »."]},
        ),
        ({"zones": [{"name": "A"}] * 51}, {"zones": ["50 zones au plus."]}),
    ],
)
def test_malformed_bodies_get_a_400_naming_the_problem_and_nothing_is_saved(
    teacher_api, teacher, national_service, body, errors
):
    services.add_to_space(teacher, "service", national_service.pk)
    before = snapshot(teacher)
    response = teacher_api.put("/api/v1/me/space/", body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert snapshot(teacher) == before


def test_invalid_json_gets_a_400(teacher_api):
    response = teacher_api.generic("PUT", "/api/v1/me/space/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    }


def test_unknown_hidden_foreign_and_duplicate_items_are_refused_and_nothing_is_saved(
    teacher_api, teacher, national_service, lyon_service, tree
):
    hidden = ServiceFactory(state=Service.State.HIDDEN)
    grenoble = ServiceFactory(structure=tree.grenoble)
    someone_elses = UserBookmarkFactory()
    services.add_to_space(teacher, "service", national_service.pk)
    before = snapshot(teacher)
    body = {
        "zones": [
            {
                "name": "A",
                "items": [
                    {"kind": "service", "id": lyon_service.pk},
                    {"kind": "service", "id": 999999},
                    {"kind": "service", "id": hidden.pk},
                ],
            }
        ],
        "unsorted": [
            {"kind": "service", "id": grenoble.pk},
            {"kind": "bookmark", "id": someone_elses.pk},
            {"kind": "service", "id": lyon_service.pk},
        ],
    }
    response = teacher_api.put("/api/v1/me/space/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "unsorted[2]": [f"Élément en double : service {lyon_service.pk} (déjà en zones[0].items[0])."],
    }
    body["unsorted"].pop()
    response = teacher_api.put("/api/v1/me/space/", body, format="json")
    assert response.status_code == 400
    unknown = "Élément inconnu, masqué ou qui ne vous appartient pas : {}."
    assert response.json() == {
        "zones[0].items[1]": [unknown.format("service 999999")],
        "zones[0].items[2]": [unknown.format(f"service {hidden.pk}")],
        "unsorted[0]": [unknown.format(f"service {grenoble.pk}")],
        "unsorted[1]": [unknown.format(f"bookmark {someone_elses.pk}")],
    }
    assert snapshot(teacher) == before


def test_the_put_runs_in_constant_queries(teacher_api, teacher, django_assert_num_queries):
    # 150 items fit in one INSERT even on SQLite (999 parameters)
    many = Service.objects.bulk_create(
        [Service(title=f"S{i}", slug=f"s{i}", url=f"https://s{i}.fr/") for i in range(150)]
    )
    body = {
        "zones": [{"name": f"Z{z}", "items": [{"kind": "service", "id": s.pk} for s in many[z::3]]} for z in range(3)],
        "unsorted": [],
    }
    # resolve the services, the rewrite (savepoint, 3 deletes or updates, 2 inserts), then the answer's GET
    with django_assert_num_queries(11):
        response = teacher_api.put("/api/v1/me/space/", body, format="json")
    assert response.status_code == 200
    assert SpaceItem.objects.filter(user=teacher).count() == 150


def test_the_space_api_is_personal(teacher_api, teacher, other_teacher, national_service):
    services.add_to_space(other_teacher, "service", national_service.pk)
    assert teacher_api.get("/api/v1/me/space/").json() == {"zones": [], "unsorted": []}


def test_anonymous_and_inactive_people_are_refused(teacher):
    client = APIClient()
    assert client.get("/api/v1/me/space/").status_code == 401
    teacher.is_active = False
    teacher.save()
    client.force_authenticate(teacher)
    response = client.put("/api/v1/me/space/", {"zones": []}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Vous n'avez pas la permission d'effectuer cette action."}


def test_the_put_needs_the_csrf_token_with_a_session(teacher, national_service):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(teacher)
    response = client.put("/api/v1/me/space/", {"zones": []}, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF Failed: CSRF cookie not set."}
