"""Reminders: before each occurrence, at the offsets the event lists (``Event.reminders``, minutes), its
participants who did not decline get an in-app notification and an e-mail. The beat task runs every few minutes;
``SentReminder`` (unique per event, occurrence and offset) makes each reminder go out exactly once, even when the
task is retried or two runs overlap. A reminder more than ``AGENDA_REMINDER_GRACE_MINUTES`` late is dropped."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.core.mail import send_mail_later

from .. import selectors
from ..models import Event, Participant, SentReminder
from .validation import MAX_REMINDER_MINUTES

REMINDER = gettext_noop("Rappel : %(title)s")


def due_reminders(now):
    """``[(occurrence, minutes)]`` whose time came in the last grace period."""
    grace = timedelta(minutes=settings.AGENDA_REMINDER_GRACE_MINUTES)
    events = Event.objects.filter(parent__isnull=True).exclude(reminders=[])
    horizon = now + timedelta(minutes=MAX_REMINDER_MINUTES) + grace
    found = []
    for occurrence in selectors.occurrences(events, now - grace, horizon):
        for minutes in occurrence.event.reminders or ():
            due = occurrence.start - timedelta(minutes=minutes)
            if now - grace < due <= now:
                found.append((occurrence, minutes))
    return found


def _claim(occurrence, minutes):
    """Write the SentReminder row; False when another run already did."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                event_id=occurrence.series_id,
                occurrence_start=occurrence.recurrence_id or occurrence.start,
                minutes=minutes,
            )
    except IntegrityError:
        return False
    return True


def _remind(occurrence):
    event = occurrence.event
    series_id = occurrence.series_id
    participants = Participant.objects.filter(event_id=series_id).exclude(status=Participant.Status.DECLINED)
    local = occurrence.start.astimezone(ZoneInfo(event.timezone))
    when = local.strftime("%d/%m/%Y") if event.all_day else local.strftime("%d/%m/%Y %H:%M")
    link = reverse("agenda:event", args=[series_id]) + (f"?occurrence={occurrence.key}" if occurrence.key else "")
    from portal.notifications.services import notify_translated

    notify_translated(
        participants.filter(user__isnull=False).values_list("user_id", flat=True),
        "group",
        REMINDER,
        text=gettext_noop("Le %(when)s."),
        params={"title": event.title, "when": when},
        link=link,
    )
    subject = _(REMINDER) % {"title": event.title}
    body = "\n".join(
        [subject, "", _("Le %(when)s.") % {"when": when}, "", f"{settings.PORTAL_BASE_URL.rstrip('/')}{link}"]
    )
    for email, user_email in participants.values_list("email", "user__email"):
        if user_email or email:
            send_mail_later(to=[user_email or email], subject=subject, body=body)


def send_due_reminders(now=None) -> int:
    """Send the reminders whose time has come; returns how many (occurrence, offset) pairs were sent."""
    now = now or timezone.now()
    sent = 0
    for occurrence, minutes in due_reminders(now):
        with transaction.atomic():
            if _claim(occurrence, minutes):
                _remind(occurrence)
                sent += 1
    return sent
