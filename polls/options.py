"""Building and checking a poll's options from what people type: days × start times, free labels, meeting slots.

Every date is stored as an absolute instant computed in the poll's time zone (a respondent elsewhere sees the
same instant in their zone); the builders refuse malformed values with a ValidationError naming the field.
"""

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LABEL_MAX_LENGTH

MAX_OPTIONS = 500
DURATIONS = (5, 10, 15, 20, 30, 45, 60, 90, 120, 150, 180, 210, 240)


@cache
def _zone_names():
    """The IANA zone names (``available_timezones()`` walks the zone files on every call)."""
    return frozenset(available_timezones())


def zone(name, field="time_zone"):
    if not name or name not in _zone_names():
        raise ValidationError({field: _("Fuseau horaire inconnu.")})
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError as error:  # pragma: no cover - listed zones exist
        raise ValidationError({field: _("Fuseau horaire inconnu.")}) from error


def parse_days(values, field="days"):
    """``["2026-12-10", ...]`` (or date objects) -> sorted distinct dates."""
    days = set()
    for value in values or []:
        if isinstance(value, dt.date):
            days.add(value)
            continue
        try:
            days.add(dt.date.fromisoformat(str(value).strip()))
        except ValueError as error:
            raise ValidationError(
                {field: _("Date invalide : %(value)s (format AAAA-MM-JJ).") % {"value": str(value)[:20]}}
            ) from error
    return sorted(days)


def parse_times(values, field="times"):
    """``["09:00", "14:30"]`` (or time objects) -> sorted distinct times."""
    times = set()
    for value in values or []:
        if isinstance(value, dt.time):
            times.add(value.replace(second=0, microsecond=0))
            continue
        try:
            times.add(dt.time.fromisoformat(str(value).strip()).replace(second=0, microsecond=0))
        except ValueError as error:
            raise ValidationError(
                {field: _("Heure invalide : %(value)s (format HH:MM).") % {"value": str(value)[:20]}}
            ) from error
    return sorted(times)


def split_list(text):
    """A textarea or comma-separated input -> its non-empty items."""
    if isinstance(text, list | tuple):
        return [str(item).strip() for item in text if str(item).strip()]
    return [item.strip() for item in str(text or "").replace(",", "\n").splitlines() if item.strip()]


def check_duration(minutes, field="duration_minutes"):
    if minutes not in DURATIONS:
        raise ValidationError({field: _("Durée invalide : choisissez une des durées proposées.")})
    return minutes


def date_options(days, times, *, duration_minutes, time_zone, all_day=False):
    """Days × start times as ``{"start", "end"}`` (or whole days when ``all_day``)."""
    tz = zone(time_zone)
    days = parse_days(days)
    if all_day:
        options = []
        for day in days:
            start = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
            options.append(
                {"start": start, "end": dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)}
            )
        return options
    times = parse_times(times)
    if days and not times:
        raise ValidationError({"times": _("Indiquez au moins une heure de début (ou cochez « journées entières »).")})
    length = dt.timedelta(minutes=check_duration(duration_minutes))
    return [
        {"start": start, "end": start + length}
        for day in days
        for start in (dt.datetime.combine(day, time, tzinfo=tz) for time in times)
    ]


def text_options(labels):
    options, seen = [], set()
    for label in split_list(labels):
        label = " ".join(label.split())
        if len(label) > LABEL_MAX_LENGTH:
            raise ValidationError(
                {"labels": _("Une option ne doit pas dépasser %(max)s caractères.") % {"max": LABEL_MAX_LENGTH}}
            )
        if label.lower() not in seen:
            seen.add(label.lower())
            options.append({"label": label})
    return options


def meeting_slots(days, *, start_time, end_time, duration_minutes, time_zone):
    """Cut ``start_time``–``end_time`` of each day into consecutive slots of ``duration_minutes``."""
    tz = zone(time_zone)
    days = parse_days(days)
    [start_time] = parse_times([start_time], field="start_time") or [None]
    [end_time] = parse_times([end_time], field="end_time") or [None]
    if start_time >= end_time:
        raise ValidationError({"end_time": _("L'heure de fin doit suivre l'heure de début.")})
    length = dt.timedelta(minutes=check_duration(duration_minutes))
    slots = []
    for day in days:
        start = dt.datetime.combine(day, start_time, tzinfo=tz)
        stop = dt.datetime.combine(day, end_time, tzinfo=tz)
        while start + length <= stop:
            slots.append({"start": start, "end": start + length})
            start += length
    return slots


def clean_options(options, *, existing=0, now=None, field="options"):
    """Check normalised options: at most MAX_OPTIONS in all, dates in the future, end after start, no duplicate."""
    now = now or timezone.now()
    if existing + len(options) > MAX_OPTIONS:
        raise ValidationError({field: _("Un sondage compte au plus %(max)s options.") % {"max": MAX_OPTIONS}})
    seen = set()
    cleaned = []
    for option in options:
        start, end, label = option.get("start"), option.get("end"), option.get("label", "")
        if start is None and not label:
            raise ValidationError({field: _("Une option est vide.")})
        if start is not None:
            if timezone.is_naive(start) or (end is not None and timezone.is_naive(end)):
                raise ValidationError({field: _("Date invalide : indiquez le fuseau horaire.")})
            if start <= now:
                raise ValidationError({field: _("Une option est déjà passée : proposez des dates à venir.")})
            if end is not None and end <= start:
                raise ValidationError({field: _("La fin d'une option doit suivre son début.")})
            key = start
        else:
            key = label.lower()
        if key in seen:
            continue
        seen.add(key)
        cleaned.append({"start": start, "end": end, "label": label})
    return cleaned
