"""Every rule of ``portal.structures.abilities`` and ``portal.users.abilities``: the allowed case and each denied role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from portal.structures.abilities import (
    administered_ids,
    administered_paths,
    get_structure_abilities,
    is_admin_of_structure,
    is_structure_admin,
    parent_path,
    prime_administered_paths,
)
from portal.users.abilities import can_move_user_to, editable_account_fields, get_user_abilities, manages_user
from portal.users.factories import GlobalAdminFactory, UserFactory
from tests.portal.admin_helpers import structure_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def rhone_admin(tree):
    return structure_admin("admin.rhone", tree.rhone)


@pytest.fixture
def grenoble_admin(tree):
    return structure_admin("admin.grenoble", tree.grenoble)


# --- structures ---


def test_administered_paths_are_one_query_and_cached(lyon_admin, tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert administered_paths(lyon_admin) == (tree.lyon.path,)
        assert administered_paths(lyon_admin) == (tree.lyon.path,)
        assert administered_ids(lyon_admin) == (tree.lyon.pk,)
    assert is_structure_admin(lyon_admin)


def test_an_inactive_structure_admin_administers_nothing(lyon_admin):
    lyon_admin.is_active = False
    assert administered_paths(lyon_admin) == ()
    assert not is_structure_admin(lyon_admin)
    assert not lyon_admin.is_staff


def test_prime_loads_many_people_in_one_query(lyon_admin, rhone_admin, teacher, tree, django_assert_num_queries):
    people = [type(u).objects.get(pk=u.pk) for u in (lyon_admin, rhone_admin, teacher)]
    with django_assert_num_queries(1):
        prime_administered_paths(people)
        assert [administered_paths(u) for u in people] == [(tree.lyon.path,), (tree.rhone.path,), ()]


def test_parent_path_is_read_off_the_path(tree):
    assert parent_path(tree.ampere) == tree.rhone.path
    assert parent_path(tree.lyon) is None


def test_structure_admin_rights_cover_the_subtree(lyon_admin, tree):
    assert is_admin_of_structure(lyon_admin, tree.lyon)
    assert is_admin_of_structure(lyon_admin, tree.ampere)
    assert not is_admin_of_structure(lyon_admin, tree.grenoble)
    assert not is_admin_of_structure(lyon_admin, tree.champollion)
    assert not is_admin_of_structure(lyon_admin, None)


def test_direct_admin_only_for_the_structure_itself(lyon_admin, tree):
    assert is_admin_of_structure(lyon_admin, tree.lyon, direct=True)
    assert not is_admin_of_structure(lyon_admin, tree.rhone, direct=True)


def test_global_admin_administers_everything(global_admin, tree):
    assert is_admin_of_structure(global_admin, tree.champollion, direct=True)
    assert is_admin_of_structure(global_admin, None)
    assert all(get_structure_abilities(global_admin, tree.lyon).values())


@pytest.mark.parametrize(
    ("ability", "on", "expected"),
    [
        ("update", "ampere", True),
        ("update", "lyon", True),
        ("update", "champollion", False),
        ("create_child", "rhone", True),
        ("create_child", "grenoble", False),
        ("move", "rhone", True),
        ("move", "lyon", False),  # only an admin of the parent moves the top of one's subtree
        ("move", "isere", False),
        ("delete", "ampere", True),
        ("delete", "lyon", False),
        ("delete", "champollion", False),
        ("manage_admins", "rhone", True),
        ("manage_admins", "isere", False),
        ("manage_users", "moulin", True),
        ("manage_users", "champollion", False),
        ("validate_requests", "lyon", True),
        ("validate_requests", "rhone", False),  # the direct admins of the awaited structure only
        ("validate_requests", "grenoble", False),
    ],
)
def test_structure_abilities_of_a_structure_admin(lyon_admin, tree, ability, on, expected):
    assert get_structure_abilities(lyon_admin, getattr(tree, on))[ability] is expected


def test_an_admin_of_two_structures_may_delete_the_lower_one(rhone_admin, tree):
    tree.ampere.admins.add(rhone_admin)
    rhone_admin.__dict__.pop("_administered_paths", None)
    assert get_structure_abilities(rhone_admin, tree.ampere)["delete"]


@pytest.mark.parametrize("who", ["teacher", "anonymous", "inactive_admin"])
def test_other_people_have_no_structure_rights_but_view(who, teacher, lyon_admin, tree):
    user = {"teacher": teacher, "anonymous": AnonymousUser(), "inactive_admin": lyon_admin}[who]
    if who == "inactive_admin":
        user.is_active = False
    abilities = get_structure_abilities(user, tree.ampere)
    assert abilities.pop("view") is (who == "teacher")
    assert not any(abilities.values())


# --- users ---


def test_structure_admin_manages_the_people_of_their_subtree(lyon_admin, teacher, tree):
    abilities = get_user_abilities(lyon_admin, teacher)
    assert abilities["view"] and abilities["update"] and abilities["activate"] and abilities["deactivate"]
    assert abilities["change_structure"] and abilities["set_quota"]
    assert not abilities["update_identity"]
    assert not abilities["set_global_admin"]
    assert not abilities["delete"]


def test_structure_admin_does_not_manage_another_subtree(grenoble_admin, teacher):
    abilities = get_user_abilities(grenoble_admin, teacher)
    assert not any(abilities.values())


def test_structure_admin_does_not_manage_a_global_admin_of_their_subtree(lyon_admin, tree):
    boss = GlobalAdminFactory(structure=tree.ampere)
    abilities = get_user_abilities(lyon_admin, boss)
    assert abilities["view"]
    assert not abilities["update"] and not abilities["deactivate"] and not abilities["change_structure"]


def test_structure_admin_does_not_manage_a_wider_admin(rhone_admin, lyon_admin, tree):
    lyon_admin.structure = tree.ampere  # attached below the Rhône admin, but administers all of Lyon
    assert not manages_user(rhone_admin, lyon_admin)
    assert manages_user(lyon_admin, rhone_admin)


def test_people_without_structure_are_managed_by_global_admins_only(lyon_admin, global_admin):
    newcomer = UserFactory(structure=None, is_active=False)
    assert not manages_user(lyon_admin, newcomer)
    assert get_user_abilities(global_admin, newcomer)["activate"]


def test_self_may_view_and_set_preferences_but_not_deactivate(lyon_admin, global_admin):
    mine = get_user_abilities(lyon_admin, lyon_admin)
    assert mine["view"] and mine["update_preferences"] and not mine["deactivate"]
    assert not get_user_abilities(global_admin, global_admin)["delete"]


def test_teacher_has_no_rights_on_a_colleague(teacher, tree):
    colleague = UserFactory(structure=tree.ampere)
    abilities = get_user_abilities(teacher, colleague)
    assert not any(abilities.values())


def test_global_admin_rights_on_accounts(global_admin, teacher):
    abilities = get_user_abilities(global_admin, teacher)
    assert abilities["set_global_admin"] and abilities["delete"] and abilities["update_identity"]


def test_awaiting_people_are_visible_to_their_structure_admins_and_decided_by_the_direct_ones(
    lyon_admin, rhone_admin, grenoble_admin, tree
):
    candidate = UserFactory(structure=tree.champollion, awaiting_structure=tree.rhone)
    assert get_user_abilities(rhone_admin, candidate)["validate_structure_request"]
    lyon_view = get_user_abilities(lyon_admin, candidate)
    assert lyon_view["view"] and not lyon_view["validate_structure_request"] and not lyon_view["update"]
    assert not get_user_abilities(grenoble_admin, candidate)["validate_structure_request"]
    assert get_user_abilities(grenoble_admin, candidate)["update"]  # still attached to Grenoble's subtree


def test_move_only_within_the_actors_subtrees(lyon_admin, global_admin, teacher, tree):
    assert can_move_user_to(lyon_admin, teacher, tree.moulin)
    assert can_move_user_to(lyon_admin, teacher, None)
    assert not can_move_user_to(lyon_admin, teacher, tree.champollion)
    assert can_move_user_to(global_admin, teacher, tree.champollion)


def test_editable_fields_follow_the_abilities(lyon_admin, global_admin, teacher):
    assert editable_account_fields(lyon_admin, teacher) == {"structure", "group_quota", "is_active"}
    everything = editable_account_fields(global_admin, teacher)
    assert {"is_superuser", "username", "email", "structure", "is_active"} <= everything
    assert "is_active" not in editable_account_fields(lyon_admin, lyon_admin)  # would deactivate oneself
