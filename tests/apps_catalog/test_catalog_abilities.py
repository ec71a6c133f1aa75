"""Every ability of the catalogue: the allowed case and each denied role.

Roles: the teacher of the Lycée Ampère (Lyon subtree), a teacher of the Lycée Champollion (Grenoble), the admin of
the Académie de Lyon (the subtree), the admin of the Académie de Grenoble (another subtree), a global admin.
"""

import pytest

from apps_catalog import abilities
from apps_catalog.factories import BusinessRegroupingFactory, ServiceFactory, UserBookmarkFactory
from apps_catalog.models import Service
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

NONE = {"view": False, "launch": False, "favourite": False, "update": False, "delete": False}
SEE = {"view": True, "launch": True, "favourite": True, "update": False, "delete": False}
MANAGE_AND_SEE = {"view": True, "launch": True, "favourite": True, "update": True, "delete": True}
MANAGE_ONLY = {"view": True, "launch": False, "favourite": False, "update": True, "delete": True}


@pytest.fixture
def people(teacher, other_teacher, lyon_admin, grenoble_admin, global_admin):
    return {
        "teacher": teacher,
        "other_teacher": other_teacher,
        "lyon_admin": lyon_admin,
        "grenoble_admin": grenoble_admin,
        "global_admin": global_admin,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", SEE),
        ("other_teacher", NONE),
        ("lyon_admin", MANAGE_AND_SEE),
        ("grenoble_admin", NONE),
        # a global admin without structure manages it but is not in Lyon's subtree: not listed to them
        ("global_admin", MANAGE_ONLY),
    ],
)
def test_structure_service_abilities(people, lyon_service, role, expected):
    assert abilities.get_service_abilities(people[role], lyon_service) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", SEE),
        ("other_teacher", SEE),
        ("lyon_admin", SEE),
        ("grenoble_admin", SEE),
        ("global_admin", MANAGE_AND_SEE),
    ],
)
def test_national_service_abilities(people, national_service, role, expected):
    assert abilities.get_service_abilities(people[role], national_service) == expected


def test_a_school_service_is_seen_by_its_school_not_by_the_parent_academie_teachers(tree, teacher):
    ampere_service = ServiceFactory(structure=tree.ampere)
    moulin_teacher = UserFactory(structure=tree.moulin)
    lyon_teacher = UserFactory(structure=tree.lyon)
    assert abilities.get_service_abilities(teacher, ampere_service)["view"] is True
    assert abilities.get_service_abilities(moulin_teacher, ampere_service)["view"] is False
    assert abilities.get_service_abilities(lyon_teacher, ampere_service)["view"] is False


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (Service.State.DISPLAYED, {"view": True, "launch": True, "favourite": True}),
        (Service.State.INACTIVE, {"view": True, "launch": False, "favourite": True}),
        (Service.State.MAINTENANCE, {"view": True, "launch": False, "favourite": True}),
        (Service.State.HIDDEN, {"view": False, "launch": False, "favourite": False}),
    ],
)
def test_states_as_in_laboite(teacher, state, expected):
    service = ServiceFactory(state=state)
    granted = abilities.get_service_abilities(teacher, service)
    assert {name: granted[name] for name in expected} == expected


def test_managers_still_see_their_hidden_service(lyon_admin, tree):
    hidden = ServiceFactory(structure=tree.lyon, state=Service.State.HIDDEN)
    assert abilities.get_service_abilities(lyon_admin, hidden) == MANAGE_ONLY


def test_a_beta_service_is_seen_only_by_those_who_opted_in(teacher):
    beta = ServiceFactory(is_beta=True)
    assert abilities.get_service_abilities(teacher, beta)["view"] is False
    teacher.beta_services = True
    assert abilities.get_service_abilities(teacher, beta)["view"] is True


def test_an_inactive_account_has_no_ability(teacher, national_service):
    teacher.is_active = False
    assert abilities.get_service_abilities(teacher, national_service) == NONE


@pytest.mark.parametrize(
    ("role", "national", "lyon", "ampere", "grenoble"),
    [
        ("teacher", False, False, False, False),
        ("other_teacher", False, False, False, False),
        ("lyon_admin", False, True, True, False),
        ("grenoble_admin", False, False, False, True),
        ("global_admin", True, True, True, True),
    ],
)
def test_who_may_manage_services_where(people, tree, role, national, lyon, ampere, grenoble):
    person = people[role]
    assert abilities.can_manage_services_of(person, None) is national
    assert abilities.can_manage_services_of(person, tree.lyon) is lyon
    assert abilities.can_manage_services_of(person, tree.ampere) is ampere
    assert abilities.can_manage_services_of(person, tree.grenoble) is grenoble


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", False),
        ("other_teacher", False),
        ("lyon_admin", True),
        ("grenoble_admin", True),
        ("global_admin", True),
    ],
)
def test_who_may_create_services_edit_default_spaces_and_read_statistics(people, role, expected):
    assert abilities.can_create_service(people[role]) is expected
    assert abilities.can_edit_default_spaces(people[role]) is expected
    assert abilities.can_view_launch_stats(people[role]) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", False),
        ("other_teacher", False),
        ("lyon_admin", False),
        ("grenoble_admin", False),
        ("global_admin", True),
    ],
)
def test_only_global_admins_manage_categories(people, category, role, expected):
    assert abilities.can_create_category(people[role]) is expected
    assert abilities.get_category_abilities(people[role], category) == {
        "view": True,
        "update": expected,
        "delete": expected,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", False),
        ("other_teacher", False),
        ("lyon_admin", True),
        ("grenoble_admin", False),
        ("global_admin", True),
    ],
)
def test_business_regroupings_are_managed_by_the_subtree_admins(people, tree, role, expected):
    regrouping = BusinessRegroupingFactory(structure=tree.rhone)
    assert abilities.get_regrouping_abilities(people[role], regrouping) == {
        "view": expected,
        "update": expected,
        "delete": expected,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", False),
        ("other_teacher", False),
        ("lyon_admin", True),
        ("grenoble_admin", False),
        ("global_admin", True),
    ],
)
def test_default_spaces_are_edited_by_the_subtree_admins(people, tree, role, expected):
    assert abilities.get_default_space_abilities(people[role], tree.ampere) == {
        "view": expected,
        "update": expected,
        "apply": expected,
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", True),
        ("other_teacher", False),
        ("lyon_admin", False),
        ("grenoble_admin", False),
        ("global_admin", False),  # personal bookmarks stay private, even from a global admin
    ],
)
def test_bookmarks_belong_to_their_owner_only(people, teacher, role, expected):
    bookmark = UserBookmarkFactory(user=teacher)
    assert abilities.get_bookmark_abilities(people[role], bookmark) == {
        "view": expected,
        "update": expected,
        "delete": expected,
        "favourite": expected,
    }
