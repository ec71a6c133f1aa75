"""The bridge to the agenda: a chosen date or a confirmed meeting becomes an agenda event through the agenda's own
services (never its models). Returns the agenda's event id, or None when the agenda app offers no event service.
"""

import importlib

from django.apps import apps

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
    participants, public respondents as external guests (the agenda sends them the ICS invitation)."""
    agenda = _agenda_services()
    if agenda is None:
        return None
    answers = Answer.objects.filter(poll=poll, votes__option=option, votes__value__in=["yes", "maybe"])
    participant_ids = list(answers.filter(user__isnull=False).values_list("user_id", flat=True))
    guests = [
        {"name": name, "email": email}
        for name, email in Answer.objects.filter(poll=poll, user__isnull=True).values_list("name", "email")
        if email
    ]
    return _create(
        agenda,
        poll,
        title=poll.title,
        start=option.start,
        end=option.end,
        participant_ids=participant_ids,
        group_ids=list(poll.groups.values_list("pk", flat=True)),
        guests=guests,
    )


def event_for_booking(poll, booking):
    """A confirmed meeting slot: an event of the owner's with the booker as participant (portal) or guest."""
    agenda = _agenda_services()
    if agenda is None:
        return None
    answer = booking.answer
    participant_ids = [answer.user_id] if answer.user_id else []
    guests = [] if answer.user_id else [{"name": answer.name, "email": answer.email}]
    return _create(
        agenda,
        poll,
        title=f"{poll.title} ({answer.name})",
        start=booking.slot.start,
        end=booking.slot.end,
        participant_ids=participant_ids,
        group_ids=[],
        guests=guests,
    )


def _create(agenda, poll: Poll, **values):
    event = agenda.create_event(poll.owner, description=poll.description, **values)
    return getattr(event, "pk", event)


def cancel_event(poll, event_id):
    agenda = _agenda_services()
    if agenda is None or not event_id or not hasattr(agenda, "cancel_event"):
        return
    agenda.cancel_event(poll.owner, event_id)
