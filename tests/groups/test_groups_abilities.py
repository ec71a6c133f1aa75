"""The abilities table: what each role may do on each type of group (the pages, the API and the admin read it)."""

import pytest

from groups import services
from groups.abilities import get_bookmark_abilities, get_group_abilities, get_membership_abilities
from groups.factories import GroupBookmarkFactory
from groups.models import Group, Membership
from portal.users.factories import UserFactory
from tests.groups.ability_sets import ADMIN, ANIMATOR, MEMBER, STRUCTURE_MANAGER, VIEWER

pytestmark = pytest.mark.django_db


def granted(user, group):
    return {name for name, value in get_group_abilities(user, group).items() if value}


@pytest.mark.parametrize(
    ("role", "open_", "moderated", "closed"),
    [
        ("outsider", VIEWER | {"join"}, VIEWER | {"request"}, set()),
        ("candidate", VIEWER | {"join", "cancel_request"}, VIEWER | {"cancel_request"}, set()),
        ("member", MEMBER, MEMBER, MEMBER),
        ("animator", ANIMATOR, ANIMATOR, ANIMATOR),
        ("admin", ADMIN, ADMIN, ADMIN),
        ("structure_admin", VIEWER | {"join"}, VIEWER | {"request"}, set()),
        ("global_admin", ADMIN - {"leave"} | {"join"}, ADMIN - {"leave"} | {"request"}, ADMIN - {"leave"}),
    ],
)
def test_abilities_per_role_and_type(people, open_group, moderated_group, closed_group, role, open_, moderated, closed):
    user = getattr(people, role)
    if role == "candidate":
        # In the open group, a candidate is someone whose request predates the switch to "open".
        Membership.objects.create(user=user, group=open_group, role=Membership.Role.CANDIDATE)
    assert granted(user, open_group) == open_
    assert granted(user, moderated_group) == moderated
    assert granted(user, closed_group) == closed


def test_an_inactive_account_may_do_nothing(people, open_group):
    people.member.is_active = False
    assert granted(people.member, open_group) == set()


def test_structure_group_abilities(people, tree, lyon_admin, global_admin):
    services.sync_automatic_memberships([people.member.pk, people.outsider.pk])
    grenoble_admin = UserFactory(structure=tree.grenoble)
    tree.grenoble.admins.add(grenoble_admin)
    ampere = Group.objects.select_related("structure").get(structure=tree.ampere)
    structure_manager = STRUCTURE_MANAGER
    assert granted(people.member, ampere) == MEMBER - {"leave"}
    assert granted(people.outsider, ampere) == set()  # Collège Jean Moulin is not under the Lycée Ampère
    assert granted(lyon_admin, ampere) == structure_manager  # admin of an ancestor
    assert granted(grenoble_admin, ampere) == set()
    assert granted(global_admin, ampere) == structure_manager


def test_membership_abilities(people, open_group):
    rows = {m.user.username: m for m in Membership.objects.filter(group=open_group).select_related("user", "group")}

    def allowed(actor, username):
        return {name for name, value in get_membership_abilities(actor, rows[username]).items() if value}

    assert allowed(people.admin, "prof.membre") == {"remove", "set_role"}
    assert allowed(people.admin, "prof.anim") == {"remove", "set_role"}
    assert allowed(people.animator, "prof.membre") == {"remove"}
    assert allowed(people.animator, "prof.admin") == set()
    assert allowed(people.animator, "prof.anim") == {"step_down"}
    assert allowed(people.member, "prof.membre") == set()
    candidate = Membership.objects.create(user=people.candidate, group=open_group, role=Membership.Role.CANDIDATE)
    rows["prof.candidat"] = candidate
    assert allowed(people.animator, "prof.candidat") == {"accept", "refuse"}
    assert allowed(people.member, "prof.candidat") == set()


def test_bookmark_abilities(people, open_group):
    bookmark = GroupBookmarkFactory(group=open_group, author=people.member)

    def allowed(user):
        return {name for name, value in get_bookmark_abilities(user, bookmark).items() if value}

    everything = {"view", "update", "delete", "favourite"}
    assert allowed(people.member) == everything
    assert allowed(people.admin) == everything
    assert allowed(people.global_admin) == everything
    assert allowed(people.animator) == {"view", "favourite"}
    assert allowed(people.outsider) == set()
    people.member.is_active = False
    assert allowed(people.member) == set()
