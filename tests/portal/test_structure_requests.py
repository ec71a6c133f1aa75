"""Issue #9 point 4: a request to a structure without its own admin goes to the nearest ancestor's admins."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.notifications.models import Notification
from portal.structures.abilities import request_deciding_structure
from portal.users import services
from portal.users.abilities import decidable_requests_filter, get_user_abilities
from portal.users.factories import UserFactory
from portal.users.models import User
from tests.portal.admin_helpers import structure_admin, usernames
from tests.portal.pages import plain_home, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_home")]


def decidable(actor):
    return set(User.objects.filter(decidable_requests_filter(actor)).values_list("username", flat=True))


def test_a_school_without_admin_is_decided_by_the_nearest_ancestors_admins(world):
    # "depart.grenoble" asks to join Champollion: neither the school nor its DSDEN has an admin, the académie has.
    assert request_deciding_structure(world.tree.champollion) == world.tree.grenoble
    assert get_user_abilities(world.grenoble_admin, world.leaving)["validate_structure_request"]
    assert decidable(world.grenoble_admin) == {"depart.grenoble"}
    services.decide_structure_requests(world.grenoble_admin, [world.leaving], accept=True)
    assert User.objects.get(pk=world.leaving.pk).structure == world.tree.champollion


def test_the_ancestors_admins_do_not_decide_when_the_structure_has_its_own(world):
    # "candidat.rhone" asks to join the Rhône, which has its admin: the académie's admin does not decide.
    assert not get_user_abilities(world.lyon_admin, world.candidate)["validate_structure_request"]
    assert decidable(world.lyon_admin) == set()
    assert decidable(world.rhone_admin) == {"candidat.rhone"}
    with pytest.raises(PermissionDenied):
        services.decide_structure_requests(world.lyon_admin, [world.candidate], accept=True)


def test_an_admin_in_between_takes_the_decision_over(world):
    structure_admin("admin.isere", world.tree.isere)
    assert request_deciding_structure(world.tree.champollion) == world.tree.isere
    assert not get_user_abilities(world.grenoble_admin, world.leaving)["validate_structure_request"]
    assert decidable(world.grenoble_admin) == set()


def test_an_inactive_admin_does_not_count(world):
    structure_admin("admin.champollion", world.tree.champollion, is_active=False)
    assert request_deciding_structure(world.tree.champollion) == world.tree.grenoble
    assert decidable(world.grenoble_admin) == {"depart.grenoble"}


def test_admins_of_another_subtree_never_decide(world):
    assert not get_user_abilities(world.lyon_admin, world.leaving)["validate_structure_request"]
    assert not get_user_abilities(world.rhone_admin, world.leaving)["validate_structure_request"]
    assert "depart.grenoble" not in decidable(world.lyon_admin)


def test_without_any_admin_on_the_path_global_admins_decide(world):
    lonely = UserFactory(username="seul", structure=None)
    orphan_root = world.tree.grenoble.__class__.objects.create(name="Académie sans admin")
    lonely.awaiting_structure = orphan_root
    lonely.save()
    assert request_deciding_structure(orphan_root) is None
    assert get_user_abilities(world.global_admin, lonely)["validate_structure_request"]
    assert "seul" in decidable(world.global_admin)


def test_the_ancestors_admin_sees_the_request_in_the_back_office(client, world):
    client.force_login(world.grenoble_admin)
    assert usernames(client.get("/admin/users/user/", {"status": "requests"})) == {"depart.grenoble"}
    html = client.get("/admin/").content.decode()
    assert '<span class="portal-badge" title="1 en attente">1</span>' in html


def test_the_deciders_are_notified_and_the_person_is_told_who_decides(client, world, settings):
    settings.STRUCTURE_VALIDATION_REQUIRED = True
    person = sign_in(client, UserFactory(username="nouvelle", structure=None))
    response = client.post("/structure/choose/", {"structure": world.tree.champollion.pk}, follow=True)
    expected = (
        "Votre demande de rattachement à « Lycée Champollion » sera examinée par les administrateurs de la structure "
        "« Académie de Grenoble »."
    )
    assert expected in response.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    assert User.objects.get(pk=person.pk).awaiting_structure == world.tree.champollion
    notified = set(Notification.objects.filter(kind=Notification.Kind.REQUEST).values_list("user__username", flat=True))
    assert notified == {"admin.grenoble"}
