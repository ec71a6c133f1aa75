"""Issue #9 point 16: a structure admin moving to another académie is warned, and the global admins are told when a
structure is left without any admin."""

import pytest

from portal.notifications.models import Notification
from portal.users import services
from portal.users.models import User
from tests.portal.admin_helpers import structure_admin
from tests.portal.pages import plain_home, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_home")]


def orphan_notices():
    return list(
        Notification.objects.filter(title="Structures sans administrateur").values_list("user__username", "text")
    )


def test_moving_out_of_ones_subtree_asks_for_confirmation_first(client, tree, lyon_admin):
    sign_in(client, lyon_admin)
    response = client.post("/structure/choose/", {"structure": tree.champollion.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "En vous rattachant à « Lycée Champollion », vous ne serez plus administrateur de : Académie de Lyon." in html
    )
    assert 'name="confirm" value="1"' in html
    lyon_admin.refresh_from_db()
    assert lyon_admin.structure != tree.champollion  # nothing changed yet
    assert tree.lyon.admins.filter(pk=lyon_admin.pk).exists()


def test_confirming_moves_drops_the_role_and_tells_the_global_admins(client, tree, lyon_admin, global_admin):
    sign_in(client, lyon_admin)
    response = client.post("/structure/choose/", {"structure": tree.champollion.pk, "confirm": "1"})
    assert response.status_code == 302
    assert User.objects.get(pk=lyon_admin.pk).structure == tree.champollion
    assert not tree.lyon.admins.exists()
    assert orphan_notices() == [
        (
            global_admin.username,
            "Plus aucun administrateur pour : Académie de Lyon.\n"
            "Leur dernier administrateur a été rattaché ailleurs ; nommez-en un dans l'administration.",
        )
    ]


def test_moving_inside_ones_subtree_needs_no_confirmation(client, tree, lyon_admin):
    sign_in(client, lyon_admin)
    response = client.post("/structure/choose/", {"structure": tree.moulin.pk})
    assert response.status_code == 302
    assert User.objects.get(pk=lyon_admin.pk).structure == tree.moulin
    assert tree.lyon.admins.filter(pk=lyon_admin.pk).exists()


def test_no_notice_when_another_admin_remains(tree, lyon_admin, global_admin):
    structure_admin("second.lyon", tree.lyon)
    services.set_structure([lyon_admin.pk], tree.champollion)
    assert not tree.lyon.admins.filter(pk=lyon_admin.pk).exists()
    assert orphan_notices() == []


def test_an_inactive_remaining_admin_does_not_count(tree, lyon_admin, global_admin):
    structure_admin("ancien.lyon", tree.lyon, is_active=False)
    services.set_structure([lyon_admin.pk], tree.champollion)
    assert [username for username, _text in orphan_notices()] == [global_admin.username]


def test_a_move_by_the_back_office_tells_the_global_admins_too(tree, lyon_admin, global_admin):
    services.move_users(global_admin, [lyon_admin], tree.champollion)
    assert [username for username, _text in orphan_notices()] == [global_admin.username]


def test_a_plain_teacher_is_never_asked(client, teacher, tree):
    sign_in(client, teacher)
    assert client.post("/structure/choose/", {"structure": tree.champollion.pk}).status_code == 302
    assert User.objects.get(pk=teacher.pk).structure == tree.champollion
