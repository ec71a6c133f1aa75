"""The agenda follows the groups (signals documented in ``groups/signals.py``): membership changes refresh the
group participants of the upcoming events; a deleted group's members who were invited only through it are removed.

Small changes are applied in the same transaction; large ones (an automatic group resync) by a Celery job after
the commit."""

from django.conf import settings
from django.dispatch import receiver

from groups.signals import groups_deleting, memberships_changed
from portal.core.jobs import enqueue

from . import tasks
from .services.group_sync import refresh_group_participants, upcoming_group_events


@receiver(memberships_changed, dispatch_uid="agenda_memberships_changed")
def memberships_changed_received(sender, group_ids, user_ids, **kwargs):
    """``user_ids`` None: anybody in these groups may have changed."""
    group_ids = sorted(set(group_ids))
    if not upcoming_group_events(group_ids).exists():
        return  # one query, whatever the number of people (the groups' own syncs pin their query counts)
    user_ids = None if user_ids is None else sorted(set(user_ids))
    if user_ids is None or len(user_ids) > settings.AGENDA_GROUP_SYNC_INLINE_MAX_PEOPLE:
        enqueue(tasks.refresh_group_participants_task, group_ids, user_ids, queue="bulk")
    else:
        refresh_group_participants(group_ids, user_ids)


@receiver(groups_deleting, dispatch_uid="agenda_groups_deleting")
def groups_deleting_received(sender, group_ids, **kwargs):
    group_ids = sorted(set(group_ids))
    if upcoming_group_events(group_ids).exists():
        refresh_group_participants(group_ids, None, dropping_group_ids=group_ids)
