"""Every write on events and their participants, and the invitations they send.

Public entry point for other apps (polls creates the event of a closed date poll through it)::

    from agenda.services import create_event

    event = create_event(
        organiser=user,                    # the portal person who organises (required)
        title="Conseil pédagogique",       # required, at most 200 characters
        start=..., end=...,                # aware datetimes; naive ones are read in ``timezone``; for an all-day
                                           # event, dates (``end`` exclusive: the day after the last day)
        timezone="Europe/Paris",           # an IANA zone name
        all_day=False,
        location="", description="",       # description: Markdown (sanitised when rendered)
        group_ids=(),                      # groups whose members are invited (the organiser must be a member)
        participant_user_ids=(),           # portal people invited by name
        guest_emails=(),                   # external guests (answer through a signed link)
        rrule="",                          # RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
        category_id=None, video_url="", reminders=(),   # reminders: minutes before the start
    )

It validates everything (``ValidationError`` naming the field: ``title``, ``start``, ``end``, ``timezone``,
``rrule``, ``group_ids``, ``participant_user_ids``, ``guest_emails``...), writes nothing when it fails, and after the
commit sends the iMIP invitations (METHOD:REQUEST, one e-mail per person, in batches of
``AGENDA_INVITATION_BATCH_SIZE`` through ``portal.core.jobs.enqueue``) and the in-app notifications. The signature
only grows by keyword arguments.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groups.selectors import group_for_viewer, member_ids
from portal.core.jobs import enqueue
from portal.notifications.services import notify_translated
from portal.users.models import User

from . import recurrence
from .abilities import can_invite_group
from .ical import snapshot
from .models import DEFAULT_TIMEZONE, Category, Event, Participant

Status = Participant.Status
MAX_GUESTS = 500
MAX_REMINDERS = 5
MAX_REMINDER_MINUTES = 60 * 24 * 28
#: Changing one of these fields is significant: the SEQUENCE grows and the participants get a new REQUEST.
SIGNIFICANT_FIELDS = ("title", "location", "start", "end", "timezone", "all_day", "rrule", "exdates", "video_url")


# --- validation -------------------------------------------------------------------------------------------------


def _as_moment(value, tz, all_day, field):
    """An aware datetime from an aware or naive datetime, or a date (all-day events: local midnight)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if all_day and len(value) == 10 else datetime.fromisoformat(value)
        except ValueError as error:
            raise ValidationError({field: _("Date invalide.")}) from error
    if isinstance(value, datetime):
        if all_day:
            value = (value if dj_timezone.is_naive(value) else value.astimezone(tz)).date()
        elif dj_timezone.is_naive(value):
            return value.replace(tzinfo=tz)
        else:
            return value
    if isinstance(value, date):
        if not all_day:
            raise ValidationError({field: _("Une date et une heure sont nécessaires.")})
        return datetime.combine(value, time.min, tzinfo=tz)
    raise ValidationError({field: _("Date invalide.")})


def _times(start, end, tz_name, all_day):
    tz = recurrence.zone(tz_name)
    start = _as_moment(start, tz, all_day, "start")
    end = _as_moment(end, tz, all_day, "end")
    if end <= start:
        raise ValidationError({"end": _("La fin doit être après le début.")})
    if end - start > timedelta(days=366):
        raise ValidationError({"end": _("Un événement dure au plus un an.")})
    return start, end


def _reminders(values):
    try:
        minutes = sorted({int(value) for value in values or ()})
    except (TypeError, ValueError) as error:
        raise ValidationError({"reminders": _("Un rappel est un nombre de minutes.")}) from error
    if len(minutes) > MAX_REMINDERS or any(not 0 <= value <= MAX_REMINDER_MINUTES for value in minutes):
        raise ValidationError({"reminders": _("Au plus 5 rappels, de 0 minute à 4 semaines avant.")})
    return minutes


def _guest_emails(values):
    emails = []
    for value in values or ():
        email = str(value).strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"guest_emails": _("Adresse invalide : %(email)s.") % {"email": email}}) from error
        if email not in emails:
            emails.append(email)
    if len(emails) > MAX_GUESTS:
        raise ValidationError({"guest_emails": _("Au plus %(max)s invités extérieurs.") % {"max": MAX_GUESTS}})
    return emails


def _people(user_ids):
    try:
        ids = {int(user_id) for user_id in user_ids or ()}
    except (TypeError, ValueError) as error:
        raise ValidationError({"participant_user_ids": _("Identifiant de personne invalide.")}) from error
    found = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)) if ids else set()
    if found != ids:
        raise ValidationError({"participant_user_ids": _("Personne inconnue ou inactive.")})
    return found


def _groups(organiser, group_ids):
    groups = []
    for group_id in dict.fromkeys(group_ids or ()):
        try:
            group = group_for_viewer(organiser, pk=int(group_id))
        except (TypeError, ValueError):
            group = None
        if group is None or not can_invite_group(organiser, group):
            raise ValidationError({"group_ids": _("Vous ne pouvez pas inviter ce groupe.")})
        groups.append(group)
    return groups


def _category(category_id):
    if category_id in (None, ""):
        return None
    category = Category.objects.filter(pk=category_id).first() if str(category_id).isdigit() else None
    if category is None:
        raise ValidationError({"category_id": _("Catégorie inconnue.")})
    return category


def _check_fields(event):
    try:
        event.full_clean(exclude=["organiser", "category", "start", "end", "rrule", "reminders", "exdates"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    if event.video_url:
        URLValidator(schemes=["https"])(event.video_url)


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
    start, end = _times(start, end, timezone, all_day)
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
        reminders=_reminders(reminders),
        category=_category(category_id),
    )
    _check_fields(event)
    groups = _groups(organiser, group_ids)
    people = _people(participant_user_ids) - {organiser.pk}
    guests = _guest_emails(guest_emails)
    event.series_end = recurrence.series_end(event)
    event.save()
    if groups:
        event.groups.set(groups)
    Participant.objects.create(event=event, user=organiser, status=Status.ACCEPTED, answered_at=dj_timezone.now())
    _add_participants(event, people, guests, [group.pk for group in groups])
    if notify:
        invite(event, _recipients(event), method="REQUEST")
        _notify_people(event, gettext_noop("Invitation : %(title)s"))
    return event


def _add_participants(event, user_ids, guest_emails, group_ids):
    """Invite people by name, guests, and the members of ``group_ids`` (in bulk). Returns the new participant ids."""
    existing = dict(Participant.objects.filter(event=event, user__isnull=False).values_list("user_id", "pk"))
    via_group = set(member_ids(group_ids).values_list("user_id", flat=True)) if group_ids else set()
    if via_group:
        Participant.objects.filter(event=event, user_id__in=via_group).update(via_group=True)
    if user_ids:
        Participant.objects.filter(event=event, user_id__in=user_ids).update(direct=True)
    rows = [
        Participant(event=event, user_id=user_id, direct=user_id in user_ids, via_group=user_id in via_group)
        for user_id in (set(user_ids) | via_group) - set(existing)
    ]
    known_guests = set(Participant.objects.filter(event=event, user__isnull=True).values_list("email", flat=True))
    rows += [Participant(event=event, email=email) for email in guest_emails if email not in known_guests]
    Participant.objects.bulk_create(rows, batch_size=500)


def _recipients(event, participants=None):
    """``[[participant id, e-mail, name, is guest, status]]`` of the participants to write to (not the organiser)."""
    participants = participants if participants is not None else Participant.objects.filter(event=event)
    rows = participants.exclude(user_id=event.organiser_id).values_list(
        "pk", "email", "user__email", "user__first_name", "user__last_name", "user_id", "status"
    )
    return [
        [pk, user_email or email, f"{first or ''} {last or ''}".strip(), user_id is None, status]
        for pk, email, user_email, first, last, user_id, status in rows
        if user_email or email
    ]


def invite(event, recipients, method, overrides=None):
    """Queue the iMIP e-mails of ``method`` (REQUEST or CANCEL) to ``recipients`` after the commit, in batches."""
    if not recipients:
        return
    from .tasks import send_invitations

    if overrides is None:
        overrides = list(event.overrides.all()) if event.pk and event.rrule else []
    data = snapshot(event, overrides)
    organiser = event.organiser
    sender = [organiser.email, organiser.get_full_name()] if organiser else None
    size = settings.AGENDA_INVITATION_BATCH_SIZE
    for index in range(0, len(recipients), size):
        batch = recipients[index : index + size]
        enqueue(send_invitations, data, method, sender, batch, queue="bulk" if len(recipients) > size else None)


def _notify_people(event, title_msgid, user_ids=None):
    """In-app notification to the portal participants (but the organiser), in one statement."""
    if user_ids is None:
        user_ids = (
            Participant.objects.filter(event=event, user__isnull=False)
            .exclude(user_id=event.organiser_id)
            .values_list("user_id", flat=True)
        )
    notify_translated(
        user_ids,
        "group",
        title_msgid,
        text=gettext_noop("Le %(when)s."),
        params={"title": event.title, "when": _when(event)},
        link=event.get_absolute_url(),
    )


def _when(event):
    local = event.start.astimezone(ZoneInfo(event.timezone))
    return local.strftime("%d/%m/%Y") if event.all_day else local.strftime("%d/%m/%Y %H:%M")


# --- answers ----------------------------------------------------------------------------------------------------


def _check_status(status):
    if status not in (Status.ACCEPTED, Status.TENTATIVE, Status.DECLINED):
        raise ValidationError({"status": _("Réponse invalide.")})


@transaction.atomic
def answer(user, event, status) -> Participant:
    """``user`` answers the invitation to ``event`` (a series: the whole series)."""
    from .abilities import get_event_abilities

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
