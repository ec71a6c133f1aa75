"""The card's search text follows the account's names."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import services


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="bio_refresh_search_text")
def refresh_card_search_text(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return
    if update_fields is not None and not {"first_name", "last_name"} & set(update_fields):
        return
    services.refresh_search_text(instance)
