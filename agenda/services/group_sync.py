"""Group participants follow the groups: someone who joins a group is invited to its upcoming events, someone who
leaves is removed from them (CANCEL), through the groups' ``memberships_changed`` and ``groups_deleting`` signals
(see ``agenda/receivers.py``). Past events keep their participants."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from groups.selectors import member_ids

from ..models import Event, Participant
from .editing import CANCELLED
from .participants import INVITED, invite, notify_people, recipients


def upcoming_group_events(group_ids):
    """Masters and one-off events of the groups ``group_ids`` that are not over."""
    through = Event.groups.through.objects.filter(group_id__in=group_ids).values("event_id")
    return Event.objects.filter(parent__isnull=True, pk__in=through).filter(
        Q(series_end__isnull=True) | Q(series_end__gt=timezone.now())
    )


@transaction.atomic
def refresh_group_participants(group_ids, user_ids=None, *, dropping_group_ids=()):
    """Recompute the group participation of ``user_ids`` (everyone: None) in the upcoming events of ``group_ids``;
    ``dropping_group_ids`` are groups about to be deleted (no longer counted). Returns (added, removed)."""
    added_total = removed_total = 0
    for event in upcoming_group_events(group_ids).select_related("organiser", "category"):
        event_groups = [pk for pk in event.groups.values_list("pk", flat=True) if pk not in set(dropping_group_ids)]
        rows = Participant.objects.filter(event=event, user__isnull=False)
        members = member_ids(event_groups) if event_groups else None
        if user_ids is not None:
            rows = rows.filter(user_id__in=user_ids)
            members = members.filter(user_id__in=user_ids) if members is not None else None
        wanted = set(members.values_list("user_id", flat=True)) if members is not None else set()
        existing = dict(rows.values_list("user_id", "via_group"))
        rows.filter(user_id__in=wanted, via_group=False).update(via_group=True)
        rows.exclude(user_id__in=wanted).filter(via_group=True).update(via_group=False)
        new = [
            Participant(event=event, user_id=user_id, direct=False, via_group=True)
            for user_id in wanted - set(existing)
        ]
        Participant.objects.bulk_create(new, batch_size=500)
        gone = (
            rows.exclude(user_id__in=wanted).filter(direct=False, via_group=False).exclude(user_id=event.organiser_id)
        )
        removed = recipients(event, gone)
        removed_users = list(gone.values_list("user_id", flat=True))
        gone.delete()
        if new:
            new_rows = Participant.objects.filter(event=event, user_id__in=[row.user_id for row in new])
            invite(event, recipients(event, new_rows), method="REQUEST")
            notify_people(event, INVITED, [row.user_id for row in new])
        if removed:
            invite(event, removed, method="CANCEL")
            notify_people(event, CANCELLED, removed_users, link=reverse("agenda:home"))
        added_total += len(new)
        removed_total += len(removed_users)
    return added_total, removed_total
