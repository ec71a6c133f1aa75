"""Import of an .ics file into a person's agenda: each VEVENT becomes an event they organise (nobody is invited).

Limits: ``AGENDA_IMPORT_MAX_BYTES`` and ``AGENDA_IMPORT_MAX_EVENTS``. A file that is not iCalendar, too big or with
too many components is refused as a whole; components that cannot be imported (no start, an unsupported rule, a
modified occurrence...) are skipped and reported with the reason. All or nothing: the import runs in one
transaction.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import recurrence
from .events import create_event


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    #: ``[(summary or uid, reason)]``
    skipped: list = field(default_factory=list)


def _read(upload):
    size = getattr(upload, "size", None)
    if size is not None and size > settings.AGENDA_IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("Le fichier est trop gros.")})
    content = upload.read(settings.AGENDA_IMPORT_MAX_BYTES + 1)
    if len(content) > settings.AGENDA_IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("Le fichier est trop gros.")})
    try:
        calendar = icalendar.Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise ValidationError({"file": _("Ce fichier n'est pas un calendrier iCalendar lisible.")}) from error
    if calendar.name != "VCALENDAR":
        raise ValidationError({"file": _("Ce fichier n'est pas un calendrier iCalendar lisible.")})
    events = calendar.walk("VEVENT")
    if len(events) > settings.AGENDA_IMPORT_MAX_EVENTS:
        raise ValidationError(
            {"file": _("Au plus %(max)s événements par fichier.") % {"max": settings.AGENDA_IMPORT_MAX_EVENTS}}
        )
    return events


def _zone_of(value):
    tzinfo = getattr(value, "tzinfo", None)
    key = getattr(tzinfo, "key", None) or getattr(tzinfo, "zone", None)
    if key:
        try:
            recurrence.zone(key)
            return key
        except ValidationError:
            pass
    return "UTC" if tzinfo is not None else settings.TIME_ZONE


def _values(component):
    if component.get("RECURRENCE-ID") is not None:
        raise ValueError(_("occurrence modifiée d'une série (non prise en charge)"))
    if component.get("DTSTART") is None:
        raise ValueError(_("pas de date de début"))
    start = component.decoded("DTSTART")
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    if component.get("DTEND") is not None:
        end = component.decoded("DTEND")
    elif component.get("DURATION") is not None:
        end = start + component.decoded("DURATION")
    else:
        end = start + (timedelta(days=1) if all_day else timedelta(hours=1))
    zone_name = "Europe/Paris" if all_day else _zone_of(start)
    if not all_day and isinstance(start, datetime) and start.tzinfo is not None:
        start, end = start.astimezone(ZoneInfo(zone_name)), end.astimezone(ZoneInfo(zone_name))
    rule = component.get("RRULE")
    return {
        "title": str(component.get("SUMMARY") or "").strip()[:200] or _("(sans titre)"),
        "location": str(component.get("LOCATION") or "")[:255],
        "description": str(component.get("DESCRIPTION") or ""),
        "start": start,
        "end": end,
        "all_day": all_day,
        "timezone": zone_name,
        "rrule": rule.to_ical().decode() if rule is not None else "",
    }


@transaction.atomic
def import_ics(user, upload) -> ImportReport:
    """Create the events of the .ics ``upload`` in ``user``'s agenda; see the module docstring."""
    report = ImportReport()
    for component in _read(upload):
        label = str(component.get("SUMMARY") or component.get("UID") or "?")[:200]
        try:
            values = _values(component)
            with transaction.atomic():
                event = create_event(organiser=user, notify=False, **values)
        except ValueError as error:
            report.skipped.append((label, str(error)))
        except ValidationError as error:
            reasons = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            report.skipped.append((label, " ".join(message for messages in reasons.values() for message in messages)))
        else:
            report.created.append(event)
    return report
