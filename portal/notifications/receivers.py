"""Receivers of the users app's signals: structure requests and their outcome become notifications.

Both run inside the transaction that made the change, so a rolled-back request notifies nobody.
"""

from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from portal.structures.models import Structure
from portal.users.models import User
from portal.users.signals import structure_request_decided, structure_requested

from .models import Notification
from .services import notify_in_their_language


def _pending_requests_link():
    """The back-office list of people, where direct structure admins validate requests."""
    try:
        return reverse("admin:users_user_changelist")
    except NoReverseMatch:
        return reverse("admin:index")


@receiver(structure_requested, dispatch_uid="notifications.structure_requested")
def notify_structure_admins_of_request(sender, user_id, structure_id, **kwargs):
    """The direct admins of the structure (those who may validate) learn that someone asks to join it."""
    structure = Structure.objects.filter(pk=structure_id).first()
    person = User.objects.filter(pk=user_id).first()
    if structure is None or person is None:
        return
    admins = structure.admins.filter(is_active=True).values("pk")

    def build():
        values = {"structure": structure.name, "person": person.get_full_name() or person.username}
        return {
            "title": _("Demande de rattachement à %(structure)s") % values,
            "text": _("%(person)s demande à être rattaché(e) à %(structure)s.") % values,
            "link": _pending_requests_link(),
        }

    notify_in_their_language(admins, Notification.Kind.REQUEST, build)


@receiver(structure_request_decided, dispatch_uid="notifications.structure_request_decided")
def notify_people_of_decision(sender, user_ids, structure_id, accepted, **kwargs):
    """Each person learns whether their structure request was accepted."""
    structure = Structure.objects.filter(pk=structure_id).first()
    if structure is None:
        return

    def build():
        values = {"structure": structure.name}
        if accepted:
            title = _("Demande de rattachement acceptée")
            text = _("Votre demande de rattachement à %(structure)s a été acceptée.") % values
        else:
            title = _("Demande de rattachement refusée")
            text = _("Votre demande de rattachement à %(structure)s a été refusée.") % values
        return {"title": title, "text": text, "link": reverse("home") if accepted else reverse("choose_structure")}

    notify_in_their_language(user_ids, Notification.Kind.INFORMATION, build)
