"""The personal space page: simple and advanced modes, search, removal without JavaScript, constant queries."""

import json

import pytest

from apps_catalog import services
from apps_catalog.factories import ServiceFactory, UserBookmarkFactory
from apps_catalog.models import Service, SpaceItem, SpaceZone, UserBookmark

pytestmark = pytest.mark.django_db


def _fill_space(person, count):
    """``count`` items: services and bookmarks, half in two zones, half unsorted (bulk inserts)."""
    half = count // 2
    services_ = Service.objects.bulk_create(
        [Service(title=f"Service {i:03d}", slug=f"s-{i}", url=f"https://s{i}.fr/") for i in range(half)]
    )
    bookmarks = UserBookmark.objects.bulk_create(
        [UserBookmark(user=person, name=f"Lien {i:03d}", url=f"https://l{i}.fr/") for i in range(count - half)]
    )
    zones = SpaceZone.objects.bulk_create([SpaceZone(user=person, name=f"Zone {i}", position=i) for i in range(2)])
    items = [
        SpaceItem(user=person, zone=zones[i % 2], kind="service", object_id=s.pk, position=i)
        for i, s in enumerate(services_)
    ]
    items += [SpaceItem(user=person, kind="bookmark", object_id=b.pk, position=i) for i, b in enumerate(bookmarks)]
    SpaceItem.objects.bulk_create(items)


QUERIES = set()


@pytest.mark.parametrize("count", [5, 500])
@pytest.mark.parametrize("advanced", [False, True])
def test_the_space_page_renders_in_constant_queries(
    client, teacher, count, advanced, count_queries, only_catalogue_kinds
):
    teacher.advanced_space = advanced
    teacher.save()
    _fill_space(teacher, count)
    client.force_login(teacher)
    response, total, own = count_queries("/personal/")
    assert len(response.context["space"].entries) == count
    assert own == 5  # started?, zones, items, services, bookmarks
    QUERIES.add(total)
    assert len(QUERIES) == 1, "the total differs with the number of items or the mode"


def test_the_simple_mode_shows_fixed_sections_by_kind(client, teacher, national_service, only_catalogue_kinds):
    bookmark = UserBookmarkFactory(user=teacher, name="Éduscol")
    services.add_to_space(teacher, "bookmark", bookmark.pk)
    services.add_to_space(teacher, "service", national_service.pk)
    client.force_login(teacher)
    response = client.get("/personal/")
    sections = [(str(kind.label), [e.title for e in entries]) for kind, entries in response.context["space"].sections()]
    assert sections == [("Mes services", ["Nuage"]), ("Mes marque-pages", ["Éduscol"])]
    page = response.content.decode()
    assert page.index('id="space-section-service">Mes services') < page.index(
        'id="space-section-bookmark">Mes marque-pages'
    )


def test_the_advanced_mode_shows_zones_and_unsorted_items(client, teacher, national_service, lyon_service):
    teacher.advanced_space = True
    teacher.save()
    services.save_space(
        teacher,
        {
            "zones": [{"name": "Travail", "items": [{"kind": "service", "id": lyon_service.pk}]}],
            "unsorted": [{"kind": "service", "id": national_service.pk}],
        },
    )
    client.force_login(teacher)
    page = client.get("/personal/").content.decode()
    assert page.index("Non classés") < page.index("Nuage") < page.index("Travail") < page.index("Messagerie académique")
    layout = json.loads(page.split('<script id="space-layout" type="application/json">')[1].split("</script>")[0])
    assert [zone["name"] for zone in layout["zones"]] == ["Travail"]
    assert [item["id"] for item in layout["unsorted"]] == [national_service.pk]


def test_the_search_box_filters_my_space_but_the_editor_keeps_everything(client, teacher, national_service):
    ServiceFactory(title="Éléphant")
    services.add_to_space(teacher, "service", national_service.pk)
    services.add_to_space(teacher, "service", Service.objects.get(title="Éléphant").pk)
    client.force_login(teacher)
    response = client.get("/personal/", {"q": "ELEPH"})
    assert [entry.title for entry in response.context["space"].entries] == ["Éléphant"]
    assert [item["title"] for item in response.context["layout"]["unsorted"]] == ["Nuage", "Éléphant"]
    response = client.get("/personal/", {"q": "zzz"})
    assert "Aucun élément de votre espace ne correspond à ce filtre." in response.content.decode()


def test_an_empty_space_says_how_to_fill_it(client, teacher):
    client.force_login(teacher)
    assert "Votre espace est vide." in client.get("/personal/").content.decode()


def test_removing_an_item_without_javascript(client, teacher, national_service):
    services.add_to_space(teacher, "service", national_service.pk)
    client.force_login(teacher)
    response = client.post("/personal/items/remove/", {"kind": "service", "id": national_service.pk})
    assert response.status_code == 302 and response["Location"] == "/personal/"
    assert not SpaceItem.objects.exists()
    response = client.post("/personal/items/remove/", {"kind": "rocket", "id": "x"}, follow=True)
    assert "Élément inconnu." in response.content.decode()


def test_the_page_carries_the_editor_and_its_translated_texts(client, teacher):
    client.force_login(teacher)
    page = client.get("/personal/").content.decode()
    assert 'src="/static/apps_catalog/space-editor.js"' in page
    strings = json.loads(page.split('<script id="space-strings" type="application/json">')[1].split("</script>")[0])
    assert strings["up"] == "Monter" and strings["saved"] == "Enregistré."
    assert 'data-save-url="/api/v1/me/space/"' in page
