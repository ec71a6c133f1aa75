"""The catalogue pages: /services/, /structure/, detail, launch, favourites; constant queries."""

import pytest
from django.urls import reverse

from apps_catalog.factories import BusinessRegroupingFactory, CategoryFactory, ServiceFactory
from apps_catalog.models import Category, LaunchBucket, Service, SpaceItem
from apps_catalog.views import CATALOGUE_PAGE_SIZE

pytestmark = pytest.mark.django_db


def _titles(response):
    return [service.title for service in response.context["services"]]


def _bulk_services(count, structure=None, categories=()):
    services = Service.objects.bulk_create(
        [
            Service(
                title=f"Service {index:03d}",
                slug=f"bulk-{index}",
                url=f"https://s{index}.fr/",
                structure=structure,
                description="Une description",
                search_text=f"service {index:03d}",
            )
            for index in range(count)
        ]
    )
    through = Service.categories.through
    through.objects.bulk_create(
        [through(service_id=service.pk, category_id=category.pk) for service in services for category in categories]
    )
    return services


def test_the_catalogue_lists_national_services_only(client, teacher, national_service, lyon_service):
    client.force_login(teacher)
    response = client.get("/services/")
    assert response.status_code == 200
    assert _titles(response) == ["Nuage"]
    page = response.content.decode()
    assert "Nuage" in page and reverse("apps_catalog:service_launch", args=[national_service.pk]) in page


def test_my_structure_lists_the_services_of_my_structure_and_ancestors_grouped(client, teacher, tree):
    tree.lyon.introduction_fr = "<p>Bienvenue dans l'académie <script>x</script></p>"
    tree.lyon.save()
    teacher.structure.refresh_from_db()
    pedagogy = BusinessRegroupingFactory(structure=tree.lyon, name="Pédagogie")
    moodle = ServiceFactory(title="Moodle", structure=tree.lyon)
    moodle.business_regroupings.add(pedagogy)
    ServiceFactory(title="Pronote", structure=tree.ampere)
    ServiceFactory(title="Chez Moulin", structure=tree.moulin)
    ServiceFactory(title="À Grenoble", structure=tree.grenoble)
    ServiceFactory(title="National")
    client.force_login(teacher)
    response = client.get("/structure/")
    assert response.status_code == 200
    assert [(title, [s.title for s in members]) for title, members in response.context["groups"]] == [
        ("Pédagogie", ["Moodle"]),
        ("Autres services", ["Pronote"]),
    ]


def test_my_structure_shows_the_structure_introduction_sanitised(client, tree):
    from portal.users.factories import UserFactory

    tree.ampere.introduction_fr = "<p>Bienvenue au lycée <script>alert(1)</script></p>"
    tree.ampere.save()
    person = UserFactory(structure=tree.ampere)
    client.force_login(person)
    page = client.get("/structure/").content.decode()
    assert "<p>Bienvenue au lycée </p>" in page and "alert(1)" not in page


def test_search_ignores_accents_and_case(client, teacher):
    ServiceFactory(title="Éléments de géométrie")
    ServiceFactory(title="Classes virtuelles")
    client.force_login(teacher)
    assert _titles(client.get("/services/", {"q": "GEOMETRIE"})) == ["Éléments de géométrie"]
    assert _titles(client.get("/services/", {"q": "élém géo"})) == ["Éléments de géométrie"]
    assert _titles(client.get("/services/", {"q": "100%_"})) == []


def test_the_category_filter(client, teacher):
    video = CategoryFactory(name="Vidéo")
    ServiceFactory(title="Tube", categories=[video])
    ServiceFactory(title="Nuage")
    client.force_login(teacher)
    assert _titles(client.get("/services/", {"category": video.pk})) == ["Tube"]


def test_the_category_filter_offers_only_the_categories_of_the_pages_services(client, teacher, tree, lyon_service):
    video, storage, grenoble_only = CategoryFactory(name="Vidéo"), CategoryFactory(name="Stockage"), CategoryFactory()
    lyon_service.categories.add(video)
    ServiceFactory(title="Nuage", categories=[storage])  # national: not on "Ma structure"
    ServiceFactory(title="Cours", structure=tree.grenoble, categories=[grenoble_only])  # not visible to the teacher
    ServiceFactory(title="Caché", structure=tree.lyon, state=Service.State.HIDDEN, categories=[storage])
    client.force_login(teacher)
    offered = [category.name for category in client.get("/structure/").context["form"].categories.values()]
    assert offered == ["Vidéo"]
    national = [category.name for category in client.get("/services/").context["form"].categories.values()]
    assert national == ["Stockage"]


@pytest.mark.parametrize("value", ["abc", "999999", "1;DROP"])
def test_a_bad_category_is_reported_not_a_500(client, teacher, national_service, value):
    client.force_login(teacher)
    response = client.get("/services/", {"category": value, "view": "upside-down"})
    assert response.status_code == 200
    assert _titles(response) == ["Nuage"]
    assert response.context["form"].errors == {
        "category": ["Cette catégorie n'existe pas."],
        "view": ["Affichage inconnu."],
    }
    assert "Cette catégorie n&#x27;existe pas." in response.content.decode()


def test_the_favourites_only_view_and_compact_view(client, teacher, national_service):
    ServiceFactory(title="Tube")
    SpaceItem.objects.create(user=teacher, kind="service", object_id=national_service.pk)
    client.force_login(teacher)
    response = client.get("/services/", {"favourites": "on", "view": "compact"})
    assert _titles(response) == ["Nuage"]
    assert response.context["view_mode"] == "compact"
    assert "Retirer de mon espace" in response.content.decode()


def test_beta_and_hidden_services_are_not_listed(client, teacher):
    ServiceFactory(title="Bêta", is_beta=True)
    ServiceFactory(title="Masqué", state=Service.State.HIDDEN)
    ServiceFactory(title="Visible")
    client.force_login(teacher)
    assert _titles(client.get("/services/")) == ["Visible"]
    teacher.beta_services = True
    teacher.save()
    assert _titles(client.get("/services/")) == ["Bêta", "Visible"]


def test_empty_states(client, teacher):
    client.force_login(teacher)
    assert "Aucun service national n'est proposé pour le moment." in client.get("/services/").content.decode()
    assert "Votre structure ne propose pas encore de service." in client.get("/structure/").content.decode()
    assert "Aucun service ne correspond à ces critères." in client.get("/services/?q=zzz").content.decode()


QUERIES_BY_COUNT = {}


@pytest.mark.parametrize("count", [5, 500])
def test_the_catalogue_renders_in_constant_queries(client, teacher, count, count_queries):
    categories = [CategoryFactory(name="Vidéo"), CategoryFactory(name="Collaboration")]
    services = _bulk_services(count, categories=categories)
    SpaceItem.objects.bulk_create([SpaceItem(user=teacher, kind="service", object_id=s.pk) for s in services[:3]])
    client.force_login(teacher)
    response, total, own = count_queries("/services/")
    assert len(response.context["services"]) == min(count, CATALOGUE_PAGE_SIZE)
    assert response.context["total"] == count
    # categories of the filter, the count, a page of services (with their structure), their categories, my favourites
    assert own == 5
    QUERIES_BY_COUNT.setdefault("catalogue", set()).add(total)
    assert len(QUERIES_BY_COUNT["catalogue"]) == 1, "the total differs between 5 and 500 services"


@pytest.mark.parametrize("count", [5, 500])
def test_my_structure_renders_in_constant_queries(client, teacher, tree, count, count_queries):
    regrouping = BusinessRegroupingFactory(structure=tree.lyon, name="Pédagogie")
    services = _bulk_services(count, structure=tree.lyon, categories=[CategoryFactory(name="Vidéo")])
    regrouping.services.add(*services[: count // 2])
    client.force_login(teacher)
    response, total, own = count_queries("/structure/")
    assert sum(len(members) for _title, members in response.context["groups"]) == count
    # the catalogue's 4, plus the regroupings and their services' ids
    assert own == 6
    QUERIES_BY_COUNT.setdefault("structure", set()).add(total)
    assert len(QUERIES_BY_COUNT["structure"]) == 1, "the total differs between 5 and 500 services"


def test_the_detail_page(client, teacher, national_service):
    national_service.categories.add(Category.objects.create(name="Stockage"))
    client.force_login(teacher)
    response = client.get(f"/services/{national_service.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lancer le service" in page and "Stockage" in page and "Ajouter à mon espace" in page


def test_the_structure_service_detail_page_is_reserved_to_its_subtree(client, teacher, other_teacher, lyon_service):
    url = f"/services/{lyon_service.structure_id}/{lyon_service.slug}/"
    assert url == lyon_service.get_absolute_url()
    client.force_login(teacher)
    assert client.get(url).status_code == 200
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    assert client.get(f"/services/launch/{lyon_service.pk}/").status_code == 404


def test_a_service_in_maintenance_shows_a_disabled_button_and_cannot_be_launched(client, teacher):
    service = ServiceFactory(title="Pod", state=Service.State.MAINTENANCE)
    client.force_login(teacher)
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Indisponible : En maintenance" in page
    response = client.get(service.get_launch_url())
    assert response.status_code == 302 and response["Location"] == service.get_absolute_url()
    assert not LaunchBucket.objects.exists()


def test_launching_counts_and_redirects(client, teacher, national_service):
    client.force_login(teacher)
    response = client.get(national_service.get_launch_url())
    client.get(national_service.get_launch_url())
    assert response.status_code == 302 and response["Location"] == "https://nuage.apps.education.fr/"
    assert list(LaunchBucket.objects.values_list("service_id", "structure_id", "count")) == [
        (national_service.pk, teacher.structure_id, 2)
    ]


def test_favourite_toggle_from_the_catalogue(client, teacher, national_service):
    client.force_login(teacher)
    url = reverse("apps_catalog:service_favourite", args=[national_service.pk])
    response = client.post(url, {"action": "add", "next": "/services/?q=nu"})
    assert response.status_code == 302 and response["Location"] == "/services/?q=nu"
    client.post(url, {"action": "add"})
    assert SpaceItem.objects.filter(user=teacher).count() == 1
    response = client.post(url, {"action": "remove", "next": "https://evil.example/"})
    assert response["Location"] == national_service.get_absolute_url()
    assert not SpaceItem.objects.exists()


def test_favourite_of_an_invisible_service_is_a_404(client, other_teacher, lyon_service):
    client.force_login(other_teacher)
    assert client.post(reverse("apps_catalog:service_favourite", args=[lyon_service.pk])).status_code == 404
    assert not SpaceItem.objects.exists()


def test_pages_need_a_signed_in_person(client, national_service):
    for url in ("/services/", "/structure/", "/personal/", "/bookmarks/", national_service.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/signin/")


def test_home_lands_on_the_personal_space(client, teacher):
    client.force_login(teacher)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/personal/"


def test_the_main_menu_has_my_entries(client, teacher):
    client.force_login(teacher)
    page = client.get("/services/").content.decode()
    for label in ("Mon espace", "Ma structure", "Les services"):
        assert label in page


def test_cards_link_to_the_same_urls_as_the_models(client, teacher, national_service, tree):
    local = ServiceFactory(structure=tree.ampere, slug="pronote")
    client.force_login(teacher)
    for url, service in (("/services/", national_service), ("/structure/", local)):
        card = client.get(url).context["services"][0]
        assert (card.detail_url, card.launch_url) == (service.get_absolute_url(), service.get_launch_url())
        assert card.favourite_url == reverse("apps_catalog:service_favourite", args=[service.pk])


def test_the_catalogue_is_paginated_keeping_search_filters_and_favourites(client, teacher):
    video = CategoryFactory(name="Vidéo")
    services = _bulk_services(CATALOGUE_PAGE_SIZE + 10, categories=[video])
    SpaceItem.objects.bulk_create([SpaceItem(user=teacher, kind="service", object_id=s.pk) for s in services[-3:]])
    client.force_login(teacher)
    first = client.get("/services/", {"q": "service", "category": video.pk})
    assert len(first.context["services"]) == CATALOGUE_PAGE_SIZE
    page = first.content.decode()
    assert f"{CATALOGUE_PAGE_SIZE + 10} services" in page
    assert f'href="?q=service&amp;category={video.pk}&amp;page=2"' in page
    second = client.get("/services/", {"q": "service", "category": video.pk, "page": 2})
    assert _titles(second) == [service.title for service in services[CATALOGUE_PAGE_SIZE:]]
    assert [card.is_favourite for card in second.context["services"]][-3:] == [True, True, True]
    favourites = client.get("/services/", {"favourites": "on", "page": "9"})
    assert _titles(favourites) == [service.title for service in services[-3:]]
    assert client.get("/services/", {"page": "x"}).status_code == 200
