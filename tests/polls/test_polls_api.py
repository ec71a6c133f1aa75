"""The polls JSON API: CRUD for the owner, answers bound to the account, public answering through tokens, results
that respect "hide participants", bookings with a clean 409, and 400s naming the field."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from groups.factories import GroupFactory
from polls.factories import AnswerFactory, PollOptionFactory
from polls.models import Answer, Booking, Poll

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _day(days):
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_anonymous_gets_401():
    assert api().get("/api/v1/polls/").status_code in (401, 403)


def test_create_open_answer_close(people, council):
    owner = api(people.owner)
    response = owner.post(
        "/api/v1/polls/",
        {
            "title": "Conseil",
            "kind": "date",
            "days": [_day(3), _day(4)],
            "times": ["09:00", "14:00"],
            "groups": [council.pk],
            "is_public": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["owner"] == {"id": people.owner.pk, "name": "Odile Owner"}
    assert body["groups"] == [{"id": council.pk, "name": "Conseil"}]
    assert len(body["options"]) == 4 and body["state"] == "draft" and body["public_url"]
    poll_id = body["id"]
    assert owner.post(f"/api/v1/polls/{poll_id}/open/").json()["state"] == "open"
    option = body["options"][0]["id"]
    member = api(people.member)
    answer = member.put(f"/api/v1/polls/{poll_id}/answer/", {"votes": {str(option): "yes"}}, format="json")
    assert answer.status_code == 201 and answer.json()["votes"] == {str(option): "yes"}
    assert member.get(f"/api/v1/polls/{poll_id}/answer/").json()["name"] == "Marc Membre"
    closed = owner.post(f"/api/v1/polls/{poll_id}/close/", {"option": option}, format="json")
    assert closed.status_code == 200 and closed.json()["chosen_option"] == option


def test_changing_the_owner_is_a_400(people, date_poll):
    response = api(people.owner).patch(f"/api/v1/polls/{date_poll.pk}/", {"owner": people.member.pk}, format="json")
    assert response.status_code == 400 and "owner" in response.json()


def test_targeting_a_foreign_group_is_a_400(people):
    other = GroupFactory(name="Autre", slug="autre", type="closed")
    response = api(people.owner).post("/api/v1/polls/", {"title": "X", "groups": [other.pk]}, format="json")
    assert response.status_code == 400 and "groups" in response.json()


def test_malformed_dates_are_a_400(people):
    response = api(people.owner).post(
        "/api/v1/polls/", {"title": "X", "days": ["2026-02-31"], "times": ["9h"]}, format="json"
    )
    assert response.status_code == 400 and "days" in response.json()


def test_closing_on_a_foreign_option_is_a_400(people, date_poll):
    response = api(people.owner).post(
        f"/api/v1/polls/{date_poll.pk}/close/", {"option": PollOptionFactory().pk}, format="json"
    )
    assert response.status_code == 400 and "option" in response.json()


def test_outsider_gets_404_member_gets_403(people, date_poll):
    assert api(people.outsider).get(f"/api/v1/polls/{date_poll.pk}/").status_code == 404
    assert api(people.outsider).get(f"/api/v1/polls/{date_poll.pk}/results/").status_code == 404
    assert api(people.member).post(f"/api/v1/polls/{date_poll.pk}/close/").status_code == 403
    assert api(people.member).delete(f"/api/v1/polls/{date_poll.pk}/").status_code == 403


def test_member_identity_is_never_taken_from_the_body(people, date_poll):
    api(people.member).put(
        f"/api/v1/polls/{date_poll.pk}/answer/",
        {"votes": {}, "name": "X", "email": "victim@example.org"},
        format="json",
    )
    answer = Answer.objects.get()
    assert answer.user == people.member and answer.email == people.member.email


def test_results_hide_participants_and_emails(people, date_poll):
    AnswerFactory(poll=date_poll, name="Anne", email="anne@example.org")
    member_view = api(people.member).get(f"/api/v1/polls/{date_poll.pk}/results/").json()
    assert member_view["participants"] == [{"name": "Anne", "votes": {}}]
    owner_view = api(people.owner).get(f"/api/v1/polls/{date_poll.pk}/results/").json()
    assert owner_view["participants"][0]["email"] == "anne@example.org"
    Poll.objects.filter(pk=date_poll.pk).update(hide_participants=True)
    hidden = api(people.member).get(f"/api/v1/polls/{date_poll.pk}/results/").json()
    assert hidden["participants"] is None and hidden["answer_count"] == 1


def test_public_answering_with_edit_token(date_poll):
    client = api()
    base = f"/api/v1/polls/public/{date_poll.public_token}/"
    poll = client.get(base).json()
    assert poll["title"] == "Conseil de classe" and "email" not in str(poll["results"])
    option = poll["options"][0]["id"]
    created = client.post(
        base + "answers/", {"name": "Paul", "email": "paul@example.org", "votes": {str(option): "maybe"}}, format="json"
    )
    assert created.status_code == 201
    token = created.json()["edit_token"]
    assert client.get(base + f"answers/{token}/").json()["votes"] == {str(option): "maybe"}
    assert client.put(base + f"answers/{token}/", {"votes": {}}, format="json").json()["votes"] == {}
    assert client.get(base + "answers/wrong-token/").status_code == 404
    assert client.delete(base + f"answers/{token}/").status_code == 204
    assert not Answer.objects.exists()


def test_public_api_of_a_non_public_poll_is_404(date_poll):
    Poll.objects.filter(pk=date_poll.pk).update(is_public=False)
    assert api().get(f"/api/v1/polls/public/{date_poll.public_token}/").status_code == 404


def test_another_polls_answer_token_is_404(date_poll, people):
    other = AnswerFactory()
    assert api().get(f"/api/v1/polls/public/{date_poll.public_token}/answers/{other.edit_token}/").status_code == 404


@override_settings(POLLS_PUBLIC_RATE_LIMIT="1/h")
def test_public_api_is_rate_limited(date_poll):
    base = f"/api/v1/polls/public/{date_poll.public_token}/answers/"
    data = {"name": "Spam", "email": "spam@example.org", "votes": {}}
    assert api().post(base, data, format="json").status_code == 201
    assert api().post(base, data, format="json").status_code == 429


def test_bookings_conflict_is_a_409(people, meeting_poll):
    slot = meeting_poll.options.first()
    assert (
        api(people.member)
        .post(f"/api/v1/polls/{meeting_poll.pk}/bookings/", {"slot": slot.pk}, format="json")
        .status_code
        == 201
    )
    taken = api(people.member2).post(f"/api/v1/polls/{meeting_poll.pk}/bookings/", {"slot": slot.pk}, format="json")
    assert taken.status_code == 409 and Booking.objects.count() == 1
    public = api().post(
        f"/api/v1/polls/public/{meeting_poll.public_token}/book/",
        {"slot": slot.pk, "name": "P", "email": "p@example.org"},
        format="json",
    )
    assert public.status_code == 409


def test_booking_a_slot_not_in_the_poll_is_a_400(people, meeting_poll):
    response = api(people.member).post(
        f"/api/v1/polls/{meeting_poll.pk}/bookings/", {"slot": PollOptionFactory().pk}, format="json"
    )
    assert response.status_code == 400 and "slot" in response.json()


def test_owner_lists_and_confirms_bookings_member_sees_only_theirs(people, meeting_poll):
    first, second = list(meeting_poll.options.all())[:2]
    api(people.member).post(f"/api/v1/polls/{meeting_poll.pk}/bookings/", {"slot": first.pk}, format="json")
    api(people.member2).post(f"/api/v1/polls/{meeting_poll.pk}/bookings/", {"slot": second.pk}, format="json")
    assert len(api(people.owner).get(f"/api/v1/polls/{meeting_poll.pk}/bookings/").json()) == 2
    mine = api(people.member).get(f"/api/v1/polls/{meeting_poll.pk}/bookings/").json()
    assert [booking["slot"]["id"] for booking in mine] == [first.pk]
    booking = Booking.objects.get(slot=second)
    url = f"/api/v1/polls/{meeting_poll.pk}/bookings/{booking.pk}/confirm/"
    assert api(people.member).post(url).status_code == 403
    assert api(people.owner).post(url).json()["confirmed"] is True


def test_list_is_paginated_with_constant_queries(people, council, date_poll, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = api(people.member).get("/api/v1/polls/")
    assert [poll["id"] for poll in response.json()["results"]] == [date_poll.pk]


def test_schema_lists_the_polls_api(people):
    response = api(people.owner).get("/api/v1/schema/")
    assert response.status_code == 200 and b"/api/v1/polls/public/{token}/answers/" in response.content
