"""Writes of the catalogue: services, regroupings, launch counters."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps_catalog import services
from apps_catalog.factories import BusinessRegroupingFactory, ServiceFactory
from apps_catalog.models import BusinessRegrouping, LaunchBucket, Service, SpaceItem

pytestmark = pytest.mark.django_db


def _fields(**extra):
    return {"title": "Moodle", "slug": "moodle", "url": "https://moodle.ac-lyon.fr/", **extra}


def test_a_structure_admin_creates_a_service_in_their_subtree(lyon_admin, tree, category):
    service = services.create_service(lyon_admin, structure=tree.rhone, categories=[category], **_fields())
    assert (service.structure, list(service.categories.all())) == (tree.rhone, [category])


@pytest.mark.parametrize("where", ["grenoble", "national"])
def test_a_structure_admin_cannot_create_a_service_elsewhere(lyon_admin, tree, where):
    structure = tree.grenoble if where == "grenoble" else None
    with pytest.raises(PermissionDenied):
        services.create_service(lyon_admin, structure=structure, **_fields())
    assert not Service.objects.exists()


def test_a_teacher_cannot_create_a_service(teacher, tree):
    with pytest.raises(PermissionDenied):
        services.create_service(teacher, structure=tree.ampere, **_fields())


def test_a_global_admin_creates_national_services(global_admin):
    service = services.create_service(global_admin, structure=None, **_fields())
    assert service.is_national


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.fr/", "nuage"]
)
def test_launch_urls_must_be_web_addresses(global_admin, url):
    with pytest.raises(ValidationError) as error:
        services.create_service(global_admin, structure=None, **_fields(url=url))
    assert error.value.message_dict == {"url": ["Saisissez une adresse web en http ou https."]}
    assert not Service.objects.exists()


def test_slugs_are_unique_per_structure_and_among_national_services(global_admin, tree):
    services.create_service(global_admin, structure=None, **_fields())
    services.create_service(global_admin, structure=tree.lyon, **_fields())  # another structure: fine
    with pytest.raises(ValidationError) as error:
        services.create_service(global_admin, structure=None, **_fields(title="Autre"))
    assert error.value.message_dict == {"__all__": ["Un service national utilise déjà cet identifiant d'URL."]}
    with pytest.raises(ValidationError) as error:
        services.create_service(global_admin, structure=tree.lyon, **_fields(title="Autre"))
    assert error.value.message_dict == {
        "__all__": ["Un service de cette structure utilise déjà cet identifiant d'URL."]
    }


def test_reserved_slugs_are_refused(global_admin):
    with pytest.raises(ValidationError) as error:
        services.create_service(global_admin, structure=None, **_fields(slug="stats"))
    assert error.value.message_dict == {"slug": ["Cet identifiant d'URL est réservé."]}


def test_the_short_description_has_80_characters_at_most(global_admin):
    with pytest.raises(ValidationError) as error:
        services.create_service(global_admin, structure=None, **_fields(description="x" * 81))
    assert list(error.value.message_dict) == ["description"]


def test_the_rich_description_is_sanitised(global_admin):
    service = services.create_service(
        global_admin,
        structure=None,
        **_fields(content='<p onclick="x()">Bonjour<script>alert(1)</script> <a href="javascript:x()">lien</a></p>'),
    )
    assert service.content == '<p>Bonjour <a rel="noopener noreferrer">lien</a></p>'


def test_the_search_column_is_folded(global_admin):
    service = services.create_service(global_admin, structure=None, **_fields(title="Éléments Numériques"))
    assert service.search_text.startswith("elements numeriques")


def test_a_service_keeps_its_structure(lyon_admin, lyon_service, tree):
    with pytest.raises(ValidationError) as error:
        services.update_service(lyon_admin, lyon_service, structure=tree.rhone)
    assert error.value.message_dict == {"structure": ["La structure d'un service ne change pas après sa création."]}


def test_only_managers_update_and_delete(lyon_admin, grenoble_admin, lyon_service, teacher):
    services.update_service(lyon_admin, lyon_service, title="Messagerie")
    for person in (grenoble_admin, teacher):
        with pytest.raises(PermissionDenied):
            services.update_service(person, lyon_service, title="Piraté")
        with pytest.raises(PermissionDenied):
            services.delete_service(person, lyon_service)
    services.add_to_space(teacher, "service", lyon_service.pk)
    services.delete_service(lyon_admin, lyon_service)
    assert not Service.objects.exists()
    assert not SpaceItem.objects.exists()  # gone from every space


def test_a_service_cannot_use_another_structure_regrouping(lyon_admin, tree):
    grenoble_regrouping = BusinessRegroupingFactory(structure=tree.grenoble)
    with pytest.raises(ValidationError) as error:
        services.create_service(
            lyon_admin, structure=tree.ampere, business_regroupings=[grenoble_regrouping], **_fields()
        )
    assert error.value.message_dict == {
        "business_regroupings": ["Ce regroupement métier n'appartient pas à la structure du service."]
    }
    assert not Service.objects.exists()


def test_a_regrouping_name_cannot_repeat_an_ancestor_one(tree):
    BusinessRegroupingFactory(structure=tree.lyon, name="Pédagogie")
    regrouping = BusinessRegrouping(structure=tree.ampere, name="pédagogie ")
    with pytest.raises(ValidationError) as error:
        regrouping.full_clean()
    assert error.value.message_dict == {"name": ["Une structure parente a déjà un regroupement métier de ce nom."]}
    BusinessRegrouping(structure=tree.grenoble, name="Pédagogie").full_clean()  # another branch: fine


def test_launches_are_counted_in_hourly_buckets_per_structure(national_service, tree, django_assert_num_queries):
    moment = datetime(2026, 11, 28, 10, 17, tzinfo=UTC)
    services.record_launch(national_service.pk, tree.ampere.pk, moment)
    with django_assert_num_queries(1):  # the bucket exists: one UPDATE
        services.record_launch(national_service.pk, tree.ampere.pk, moment + timedelta(minutes=30))
    services.record_launch(national_service.pk, tree.moulin.pk, moment)
    services.record_launch(national_service.pk, None, moment)
    services.record_launch(national_service.pk, None, moment)
    services.record_launch(national_service.pk, tree.ampere.pk, moment + timedelta(hours=1))
    rows = LaunchBucket.objects.order_by("hour", "structure_id").values_list("structure_id", "hour", "count")
    ten, eleven = datetime(2026, 11, 28, 10, tzinfo=UTC), datetime(2026, 11, 28, 11, tzinfo=UTC)
    assert sorted(rows, key=lambda row: (row[1], row[0] or 0)) == [
        (None, ten, 2),
        (tree.ampere.pk, ten, 2),
        (tree.moulin.pk, ten, 1),
        (tree.ampere.pk, eleven, 1),
    ]


def test_old_buckets_are_purged(national_service, tree, settings):
    settings.LAUNCH_STATS_RETENTION_DAYS = 30
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    services.record_launch(national_service.pk, tree.ampere.pk, now - timedelta(days=31))
    services.record_launch(national_service.pk, tree.ampere.pk, now - timedelta(days=29))
    assert services.purge_launch_buckets(now=now) == 1
    assert list(LaunchBucket.objects.values_list("hour", flat=True)) == [datetime(2026, 10, 30, 12, tzinfo=UTC)]


def test_the_purge_task_uses_the_setting(national_service, tree, settings):
    from apps_catalog.tasks import purge_launch_buckets

    settings.LAUNCH_STATS_RETENTION_DAYS = 1
    LaunchBucket.objects.create(
        service=national_service, structure=tree.ampere, hour=datetime(2020, 1, 1, tzinfo=UTC), count=3
    )
    assert purge_launch_buckets.delay().get() == 1


def test_offline_services_are_listed_on_the_sign_in_page(client, db):
    ServiceFactory(title="Nuage", offline=True)
    ServiceFactory(title="Caché", offline=True, state=Service.State.HIDDEN)
    ServiceFactory(title="Normal")
    response = client.get("/signin/")
    assert response.status_code == 200
    assert [service.title for service in response.context["offline_services"]] == ["Nuage"]
    assert "Services accessibles sans connexion au portail" in response.content.decode()
