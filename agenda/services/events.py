"""Creation of events and the participants' answers."""

from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _

from .. import recurrence
from ..models import DEFAULT_TIMEZONE, Event, Participant
from . import validation as check
from .participants import INVITED, add_participants, invite, notify_people, recipients

Status = Participant.Status
#: Changing one of these fields is significant: the SEQUENCE grows and the participants get a new REQUEST.
SIGNIFICANT_FIELDS = ("title", "location", "start", "end", "timezone", "all_day", "rrule", "exdates", "video_url")


# --- creation ---------------------------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    organiser,
    title,
    start,
    end,
    timezone=DEFAULT_TIMEZONE,
    all_day=False,
    location="",
    description="",
    group_ids=(),
    participant_user_ids=(),
    guest_emails=(),
    rrule="",
    category_id=None,
    video_url="",
    reminders=(),
    notify=True,
) -> Event:
    """Create an event and invite its participants (see the module docstring)."""
    if organiser is None or not organiser.is_active:
        raise PermissionDenied
    start, end = check.times(start, end, timezone, all_day)
    tz = ZoneInfo(timezone)
    event = Event(
        organiser=organiser,
        title=(title or "").strip(),
        location=(location or "").strip(),
        description=description or "",
        video_url=(video_url or "").strip(),
        timezone=timezone,
        all_day=bool(all_day),
        start=start,
        end=end,
        rrule=recurrence.normalise_rule(rrule, tz, all_day),
        reminders=check.reminders(reminders),
        category=check.category(category_id),
    )
    check.check_fields(event)
    groups = check.groups_of(organiser, group_ids)
    people = check.people(participant_user_ids) - {organiser.pk}
    guests = check.guest_emails(guest_emails)
    event.series_end = recurrence.series_end(event)
    event.save()
    if groups:
        event.groups.set(groups)
    Participant.objects.create(event=event, user=organiser, status=Status.ACCEPTED, answered_at=dj_timezone.now())
    add_participants(event, people, guests, [group.pk for group in groups])
    if notify:
        invite(event, recipients(event), method="REQUEST")
        notify_people(event, INVITED)
    return event


# --- answers ----------------------------------------------------------------------------------------------------


def _check_status(status):
    if status not in (Status.ACCEPTED, Status.TENTATIVE, Status.DECLINED):
        raise ValidationError({"status": _("Réponse invalide.")})


@transaction.atomic
def answer(user, event, status) -> Participant:
    """``user`` answers the invitation to ``event`` (a series: the whole series)."""
    from ..abilities import get_event_abilities

    if not get_event_abilities(user, event).get("answer"):
        raise PermissionDenied
    _check_status(status)
    participant = Participant.objects.select_for_update().get(event_id=event.parent_id or event.pk, user_id=user.pk)
    return _set_status(participant, status)


@transaction.atomic
def answer_as_guest(participant, status) -> Participant:
    """An external guest answers through their signed link."""
    _check_status(status)
    return _set_status(participant, status)


def _set_status(participant, status):
    participant.status = status
    participant.answered_at = dj_timezone.now()
    participant.save(update_fields=["status", "answered_at"])
    return participant
