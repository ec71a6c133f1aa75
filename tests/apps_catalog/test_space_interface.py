"""The plug-in interface of the personal space that other apps (groups) rely on."""

import pytest
from django.core.exceptions import ValidationError

from apps_catalog import services, space
from apps_catalog.models import Service, SpaceItem
from apps_catalog.selectors import personal_space

pytestmark = pytest.mark.django_db


def _items(user):
    return list(SpaceItem.objects.filter(user=user).order_by("position").values_list("zone_id", "kind", "object_id"))


def test_add_to_space_adds_once_at_the_end_of_the_unsorted_items(teacher, national_service, lyon_service):
    services.add_to_space(teacher, "service", national_service.pk)
    services.add_to_space(teacher, "service", lyon_service.pk)
    services.add_to_space(teacher, "service", national_service.pk)
    assert _items(teacher) == [(None, "service", national_service.pk), (None, "service", lyon_service.pk)]


def test_add_to_space_refuses_an_unknown_kind(teacher, national_service):
    with pytest.raises(ValidationError) as error:
        services.add_to_space(teacher, "spaceship", national_service.pk)
    assert error.value.message_dict == {"kind": ["Type d'élément inconnu : spaceship."]}
    assert _items(teacher) == []


def test_add_to_space_refuses_an_item_the_person_cannot_see(other_teacher, lyon_service):
    with pytest.raises(ValidationError) as error:
        services.add_to_space(other_teacher, "service", lyon_service.pk)
    assert error.value.message_dict == {
        "id": [f"Élément inconnu, masqué ou qui ne vous appartient pas : service {lyon_service.pk}."]
    }
    assert _items(other_teacher) == []


def test_remove_from_space_and_from_all_spaces(teacher, other_teacher, national_service):
    services.add_to_space(teacher, "service", national_service.pk)
    services.add_to_space(other_teacher, "service", national_service.pk)
    services.remove_from_space(teacher, "service", national_service.pk)
    assert _items(teacher) == []
    assert services.remove_from_all_spaces("service", [national_service.pk]) == 1
    assert _items(other_teacher) == []
    assert services.remove_from_all_spaces("service", []) == 0


def test_a_registered_kind_shows_through_its_resolver_with_one_query_per_kind(
    teacher, national_service, only_catalogue_kinds, django_assert_num_queries
):
    calls = []

    def resolve_groups(user, object_ids):
        calls.append(sorted(object_ids))
        return {pk: space.SpaceEntry("group", pk, f"Groupe {pk}", f"/groups/{pk}/") for pk in object_ids if pk != 13}

    space.register_item_kind("group", "Mes groupes", resolve_groups)
    services.add_to_space(teacher, "service", national_service.pk)
    services.add_to_space(teacher, "group", 12)
    SpaceItem.objects.create(user=teacher, kind="group", object_id=13, position=9)  # left the group since
    with django_assert_num_queries(3):  # zones, items, services (the fake group resolver does none)
        view = personal_space(teacher)
    assert calls[-1] == [12, 13]
    assert [(entry.kind, entry.object_id, entry.title) for entry in view.unsorted] == [
        ("service", national_service.pk, "Nuage"),
        ("group", 12, "Groupe 12"),
    ]
    assert [(kind.kind, [e.object_id for e in entries]) for kind, entries in view.sections()] == [
        ("service", [national_service.pk]),
        ("group", [12]),
        ("bookmark", []),
    ]


def test_items_of_an_unregistered_kind_are_ignored_not_deleted(teacher, national_service, restore_kinds):
    SpaceItem.objects.create(user=teacher, kind="poll", object_id=4, position=0)
    services.add_to_space(teacher, "service", national_service.pk)
    assert [entry.kind for entry in personal_space(teacher).unsorted] == ["service"]
    services.save_space(teacher, {"zones": [], "unsorted": [{"kind": "service", "id": national_service.pk}]})
    assert sorted(kind for _zone, kind, _id in _items(teacher)) == ["poll", "service"]


def test_hidden_or_deleted_services_vanish_from_the_space(teacher, national_service, lyon_service):
    services.add_to_space(teacher, "service", national_service.pk)
    services.add_to_space(teacher, "service", lyon_service.pk)
    Service.objects.filter(pk=lyon_service.pk).update(state=Service.State.HIDDEN)
    assert [entry.object_id for entry in personal_space(teacher).unsorted] == [national_service.pk]
    national_service.delete()
    assert personal_space(teacher).is_empty
    assert _items(teacher) == [(None, "service", lyon_service.pk)]  # hidden only: back if shown again


def test_register_item_kind_refuses_a_bad_kind_name():
    with pytest.raises(ValueError):
        space.register_item_kind("Group!", "x", lambda user, ids: {})
