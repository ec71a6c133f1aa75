"""Back office of the agenda: events scoped to the admin's subtrees, read-only, deleted through the service;
categories for global admins only."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from agenda.factories import CategoryFactory
from agenda.models import Event
from agenda.services import create_event
from portal.users.factories import UserFactory
from tests.agenda.ics_helpers import invitations

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _event(organiser, title, **kwargs):
    return create_event(
        organiser=organiser,
        title=title,
        start=datetime(2026, 3, 3, 17, 0, tzinfo=PARIS),
        end=datetime(2026, 3, 3, 18, 0, tzinfo=PARIS),
        notify=False,
        **kwargs,
    )


def test_a_global_admin_sees_every_event_and_deletes_through_the_service(
    client, people, global_admin, django_capture_on_commit_callbacks
):
    event = _event(people.organiser, "Conseil", participant_user_ids=[people.member.pk])
    client.force_login(global_admin)
    listing = client.get(reverse("admin:agenda_event_changelist"))
    assert [row.title for row in listing.context["cl"].result_list] == ["Conseil"]
    assert client.get(reverse("admin:agenda_event_change", args=[event.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:agenda_event_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.exists()
    assert [(to, method) for to, method, *_ in invitations()] == [("prof.membre@ac-lyon.fr", "CANCEL")]


def test_a_structure_admin_sees_the_events_of_their_subtree_only(client, people, tree, lyon_admin):
    _event(people.organiser, "Lyon")
    _event(UserFactory(structure=tree.champollion), "Grenoble")
    client.force_login(lyon_admin)
    listing = client.get(reverse("admin:agenda_event_changelist"))
    assert [row.title for row in listing.context["cl"].result_list] == ["Lyon"]


def test_a_teacher_does_not_reach_the_back_office(client, people):
    event = _event(people.organiser, "Conseil")
    client.force_login(people.organiser)
    assert client.get(reverse("admin:agenda_event_change", args=[event.pk])).status_code in (302, 403, 404)


def test_categories_are_for_global_admins(client, global_admin, lyon_admin):
    CategoryFactory(name="Formation")
    client.force_login(global_admin)
    assert client.get(reverse("admin:agenda_category_changelist")).status_code == 200
    client.force_login(lyon_admin)
    assert client.get(reverse("admin:agenda_category_changelist")).status_code in (302, 403)
