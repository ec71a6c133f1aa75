"""Signal receivers: keep the personal spaces clean, and give new people their structure's default space."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from portal.users.signals import users_created, users_structure_changed

from .models import Service, UserBookmark


@receiver(post_delete, sender=Service)
def _service_deleted(sender, instance, **kwargs):
    from .services import remove_from_all_spaces

    remove_from_all_spaces("service", [instance.pk])


@receiver(post_delete, sender=UserBookmark)
def _bookmark_deleted(sender, instance, **kwargs):
    from .services import remove_from_all_spaces

    remove_from_all_spaces("bookmark", [instance.pk])


@receiver(users_created)
def _give_default_space_to_new_people(sender, user_ids, **kwargs):
    """Runs inside the sending transaction, in bulk SQL (imports send one signal per batch)."""
    from .services import give_default_spaces

    give_default_spaces(list(user_ids), only_empty=True)


@receiver(users_structure_changed)
def _give_default_space_after_structure_change(sender, user_ids, **kwargs):
    """People who got a structure after their first sign-in get its default space, if their space is still empty."""
    from .services import give_default_spaces

    give_default_spaces(list(user_ids), only_empty=True)
