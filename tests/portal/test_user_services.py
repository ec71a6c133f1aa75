"""``portal.users.services``: the structure request workflow, activation, moves, admin roles, account edits."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.core.models import SiteSettings
from portal.structures.models import Structure
from portal.users import services
from portal.users.factories import GlobalAdminFactory, UserFactory
from portal.users.models import User
from tests.portal.admin_helpers import structure_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def rhone_admin(tree):
    return structure_admin("admin.rhone", tree.rhone)


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nouvelle", structure=None, email="nouvelle@ac-lyon.fr", language="fr")


# --- the structure request workflow ---


def test_choosing_a_structure_attaches_at_once_by_default(newcomer, tree):
    assert services.request_structure(newcomer, tree.ampere) is True
    newcomer.refresh_from_db()
    assert (newcomer.structure, newcomer.awaiting_structure) == (tree.ampere, None)


def test_the_structure_flag_makes_the_request_wait(newcomer, tree):
    Structure.objects.filter(pk=tree.rhone.pk).update(membership_needs_validation=True)
    tree.rhone.refresh_from_db()
    assert services.request_structure(newcomer, tree.rhone) is False
    newcomer.refresh_from_db()
    assert (newcomer.structure, newcomer.awaiting_structure) == (None, tree.rhone)


def test_the_portal_setting_makes_every_request_wait(newcomer, tree):
    site = SiteSettings.load()
    site.structure_validation_required = True
    site.save()
    assert services.request_structure(newcomer, tree.ampere) is False
    assert User.objects.get(pk=newcomer.pk).awaiting_structure == tree.ampere


def test_the_environment_setting_makes_every_request_wait(newcomer, tree, settings):
    settings.STRUCTURE_VALIDATION_REQUIRED = True
    assert services.request_structure(newcomer, tree.ampere) is False


def test_global_admins_never_wait(tree, settings):
    settings.STRUCTURE_VALIDATION_REQUIRED = True
    boss = GlobalAdminFactory()
    assert services.request_structure(boss, tree.ampere) is True


@pytest.fixture
def waiting(newcomer, tree):
    User.objects.filter(pk=newcomer.pk).update(awaiting_structure=tree.rhone)
    return User.objects.select_related("awaiting_structure", "structure").get(pk=newcomer.pk)


def test_direct_admin_accepts_and_the_person_is_told(
    rhone_admin, waiting, tree, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.decide_structure_requests(rhone_admin, [waiting], accept=True) == 1
    waiting.refresh_from_db()
    assert (waiting.structure, waiting.awaiting_structure) == (tree.rhone, None)
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (
            ["nouvelle@ac-lyon.fr"],
            "Votre demande de rattachement à DSDEN du Rhône",
            "Votre demande de rattachement à DSDEN du Rhône a été acceptée.",
        )
    ]


def test_direct_admin_refuses_and_the_person_is_told_in_their_language(
    rhone_admin, waiting, mailoutbox, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=waiting.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.decide_structure_requests(rhone_admin, [waiting], accept=False) == 1
    waiting.refresh_from_db()
    assert (waiting.structure, waiting.awaiting_structure) == (None, None)
    assert [m.body for m in mailoutbox] == ["Your request to join DSDEN du Rhône was refused."]


def test_an_ancestor_admin_cannot_decide_when_the_structure_has_its_own_admin(lyon_admin, waiting, tree, mailoutbox):
    structure_admin("admin.rhone", tree.rhone)
    with pytest.raises(PermissionDenied):
        services.decide_structure_requests(lyon_admin, [waiting], accept=True)
    assert User.objects.get(pk=waiting.pk).awaiting_structure == tree.rhone
    assert mailoutbox == []


def test_another_subtrees_admin_cannot_decide(waiting, tree):
    grenoble_admin = structure_admin("admin.grenoble", tree.grenoble)
    with pytest.raises(PermissionDenied):
        services.decide_structure_requests(grenoble_admin, [waiting], accept=False)
    assert User.objects.get(pk=waiting.pk).awaiting_structure == tree.rhone


def test_a_global_admin_decides_any_request(global_admin, waiting, tree):
    assert services.decide_structure_requests(global_admin, [waiting], accept=True) == 1


def test_one_forbidden_row_changes_nothing(rhone_admin, waiting, tree):
    elsewhere = UserFactory(structure=None, awaiting_structure=tree.champollion)
    with pytest.raises(PermissionDenied):
        services.decide_structure_requests(rhone_admin, [waiting, elsewhere], accept=True)
    assert User.objects.get(pk=waiting.pk).awaiting_structure == tree.rhone


def test_people_without_request_are_skipped(rhone_admin, teacher):
    assert services.decide_structure_requests(rhone_admin, [teacher], accept=True) == 0


# --- activation, moves, roles ---


def test_structure_admin_activates_and_deactivates_in_their_subtree(lyon_admin, teacher):
    assert services.set_active(lyon_admin, [teacher], False) == 1
    assert not User.objects.get(pk=teacher.pk).is_active


def test_structure_admin_cannot_deactivate_another_subtree(teacher, tree):
    grenoble_admin = structure_admin("admin.grenoble", tree.grenoble)
    with pytest.raises(PermissionDenied):
        services.set_active(grenoble_admin, [teacher], False)
    assert User.objects.get(pk=teacher.pk).is_active


@pytest.mark.parametrize("count", [2, 30])
def test_bulk_activation_checks_in_constant_queries(lyon_admin, tree, count, django_assert_num_queries):
    people = UserFactory.create_batch(count, structure=tree.moulin, is_active=False)
    people = list(User.objects.filter(pk__in=[p.pk for p in people]).select_related("structure", "awaiting_structure"))
    # savepoint, the people's admin roles, the actor's admin roles, the audit entries' INSERT, one UPDATE, release
    with django_assert_num_queries(6):
        assert services.set_active(lyon_admin, people, True) == count


def test_move_inside_the_subtree(lyon_admin, teacher, tree):
    services.move_users(lyon_admin, [teacher], tree.moulin)
    assert User.objects.get(pk=teacher.pk).structure == tree.moulin


def test_move_to_another_subtree_is_denied(lyon_admin, teacher, tree):
    with pytest.raises(PermissionDenied):
        services.move_users(lyon_admin, [teacher], tree.champollion)
    assert User.objects.get(pk=teacher.pk).structure == tree.ampere


def test_moving_drops_admin_roles_that_no_longer_cover_the_person(global_admin, rhone_admin, tree):
    services.move_users(global_admin, [rhone_admin], tree.champollion)
    assert list(rhone_admin.administered_structures.all()) == []


def test_only_global_admins_name_global_admins(lyon_admin, global_admin, teacher):
    with pytest.raises(PermissionDenied):
        services.set_global_admin(lyon_admin, teacher, True)
    assert not User.objects.get(pk=teacher.pk).is_superuser
    services.set_global_admin(global_admin, teacher, True)
    assert User.objects.get(pk=teacher.pk).is_superuser


def test_the_last_global_admin_cannot_be_removed(global_admin):
    with pytest.raises(ValidationError):
        services.set_global_admin(global_admin, global_admin, False)
    assert User.objects.get(pk=global_admin.pk).is_superuser


def test_a_global_admin_can_step_down_when_another_remains(global_admin):
    GlobalAdminFactory()
    services.set_global_admin(global_admin, global_admin, False)
    assert not User.objects.get(pk=global_admin.pk).is_superuser


def test_structure_admin_names_an_admin_among_the_people_of_the_structure(lyon_admin, teacher, tree):
    services.set_structure_admin(lyon_admin, teacher, tree.rhone, True)
    assert list(teacher.administered_structures.all()) == [tree.rhone]
    services.set_structure_admin(lyon_admin, teacher, tree.rhone, False)
    assert list(teacher.administered_structures.all()) == []


def test_an_admin_must_belong_to_the_structure(lyon_admin, teacher, tree):
    with pytest.raises(ValidationError):
        services.set_structure_admin(lyon_admin, teacher, tree.moulin, True)


def test_structure_admin_cannot_name_admins_elsewhere(lyon_admin, tree):
    grenoble_teacher = UserFactory(structure=tree.champollion)
    with pytest.raises(PermissionDenied):
        services.set_structure_admin(lyon_admin, grenoble_teacher, tree.champollion, True)


# --- account edits (the back office's form) ---


def test_change_account_routes_each_field_through_its_rule(global_admin, teacher, tree):
    services.change_account(
        global_admin,
        teacher,
        {
            "structure": tree.champollion,
            "is_active": False,
            "is_superuser": True,
            "first_name": "Jeanne",
            "group_quota": 3,
        },
    )
    teacher = User.objects.get(pk=teacher.pk)
    assert (teacher.structure, teacher.is_active, teacher.is_superuser) == (tree.champollion, False, True)
    assert (teacher.first_name, teacher.group_quota) == ("Jeanne", 3)
    assert "jeanne" in teacher.search_text


def test_structure_admin_account_edits_are_limited(lyon_admin, teacher, tree):
    assert services.account_change_errors(
        lyon_admin, teacher, {"first_name": "X", "is_superuser": True, "structure": tree.champollion, "group_quota": 2}
    ) == {
        "first_name": "Vous ne pouvez pas modifier ce champ.",
        "is_superuser": "Vous ne pouvez pas modifier ce champ.",
        "structure": "Vous ne pouvez déplacer que des personnes de vos structures, vers vos structures.",
    }
    with pytest.raises(ValidationError):
        services.change_account(lyon_admin, teacher, {"group_quota": 2, "is_superuser": True})
    assert User.objects.get(pk=teacher.pk).group_quota == 10  # nothing half-saved
    services.change_account(lyon_admin, teacher, {"group_quota": 2})
    assert User.objects.get(pk=teacher.pk).group_quota == 2


def test_change_account_refuses_removing_the_last_global_admin(global_admin):
    assert services.account_change_errors(global_admin, global_admin, {"is_superuser": False}) == {
        "is_superuser": "Le dernier administrateur national ne peut pas être retiré."
    }


def test_global_admin_deletes_accounts_but_not_their_own(global_admin, teacher):
    with pytest.raises(PermissionDenied):
        services.delete_users(global_admin, [global_admin])
    assert services.delete_users(global_admin, [teacher]) == 1
    assert not User.objects.filter(pk=teacher.pk).exists()


def test_structure_admin_cannot_delete_accounts(lyon_admin, teacher):
    with pytest.raises(PermissionDenied):
        services.delete_users(lyon_admin, [teacher])
    assert User.objects.filter(pk=teacher.pk).exists()
