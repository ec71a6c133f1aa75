"""The lookup app follows the people's lifecycle: new people get an instance, deleted people free their slot."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from portal.users.models import User
from portal.users.signals import users_created

from . import services


@receiver(users_created, dispatch_uid="lookup_users_created")
def give_instances_to_new_users(sender, user_ids, **kwargs):
    services.welcome_new_users(user_ids)


@receiver(post_delete, sender=User, dispatch_uid="lookup_user_deleted")
def free_instance_of_deleted_user(sender, instance, **kwargs):
    if instance.nclocator:
        services.release_instance(instance.nclocator)
