"""The event page and the answers: participants answer, others get 404; guests answer through their signed link."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from agenda.invitations import guest_token
from agenda.services import create_event

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def event(people, group):
    return create_event(
        organiser=people.organiser,
        title="Conseil pédagogique",
        start=datetime(2026, 3, 10, 17, 0, tzinfo=PARIS),
        end=datetime(2026, 3, 10, 18, 0, tzinfo=PARIS),
        group_ids=[group.pk],
        guest_emails=["parent@example.org"],
        notify=False,
    )


def test_a_participant_sees_the_event_and_answers(client, people, event):
    client.force_login(people.member)
    url = reverse("agenda:event", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Conseil pédagogique" in page.text
    assert client.post(url, {"status": "accepted"}).status_code == 302
    assert event.participants.get(user=people.member).status == "accepted"


def test_an_invalid_answer_changes_nothing(client, people, event):
    client.force_login(people.member)
    client.post(reverse("agenda:event", args=[event.pk]), {"status": "maybe-later"})
    assert event.participants.get(user=people.member).status == "needs-action"


def test_someone_not_invited_gets_404(client, people, event):
    client.force_login(people.outsider)
    url = reverse("agenda:event", args=[event.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "accepted"}).status_code == 404


def test_a_guest_answers_through_the_signed_link(client, event):
    guest = event.participants.get(email="parent@example.org")
    url = reverse("agenda:guest", args=[guest_token(guest.pk)])
    assert "Conseil pédagogique" in client.get(url).text
    assert client.post(url, {"status": "tentative"}).status_code == 302
    guest.refresh_from_db()
    assert guest.status == "tentative"


def test_a_guest_link_with_a_bad_signature_gets_404(client, event):
    guest = event.participants.get(email="parent@example.org")
    token = guest_token(guest.pk)
    assert client.get(reverse("agenda:guest", args=[token[:-2] + "xx"])).status_code == 404
    member = event.participants.get(user__username="prof.membre")
    assert client.get(reverse("agenda:guest", args=[guest_token(member.pk)])).status_code == 404
