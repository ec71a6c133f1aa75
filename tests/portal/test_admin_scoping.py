"""A structure admin of Lyon sees exactly Lyon's subtree in the back office; every way into Grenoble is refused.

Each refusal has its twin showing that a global admin gets through the same door.
"""

import json

import pytest

from portal.structures.models import Structure
from portal.users.models import User
from tests.portal.admin_helpers import form_data, names, post_change, usernames

pytestmark = pytest.mark.django_db

LYON_SUBTREE = {"Académie de Lyon", "DSDEN du Rhône", "Lycée Ampère", "Collège Jean Moulin"}
GRENOBLE_NAMES = ("Grenoble", "Isère", "Champollion", "prof.champollion", "admin.grenoble")


def assert_refused(response):
    """Refused without showing anything: an admin 'does not exist' redirect, or a 403/404."""
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/"


# --- what the lists show ---


def test_structure_list_is_exactly_the_subtree(as_lyon):
    response = as_lyon.get("/admin/structures/structure/")
    assert names(response) == LYON_SUBTREE
    assert not any(name in response.content.decode() for name in GRENOBLE_NAMES)


def test_global_admin_lists_every_structure(as_global, world):
    assert names(as_global.get("/admin/structures/structure/")) == set(Structure.objects.values_list("name", flat=True))


def test_user_list_is_the_subtree_and_its_requests(as_lyon):
    assert usernames(as_lyon.get("/admin/users/user/")) == {
        "admin.lyon",
        "admin.rhone",
        "prof.ampere",
        "prof.moulin",
        "candidat.rhone",  # awaits the Rhône
        "depart.grenoble",  # attached to Lyon
    }


def test_global_admin_lists_everyone(as_global):
    assert usernames(as_global.get("/admin/users/user/")) == set(User.objects.values_list("username", flat=True))


# --- object URLs with another id ---


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_grenoble_structure_urls_are_refused(as_lyon, world, view):
    response = as_lyon.get(f"/admin/structures/structure/{world.tree.champollion.pk}/{view}/")
    assert_refused(response)
    followed = as_lyon.get(f"/admin/structures/structure/{world.tree.champollion.pk}/{view}/", follow=True)
    assert "Champollion" not in followed.content.decode()


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_grenoble_user_urls_are_refused(as_lyon, world, view):
    response = as_lyon.get(f"/admin/users/user/{world.grenoble_teacher.pk}/{view}/")
    assert_refused(response)


def test_post_to_another_subtrees_structure_changes_nothing(as_lyon, world):
    response = as_lyon.post(f"/admin/structures/structure/{world.tree.isere.pk}/change/", {"name": "Piratée"})
    assert_refused(response)
    assert Structure.objects.get(pk=world.tree.isere.pk).name == "DSDEN de l'Isère"


def test_post_delete_of_another_subtrees_structure_deletes_nothing(as_lyon, world):
    leaf = Structure.objects.create(name="Vide", parent=world.tree.isere)
    assert_refused(as_lyon.post(f"/admin/structures/structure/{leaf.pk}/delete/", {"post": "yes"}))
    assert Structure.objects.filter(pk=leaf.pk).exists()


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_global_admin_reaches_grenoble_urls(as_global, world, view):
    leaf = Structure.objects.create(name="Collège Fantin-Latour", parent=world.tree.isere)
    response = as_global.get(f"/admin/structures/structure/{leaf.pk}/{view}/")
    assert response.status_code == 200
    assert "Fantin-Latour" in response.content.decode()
    assert as_global.get(f"/admin/users/user/{world.grenoble_teacher.pk}/{view}/").status_code == 200


# --- autocompletes ---


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {row["text"] for row in json.loads(response.content)["results"]}


def test_structure_autocomplete_offers_only_the_subtree(as_lyon):
    assert autocomplete(as_lyon, "users", "user", "structure") == LYON_SUBTREE
    assert autocomplete(as_lyon, "users", "user", "structure", "champollion") == set()
    assert autocomplete(as_lyon, "structures", "structure", "parent", "grenoble") == set()


def test_user_autocomplete_offers_only_the_subtrees_people(as_lyon, world):
    found = autocomplete(as_lyon, "structures", "structure", "admins", "prof")
    assert found == {str(world.teacher), str(world.moulin_teacher)}


def test_global_admin_autocomplete_reaches_grenoble(as_global, world):
    assert autocomplete(as_global, "users", "user", "structure", "champollion") == {"Lycée Champollion"}
    assert str(world.grenoble_teacher) in autocomplete(as_global, "structures", "structure", "admins", "champollion")


def test_autocomplete_of_global_only_tables_is_refused_to_structure_admins(as_lyon):
    response = as_lyon.get(
        "/admin/autocomplete/",
        {"app_label": "structures", "model_name": "emaildomain", "field_name": "structure", "term": ""},
    )
    # The e-mail domains' page is global-admin only, but its autocomplete reads the (scoped) structures.
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert {row["text"] for row in json.loads(response.content)["results"]} <= LYON_SUBTREE


# --- list filters ---


def test_lookup_by_another_subtrees_id_shows_nobody(as_lyon, world):
    response = as_lyon.get(f"/admin/users/user/?structure__id__exact={world.tree.champollion.pk}")
    assert usernames(response) == {"candidat.rhone"}  # attached there, but awaiting the Rhône: already in their list
    response = as_lyon.get(f"/admin/users/user/?structure__id__exact={world.tree.isere.pk}")
    assert usernames(response) == set()
    # lookups across the relation that no filter declares are refused outright
    response = as_lyon.get(f"/admin/users/user/?structure__path__startswith={world.tree.grenoble.path}")
    assert response.status_code == 400


def test_scoped_filter_lists_only_ones_structures(as_lyon):
    response = as_lyon.get("/admin/users/user/")
    structure_filter = next(spec for spec in response.context["cl"].filter_specs if spec.parameter_name == "structure")
    assert [label for _value, label in structure_filter.lookup_choices] == ["Académie de Lyon", "— DSDEN du Rhône"]


@pytest.mark.parametrize("value", ["grenoble", "champollion"])
def test_scoped_filter_with_another_subtrees_id_shows_nobody(as_lyon, world, value):
    response = as_lyon.get(f"/admin/users/user/?structure={getattr(world.tree, value).pk}")
    assert usernames(response) == set()
    assert "Grenoble" not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "-1"])
def test_scoped_filter_with_garbage_shows_nobody(as_lyon, value):
    response = as_lyon.get("/admin/users/user/", {"structure": value})
    assert response.status_code == 200
    assert usernames(response) == set()


def test_scoped_filter_keeps_the_chosen_subtree(as_lyon, world):
    response = as_lyon.get(f"/admin/users/user/?structure={world.tree.moulin.pk}")
    assert usernames(response) == {"prof.moulin", "depart.grenoble"}


def test_global_admin_filters_on_grenoble(as_global, world):
    response = as_global.get(f"/admin/users/user/?structure={world.tree.grenoble.pk}")
    assert usernames(response) == {"admin.grenoble", "prof.champollion", "candidat.rhone"}
    response = as_global.get(f"/admin/users/user/?structure__id__exact={world.tree.champollion.pk}")
    assert usernames(response) == {"prof.champollion", "candidat.rhone"}


# --- raw-id pop-ups ---


def test_raw_id_popup_lists_only_the_subtree(as_lyon):
    response = as_lyon.get("/admin/structures/structure/", {"_popup": "1", "_to_field": "id"})
    assert names(response) == LYON_SUBTREE


def test_raw_id_popup_refuses_other_fields(as_lyon):
    response = as_lyon.get("/admin/structures/structure/", {"_popup": "1", "_to_field": "path"})
    assert response.status_code == 400


def test_global_admin_raw_id_popup_lists_grenoble(as_global):
    response = as_global.get("/admin/structures/structure/", {"_popup": "1", "_to_field": "id"})
    assert "Lycée Champollion" in names(response)


# --- forms posted with another subtree's ids ---


def test_moving_a_user_to_grenoble_is_refused(as_lyon, world):
    url = f"/admin/users/user/{world.teacher.pk}/change/"
    response = post_change(as_lyon, url, structure=str(world.tree.champollion.pk))
    assert response.status_code == 200
    assert "structure" in response.context["adminform"].form.errors
    assert User.objects.get(pk=world.teacher.pk).structure == world.tree.ampere


def test_global_admin_moves_a_user_to_grenoble(as_global, world):
    url = f"/admin/users/user/{world.teacher.pk}/change/"
    response = post_change(as_global, url, structure=str(world.tree.champollion.pk))
    assert response.status_code == 302
    assert User.objects.get(pk=world.teacher.pk).structure == world.tree.champollion


def test_making_someone_superuser_is_ignored_for_a_structure_admin(as_lyon, world):
    url = f"/admin/users/user/{world.teacher.pk}/change/"
    page = as_lyon.get(url)
    assert "is_superuser" not in page.context["adminform"].form.fields
    assert "is_superuser" not in page.content.decode()
    response = as_lyon.post(url, {**form_data(page.context["adminform"].form), "is_superuser": "on"})
    assert response.status_code == 302
    assert not User.objects.get(pk=world.teacher.pk).is_superuser


def test_global_admin_makes_someone_global_admin(as_global, world):
    response = post_change(as_global, f"/admin/users/user/{world.teacher.pk}/change/", is_superuser=True)
    assert response.status_code == 302
    assert User.objects.get(pk=world.teacher.pk).is_superuser


def test_moving_a_structure_into_grenoble_is_refused(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.moulin.pk}/change/"
    response = post_change(as_lyon, url, parent=str(world.tree.isere.pk))
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert Structure.objects.get(pk=world.tree.moulin.pk).parent_id == world.tree.rhone.pk


def test_creating_a_structure_in_grenoble_is_refused(as_lyon, world):
    response = as_lyon.post("/admin/structures/structure/add/", {"name": "Intrus", "parent": str(world.tree.isere.pk)})
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert not Structure.objects.filter(name="Intrus").exists()


def test_prefilled_parent_from_another_subtree_is_not_shown(as_lyon, world):
    response = as_lyon.get(f"/admin/structures/structure/add/?parent={world.tree.isere.pk}")
    assert response.status_code == 200
    assert "Isère" not in response.content.decode()


def test_naming_a_grenoble_person_admin_is_refused(as_lyon, world):
    url = f"/admin/structures/structure/{world.tree.rhone.pk}/change/"
    response = post_change(as_lyon, url, admins=[str(world.rhone_admin.pk), str(world.grenoble_teacher.pk)])
    assert response.status_code == 200
    assert "admins" in response.context["adminform"].form.errors
    assert list(world.grenoble_teacher.administered_structures.all()) == []


def test_global_only_pages_are_refused(as_lyon):
    for url in ("/admin/structures/emaildomain/", "/admin/core/sitesettings/", "/admin/core/legalpage/"):
        assert as_lyon.get(url).status_code == 403
    index = as_lyon.get("/admin/").content.decode()
    assert "/admin/structures/emaildomain/" not in index
    assert "/admin/core/sitesettings/" not in index


def test_people_without_admin_rights_do_not_enter(client, world):
    client.force_login(world.teacher)
    response = client.get("/admin/structures/structure/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
