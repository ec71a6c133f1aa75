"""ICS output: feeds, exports and their tokens; recurring-ical-events expands them to exactly the occurrences the
portal shows; vobject reads them; daylight-saving changes keep local times; .ics import with its limits."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agenda import selectors
from agenda.models import Event
from agenda.services import create_event, delete_event, update_event
from agenda.services.feeds import feed_token, regenerate_feed_token

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
YEAR = (datetime(2026, 1, 1, tzinfo=PARIS), datetime(2027, 1, 1, tzinfo=PARIS))


@pytest.fixture
def agenda(people, group):
    """A weekly series across both DST changes (with a moved and a removed occurrence), a monthly one by weekday,
    an all-day event across the October change, a daily series with COUNT and a one-off event."""
    weekly = create_event(
        organiser=people.organiser,
        title="Conseil pédagogique",
        start=datetime(2026, 3, 3, 9, 0),
        end=datetime(2026, 3, 3, 10, 0),
        rrule="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261110",
        group_ids=[group.pk],
        notify=False,
    )
    update_event(
        people.organiser,
        weekly,
        scope="this",
        occurrence=datetime(2026, 4, 7, 9, 0, tzinfo=PARIS),
        start=datetime(2026, 4, 8, 14, 0),
        end=datetime(2026, 4, 8, 15, 0),
    )
    delete_event(people.organiser, weekly, scope="this", occurrence=datetime(2026, 5, 5, 9, 0, tzinfo=PARIS))
    create_event(
        organiser=people.organiser,
        title="Réunion mensuelle",
        start=datetime(2026, 1, 13, 17, 30),
        end=datetime(2026, 1, 13, 19, 0),
        rrule="FREQ=MONTHLY;BYDAY=2TU",
        group_ids=[group.pk],
        notify=False,
    )
    create_event(
        organiser=people.organiser,
        title="Journées portes ouvertes",
        all_day=True,
        start=date(2026, 10, 24),
        end=date(2026, 10, 27),
        group_ids=[group.pk],
        notify=False,
    )
    create_event(
        organiser=people.organiser,
        title="Stage",
        start=datetime(2026, 3, 27, 8, 0),
        end=datetime(2026, 3, 27, 12, 0),
        rrule="FREQ=DAILY;COUNT=5",
        group_ids=[group.pk],
        notify=False,
    )
    return weekly


def _feed(client, user):
    token = feed_token(user)
    response = client.get(reverse("agenda:feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


def _portal(user):
    return sorted((o.event.title, o.start, o.end) for o in selectors.agenda_of(user, *YEAR))


def _library(text):
    calendar = icalendar.Calendar.from_ical(text)
    found = []
    for component in recurring_ical_events.of(calendar).between(*YEAR):
        start, end = component.decoded("DTSTART"), component.decoded("DTEND")
        if not isinstance(start, datetime):
            start = datetime.combine(start, datetime.min.time(), tzinfo=PARIS)
            end = datetime.combine(end, datetime.min.time(), tzinfo=PARIS)
        found.append((str(component["SUMMARY"]), start, end))
    return sorted(found)


def test_the_personal_feed_expands_to_the_occurrences_the_portal_shows(client, people, agenda):
    text = _feed(client, people.member)
    portal = _portal(people.member)
    assert len(portal) == 37 - 1 + 12 + 1 + 5  # weekly (37 Tuesdays, one removed), monthly, all-day, daily
    assert _library(text) == portal
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Paris" in text
    parsed = list(vobject.readComponents(text))[0]
    assert {event.summary.value for event in parsed.vevent_list} == {
        "Conseil pédagogique",
        "Réunion mensuelle",
        "Journées portes ouvertes",
        "Stage",
    }


def test_a_weekly_event_stays_at_9_local_time_across_dst(people, agenda):
    weekly = [o for o in selectors.agenda_of(people.member, *YEAR) if o.event.title == "Conseil pédagogique"]
    local = {o.local_start().strftime("%H:%M") for o in weekly if o.recurrence_id != o.event.recurrence_id}
    assert local == {"09:00"}
    utc_hours = {o.start.astimezone(ZoneInfo("UTC")).hour for o in weekly if o.event.parent_id is None}
    assert utc_hours == {7, 8}  # summer and winter time


def test_an_all_day_event_never_shifts_a_day(people, agenda):
    [occurrence] = [o for o in selectors.agenda_of(people.member, *YEAR) if o.all_day]
    assert (occurrence.first_day, occurrence.last_day) == (date(2026, 10, 24), date(2026, 10, 26))
    assert occurrence.end - occurrence.start == timedelta(days=3, hours=1)  # 25 October has 25 hours


def test_the_export_of_one_event_and_its_access(client, people, agenda):
    url = reverse("agenda:export", args=[agenda.pk])
    client.force_login(people.member)
    text = client.get(url).content.decode()
    vevents = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(vevents) == 2  # the master and its moved occurrence
    assert {str(vevent["UID"]) for vevent in vevents} == {agenda.uid}
    assert vobject.readOne(text).vevent.rrule.value == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261110T225959Z"
    client.force_login(people.outsider)
    assert client.get(url).status_code == 404


def test_a_regenerated_token_revokes_the_old_url(client, people, agenda):
    old = feed_token(people.member).token
    regenerate_feed_token(people.member)
    assert client.get(reverse("agenda:feed", args=[old])).status_code == 404
    assert client.get(reverse("agenda:feed", args=["nope"])).status_code == 404


def test_the_group_feed_is_for_members_only(client, people, group, agenda):
    token = feed_token(people.member, group).token
    url = reverse("agenda:feed", args=[token])
    assert "Réunion mensuelle" in client.get(url).content.decode()
    group.memberships.filter(user=people.member).delete()
    assert client.get(url).status_code == 404
    client.force_login(people.outsider)
    assert client.get(reverse("agenda:group_feed", args=[group.slug])).status_code == 404


def test_the_subscription_page_gives_and_regenerates_the_url(client, people):
    client.force_login(people.member)
    page = client.get(reverse("agenda:subscriptions"))
    old = feed_token(people.member).token
    assert old in page.text
    client.post(reverse("agenda:subscriptions"), {"action": "regenerate"})
    assert feed_token(people.member).token != old


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//FR
BEGIN:VEVENT
UID:a@example.org
DTSTART;TZID=Europe/Paris:20260310T090000
DTEND;TZID=Europe/Paris:20260310T100000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Cours importé
END:VEVENT
BEGIN:VEVENT
UID:b@example.org
DTSTART;VALUE=DATE:20260320
SUMMARY:Journée importée
END:VEVENT
BEGIN:VEVENT
UID:a@example.org
RECURRENCE-ID;TZID=Europe/Paris:20260317T090000
DTSTART;TZID=Europe/Paris:20260317T110000
DTEND;TZID=Europe/Paris:20260317T120000
SUMMARY:Cours déplacé
END:VEVENT
BEGIN:VEVENT
UID:c@example.org
DTSTART:20260310T090000Z
DTEND:20260310T080000Z
SUMMARY:À l'envers
END:VEVENT
END:VCALENDAR
"""


def _upload(text, name="agenda.ics"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/calendar")


def test_import_creates_events_and_reports_the_skipped_ones(client, people):
    client.force_login(people.member)
    page = client.post(reverse("agenda:subscriptions"), {"file": _upload(ICS)})
    assert "2 événements importés" in page.text
    assert "Cours déplacé : occurrence modifiée" in page.text
    assert "À l&#x27;envers : La fin doit être après le début." in page.text
    imported = {event.title: event for event in Event.objects.filter(organiser=people.member)}
    assert imported["Cours importé"].rrule == "FREQ=WEEKLY;COUNT=3"
    assert imported["Cours importé"].start == datetime(2026, 3, 10, 9, 0, tzinfo=PARIS)
    assert imported["Journée importée"].all_day
    assert (imported["Journée importée"].first_day, imported["Journée importée"].last_day) == (
        date(2026, 3, 20),
        date(2026, 3, 20),
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ceci n'est pas un calendrier", "pas un calendrier iCalendar lisible"),
        ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2026", "pas un calendrier iCalendar lisible"),
    ],
)
def test_a_malformed_file_is_refused(client, people, content, message):
    client.force_login(people.member)
    page = client.post(reverse("agenda:subscriptions"), {"file": _upload(content)})
    assert message in page.text
    assert not Event.objects.exists()


def test_a_huge_file_or_too_many_events_is_refused(client, people, settings):
    client.force_login(people.member)
    settings.AGENDA_IMPORT_MAX_EVENTS = 1
    assert (
        "Au plus 1 événements par fichier." in client.post(reverse("agenda:subscriptions"), {"file": _upload(ICS)}).text
    )
    settings.AGENDA_IMPORT_MAX_BYTES = 100
    assert "Le fichier est trop gros." in client.post(reverse("agenda:subscriptions"), {"file": _upload(ICS)}).text
    assert not Event.objects.exists()


def test_text_is_escaped_and_long_lines_are_folded(client, people, group):
    event = create_event(
        organiser=people.organiser,
        title="Réunion; budget, bilan\\suite",
        location="Salle « Condorcet », bâtiment B",
        description="Ligne 1\nLigne 2 " + "é" * 80,
        start=datetime(2026, 3, 3, 9, 0),
        end=datetime(2026, 3, 3, 10, 0),
        notify=False,
    )
    client.force_login(people.organiser)
    content = client.get(reverse("agenda:export", args=[event.pk])).content
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    vevent = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Réunion; budget, bilan\\suite"
    assert str(vevent["LOCATION"]) == "Salle « Condorcet », bâtiment B"
    assert str(vevent["DESCRIPTION"]) == "Ligne 1\nLigne 2 " + "é" * 80
    assert vobject.readOne(content.decode()).vevent.summary.value == "Réunion; budget, bilan\\suite"
