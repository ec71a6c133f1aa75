"""Issue #9 point 22: the académie admin's back-office index (structures, what waits, tools), and no dead links."""

import pytest

from portal.users.factories import UserFactory
from tests.portal.admin_helpers import structure_admin

pytestmark = pytest.mark.django_db


def summary(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('id="portal-summary"')
    return html[start : html.index('id="content-main"', start) if 'id="content-main"' in html[start:] else None]


def test_the_index_names_the_structures_the_person_administers(as_lyon, world):
    html = summary(as_lyon)
    assert "<li><strong>Académie de Lyon</strong></li>" in html
    assert "Grenoble" not in html


def test_the_index_shows_what_waits_with_links(client, world):
    UserFactory.create_batch(2, structure=world.tree.ampere, is_active=False)
    UserFactory(structure=world.tree.champollion, is_active=False)  # another académie: not counted
    client.force_login(world.lyon_admin)
    html = summary(client)
    assert (
        '<li><a href="/admin/users/user/?status=inactive">Comptes en attente de validation '
        '<span class="portal-badge" title="2 en attente">2</span></a></li>'
    ) in html


def test_the_index_says_when_nothing_waits(client, world):
    client.force_login(structure_admin("admin.moulin", world.tree.moulin))
    assert "Rien n'attend votre décision." in summary(client)


def test_the_index_links_the_tools_outside_the_admin(as_lyon, world):
    html = summary(as_lyon)
    assert 'href="/services/stats/">Statistiques de lancement des services</a>' in html
    assert 'href="/personal/default-spaces/">Espaces par défaut des structures</a>' in html
    assert 'href="/admin/notifications/informationmessage/">Messages d&#x27;information</a>' in html


def test_a_global_admin_is_told_they_manage_everything(as_global, world):
    assert "Vous êtes administrateur national" in summary(as_global)


def test_the_structure_page_names_a_parent_the_admin_cannot_open_without_linking_it(client, world):
    client.force_login(world.rhone_admin)
    html = client.get(f"/admin/structures/structure/{world.tree.rhone.pk}/change/").content.decode()
    assert "Académie de Lyon" in html
    assert f"/admin/structures/structure/{world.tree.lyon.pk}/change/" not in html
    assert client.get(f"/admin/structures/structure/{world.tree.lyon.pk}/change/").status_code in (302, 404)
