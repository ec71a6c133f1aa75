"""Categories are written through the services, whose rule (a name unique whatever its case) serves API and admin."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps_catalog import selectors, services
from apps_catalog.models import Category

pytestmark = pytest.mark.django_db


def test_a_global_admin_creates_renames_and_deletes_a_category(global_admin):
    category = services.create_category(global_admin, name="  Vidéo   et   son ")
    assert category.name == "Vidéo et son"
    services.update_category(global_admin, category, name="Audio")
    assert Category.objects.get(pk=category.pk).name == "Audio"
    services.delete_category(global_admin, category)
    assert not Category.objects.exists()


def test_others_may_not_manage_categories(lyon_admin, teacher, category):
    for actor in (lyon_admin, teacher):
        with pytest.raises(PermissionDenied):
            services.create_category(actor, name="Vidéo")
        with pytest.raises(PermissionDenied):
            services.update_category(actor, category, name="Vidéo")
        with pytest.raises(PermissionDenied):
            services.delete_category(actor, category)
    assert list(Category.objects.values_list("name", flat=True)) == ["Collaboration"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("collaboration", "Une catégorie de ce nom existe déjà."),
        ("   ", "Ce champ ne peut pas être vide."),
        ("x" * 101, "Assurez-vous que cette valeur comporte au plus 100 caractères (actuellement 101)."),
    ],
)
def test_a_wrong_name_is_refused_on_the_name_field(global_admin, category, name, message):
    with pytest.raises(ValidationError) as refused:
        services.create_category(global_admin, name=name)
    assert refused.value.message_dict == {"name": [message]}
    assert Category.objects.count() == 1


def test_renaming_to_the_same_name_in_another_case_is_allowed(global_admin, category):
    services.update_category(global_admin, category, name="COLLABORATION")
    assert Category.objects.get().name == "COLLABORATION"


def test_the_admin_creates_categories_through_the_service(client, global_admin, category):
    client.force_login(global_admin)
    response = client.post("/admin/apps_catalog/category/add/", {"name": "Vidéo"})
    assert response.status_code == 302
    assert sorted(Category.objects.values_list("name", flat=True)) == ["Collaboration", "Vidéo"]
    response = client.post("/admin/apps_catalog/category/add/", {"name": "vidéo"})
    assert response.status_code == 200 and Category.objects.count() == 2


def test_in_space_reads_the_favourites_among_given_ids(teacher, global_admin):
    from apps_catalog.factories import ServiceFactory

    first, second = ServiceFactory(), ServiceFactory()
    services.add_to_space(teacher, "service", first.pk)
    assert selectors.in_space(teacher, "service", [first.pk, second.pk]) == {first.pk}
    assert selectors.is_in_space(teacher, "service", first.pk) is True
    assert selectors.is_in_space(global_admin, "service", first.pk) is False
    assert selectors.in_space(teacher, "service", []) == set()
