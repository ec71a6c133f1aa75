"""Signal receivers: keep the personal spaces clean, and start a person's space (their structure's default space)
when they first need it."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete
from django.dispatch import receiver

from portal.users.signals import users_structure_changed

from .models import Service, UserBookmark


@receiver(post_delete, sender=Service)
def _service_deleted(sender, instance, **kwargs):
    from .services import remove_from_all_spaces

    remove_from_all_spaces("service", [instance.pk])


@receiver(post_delete, sender=UserBookmark)
def _bookmark_deleted(sender, instance, **kwargs):
    from .services import remove_from_all_spaces

    remove_from_all_spaces("bookmark", [instance.pk])


@receiver(user_logged_in, dispatch_uid="apps_catalog_start_space_at_sign_in")
def _start_space_at_sign_in(sender, user, **kwargs):
    """A person's space starts at their first sign-in (one query at the next ones)."""
    from .services import start_personal_spaces

    start_personal_spaces([user.pk])


@receiver(users_structure_changed, dispatch_uid="apps_catalog_structure_changed")
def _give_default_space_after_structure_change(sender, user_ids, **kwargs):
    """People who got a structure after their space started get its default space, if their space is still empty.

    People whose space has not started (imported, never signed in) get the current default when they arrive.
    """
    from .services import give_default_spaces

    give_default_spaces(list(user_ids), only_empty=True, started_only=True)
