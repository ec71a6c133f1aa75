"""Structure default spaces: edited by the subtree's admins, given when a person's space starts (first sign-in or
first visit of "Mon espace", never at import), applied to everybody whose space has started, in batches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps_catalog import services
from apps_catalog.factories import ServiceFactory, UserBookmarkFactory
from apps_catalog.models import DefaultSpace, DefaultSpaceApplication, Service, SpaceItem, SpaceStart, SpaceZone
from apps_catalog.selectors import people_governed_by
from portal.users import signals
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db


def layout(*zones):
    return {
        "zones": [
            {"name": name, "items": [{"kind": "service", "id": s.pk} for s in members]} for name, members in zones
        ]
    }


def space_of(person):
    zones = list(SpaceZone.objects.filter(user=person).order_by("position").values_list("pk", "name"))
    items = SpaceItem.objects.filter(user=person).order_by("position", "pk")
    return {
        "zones": [(name, [i.object_id for i in items if i.zone_id == pk]) for pk, name in zones],
        "unsorted": [(i.kind, i.object_id) for i in items if i.zone_id is None],
    }


@pytest.fixture
def lyon_default(lyon_admin, tree, national_service, lyon_service):
    return services.save_default_space(
        lyon_admin, tree.lyon, layout(("Académie", [lyon_service]), ("National", [national_service]))
    )


def test_a_structure_admin_saves_the_default_space_through_the_api(lyon_admin, tree, national_service, lyon_service):
    api = APIClient()
    api.force_authenticate(lyon_admin)
    response = api.put(
        f"/api/v1/default-spaces/{tree.rhone.pk}/", layout(("Travail", [lyon_service, national_service])), format="json"
    )
    assert response.status_code == 200
    service_entry = {"icon_url": "", "badge": "", "available": True}
    assert response.json() == {
        "zones": [
            {
                "id": None,
                "name": "Travail",
                "is_expanded": True,
                "items": [
                    {
                        "kind": "service",
                        "id": lyon_service.pk,
                        "title": "Messagerie académique",
                        "url": f"/services/launch/{lyon_service.pk}/",
                        "description": lyon_service.description,
                        **service_entry,
                    },
                    {
                        "kind": "service",
                        "id": national_service.pk,
                        "title": "Nuage",
                        "url": f"/services/launch/{national_service.pk}/",
                        "description": national_service.description,
                        **service_entry,
                    },
                ],
            }
        ],
        "unsorted": [],
    }
    assert DefaultSpace.objects.get().layout == [
        {
            "name": "Travail",
            "is_expanded": True,
            "items": [{"kind": "service", "id": lyon_service.pk}, {"kind": "service", "id": national_service.pk}],
        }
    ]


@pytest.mark.parametrize("role", ["teacher", "grenoble_admin", "other_teacher"])
def test_others_cannot_read_or_edit_a_default_space(request, tree, role, national_service):
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(role))
    assert api.get(f"/api/v1/default-spaces/{tree.lyon.pk}/").status_code == 403
    response = api.put(f"/api/v1/default-spaces/{tree.lyon.pk}/", layout(("A", [national_service])), format="json")
    assert response.status_code == 403
    assert api.post(f"/api/v1/default-spaces/{tree.lyon.pk}/apply/").status_code == 403
    assert not DefaultSpace.objects.exists()


def test_a_default_space_holds_only_services_its_people_can_see(lyon_admin, tree, national_service):
    api = APIClient()
    api.force_authenticate(lyon_admin)
    grenoble = ServiceFactory(structure=tree.grenoble)
    hidden = ServiceFactory(state=Service.State.HIDDEN)
    bookmark = UserBookmarkFactory(user=lyon_admin)
    body = {
        "zones": [
            {
                "name": "A",
                "items": [
                    {"kind": "service", "id": grenoble.pk},
                    {"kind": "service", "id": hidden.pk},
                    {"kind": "bookmark", "id": bookmark.pk},
                ],
            }
        ],
        "unsorted": [{"kind": "service", "id": national_service.pk}],
    }
    response = api.put(f"/api/v1/default-spaces/{tree.lyon.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "unsorted": ["Un espace par défaut n'a pas d'éléments non classés."],
        "zones[0].items[2].kind": ["Type d'élément inconnu : bookmark."],
    }
    body = {"zones": [{"name": "A", "items": body["zones"][0]["items"][:2]}]}
    response = api.put(f"/api/v1/default-spaces/{tree.lyon.pk}/", body, format="json")
    assert response.status_code == 400
    unknown = "Élément inconnu, masqué ou qui ne vous appartient pas : service {}."
    assert response.json() == {
        "zones[0].items[0]": [unknown.format(grenoble.pk)],
        "zones[0].items[1]": [unknown.format(hidden.pk)],
    }
    assert not DefaultSpace.objects.exists()


def test_a_new_account_gets_no_space_until_the_person_needs_one(lyon_default, tree):
    person = UserFactory(structure=tree.ampere)
    signals.users_created.send(sender=User, user_ids=[person.pk])
    signals.users_structure_changed.send(sender=User, user_ids=[person.pk])
    assert space_of(person) == {"zones": [], "unsorted": []}
    assert not SpaceStart.objects.exists()


@pytest.mark.parametrize("arrival", ["sign-in", "space page", "space api"])
def test_a_new_person_gets_the_nearest_default_space_when_they_arrive(
    client, lyon_default, tree, lyon_service, national_service, arrival
):
    person = UserFactory(structure=tree.ampere)
    if arrival == "sign-in":
        client.force_login(person)  # Django's user_logged_in, as after the OpenID Connect sign-in
    elif arrival == "space page":
        client.force_login(person)
        SpaceStart.objects.all().delete()  # as for a session older than the account's space
        assert client.get("/personal/").status_code == 200
    else:
        api = APIClient()
        api.force_authenticate(person)  # no sign-in
        assert api.get("/api/v1/me/space/").status_code == 200
    assert space_of(person) == {
        "zones": [("Académie", [lyon_service.pk]), ("National", [national_service.pk])],
        "unsorted": [],
    }
    assert SpaceStart.objects.filter(user=person).exists()


def test_a_space_starts_once(lyon_default, tree):
    person = UserFactory(structure=tree.ampere)
    assert services.start_personal_spaces([person.pk]) == [person.pk]
    SpaceItem.objects.filter(user=person).delete()  # the person emptied their space
    SpaceZone.objects.filter(user=person).delete()
    with CaptureQueriesContext(connection) as context:
        assert services.start_personal_spaces([person.pk]) == []
    assert len(context.captured_queries) == 1
    assert space_of(person)["zones"] == []


def test_a_late_start_gives_the_same_space_as_a_start_at_account_creation(
    lyon_default, tree, lyon_service, national_service
):
    """What a person did before their space started (a favourite, a bookmark) is kept as if the default space had
    been applied when the account was created."""
    early, late = UserFactory(structure=tree.ampere), UserFactory(structure=tree.ampere)
    services.start_personal_spaces([early.pk])
    for person in (early, late):
        services.add_to_space(person, "service", national_service.pk)
        services.create_bookmark(person, url="https://exemple.fr/", name="Exemple", in_space=True)
    services.start_personal_spaces([late.pk])

    def shape(person):
        whole = space_of(person)
        return {
            "zones": whole["zones"],
            "unsorted": sorted((kind, 0 if kind == "bookmark" else pk) for kind, pk in whole["unsorted"]),
        }

    assert shape(late) == shape(early)
    assert shape(late)["zones"] == [("Académie", [lyon_service.pk]), ("National", [national_service.pk])]


def test_a_nearer_default_space_wins(lyon_default, lyon_admin, tree, national_service):
    services.save_default_space(lyon_admin, tree.ampere, layout(("Lycée", [national_service])))
    person = UserFactory(structure=tree.ampere)
    moulin = UserFactory(structure=tree.moulin)
    services.start_personal_spaces([person.pk, moulin.pk])
    assert space_of(person)["zones"] == [("Lycée", [national_service.pk])]
    assert [name for name, _ids in space_of(moulin)["zones"]] == ["Académie", "National"]


def test_people_without_structure_or_default_space_get_nothing(lyon_default, tree):
    nowhere = UserFactory(structure=None)
    grenoble = UserFactory(structure=tree.champollion)
    services.start_personal_spaces([nowhere.pk, grenoble.pk])
    assert not SpaceZone.objects.exists()


def test_a_structure_chosen_later_gives_the_default_space_only_to_an_empty_started_space(
    lyon_default, tree, national_service
):
    empty, busy, not_started = UserFactory.create_batch(3, structure=None)
    services.start_personal_spaces([empty.pk, busy.pk])
    services.add_to_space(busy, "service", national_service.pk)
    User.objects.update(structure=tree.ampere)
    signals.users_structure_changed.send(sender=User, user_ids=[empty.pk, busy.pk, not_started.pk])
    assert [name for name, _ids in space_of(empty)["zones"]] == ["Académie", "National"]
    assert space_of(busy) == {"zones": [], "unsorted": [("service", national_service.pk)]}
    assert space_of(not_started) == {"zones": [], "unsorted": []}  # theirs comes when they arrive


def test_applying_keeps_personal_items_unsorted_and_never_duplicates(
    lyon_default, teacher, lyon_service, national_service
):
    bookmark = UserBookmarkFactory(user=teacher)
    services.save_space(
        teacher,
        {
            "zones": [
                {
                    "name": "Mes trucs",
                    "items": [{"kind": "bookmark", "id": bookmark.pk}, {"kind": "service", "id": national_service.pk}],
                }
            ]
        },
    )
    services.apply_default_space(lyon_default, [teacher.pk])
    assert space_of(teacher) == {
        "zones": [("Académie", [lyon_service.pk]), ("National", [national_service.pk])],
        "unsorted": [("bookmark", bookmark.pk)],
    }
    assert SpaceItem.objects.filter(user=teacher, kind="service", object_id=national_service.pk).count() == 1


def test_a_service_deleted_since_is_left_out_when_applying(lyon_default, teacher, lyon_service, national_service):
    lyon_service.delete()
    services.apply_default_space(lyon_default, [teacher.pk])
    assert space_of(teacher)["zones"] == [("Académie", []), ("National", [national_service.pk])]


@pytest.mark.parametrize("count", [5, 50])
def test_applying_runs_in_constant_queries(lyon_default, tree, count):
    people = User.objects.bulk_create(
        [User(username=f"p{i}", structure=tree.ampere, is_active=True) for i in range(count)]
    )
    with CaptureQueriesContext(connection) as context:
        services.apply_default_space(lyon_default, [person.pk for person in people])
    # the services still valid, then a savepoint, UPDATE, DELETE, INSERT zones, INSERT ... ON CONFLICT items, release
    assert len(context.captured_queries) == 7
    assert SpaceZone.objects.count() == 2 * count


def test_the_people_governed_by_a_default_space(lyon_default, lyon_admin, tree, national_service, teacher):
    rhone = UserFactory(structure=tree.rhone)
    moulin = UserFactory(structure=tree.moulin)
    UserFactory(structure=tree.champollion)
    UserFactory(structure=tree.rhone, is_active=False)
    services.start_personal_spaces(User.objects.values_list("pk", flat=True))
    UserFactory(structure=tree.rhone)  # never arrived: no space yet
    assert sorted(people_governed_by(lyon_default)) == sorted([lyon_admin.pk, teacher.pk, rhone.pk, moulin.pk])
    services.save_default_space(lyon_admin, tree.ampere, layout(("Lycée", [national_service])))
    assert sorted(people_governed_by(lyon_default)) == sorted([lyon_admin.pk, rhone.pk, moulin.pk])


def test_apply_to_everybody_runs_in_batches_with_its_progress(
    lyon_default, lyon_admin, tree, settings, teacher, django_capture_on_commit_callbacks, monkeypatch
):
    settings.DEFAULT_SPACE_BATCH_SIZE = 2
    progress_seen = []
    apply = services.apply_default_space

    def spying_apply(default_space, user_ids):
        progress_seen.append((DefaultSpaceApplication.objects.values_list("status", "done").get(), len(user_ids)))
        return apply(default_space, user_ids)

    UserFactory.create_batch(3, structure=tree.moulin)
    services.start_personal_spaces(User.objects.values_list("pk", flat=True))
    UserFactory(structure=tree.moulin)  # never arrived: passed by, gets the current default when arriving
    monkeypatch.setattr(services.default_spaces, "apply_default_space", spying_apply)
    api = APIClient()
    api.force_authenticate(lyon_admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(f"/api/v1/default-spaces/{tree.lyon.pk}/apply/")
    assert response.status_code == 202 and len(callbacks) == 1
    application = DefaultSpaceApplication.objects.get()
    body = response.json()
    assert body == {
        "id": application.pk,
        "status": "pending",
        "total": 0,
        "done": 0,
        "percent": 100,
        "message": "En attente : 0 personnes sur 0.",
        "created_at": body["created_at"],
        "finished_at": None,
    }
    # the task was enqueued on commit and ran (eagerly here): 5 people, in 3 batches
    response = api.get(f"/api/v1/default-spaces/{tree.lyon.pk}/application/")
    application.refresh_from_db()
    assert response.json() == {
        "id": application.pk,
        "status": "done",
        "total": 5,
        "done": 5,
        "percent": 100,
        "message": "Terminé : 5 personnes sur 5.",
        "created_at": body["created_at"],
        "finished_at": response.json()["finished_at"],
    }
    assert application.finished_at is not None
    assert progress_seen == [(("running", 0), 2), (("running", 2), 2), (("running", 4), 1)]
    assert SpaceZone.objects.filter(user=teacher).count() == 2


def test_applying_a_structure_without_default_space_is_refused(lyon_admin, tree):
    api = APIClient()
    api.force_authenticate(lyon_admin)
    response = api.post(f"/api/v1/default-spaces/{tree.lyon.pk}/apply/")
    assert response.status_code == 400
    assert response.json() == {"detail": ["Cette structure n'a pas encore d'espace par défaut."]}


def test_the_default_space_pages(client, lyon_admin, teacher, tree, lyon_default, django_capture_on_commit_callbacks):
    client.force_login(teacher)
    assert client.get("/personal/default-spaces/").status_code == 403
    assert client.get(f"/personal/default-spaces/{tree.lyon.pk}/").status_code == 403
    assert client.post(f"/personal/default-spaces/{tree.lyon.pk}/apply/").status_code == 403
    client.force_login(lyon_admin)
    page = client.get("/personal/default-spaces/").content.decode()
    assert "Académie de Lyon" in page and "Lycée Ampère" in page and "Académie de Grenoble" not in page
    response = client.get(f"/personal/default-spaces/{tree.lyon.pk}/")
    assert response.status_code == 200
    assert [zone["name"] for zone in response.context["layout"]["zones"]] == ["Académie", "National"]
    assert client.get(f"/personal/default-spaces/{tree.grenoble.pk}/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/personal/default-spaces/{tree.lyon.pk}/apply/", follow=True)
    assert "L&#x27;application de l&#x27;espace par défaut a commencé" in response.content.decode()
    assert DefaultSpaceApplication.objects.get().status == "done"


def test_the_default_space_list_is_searched_and_paged(client, global_admin, tree):
    from portal.structures.models import Structure

    Structure.objects.bulk_create(
        [Structure(name=f"École {i:03d}", parent=tree.isere, path="", depth=3) for i in range(60)]
    )
    client.force_login(global_admin)
    response = client.get("/personal/default-spaces/")
    assert len(response.context["structures"]) == 50
    assert response.context["page"].paginator.count == 67
    response = client.get("/personal/default-spaces/", {"q": "LYCEE AMPERE"})
    assert [structure.name for structure in response.context["structures"]] == ["Lycée Ampère"]
    response = client.get("/personal/default-spaces/", {"q": "zzz"})
    assert "Aucune structure ne correspond à votre recherche." in response.content.decode()
