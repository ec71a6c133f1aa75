"""Receivers of the users app's signals: structure requests and their outcome become notifications.

Both run inside the transaction that made the change, so a rolled-back request notifies nobody.
"""

from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

from portal.structures.abilities import request_deciding_structure
from portal.structures.models import Structure
from portal.users.models import User
from portal.users.signals import structure_request_decided, structure_requested, structures_left_without_admin

from .models import Notification
from .services import notify_translated


def _pending_requests_link():
    """The back-office list of people, where direct structure admins validate requests."""
    try:
        return reverse("admin:users_user_changelist")
    except NoReverseMatch:
        return reverse("admin:index")


@receiver(structure_requested, dispatch_uid="notifications.structure_requested")
def notify_structure_admins_of_request(sender, user_id, structure_id, **kwargs):
    """Those who may decide learn that someone asks to join the structure: its direct admins, else the admins of its
    nearest ancestor that has some, else the global admins (``request_deciding_structure``)."""
    structure = Structure.objects.filter(pk=structure_id).first()
    person = User.objects.filter(pk=user_id).first()
    if structure is None or person is None:
        return
    deciding = request_deciding_structure(structure)
    if deciding is None:
        admins = User.objects.filter(is_active=True, is_superuser=True).values("pk")
    else:
        admins = deciding.admins.filter(is_active=True).values("pk")
    notify_translated(
        admins,
        Notification.Kind.REQUEST,
        title=gettext_noop("Demande de rattachement à %(structure)s"),
        text=gettext_noop("%(person)s demande à être rattaché(e) à %(structure)s."),
        params={"structure": structure.name, "person": person.get_full_name() or person.username},
        link=_pending_requests_link(),
    )


@receiver(structure_request_decided, dispatch_uid="notifications.structure_request_decided")
def notify_people_of_decision(sender, user_ids, structure_id, accepted, **kwargs):
    """Each person learns whether their structure request was accepted."""
    structure = Structure.objects.filter(pk=structure_id).first()
    if structure is None:
        return
    if accepted:
        title = gettext_noop("Demande de rattachement acceptée")
        text = gettext_noop("Votre demande de rattachement à %(structure)s a été acceptée.")
    else:
        title = gettext_noop("Demande de rattachement refusée")
        text = gettext_noop("Votre demande de rattachement à %(structure)s a été refusée.")
    notify_translated(
        user_ids,
        Notification.Kind.INFORMATION,
        title=title,
        text=text,
        params={"structure": structure.name},
        link=reverse("home") if accepted else reverse("choose_structure"),
    )


#: How many structure names a "left without admin" notification lists (the rest are counted).
ORPHAN_NAMES_SHOWN = 10


@receiver(structures_left_without_admin, dispatch_uid="notifications.structures_left_without_admin")
def notify_global_admins_of_orphan_structures(sender, structure_ids, **kwargs):
    """The global admins learn that a move took the last admin of these structures (one notification each)."""
    names = list(Structure.objects.filter(pk__in=structure_ids).order_by("path").values_list("name", flat=True))
    if not names:
        return
    shown = ", ".join(names[:ORPHAN_NAMES_SHOWN])
    others = len(names) - ORPHAN_NAMES_SHOWN
    notify_translated(
        User.objects.filter(is_active=True, is_superuser=True).values("pk"),
        Notification.Kind.ROLE_UNSET,
        title=gettext_noop("Structures sans administrateur"),
        text=[
            gettext_noop("Plus aucun administrateur pour : %(structures)s."),
            gettext_noop("Et %(others)s autres structures.") if others > 0 else "",
            gettext_noop("Leur dernier administrateur a été rattaché ailleurs ; nommez-en un dans l'administration."),
        ],
        params={"structures": shown, "others": max(others, 0)},
        link=_structures_link(),
    )


def _structures_link():
    try:
        return reverse("admin:structures_structure_changelist")
    except NoReverseMatch:
        return reverse("admin:index")
