"""Keep the automatic structure groups right: the core apps send signals, the groups app follows them here.

- a structure is created: its group is created; renamed: its group is renamed; deleted: its group goes with it;
- a structure moves: everyone in its subtree is resynced (their ancestors changed), by a Celery task after the
  commit when the subtree holds more than GROUP_SYNC_INLINE_MAX_PEOPLE people;
- people are created or change structure: they are resynced;
- structure admins are added or removed: those people are resynced (admins of their structure's group).
Every resync is bulk SQL over the people concerned (``services.sync_automatic_memberships``).
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from portal.core.jobs import enqueue
from portal.structures.models import Structure
from portal.structures.signals import structure_moved
from portal.users.models import User
from portal.users.signals import users_created, users_structure_changed

from . import services, tasks
from .models import Group


@receiver(post_save, sender=Structure, dispatch_uid="groups_structure_saved")
def structure_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        services.ensure_structure_groups([instance.pk])
    else:
        services.rename_structure_group(instance)


@receiver(pre_delete, sender=Structure, dispatch_uid="groups_structure_deleting")
def structure_deleting(sender, instance, **kwargs):
    services.forget_groups(Group.objects.filter(structure_id=instance.pk).values_list("pk", flat=True))


@receiver(structure_moved, dispatch_uid="groups_structure_moved")
def structure_was_moved(sender, structure, old_path, **kwargs):
    """Small subtrees are resynced at once; above GROUP_SYNC_INLINE_MAX_PEOPLE people, by a task after the commit."""
    people = User.objects.filter(structure__path__startswith=structure.path).count()
    if people <= settings.GROUP_SYNC_INLINE_MAX_PEOPLE:
        services.sync_structure_subtree(structure)
        return
    enqueue(tasks.sync_structure_subtree_task, structure.pk, key=f"sync-structure-subtree:{structure.pk}")


@receiver(users_created, dispatch_uid="groups_users_created")
@receiver(users_structure_changed, dispatch_uid="groups_users_structure_changed")
def users_changed(sender, user_ids, **kwargs):
    services.sync_automatic_memberships(user_ids)


@receiver(m2m_changed, sender=Structure.admins.through, dispatch_uid="groups_structure_admins_changed")
def structure_admins_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``structure.admins.add(user)`` (forward) or ``user.administered_structures.add(structure)`` (reverse)."""
    if action == "pre_clear":
        # Remember who loses the role: after the clear, the rows are gone.
        instance._groups_cleared_admin_ids = (
            [instance.pk] if reverse else list(instance.admins.values_list("pk", flat=True))
        )
        return
    if action == "post_clear":
        user_ids = getattr(instance, "_groups_cleared_admin_ids", [])
    elif action in ("post_add", "post_remove"):
        user_ids = [instance.pk] if reverse else list(pk_set or ())
    else:
        return
    if user_ids:
        services.sync_automatic_memberships(user_ids)
