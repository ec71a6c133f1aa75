"""Automatic structure groups: one per structure, members = the people of the structure and of its subtree, kept
right by the code (structure changes, imports, moves, structure admins), in bulk SQL."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups import services
from groups.models import Group, Membership
from portal.structures.factories import StructureFactory
from portal.structures.models import Structure
from portal.users import services as user_services
from portal.users import signals as user_signals
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db

Role = Membership.Role


def automatic_roles(user):
    """{structure name: role} of the person's automatic memberships."""
    return dict(
        Membership.objects.filter(user=user, group__type=Group.Type.AUTOMATIC).values_list(
            "group__structure__name", "role"
        )
    )


def test_each_structure_gets_its_group_named_after_it(tree):
    group = Group.objects.get(structure=tree.ampere)
    assert (group.name, group.display_name, group.slug, group.type, group.owner) == (
        f"{tree.ampere.pk}_Lycée Ampère",
        "Lycée Ampère",
        f"{tree.ampere.pk}_lycee-ampere",
        Group.Type.AUTOMATIC,
        None,
    )
    assert Group.objects.filter(type=Group.Type.AUTOMATIC).count() == Structure.objects.count() == 7


def test_two_structures_with_the_same_name_get_two_groups(tree):
    twin = StructureFactory(name="Lycée Ampère", parent=tree.isere)
    names = sorted(Group.objects.filter(structure__name="Lycée Ampère").values_list("name", flat=True))
    assert names == sorted([f"{tree.ampere.pk}_Lycée Ampère", f"{twin.pk}_Lycée Ampère"])


def test_renaming_a_structure_renames_its_group(tree):
    tree.ampere.name = "Lycée André-Marie Ampère"
    tree.ampere.save()
    group = Group.objects.get(structure=tree.ampere)
    assert (group.display_name, group.slug, group.search_name) == (
        "Lycée André-Marie Ampère",
        f"{tree.ampere.pk}_lycee-andre-marie-ampere",
        "lycee andre-marie ampere",
    )


def test_deleting_a_structure_deletes_its_group(tree):
    leaf = StructureFactory(name="École fermée", parent=tree.isere)
    group_id = Group.objects.get(structure=leaf).pk
    leaf.delete()
    assert not Group.objects.filter(pk=group_id).exists()


def test_a_person_is_member_of_their_structure_group_and_every_ancestors(tree):
    user = UserFactory(structure=None)
    user_services.set_structure([user.pk], tree.ampere)
    assert automatic_roles(user) == {
        "Académie de Lyon": Role.MEMBER,
        "DSDEN du Rhône": Role.MEMBER,
        "Lycée Ampère": Role.MEMBER,
    }


def test_changing_structure_leaves_the_old_groups_and_joins_the_new_ones(tree):
    user = UserFactory(structure=None)
    user_services.set_structure([user.pk], tree.ampere)
    user_services.set_structure([user.pk], tree.champollion)
    assert automatic_roles(user) == {
        "Académie de Grenoble": Role.MEMBER,
        "DSDEN de l'Isère": Role.MEMBER,
        "Lycée Champollion": Role.MEMBER,
    }
    user_services.set_structure([user.pk], None)
    assert automatic_roles(user) == {}


def test_imported_people_are_synced(tree):
    users = UserFactory.create_batch(3, structure=tree.moulin)
    user_signals.users_created.send(sender=User, user_ids=[user.pk for user in users])
    assert [automatic_roles(user) for user in users] == [
        {"Académie de Lyon": Role.MEMBER, "DSDEN du Rhône": Role.MEMBER, "Collège Jean Moulin": Role.MEMBER}
    ] * 3


def test_moving_a_structure_moves_its_peoples_groups(tree):
    user = UserFactory(structure=tree.ampere)
    services.sync_automatic_memberships([user.pk])
    tree.rhone.parent = tree.grenoble
    tree.rhone.save()
    assert automatic_roles(user) == {
        "Académie de Grenoble": Role.MEMBER,
        "DSDEN du Rhône": Role.MEMBER,
        "Lycée Ampère": Role.MEMBER,
    }


def test_a_large_subtree_is_resynced_by_a_task_after_the_commit(tree, settings, django_capture_on_commit_callbacks):
    settings.GROUP_SYNC_INLINE_MAX_PEOPLE = 1
    users = UserFactory.create_batch(2, structure=tree.ampere)
    services.sync_automatic_memberships([user.pk for user in users])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tree.rhone.parent = tree.grenoble
        tree.rhone.save()
    # Nothing changed yet: the task waits for the commit.
    assert automatic_roles(users[0])["Académie de Lyon"] == Role.MEMBER
    assert len(callbacks) == 1
    callbacks[0]()  # the commit happens: the task runs (in-process in the tests)
    assert [automatic_roles(user) for user in users] == [
        {"Académie de Grenoble": Role.MEMBER, "DSDEN du Rhône": Role.MEMBER, "Lycée Ampère": Role.MEMBER}
    ] * 2


def test_the_task_ignores_a_structure_deleted_meanwhile(db):
    from groups.tasks import sync_structure_subtree_task

    assert sync_structure_subtree_task(999999) == 0


def test_structure_admins_are_admins_of_their_structure_group(tree, lyon_admin):
    assert automatic_roles(lyon_admin) == {"Académie de Lyon": Role.ADMIN}
    rhone_admin = UserFactory(structure=tree.ampere)
    services.sync_automatic_memberships([rhone_admin.pk])
    rhone_admin.administered_structures.add(tree.rhone)  # the reverse side of the relation
    assert automatic_roles(rhone_admin) == {
        "Académie de Lyon": Role.MEMBER,
        "DSDEN du Rhône": Role.ADMIN,
        "Lycée Ampère": Role.MEMBER,
    }
    tree.rhone.admins.remove(rhone_admin)
    assert automatic_roles(rhone_admin)["DSDEN du Rhône"] == Role.MEMBER


def test_clearing_a_structures_admins_takes_their_admin_role(tree, lyon_admin):
    tree.lyon.admins.clear()
    assert automatic_roles(lyon_admin) == {"Académie de Lyon": Role.MEMBER}
    lyon_admin.administered_structures.add(tree.lyon)
    lyon_admin.administered_structures.clear()
    assert automatic_roles(lyon_admin) == {"Académie de Lyon": Role.MEMBER}


def test_a_structure_admin_moved_away_loses_the_admin_role_with_the_structure(tree, lyon_admin):
    # users.services.set_structure drops the structure-admin links that no longer cover the person.
    user_services.set_structure([lyon_admin.pk], tree.champollion)
    assert automatic_roles(lyon_admin) == {
        "Académie de Grenoble": Role.MEMBER,
        "DSDEN de l'Isère": Role.MEMBER,
        "Lycée Champollion": Role.MEMBER,
    }


def test_the_sync_repairs_hand_made_rows_and_is_idempotent(tree):
    user = UserFactory(structure=tree.ampere)
    Membership.objects.create(user=user, group=Group.objects.get(structure=tree.champollion), role=Role.ANIMATOR)
    assert services.sync_automatic_memberships([user.pk]) == 4  # one stale row deleted, three inserted
    assert services.sync_automatic_memberships([user.pk]) == 0
    assert services.sync_all_automatic_groups() == 0
    assert automatic_roles(user) == {
        "Académie de Lyon": Role.MEMBER,
        "DSDEN du Rhône": Role.MEMBER,
        "Lycée Ampère": Role.MEMBER,
    }


def test_structures_created_before_the_groups_app_get_their_group_on_sync(tree):
    Group.objects.filter(structure=tree.moulin).delete()
    user = UserFactory(structure=tree.moulin)
    services.sync_automatic_memberships([user.pk])
    assert automatic_roles(user)["Collège Jean Moulin"] == Role.MEMBER


def _sync_queries(users):
    """(statements other than INSERT, INSERT statements) run by one sync of ``users``."""
    with CaptureQueriesContext(connection) as queries:
        services.sync_automatic_memberships([user.pk for user in users])
    statements = [query["sql"] for query in queries.captured_queries]
    inserts = [sql for sql in statements if sql.startswith("INSERT")]
    return len(statements) - len(inserts), len(inserts)


def test_the_sync_costs_the_same_queries_for_3_or_300_people_with_batched_inserts(tree):
    few = UserFactory.create_batch(3, structure=tree.ampere)
    User.objects.bulk_create([UserFactory.build(structure=tree.champollion, username=f"masse{i}") for i in range(300)])
    many = list(User.objects.filter(username__startswith="masse"))
    few_other, few_inserts = _sync_queries(few)
    many_other, many_inserts = _sync_queries(many)
    assert few_other == many_other
    # 900 rows: one INSERT per batch of rows (SQLite caps a statement at 999 parameters), never one per person.
    assert few_inserts == 1
    assert many_inserts <= 900 // 200 + 1
    assert Membership.objects.filter(group__structure=tree.isere).count() == 300


@pytest.mark.parametrize(
    "attempt",
    [
        lambda people, group: services.join_group(people.outsider, group),
        lambda people, group: services.request_membership(people.outsider, group),
        lambda people, group: services.leave_group(people.member, group),
        lambda people, group: services.add_member(people.global_admin, group, people.outsider),
        lambda people, group: services.remove_member(people.global_admin, group, people.member),
        lambda people, group: services.set_role(people.global_admin, group, people.member, Role.ANIMATOR),
    ],
)
def test_nobody_changes_a_structure_groups_members_by_hand(people, tree, attempt):
    services.sync_automatic_memberships([people.member.pk, people.outsider.pk])
    group = Group.objects.get(structure=tree.ampere)
    before = sorted(Membership.objects.filter(group=group).values_list("user_id", "role"))
    with pytest.raises(ValidationError) as error:
        attempt(people, group)
    assert error.value.messages == [
        "Les membres d'un groupe de structure sont les personnes de la structure : ils ne se gèrent pas à la main."
    ]
    assert sorted(Membership.objects.filter(group=group).values_list("user_id", "role")) == before


def test_a_structure_admin_edits_the_description_of_their_structures_groups_but_not_the_name(people, tree):
    group = Group.objects.select_related("structure").get(structure=tree.ampere)
    services.update_group(people.structure_admin, group, description="Le lycée Ampère")
    with pytest.raises(PermissionDenied) as error:
        services.update_group(people.structure_admin, group, name="Autre")
    assert str(error.value) == "Le nom et le type d'un groupe de structure suivent la structure."
    group.refresh_from_db()
    assert (group.display_name, group.description) == ("Lycée Ampère", "Le lycée Ampère")
