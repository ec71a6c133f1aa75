"""Checks of the values that come from outside: each failure is a ValidationError naming the field."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone as dj_timezone
from django.utils.translation import gettext as _

from groups.selectors import group_for_viewer
from portal.users.models import User

from .. import recurrence
from ..abilities import can_invite_group
from ..models import Category

MAX_GUESTS = 500
MAX_REMINDERS = 5
MAX_REMINDER_MINUTES = 60 * 24 * 28


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


def times(start, end, tz_name, all_day):
    tz = recurrence.zone(tz_name)
    start = _as_moment(start, tz, all_day, "start")
    end = _as_moment(end, tz, all_day, "end")
    if end <= start:
        raise ValidationError({"end": _("La fin doit être après le début.")})
    if end - start > timedelta(days=366):
        raise ValidationError({"end": _("Un événement dure au plus un an.")})
    return start, end


def reminders(values):
    try:
        minutes = sorted({int(value) for value in values or ()})
    except (TypeError, ValueError) as error:
        raise ValidationError({"reminders": _("Un rappel est un nombre de minutes.")}) from error
    if len(minutes) > MAX_REMINDERS or any(not 0 <= value <= MAX_REMINDER_MINUTES for value in minutes):
        raise ValidationError({"reminders": _("Au plus 5 rappels, de 0 minute à 4 semaines avant.")})
    return minutes


def guest_emails(values):
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


def people(user_ids):
    try:
        ids = {int(user_id) for user_id in user_ids or ()}
    except (TypeError, ValueError) as error:
        raise ValidationError({"participant_user_ids": _("Identifiant de personne invalide.")}) from error
    found = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)) if ids else set()
    if found != ids:
        raise ValidationError({"participant_user_ids": _("Personne inconnue ou inactive.")})
    return found


def groups_of(organiser, group_ids):
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


def category(category_id):
    if category_id in (None, ""):
        return None
    category = Category.objects.filter(pk=category_id).first() if str(category_id).isdigit() else None
    if category is None:
        raise ValidationError({"category_id": _("Catégorie inconnue.")})
    return category


def check_fields(event):
    try:
        event.full_clean(exclude=["organiser", "category", "start", "end", "rrule", "reminders", "exdates"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    if event.video_url:
        URLValidator(schemes=["https"])(event.video_url)
