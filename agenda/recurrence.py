"""Recurrence rules (RFC 5545 RRULE, EXDATE, RECURRENCE-ID) and their expansion over a window.

Occurrences are never stored: ``expand(events, start, end)`` computes those of a window from the masters and their
overrides. Rules run in the event's own time zone (dateutil on aware datetimes in a ``zoneinfo`` zone keeps the wall
time, so a weekly 09:00 event stays at 09:00 across daylight-saving changes; an all-day event stays at midnight).
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil import rrule as dateutil_rrule
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The frequencies people may choose (no SECONDLY/MINUTELY/HOURLY: a window would hold too many of them).
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ALLOWED_PARTS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"}
MAX_COUNT = 1000
#: At most this many occurrences of one event in one window (a daily rule over a year gives 366).
MAX_OCCURRENCES_PER_WINDOW = 1000
#: Path of the event pages (``agenda:event`` without its id; a reverse() per occurrence costs more than the rest).
_EVENT_PATH = "/agenda/events/"
_PART = re.compile(r"^[A-Z]+=[A-Z0-9,+\-]+$")


def zone(name):
    """The ``ZoneInfo`` named ``name``; ValidationError on an unknown one."""
    if not name or name not in _zone_names():
        raise ValidationError({"timezone": _("Fuseau horaire inconnu : %(name)s.") % {"name": name}})
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"timezone": _("Fuseau horaire inconnu : %(name)s.") % {"name": name}}) from error


_ZONES = None


def _zone_names():
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones()) | {"UTC"}
    return _ZONES


def parse_rule(value):
    """``{"FREQ": "WEEKLY", ...}`` for an RRULE value; ValidationError naming ``rrule`` when it is not acceptable."""
    value = (value or "").strip()
    if value.upper().startswith("RRULE:"):
        value = value[6:]
    parts = {}
    for chunk in filter(None, value.upper().split(";")):
        if not _PART.match(chunk):
            raise ValidationError({"rrule": _("Règle de récurrence invalide : « %(part)s ».") % {"part": chunk}})
        name, _sep, part_value = chunk.partition("=")
        if name not in ALLOWED_PARTS or name in parts:
            raise ValidationError({"rrule": _("Règle de récurrence invalide : « %(part)s ».") % {"part": chunk}})
        parts[name] = part_value
    if parts.get("FREQ") not in FREQUENCIES:
        raise ValidationError({"rrule": _("La fréquence doit être quotidienne, hebdomadaire, mensuelle ou annuelle.")})
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError(
            {"rrule": _("Une règle finit par un nombre d'occurrences ou par une date, pas les deux.")}
        )
    if "COUNT" in parts and not 1 <= int(parts["COUNT"]) <= MAX_COUNT:
        raise ValidationError({"rrule": _("Le nombre d'occurrences va de 1 à %(max)s.") % {"max": MAX_COUNT}})
    if "INTERVAL" in parts and not 1 <= int(parts["INTERVAL"]) <= 366:
        raise ValidationError({"rrule": _("L'intervalle va de 1 à 366.")})
    return parts


def normalise_rule(value, tz, all_day=False):
    """The canonical RRULE text of ``value`` (UNTIL in UTC as RFC 5545 requires with a TZID start), checked by
    dateutil; "" for an empty value."""
    if not (value or "").strip():
        return ""
    parts = parse_rule(value)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until_utc(parts["UNTIL"], tz, all_day).strftime("%Y%m%dT%H%M%SZ")
    text = format_rule(parts)
    try:
        dateutil_rrule.rrulestr(text, dtstart=datetime(2000, 1, 1, tzinfo=UTC))
    except (ValueError, TypeError) as error:
        raise ValidationError({"rrule": _("Règle de récurrence invalide.")}) from error
    return text


def format_rule(parts):
    """The RRULE text of parsed ``parts``: FREQ first, then the other parts in alphabetical order."""
    return ";".join(f"{name}={parts[name]}" for name in ["FREQ", *sorted(set(parts) - {"FREQ"})])


def _until_utc(value, tz, all_day):
    """UNTIL as an aware UTC datetime; a date (or a local time) is read in the event's zone, to the day's end."""
    try:
        if value.endswith("Z"):
            return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if "T" in value:
            return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=tz).astimezone(UTC)
        day = datetime.strptime(value, "%Y%m%d")
    except ValueError as error:
        raise ValidationError({"rrule": _("Date de fin de récurrence invalide.")}) from error
    return (day.replace(hour=23, minute=59, second=59)).replace(tzinfo=tz).astimezone(UTC)


def rule_for(event):
    """The dateutil rule of a recurring event, anchored at its start in its own zone."""
    tz = ZoneInfo(event.timezone)
    return dateutil_rrule.rrulestr(event.rrule, dtstart=event.start.astimezone(tz), cache=False)


def series_end(event):
    """End of the last occurrence of ``event`` (None: a rule without end)."""
    if not event.rrule:
        return event.end
    parts = parse_rule(event.rrule)
    if "COUNT" not in parts and "UNTIL" not in parts:
        return None
    last = None
    for last in rule_for(event):  # noqa: B007 - bounded by COUNT <= MAX_COUNT or UNTIL
        pass
    return (last or event.start) + event.duration


def exdate_key(moment):
    """The key of an occurrence in ``exdates`` and overrides: its original start in UTC, ISO 8601."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_exdate(key):
    return datetime.strptime(key, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@dataclass
class Occurrence:
    """One occurrence as shown: the event it comes from (the master, or an override), its start and end, and the
    id of the series it belongs to (``recurrence_id`` None for a one-off event)."""

    event: object
    start: datetime
    end: datetime
    recurrence_id: datetime | None = None

    @property
    def series_id(self):
        return self.event.parent_id or self.event.pk

    @property
    def all_day(self):
        return self.event.all_day

    def local_start(self):
        return self.start.astimezone(ZoneInfo(self.event.timezone))

    def local_end(self):
        return self.end.astimezone(ZoneInfo(self.event.timezone))

    @property
    def first_day(self) -> date:
        return self.local_start().date()

    @property
    def last_day(self) -> date:
        """The last day the occurrence covers (an all-day end is exclusive)."""
        end = self.local_end()
        if self.all_day or (end.time() == datetime.min.time() and end > self.local_start()):
            return (end - timedelta(days=1)).date()
        return end.date()

    @property
    def key(self):
        return exdate_key(self.recurrence_id) if self.recurrence_id else ""

    @property
    def url(self):
        """The event page, on this occurrence."""
        key = self.key
        return f"{_EVENT_PATH}{self.series_id}/" + (f"?occurrence={key.replace(':', '%3A')}" if key else "")


def occurrences_of(event, window_start, window_end, overrides=()):
    """The occurrences of one event (master or one-off) overlapping [window_start, window_end), overrides applied.

    ``overrides`` are the override rows of this master (any window: an occurrence moved into the window from
    outside is shown, one moved out is not)."""
    if not event.rrule:
        if event.start < window_end and event.end > window_start:
            return [Occurrence(event, event.start, event.end)]
        return []
    duration = event.duration
    replaced = {exdate_key(override.recurrence_id): override for override in overrides}
    removed = set(event.exdates or ())
    result = []
    for start in rule_for(event).between(window_start - duration, window_end, inc=True):
        start = start.astimezone(UTC)
        end = start + duration
        key = exdate_key(start)
        if key in removed or key in replaced or not (start < window_end and end > window_start):
            continue
        result.append(Occurrence(event, start, end, start))
        if len(result) >= MAX_OCCURRENCES_PER_WINDOW:
            break
    for override in overrides:
        visible = exdate_key(override.recurrence_id) not in removed
        if visible and override.start < window_end and override.end > window_start:
            result.append(Occurrence(override, override.start, override.end, override.recurrence_id))
    return result


def expand(events, window_start, window_end, overrides=()):
    """Every occurrence of ``events`` (masters and one-off events) in the window, sorted by start; ``overrides``
    are the override rows of those masters."""
    by_parent = {}
    for override in overrides:
        by_parent.setdefault(override.parent_id, []).append(override)
    result = []
    for event in events:
        result.extend(occurrences_of(event, window_start, window_end, by_parent.get(event.pk, ())))
    result.sort(key=lambda occurrence: (occurrence.start, occurrence.end, occurrence.series_id))
    return result


def is_occurrence(event, moment):
    """Whether ``moment`` is the start of an occurrence of the recurring ``event`` (EXDATEs excluded)."""
    if not event.rrule:
        return moment == event.start
    local = moment.astimezone(ZoneInfo(event.timezone))
    found = rule_for(event).between(local - timedelta(seconds=1), local + timedelta(seconds=1), inc=True)
    return any(exdate_key(item) == exdate_key(moment) for item in found) and exdate_key(moment) not in set(
        event.exdates or ()
    )
