"""Constant numbers of SQL queries on the back office's lists, whatever the number of rows.

Each page is measured with no extra rows and with 30 more schools per académie (each with a person, an admin, a
pending request and an inactive account), for a global admin and for a structure admin.
"""

import pytest

from portal.core.models import SiteSettings
from portal.structures.models import Structure
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db


def populate(world, rows):
    """``rows`` more schools per académie, each with an admin, a request to the académie and an inactive account."""
    users, links = [], []
    for parent in (world.tree.rhone, world.tree.isere):
        for number in range(rows):
            school = Structure.objects.create(name=f"École {number}", parent=parent)
            admin = UserFactory.build(structure=school)
            users += [
                admin,
                UserFactory.build(structure=school, awaiting_structure_id=parent.parent_id),
                UserFactory.build(structure=school, is_active=False),
            ]
            links.append((school, admin))
    User.objects.bulk_create(users)
    Structure.admins.through.objects.bulk_create(
        [Structure.admins.through(structure=school, user=admin) for school, admin in links]
    )


# The same ceiling for both roles: session, user, then the structure admin's administered paths or the global
# admin's "inactive accounts" badge; the page's reads (filter choices, COUNT, rows, per-page extras in one query
# each); the sidebar's "requests" badge (both badges are cached a minute, so usually free); the notification bell.
# The index adds its summary: the names of the administered structures and, for a structure admin, the "accounts to
# validate" badge of their subtree (cached a minute too).
PAGES = {
    "/admin/": 8,
    "/admin/users/user/": 9,
    "/admin/users/user/?status=requests": 9,
    "/admin/users/user/?status=inactive": 9,
    "/admin/users/user/?q=ac-lyon": 9,
    "/admin/users/user/?structure={rhone}": 9,
    "/admin/structures/structure/": 10,
    "/admin/structures/structure/?subtree={rhone}": 10,
    "/admin/structures/structure/?q=ecole": 10,
}


@pytest.mark.parametrize("rows", [0, 30])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["global_admin", "lyon_admin"])
def test_back_office_lists_use_a_constant_number_of_queries(
    client, world, rows, page, who, django_assert_max_num_queries
):
    populate(world, rows)
    SiteSettings.load()  # cached, as on a running site
    client.force_login(getattr(world, who))
    with django_assert_max_num_queries(PAGES[page]):
        response = client.get(page.format(rhone=world.tree.rhone.pk))
    assert response.status_code == 200
    if "cl" in response.context:
        changelist = response.context["cl"]
        assert len(changelist.result_list) == min(changelist.result_count, changelist.list_per_page)
        assert changelist.result_count > 0 or rows == 0


@pytest.mark.parametrize("rows", [0, 30])
def test_badges_are_cached_between_pages(client, world, rows, django_assert_max_num_queries):
    populate(world, rows)
    SiteSettings.load()
    client.force_login(world.global_admin)
    client.get("/admin/")
    with django_assert_max_num_queries(4):  # session, user, admin log, notification bell
        assert client.get("/admin/").status_code == 200
