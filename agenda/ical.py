"""iCalendar (RFC 5545) output: invitations (iMIP, RFC 6047 / iTIP RFC 5546), exports and feeds.

Every calendar the portal writes carries the VTIMEZONE of the zones it uses, so any client reads the local times.
Invitations travel through Celery as plain values: ``snapshot(event)`` freezes an event (and its overrides) as JSON
when the change is made, ``from_snapshot`` rebuilds unsaved events from it in the task (a deleted event can still be
cancelled).
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from .recurrence import parse_exdate

PRODID = "-//apps.education.fr//Portail agenda//FR"
_SNAPSHOT_FIELDS = (
    "uid",
    "sequence",
    "title",
    "location",
    "description",
    "video_url",
    "timezone",
    "all_day",
    "rrule",
    "exdates",
    "reminders",
)


def _calendar(method=None):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _moment(event, value):
    """A DTSTART/DTEND/EXDATE/RECURRENCE-ID value: a date for all-day events, else the local time with its TZID."""
    local = value.astimezone(ZoneInfo(event.timezone))
    return local.date() if event.all_day else local


def _vevent(event, *, organiser=None, attendees=(), recurrence_id=None, cancelled=False, category="", url=""):
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    vevent.add("dtstart", _moment(event, event.start))
    vevent.add("dtend", _moment(event, event.end))
    if recurrence_id is not None:
        vevent.add("recurrence-id", _moment(event, recurrence_id))
    elif event.rrule:
        vevent.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        if event.exdates:
            vevent.add("exdate", [_moment(event, parse_exdate(key)) for key in event.exdates])
    if event.location:
        vevent.add("location", event.location)
    description = event.description
    if event.video_url:
        description = f"{description}\n\n{event.video_url}".strip()
        vevent.add("conference", event.video_url, parameters={"VALUE": "URI"})
    if description:
        vevent.add("description", description)
    if category:
        vevent.add("categories", [category])
    if url:
        vevent.add("url", url)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if organiser:
        vevent.add("organizer", f"mailto:{organiser[0]}", parameters={"CN": organiser[1]} if organiser[1] else {})
    for email, name, status in attendees:
        parameters = {"PARTSTAT": status.upper(), "ROLE": "REQ-PARTICIPANT", "RSVP": "TRUE"}
        if name:
            parameters["CN"] = name
        vevent.add("attendee", f"mailto:{email}", parameters=parameters)
    for minutes in event.reminders or ():
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.title)
        alarm.add("trigger", timedelta(minutes=-int(minutes)))
        vevent.add_component(alarm)
    return vevent


def build(events, *, method=None, organisers=None, attendees=None, cancelled=False, urls=None, name=None):
    """The ICS text of ``events``: a list of ``(event, overrides)``. ``organisers`` and ``attendees`` map an event
    uid to ``(email, name)`` and ``[(email, name, status)]``; ``urls`` an event uid to its page."""
    calendar = _calendar(method)
    if name:
        calendar.add("x-wr-calname", name)
    organisers, attendees, urls = organisers or {}, attendees or {}, urls or {}
    for event, overrides in events:
        common = {
            "organiser": organisers.get(event.uid),
            "attendees": attendees.get(event.uid, ()),
            "cancelled": cancelled,
            "url": urls.get(event.uid, ""),
            "category": getattr(event, "category_name", "") or "",
        }
        calendar.add_component(_vevent(event, **common))
        for override in overrides:
            override.uid = event.uid
            calendar.add_component(_vevent(override, recurrence_id=override.recurrence_id, **common))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def snapshot(event, overrides=()):
    """The plain values an invitation is built from (JSON)."""

    def freeze(item):
        values = {name: getattr(item, name) for name in _SNAPSHOT_FIELDS}
        values["start"] = item.start.astimezone(UTC).isoformat()
        values["end"] = item.end.astimezone(UTC).isoformat()
        values["recurrence_id"] = item.recurrence_id.astimezone(UTC).isoformat() if item.recurrence_id else None
        values["category_name"] = item.category.name if item.category_id else ""
        values["id"] = item.pk
        return values

    data = freeze(event)
    data["overrides"] = [freeze(override) for override in overrides]
    return data


def from_snapshot(data):
    """Unsaved events ``(master, [overrides])`` rebuilt from ``snapshot``."""
    from .models import Event

    def thaw(values):
        event = Event(**{name: values[name] for name in _SNAPSHOT_FIELDS})
        event.pk = values.get("id")
        event.start = datetime.fromisoformat(values["start"])
        event.end = datetime.fromisoformat(values["end"])
        event.recurrence_id = datetime.fromisoformat(values["recurrence_id"]) if values.get("recurrence_id") else None
        event.category_name = values.get("category_name", "")
        return event

    return thaw(data), [thaw(values) for values in data.get("overrides", ())]


def event_url(event_id):
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}/agenda/events/{event_id}/"
