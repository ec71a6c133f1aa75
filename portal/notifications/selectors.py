"""Reads of notifications and information messages, each in a constant number of queries."""

from django.db.models import Count, Q
from django.utils import timezone

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.selectors import structures_administered_by

from .models import InformationMessage, Notification


def _not_expired(now=None):
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now or timezone.now())


def _tab_filter(tab):
    message = Q(kind__in=Notification.MESSAGE_KINDS)
    return message if tab == Notification.Tab.MESSAGES else ~message


def notifications_of(user, tab=None):
    """The person's own notifications, not expired, newest first (optionally one tab's)."""
    if not is_active_user(user):
        return Notification.objects.none()
    queryset = Notification.objects.filter(_not_expired(), user=user)
    if tab in Notification.Tab.values:
        queryset = queryset.filter(_tab_filter(tab))
    return queryset.order_by("-created_at", "-id")


def unread_counts(user) -> dict[str, int]:
    """Unread notifications in all, and per tab: ONE aggregate query."""
    if not is_active_user(user):
        return {"total": 0, Notification.Tab.MESSAGES: 0, Notification.Tab.INFORMATIONS: 0}
    unread = Q(read=False)
    counts = notifications_of(user).aggregate(
        total=Count("pk", filter=unread),
        messages=Count("pk", filter=unread & _tab_filter(Notification.Tab.MESSAGES)),
        informations=Count("pk", filter=unread & _tab_filter(Notification.Tab.INFORMATIONS)),
    )
    return {
        "total": counts["total"],
        Notification.Tab.MESSAGES: counts["messages"],
        Notification.Tab.INFORMATIONS: counts["informations"],
    }


def unread_count_for_request(request) -> int:
    """The bell's figure: one COUNT query per request at most (cached on the request), none for anonymous people."""
    if not is_active_user(request.user):
        return 0
    cached = getattr(request, "_notifications_unread", None)
    if cached is None:
        cached = notifications_of(request.user).filter(read=False).count()
        request._notifications_unread = cached
    return cached


def remember_unread_count(request, count):
    """Pages that already counted (the notifications page) spare the bell its query."""
    request._notifications_unread = count


# --- information messages ---


def visible_information_messages(user, now=None):
    """Non-expired national messages plus those of the person's structure and all its ancestors, newest first.

    ONE query (the ancestors' ids are read off the structure's materialized path).
    """
    if not is_active_user(user):
        return InformationMessage.objects.none()
    scope = Q(structure__isnull=True)
    if user.structure_id:
        scope |= Q(structure_id__in=[*user.structure.ancestor_ids, user.structure_id])
    return (
        InformationMessage.objects.filter(scope, expires_at__gt=now or timezone.now())
        .select_related("structure")
        .order_by("-published_at", "-id")
    )


def has_unread_information(user) -> bool:
    """A visible message was published after the person last opened the informations page."""
    messages = visible_information_messages(user)
    if user.last_info_read_at is not None:
        messages = messages.filter(published_at__gt=user.last_info_read_at)
    return messages.exists()


def information_messages_managed_by(user):
    """Messages ``user`` may manage in the back office: all for a global admin, else their subtrees' (one query)."""
    if is_global_admin(user):
        return InformationMessage.objects.all()  # national messages included (no structure)
    return InformationMessage.objects.filter(structure__in=structures_administered_by(user))
