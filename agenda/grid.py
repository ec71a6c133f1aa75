"""The shapes of the calendar pages: the weeks of a month, the days of a week, and the windows they cover (in the
reader's time zone, the portal's by default)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def parse_day(value, default=None):
    try:
        return date.fromisoformat(value) if value else (default or timezone.localdate())
    except ValueError:
        return default or timezone.localdate()


def parse_month(value):
    """The first day of the month "YYYY-MM" (this month when missing or invalid)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def window(first_day, last_day):
    """[first_day 00:00, last_day + 1 00:00) in the current time zone, as aware datetimes."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first_day, time.min, tzinfo=tz),
        datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=tz),
    )


def month_bounds(first):
    """The Monday before (or on) the 1st and the Sunday after (or on) the last day of the month."""
    next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    last = next_month - timedelta(days=1)
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday()), next_month


def _local_days(occurrence):
    """The days (in the current zone) an occurrence covers; all-day events keep their own dates."""
    if occurrence.all_day:
        first, last = occurrence.first_day, occurrence.last_day
    else:
        tz = timezone.get_current_timezone()
        start, end = occurrence.start.astimezone(tz), occurrence.end.astimezone(tz)
        first = start.date()
        last = (end - timedelta(microseconds=1)).date() if end > start else first
    return first, last


def by_day(occurrences, first_day, last_day):
    """{day: [occurrences]} for the days of [first_day, last_day]."""
    days = {first_day + timedelta(days=offset): [] for offset in range((last_day - first_day).days + 1)}
    for occurrence in occurrences:
        first, last = _local_days(occurrence)
        day = max(first, first_day)
        while day <= min(last, last_day):
            days[day].append(occurrence)
            day += timedelta(days=1)
    return days


def weeks(first_day, last_day, occurrences, *, weekends=True, month=None, per_day=None):
    """Rows of 7 (or 5) day cells: ``{"day", "in_month", "today", "items", "more"}``; with ``per_day``, a cell
    shows that many occurrences and counts the others (``more``: the day's list view shows them all)."""
    days = by_day(occurrences, first_day, last_day)
    today = timezone.localdate()
    rows, row = [], []
    for day, items in days.items():
        if weekends or day.weekday() < 5:
            shown = items if per_day is None else items[:per_day]
            row.append(
                {
                    "day": day,
                    "in_month": month is None or day.month == month,
                    "today": day == today,
                    "items": shown,
                    "more": len(items) - len(shown),
                }
            )
        if day.weekday() == 6:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows
