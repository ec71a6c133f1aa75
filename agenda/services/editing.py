"""Changes to events: update and delete, for a whole series, one occurrence, or an occurrence and the following ones.

``scope``:
- ``all``: the event (the whole series). Changing the start time or the rule of a series drops its removed and
  overridden occurrences (they no longer match an occurrence of the new rule).
- ``this``: one occurrence, named by its original start (``occurrence``, RFC 5545 RECURRENCE-ID): an override row
  is written (update) or the start is added to the EXDATEs (delete).
- ``following``: the series is split at ``occurrence``: the old one now ends just before it (UNTIL, or a smaller
  COUNT), a new series with a new UID starts there with the same participants (update) or nothing more (delete).

A significant change (times, title, location, rule, video link) increases the SEQUENCE and sends a REQUEST to every
participant; removed participants get a CANCEL, added ones a REQUEST; deleting the event sends a CANCEL to all.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import recurrence
from ..abilities import get_event_abilities
from ..models import Event, Participant, new_uid
from . import validation as check
from .participants import INVITED, add_participants, invite, notify_people, recipients

SCOPES = ("all", "this", "following")
#: Changing one of these fields is significant: the SEQUENCE grows and the participants get a new REQUEST.
SIGNIFICANT_FIELDS = ("title", "location", "start", "end", "timezone", "all_day", "rrule", "exdates", "video_url")
TEXT_FIELDS = ("title", "location", "description", "video_url")
UPDATED = gettext_noop("Événement modifié : %(title)s")
CANCELLED = gettext_noop("Événement annulé : %(title)s")


def _editable(actor, event, action):
    if not get_event_abilities(actor, event).get(action):
        raise PermissionDenied
    return Event.objects.select_for_update(of=("self",)).select_related("organiser", "category").get(pk=event.pk)


def _check_scope(event, scope, occurrence):
    if scope not in SCOPES:
        raise ValidationError({"scope": _("Portée invalide.")})
    if scope == "all" or not event.rrule:
        return "all"
    if occurrence is None or not (
        recurrence.is_occurrence(event, occurrence) or event.overrides.filter(recurrence_id=occurrence).exists()
    ):
        raise ValidationError({"occurrence": _("Cette occurrence n'existe pas.")})
    if scope == "following" and occurrence == event.start:
        return "all"
    return scope


def _local(event, moment):
    local = moment.astimezone(ZoneInfo(event.timezone))
    return local.date() if event.all_day else local


def _apply_times(event, changes):
    """Set start, end, time zone and all-day from ``changes`` (the event's values for those not given)."""
    keys = ("start", "end", "timezone", "all_day")
    if not any(key in changes for key in keys):
        return
    tz_name = changes.get("timezone", event.timezone)
    all_day = bool(changes.get("all_day", event.all_day))
    start = changes.get("start", _local(event, event.start))
    end = changes.get("end", _local(event, event.end))
    event.start, event.end = check.times(start, end, tz_name, all_day)
    event.timezone, event.all_day = tz_name, all_day


def _apply(event, changes, *, with_rule=True):
    for name in TEXT_FIELDS:
        if name in changes:
            setattr(event, name, (changes[name] or "").strip() if name != "description" else changes[name] or "")
    if "category_id" in changes:
        event.category = check.category(changes["category_id"])
    if "reminders" in changes:
        event.reminders = check.reminders(changes["reminders"])
    _apply_times(event, changes)
    if with_rule and "rrule" in changes:
        event.rrule = recurrence.normalise_rule(changes["rrule"], ZoneInfo(event.timezone), event.all_day)
    check.check_fields(event)


def _significant(before, after):
    return any(getattr(before, name) != getattr(after, name) for name in SIGNIFICANT_FIELDS)


def _sync_participants(actor, event, changes):
    """Apply the invited people, guests and groups given in ``changes``; returns (added ids, removed recipients)."""
    if not any(key in changes for key in ("group_ids", "participant_user_ids", "guest_emails")):
        return [], [], []
    before = set(Participant.objects.filter(event=event).values_list("pk", flat=True))
    rows = Participant.objects.filter(event=event).exclude(user_id=event.organiser_id)
    if "group_ids" in changes:
        current = set(event.groups.values_list("pk", flat=True))
        wanted = [group_id for group_id in changes["group_ids"] if group_id not in current]
        kept = [group_id for group_id in changes["group_ids"] if group_id in current]
        groups = check.groups_of(actor, wanted)
        event.groups.set([*kept, *(group.pk for group in groups)])
        rows.update(via_group=False)
    if "participant_user_ids" in changes:
        rows.filter(user__isnull=False).update(direct=False)
    guests = check.guest_emails(changes["guest_emails"]) if "guest_emails" in changes else None
    if guests is not None:
        rows.filter(user__isnull=True).exclude(email__in=guests).update(direct=False)
    people = check.people(changes.get("participant_user_ids", ())) - {event.organiser_id}
    group_ids = list(event.groups.values_list("pk", flat=True)) if "group_ids" in changes else []
    add_participants(event, people, guests or [], group_ids)
    gone = rows.filter(direct=False, via_group=False)
    removed = recipients(event, gone)
    removed_users = list(gone.filter(user__isnull=False).values_list("user_id", flat=True))
    gone.delete()
    after = Participant.objects.filter(event=event).values_list("pk", flat=True)
    return [pk for pk in after if pk not in before], removed, removed_users


def _send(event, *, significant, added=(), removed=(), removed_users=()):
    """REQUEST to everyone on a significant change (else to the added people), CANCEL to the removed ones."""
    if removed:
        invite(event, removed, method="CANCEL")
    if removed_users:
        notify_people(event, CANCELLED, removed_users, link=reverse("agenda:home"))
    if significant:
        invite(event, recipients(event), method="REQUEST")
        notify_people(event, UPDATED)
    elif added:
        invite(event, recipients(event, Participant.objects.filter(pk__in=added)), method="REQUEST")
        notify_people(event, INVITED, Participant.objects.filter(pk__in=added, user__isnull=False).values("user_id"))


@transaction.atomic
def update_event(actor, event, *, scope="all", occurrence=None, notify=True, **changes) -> Event:
    """Change ``event`` (a master or a one-off event) for ``scope``; returns the event changed (the override for
    ``this``, the new series for ``following``). ``notify=False`` (demo data) sends nothing."""
    event = _editable(actor, event, "update")
    scope = _check_scope(event, scope, occurrence)
    if scope == "this":
        return _update_occurrence(event, occurrence, changes, notify)
    if scope == "following":
        return _split(actor, event, occurrence, changes, notify)
    before = Event(**{name: getattr(event, name) for name in SIGNIFICANT_FIELDS})
    _apply(event, changes)
    if event.rrule and (
        event.rrule != before.rrule or event.start != before.start or event.timezone != before.timezone
    ):
        event.exdates = []
        event.overrides.all().delete()
    significant = _significant(before, event)
    if significant:
        event.sequence += 1
    event.series_end = recurrence.series_end(event)
    event.save()
    added, removed, removed_users = _sync_participants(actor, event, changes)
    if notify:
        _send(event, significant=significant, added=added, removed=removed, removed_users=removed_users)
    return event


def _update_occurrence(event, occurrence, changes, notify):
    if any(key in changes for key in ("rrule", "group_ids", "participant_user_ids", "guest_emails", "timezone")):
        raise ValidationError({"scope": _("Pour une seule occurrence, seuls le titre, le lieu et l'horaire changent.")})
    override = event.overrides.filter(recurrence_id=occurrence).first()
    if override is None:
        fields = ("organiser", "title", "location", "description", "video_url", "category", "timezone", "all_day")
        override = Event(
            parent=event,
            uid=new_uid(),
            recurrence_id=occurrence,
            start=occurrence,
            end=occurrence + event.duration,
            reminders=event.reminders,
            **{name: getattr(event, name) for name in fields},
        )
    _apply(override, changes, with_rule=False)
    event.sequence += 1
    override.sequence = event.sequence
    override.series_end = override.end
    override.save()
    event.save(update_fields=["sequence", "updated_at"])
    if notify:
        _send(event, significant=True)
    return override


def _occurrences_before(event, occurrence):
    return len(recurrence.rule_for(event).between(event.start - timedelta(seconds=1), occurrence, inc=False))


def _truncate(event, occurrence):
    """End the series ``event`` just before ``occurrence``; returns the part of the rule left for the new series."""
    parts = recurrence.parse_rule(event.rrule)
    rest = dict(parts)
    if "COUNT" in parts:
        before = _occurrences_before(event, occurrence)
        parts["COUNT"] = str(before)
        rest["COUNT"] = str(int(rest["COUNT"]) - before)
    else:
        parts["UNTIL"] = (occurrence - timedelta(seconds=1)).astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
    key = recurrence.exdate_key(occurrence)
    carried = [item for item in event.exdates if item >= key]
    event.rrule = recurrence.format_rule(parts)
    event.exdates = [item for item in event.exdates if item < key]
    event.overrides.filter(recurrence_id__gte=occurrence).delete()
    event.sequence += 1
    event.series_end = recurrence.series_end(event)
    event.save()
    return recurrence.format_rule(rest), carried


def _split(actor, event, occurrence, changes, notify):
    rest_rule, carried = _truncate(event, occurrence)
    fields = ("organiser", "title", "location", "description", "video_url", "category", "timezone", "all_day")
    new = Event(
        uid=new_uid(),
        start=occurrence,
        end=occurrence + event.duration,
        rrule=rest_rule,
        exdates=carried,
        reminders=event.reminders,
        **{name: getattr(event, name) for name in fields},
    )
    _apply(new, changes)
    new.series_end = recurrence.series_end(new)
    new.save()
    new.groups.set(event.groups.all())
    Participant.objects.bulk_create(
        [
            Participant(
                event=new,
                user_id=row.user_id,
                email=row.email,
                status=row.status,
                direct=row.direct,
                via_group=row.via_group,
                answered_at=row.answered_at,
            )
            for row in Participant.objects.filter(event=event)
        ],
        batch_size=500,
    )
    added, removed, removed_users = _sync_participants(actor, new, changes)
    if notify:
        invite(event, recipients(event), method="REQUEST")
        _send(new, significant=True, added=added, removed=removed, removed_users=removed_users)
    return new


@transaction.atomic
def delete_event(actor, event, *, scope="all", occurrence=None) -> None:
    """Delete ``event`` for ``scope``: the whole event (CANCEL to everyone), one occurrence (EXDATE) or an occurrence
    and the following ones (the series ends before it); the last two send a REQUEST of the series."""
    event = _editable(actor, event, "delete")
    scope = _check_scope(event, scope, occurrence)
    if scope == "this":
        event.exdates = sorted({*event.exdates, recurrence.exdate_key(occurrence)})
        event.overrides.filter(recurrence_id=occurrence).delete()
        event.sequence += 1
        event.save()
        _send(event, significant=True)
        return
    if scope == "following":
        _truncate(event, occurrence)
        _send(event, significant=True)
        return
    event.sequence += 1
    notify_people(event, CANCELLED, link=reverse("agenda:home"))
    invite(event, recipients(event), method="CANCEL")  # the snapshot is taken now, before the rows go
    event.delete()
