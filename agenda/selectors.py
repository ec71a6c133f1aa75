"""Reads of events that need care: who sees which event, and windows whose query count does not grow."""

from django.utils.translation import gettext_lazy as _

from .models import Event, Participant

Status = Participant.Status
ANSWER_CHOICES = [
    (Status.ACCEPTED, _("J'accepte")),
    (Status.TENTATIVE, _("Peut-être")),
    (Status.DECLINED, _("Je décline")),
]


def event_for_viewer(user, pk):
    """A master or one-off event with its organiser and category; the caller checks the "view" ability."""
    return Event.objects.select_related("organiser", "category").filter(pk=pk, parent__isnull=True).first()


def participation(user, event):
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(event_id=event.parent_id or event.pk, user_id=user.pk).first()


def participants_of(event, limit=200):
    """The participants shown on an event page (organiser first), with their accounts."""
    return (
        Participant.objects.filter(event_id=event.parent_id or event.pk)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "email", "pk")[:limit]
    )
