"""The bridge to the agenda: a chosen date or a confirmed meeting becomes an agenda event through the agenda's own
services (never its models). Returns the agenda's event id, or None when the agenda app offers no event service.
"""

import importlib
from zoneinfo import ZoneInfo

from django.apps import apps
from django.utils.html import strip_tags

from .models import Answer, Poll


def _agenda_services():
    if not apps.is_installed("agenda"):
        return None
    try:
        services = importlib.import_module("agenda.services")
    except ModuleNotFoundError:
        return None
    return services if hasattr(services, "create_event") else None


def event_for_chosen_date(poll, option):
    """The chosen date of a date poll: the groups invited, portal respondents who said yes or if need be as
    participants, public respondents as external guests (the agenda sends everyone the iMIP invitation)."""
    agenda = _agenda_services()
    if agenda is None:
        return None
    answers = Answer.objects.filter(poll=poll, votes__option=option, votes__value__in=["yes", "maybe"])
    participant_ids = list(answers.filter(user__isnull=False).values_list("user_id", flat=True))
    guests = [
        email for email in Answer.objects.filter(poll=poll, user__isnull=True).values_list("email", flat=True) if email
    ]
    return _create(
        agenda,
        poll,
        title=poll.title,
        start=option.start,
        end=option.end,
        participant_user_ids=participant_ids,
        group_ids=list(poll.groups.values_list("pk", flat=True)),
        guest_emails=guests,
    )


def event_for_booking(poll, booking):
    """A confirmed meeting slot: an event of the owner's with the booker as participant (portal) or guest."""
    agenda = _agenda_services()
    if agenda is None:
        return None
    answer = booking.answer
    return _create(
        agenda,
        poll,
        title=f"{poll.title} ({answer.name})"[:200],
        start=booking.slot.start,
        end=booking.slot.end,
        participant_user_ids=[answer.user_id] if answer.user_id else [],
        guest_emails=[] if answer.user_id or not answer.email else [answer.email],
    )


def _create(agenda, poll: Poll, *, start, end, **values):
    """``agenda.services.create_event``; an all-day poll gives dates (the end exclusive), in the poll's zone."""
    if poll.all_day:
        tz = ZoneInfo(poll.time_zone)
        start, end = start.astimezone(tz).date(), end.astimezone(tz).date()
    event = agenda.create_event(
        organiser=poll.owner,
        description=strip_tags(poll.description),
        start=start,
        end=end,
        timezone=poll.time_zone,
        all_day=poll.all_day,
        **values,
    )
    return event.pk


def cancel_event(poll, event_id):
    """Cancelling an agenda event is the agenda's job: done when it offers ``cancel_event``, else left to the owner."""
    agenda = _agenda_services()
    if agenda is None or not event_id or not hasattr(agenda, "cancel_event"):
        return
    agenda.cancel_event(poll.owner, event_id)
