"""The users' back office: what each admin may edit, bulk actions through the services, pending badges, search."""

import pytest

from portal.users.factories import GlobalAdminFactory, UserFactory
from portal.users.models import User
from tests.portal.admin_helpers import post_change, usernames

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/users/user/"


def act(client, action, *users, follow=True):
    """Run a bulk action on ``users`` from the changelist; returns the followed response."""
    data = {"action": action, "_selected_action": [str(user.pk) for user in users], "index": "0"}
    return client.post(CHANGELIST, data, follow=follow)


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- the change form ---


def test_structure_admin_edits_only_structure_quota_and_activation(as_lyon, world):
    page = as_lyon.get(f"/admin/users/user/{world.teacher.pk}/change/")
    assert set(page.context["adminform"].form.fields) == {"structure", "group_quota", "is_active"}
    html = page.content.decode()
    for hidden in ("is_superuser", "user_permissions", 'name="groups"', 'name="password"'):
        assert hidden not in html


def test_global_admin_edits_identity_and_the_global_admin_flag(as_global, world):
    page = as_global.get(f"/admin/users/user/{world.teacher.pk}/change/")
    fields = set(page.context["adminform"].form.fields)
    assert {"username", "first_name", "last_name", "email", "is_superuser", "structure", "is_active"} <= fields
    assert not fields & {"password", "groups", "user_permissions"}


def test_structure_admin_changes_quota_and_structure(as_lyon, world):
    url = f"/admin/users/user/{world.teacher.pk}/change/"
    response = post_change(as_lyon, url, group_quota="3", structure=str(world.tree.moulin.pk))
    assert response.status_code == 302
    teacher = User.objects.get(pk=world.teacher.pk)
    assert (teacher.group_quota, teacher.structure) == (3, world.tree.moulin)


def test_identity_fields_posted_by_a_structure_admin_are_ignored(as_lyon, world):
    url = f"/admin/users/user/{world.teacher.pk}/change/"
    response = post_change(as_lyon, url, first_name="Pirate", email="pirate@example.com", username="pirate")
    assert response.status_code == 302
    teacher = User.objects.get(pk=world.teacher.pk)
    assert (teacher.username, teacher.email) == ("prof.ampere", "prof.ampere@ac-lyon.fr")


def test_structure_admin_cannot_deactivate_themselves(as_lyon, world):
    page = as_lyon.get(f"/admin/users/user/{world.lyon_admin.pk}/change/")
    assert "is_active" not in page.context["adminform"].form.fields


def test_a_global_admin_of_the_subtree_is_view_only_for_the_structure_admin(as_lyon, world):
    boss = GlobalAdminFactory(username="chef", structure=world.tree.ampere)
    url = f"/admin/users/user/{boss.pk}/change/"
    page = as_lyon.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert as_lyon.post(url, {"is_active": ""}).status_code == 403
    assert User.objects.get(pk=boss.pk).is_active


def test_the_last_global_admin_cannot_step_down_in_the_form(as_global, world):
    url = f"/admin/users/user/{world.global_admin.pk}/change/"
    response = post_change(as_global, url, is_superuser=False)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["is_superuser"] == [
        "Le dernier administrateur national ne peut pas être retiré."
    ]
    assert User.objects.get(pk=world.global_admin.pk).is_superuser


def test_global_admin_edits_a_name_and_the_search_text_follows(as_global, world):
    url = f"/admin/users/user/{world.teacher.pk}/change/"
    assert post_change(as_global, url, first_name="Hélène", last_name="Dupont-Léger").status_code == 302
    assert "helene dupont-leger" in User.objects.get(pk=world.teacher.pk).search_text


def test_invalid_username_is_a_form_error(as_global, world):
    response = post_change(as_global, f"/admin/users/user/{world.teacher.pk}/change/", username="prof/ampère")
    assert response.status_code == 200
    assert "username" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "entered",
    ["https://nuage03.example.fr/nextcloud", "https://nuage03.example.fr/nextcloud/", "nuage03.example.fr/nextcloud"],
)
def test_the_admin_accepts_a_nextcloud_on_a_sub_path_and_stores_one_form(as_global, world, entered):
    response = post_change(as_global, f"/admin/users/user/{world.teacher.pk}/change/", nclocator=entered)
    assert response.status_code == 302
    assert User.objects.get(pk=world.teacher.pk).nclocator == "nuage03.example.fr/nextcloud"


def test_an_nclocator_naming_no_server_is_a_form_error(as_global, world):
    response = post_change(as_global, f"/admin/users/user/{world.teacher.pk}/change/", nclocator="https://bad host/")
    assert response.status_code == 200
    assert "nclocator" in response.context["adminform"].form.errors


def test_no_user_is_added_by_hand(as_global):
    assert as_global.get("/admin/users/user/add/").status_code == 403


# --- bulk actions ---


def test_activate_and_deactivate_in_bulk(as_lyon, world):
    response = act(as_lyon, "deactivate", world.teacher, world.moulin_teacher)
    assert shown_messages(response) == ["2 comptes désactivés."]
    assert not User.objects.filter(pk__in=[world.teacher.pk, world.moulin_teacher.pk], is_active=True).exists()
    response = act(as_lyon, "activate", world.teacher)
    assert shown_messages(response) == ["1 compte activé."]
    assert User.objects.get(pk=world.teacher.pk).is_active


def test_a_forbidden_row_refuses_the_whole_action(as_lyon, world):
    response = act(as_lyon, "deactivate", world.teacher, world.lyon_admin)
    assert shown_messages(response) == [
        f"Rien n'a été modifié : Vous n'avez pas le droit de modifier le compte de {world.lyon_admin}."
    ]
    assert User.objects.get(pk=world.teacher.pk).is_active


def test_direct_admin_accepts_requests_and_the_person_is_told(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.rhone_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, "accept_requests", world.candidate)
    assert shown_messages(response) == ["1 demande acceptée."]
    candidate = User.objects.get(pk=world.candidate.pk)
    assert (candidate.structure, candidate.awaiting_structure) == (world.tree.rhone, None)
    assert [message.to for message in mailoutbox] == [[world.candidate.email]]


def test_direct_admin_refuses_requests(client, world):
    client.force_login(world.rhone_admin)
    response = act(client, "refuse_requests", world.candidate)
    assert shown_messages(response) == ["1 demande refusée."]
    candidate = User.objects.get(pk=world.candidate.pk)
    assert (candidate.structure, candidate.awaiting_structure) == (world.tree.champollion, None)


def test_an_ancestor_admin_cannot_accept(as_lyon, world):
    response = act(as_lyon, "accept_requests", world.candidate)
    assert shown_messages(response) == [
        "Rien n'a été modifié : Vous ne pouvez valider que les demandes adressées à vos structures."
    ]
    assert User.objects.get(pk=world.candidate.pk).awaiting_structure == world.tree.rhone


def test_accepting_without_any_request_says_so(as_lyon, world):
    response = act(as_lyon, "accept_requests", world.teacher)
    assert shown_messages(response) == ["Aucune demande de rattachement parmi la sélection."]


def test_rows_of_another_subtree_cannot_be_selected(as_lyon, world):
    act(as_lyon, "deactivate", world.grenoble_teacher)
    assert User.objects.get(pk=world.grenoble_teacher.pk).is_active


def test_bulk_delete_is_for_global_admins_only(as_lyon, as_global, world):
    actions = as_global.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" in dict(actions)


def test_structure_admins_have_no_bulk_delete(as_lyon, world):
    actions = dict(as_lyon.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert set(actions) == {"", "activate", "deactivate", "accept_requests", "refuse_requests"}
    data = {"action": "delete_selected", "_selected_action": [str(world.teacher.pk)], "post": "yes"}
    response = as_lyon.post(CHANGELIST, data)
    assert response.status_code == 302  # the action is unknown to them: back to the list, nothing deleted
    assert User.objects.filter(pk=world.teacher.pk).exists()


def test_global_admin_deletes_in_bulk_through_the_service(as_global, world):
    data = {"action": "delete_selected", "_selected_action": [str(world.moulin_teacher.pk)], "post": "yes"}
    response = as_global.post(CHANGELIST, data, follow=True)
    assert response.status_code == 200
    assert not User.objects.filter(pk=world.moulin_teacher.pk).exists()


def test_bulk_delete_including_oneself_is_refused(as_global, world):
    data = {
        "action": "delete_selected",
        "_selected_action": [str(world.moulin_teacher.pk), str(world.global_admin.pk)],
        "post": "yes",
    }
    response = as_global.post(CHANGELIST, data, follow=True)
    assert f"Vous n'avez pas le droit de supprimer le compte de {world.global_admin}." in shown_messages(response)
    assert User.objects.filter(pk=world.moulin_teacher.pk).exists()


# --- pending lists and badges ---


def test_global_admin_index_counts_pending_accounts_and_requests(as_global, world):
    UserFactory.create_batch(3, structure=None, is_active=False)
    html = as_global.get("/admin/").content.decode()
    assert (
        '<a href="/admin/users/user/?status=inactive">Comptes en attente de validation '
        '<span class="portal-badge" title="3 en attente">3</span></a>'
    ) in html
    assert (
        '<a href="/admin/users/user/?status=requests">Demandes de rattachement '
        '<span class="portal-badge" title="2 en attente">2</span></a>'
    ) in html


def test_structure_admin_sees_the_requests_of_their_own_structures(client, world):
    client.force_login(world.rhone_admin)
    html = client.get("/admin/").content.decode()
    assert '<a href="/admin/users/user/?status=inactive">Comptes en attente de validation</a>' in html  # none
    assert '<span class="portal-badge" title="1 en attente">1</span>' in html
    assert usernames(client.get(CHANGELIST, {"status": "requests"})) == {"candidat.rhone"}


def test_an_ancestor_admin_has_no_request_to_decide(as_lyon):
    html = as_lyon.get("/admin/").content.decode()
    assert '<a href="/admin/users/user/?status=requests">Demandes de rattachement</a>' in html
    assert usernames(as_lyon.get(CHANGELIST, {"status": "requests"})) == set()


def test_pending_accounts_list(as_global, world):
    UserFactory(username="en.attente", structure=None, is_active=False)
    assert usernames(as_global.get(CHANGELIST, {"status": "inactive"})) == {"en.attente"}


# --- search and filters ---


@pytest.mark.parametrize("query", ["zwolinska", "ZWOLIŃSKA-dœuf", "dœuf éléonore", "ezwol@ac-lyon", "EZWOL"])
def test_search_by_name_username_or_email_ignores_case_and_accents(as_global, world, query):
    UserFactory(username="ezwol", first_name="Éléonore", last_name="Zwolińska-Dœuf", structure=world.tree.moulin)
    assert usernames(as_global.get(CHANGELIST, {"q": query})) == {"ezwol"}


def test_role_filter(as_global, world):
    assert usernames(as_global.get(CHANGELIST, {"role": "global"})) == {"global.admin"}
    assert usernames(as_global.get(CHANGELIST, {"role": "structure"})) == {
        "admin.lyon",
        "admin.rhone",
        "admin.grenoble",
    }


def test_role_column_names_only_structures_in_the_viewers_scope(as_lyon, world):
    world.tree.rhone.admins.add(world.candidate)  # also admin of the Rhône, seen from Lyon
    response = as_lyon.get(CHANGELIST)
    roles = {user.username: user.administered_names for user in response.context["cl"].result_list}
    assert roles["admin.rhone"] == ["DSDEN du Rhône"]
    assert roles["prof.ampere"] == []
