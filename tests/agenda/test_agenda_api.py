"""The agenda JSON API: window of occurrences, detail, create, update with scope, delete, answer, my feed URL."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agenda.models import Event
from agenda.services import create_event
from agenda.services.feeds import feed_token

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
LIST = "/api/v1/events/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def series(people, group):
    return create_event(
        organiser=people.organiser,
        title="Conseil pédagogique",
        start=datetime(2026, 3, 3, 17, 0, tzinfo=PARIS),
        end=datetime(2026, 3, 3, 18, 0, tzinfo=PARIS),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        group_ids=[group.pk],
        notify=False,
    )


def test_list_gives_the_occurrences_of_the_window(api, people, series):
    api.force_authenticate(people.member)
    response = api.get(LIST, {"start": "2026-03-01", "end": "2026-04-01"})
    assert response.status_code == 200
    body = response.json()
    assert [item["start"] for item in body] == [
        "2026-03-03T17:00:00+01:00",
        "2026-03-17T17:00:00+01:00",
        "2026-03-31T17:00:00+02:00",
    ]
    assert body[1] == {
        "id": series.pk,
        "occurrence": "2026-03-17T16:00:00Z",
        "title": "Conseil pédagogique",
        "start": "2026-03-17T17:00:00+01:00",
        "end": "2026-03-17T18:00:00+01:00",
        "all_day": False,
        "timezone": "Europe/Paris",
        "location": "",
        "category": None,
        "recurring": True,
        "url": f"http://testserver/agenda/events/{series.pk}/?occurrence=2026-03-17T16%3A00%3A00Z",
        "ics_url": f"http://testserver/agenda/events/{series.pk}/ics/",
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "start"),
        ({"start": "2026-03-01"}, "end"),
        ({"start": "2026-03-01", "end": "2026-02-01"}, "end"),
        ({"start": "2026-01-01", "end": "2027-03-01"}, "end"),
        ({"start": "hier", "end": "2026-03-01"}, "start"),
        ({"start": "2026-03-01", "end": "2026-04-01", "group": "x"}, "group"),
    ],
)
def test_a_bad_window_is_a_400_naming_the_field(api, people, params, field):
    api.force_authenticate(people.member)
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("size", [1, 10])
def test_the_list_costs_the_same_queries(api, people, group, size, django_assert_max_num_queries):
    for index in range(size):
        create_event(
            organiser=people.organiser,
            title=f"Événement {index}",
            start=datetime(2026, 3, 2, 8 + index % 10, 0),
            end=datetime(2026, 3, 2, 9 + index % 10, 0),
            rrule="FREQ=DAILY" if index % 4 == 0 else "",
            group_ids=[group.pk],
            notify=False,
        )
    api.force_authenticate(people.member)
    with django_assert_max_num_queries(3):
        response = api.get(LIST, {"start": "2026-03-01", "end": "2026-04-01"})
    assert len(response.json()) >= size


def test_detail_and_visibility(api, people, series):
    api.force_authenticate(people.member)
    body = api.get(f"{LIST}{series.pk}/").json()
    assert body["uid"] == series.uid and body["rrule"] == "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2"
    assert body["abilities"]["answer"] and not body["abilities"]["update"]
    assert {row["name"] for row in body["participants"]} == {"Odile Orga", "Marc Membre", "Alain Admin"}
    api.force_authenticate(people.outsider)
    assert api.get(f"{LIST}{series.pk}/").status_code == 404
    assert api.get(f"{LIST}999999/").status_code == 404


def test_anonymous_gets_401(api):
    assert api.get(LIST, {"start": "2026-03-01", "end": "2026-04-01"}).status_code in (401, 403)


def test_create_and_the_400_naming_the_field(api, people, group):
    api.force_authenticate(people.organiser)
    response = api.post(
        LIST,
        {
            "title": "Formation",
            "start": "2026-05-12T09:00:00",
            "end": "2026-05-12T12:00:00",
            "group_ids": [group.pk],
            "guest_emails": ["invite@example.org"],
            "rrule": "FREQ=MONTHLY;BYDAY=2TU;COUNT=3",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["start"] == "2026-05-12T09:00:00+02:00"
    assert Event.objects.get(title="Formation").participants.count() == 4
    bad = api.post(
        LIST,
        {"title": "x", "start": "2026-05-12T09:00", "end": "2026-05-12T10:00", "rrule": "FREQ=NEVER"},
        format="json",
    )
    assert bad.status_code == 400 and "rrule" in bad.json()
    missing = api.post(LIST, {"title": "x"}, format="json")
    assert missing.status_code == 400 and {"start", "end"} <= set(missing.json())
    zone = api.post(
        LIST,
        {"title": "x", "start": "2026-05-12T09:00", "end": "2026-05-12T10:00", "timezone": "Nowhere"},
        format="json",
    )
    assert zone.status_code == 400 and "timezone" in zone.json()
    assert Event.objects.count() == 1


def test_update_one_occurrence_then_all(api, people, series):
    api.force_authenticate(people.organiser)
    url = f"{LIST}{series.pk}/"
    response = api.patch(
        url,
        {"scope": "this", "occurrence": "2026-03-17T16:00:00Z", "start": "2026-03-18T17:00", "end": "2026-03-18T18:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert series.overrides.get().start == datetime(2026, 3, 18, 17, 0, tzinfo=PARIS)
    assert api.patch(url, {"title": "Conseil"}, format="json").json()["title"] == "Conseil"
    bad = api.patch(url, {"scope": "this", "occurrence": "2026-03-18T16:00:00Z", "title": "x"}, format="json")
    assert bad.status_code == 400 and "occurrence" in bad.json()


def test_a_participant_may_not_update_nor_delete(api, people, series):
    api.force_authenticate(people.member)
    assert api.patch(f"{LIST}{series.pk}/", {"title": "Non"}, format="json").status_code == 403
    assert api.delete(f"{LIST}{series.pk}/").status_code == 403


def test_delete_one_occurrence_then_the_event(api, people, series):
    api.force_authenticate(people.organiser)
    url = f"{LIST}{series.pk}/"
    assert api.delete(url + "?scope=this&occurrence=2026-03-17T16:00:00Z").status_code == 204
    series.refresh_from_db()
    assert series.exdates == ["2026-03-17T16:00:00Z"]
    assert api.delete(url).status_code == 204
    assert not Event.objects.exists()


def test_answer(api, people, series):
    api.force_authenticate(people.member)
    url = f"{LIST}{series.pk}/answer/"
    assert api.post(url, {"status": "declined"}, format="json").status_code == 200
    assert series.participants.get(user=people.member).status == "declined"
    assert api.post(url, {"status": "whatever"}, format="json").status_code == 400
    api.force_authenticate(people.outsider)
    assert api.post(url, {"status": "accepted"}, format="json").status_code == 404


def test_my_feed_url_and_its_regeneration(api, client, people):
    api.force_authenticate(people.member)
    first = api.get("/api/v1/me/agenda-feed/").json()["url"]
    assert first == "http://testserver" + reverse("agenda:feed", args=[feed_token(people.member).token])
    second = api.post("/api/v1/me/agenda-feed/").json()["url"]
    assert second != first
    assert client.get(first.replace("http://testserver", "")).status_code == 404
    assert client.get(second.replace("http://testserver", "")).status_code == 200


def test_the_endpoints_are_in_the_openapi_schema(api, people):
    api.force_authenticate(people.member)
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content.decode()
    assert "/api/v1/events/{id}/answer/" in schema and "/api/v1/me/agenda-feed/" in schema


def test_the_list_items_match_the_documented_serializer(api, people, series, rf):
    from agenda import selectors
    from agenda.api.serializers import OccurrenceSerializer

    api.force_authenticate(people.member)
    body = api.get(LIST, {"start": "2026-03-01", "end": "2026-04-01"}).json()
    request = rf.get("/")
    occurrences = selectors.agenda_of(
        people.member, datetime(2026, 3, 1, tzinfo=PARIS), datetime(2026, 4, 1, tzinfo=PARIS)
    )
    assert body == OccurrenceSerializer(occurrences, many=True, context={"request": request}).data
