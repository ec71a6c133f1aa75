"""Reads of events that need care: who sees which event, and windows whose query count does not grow."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import recurrence
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


def _visible_masters(user):
    """Masters and one-off events in ``user``'s agenda: organised by them or where they are a participant."""
    if not user.is_authenticated or not user.is_active:
        return Event.objects.none()
    mine = Participant.objects.filter(user_id=user.pk).values("event_id")
    return Event.objects.filter(parent__isnull=True).filter(Q(organiser_id=user.pk) | Q(pk__in=mine))


def events_in_window(events, start, end):
    """Masters and one-off events of ``events`` that may have an occurrence in [start, end)."""
    return events.filter(start__lt=end).filter(Q(series_end__isnull=True) | Q(series_end__gt=start))


def occurrences(events, start, end):
    """The occurrences of the masters ``events`` in the window, overrides applied: two queries whatever the number
    of events (the masters with their category, then their overrides)."""
    masters = list(events_in_window(events, start, end).select_related("category").order_by())
    recurring = [event.pk for event in masters if event.rrule]
    overrides = list(Event.objects.filter(parent_id__in=recurring).select_related("category")) if recurring else []
    return recurrence.expand(masters, start, end, overrides)


def agenda_of(user, start, end, *, group_id=None, category_id=None, mine=False):
    """The occurrences of ``user``'s agenda in the window, filtered by group, category, or organised by them."""
    events = _visible_masters(user)
    if group_id:
        events = events.filter(pk__in=Event.groups.through.objects.filter(group_id=group_id).values("event_id"))
    if category_id:
        events = events.filter(category_id=category_id)
    if mine:
        events = events.filter(organiser_id=user.pk)
    return occurrences(events, start, end)


def group_events(group_id):
    """Masters and one-off events that invited the group ``group_id``."""
    through = Event.groups.through.objects.filter(group_id=group_id).values("event_id")
    return Event.objects.filter(parent__isnull=True, pk__in=through)


def feed_events(events):
    """``[(master, [overrides])]`` of ``events`` for an ICS file: three queries whatever their number."""
    masters = list(events.select_related("category", "organiser").order_by("start", "pk"))
    recurring = [event.pk for event in masters if event.rrule]
    by_parent = {}
    if recurring:
        for override in Event.objects.filter(parent_id__in=recurring).order_by("recurrence_id"):
            by_parent.setdefault(override.parent_id, []).append(override)
    for event in masters:
        event.category_name = event.category.name if event.category_id else ""
    return [(event, by_parent.get(event.pk, [])) for event in masters]


def personal_feed(user):
    return feed_events(_visible_masters(user))


def token_owner(token):
    """The FeedToken of a feed URL's secret, with its person and group (None: unknown or revoked)."""
    from .models import FeedToken

    if not token or len(token) > 64:
        return None
    return FeedToken.objects.select_related("user", "group").filter(token=token).first()
