"""Pages: my notifications (two tabs) and the informations page. Thin: selectors read, services write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from portal.core.gates import allow_without_structure

from . import selectors, services
from .models import Notification, validate_notification_link

PAGE_SIZE = 20


def _tab(value):
    return value if value in Notification.Tab.values else Notification.Tab.MESSAGES


def _back_to_tab(tab):
    return redirect(f"{reverse('notifications')}?tab={tab}")


@require_GET
def notification_list(request):
    tab = _tab(request.GET.get("tab"))
    counts = selectors.unread_counts(request.user)
    selectors.remember_unread_count(request, counts["total"])
    page = Paginator(selectors.notifications_of(request.user, tab), PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [{"key": key, "label": label, "unread": counts[key]} for key, label in Notification.Tab.choices]
    return render(request, "notifications/notification_list.html", {"tab": tab, "tabs": tabs, "page": page})


def _own_notification(request, pk):
    """The person's own notification; anybody else's id is a 404, whoever asks."""
    return get_object_or_404(selectors.notifications_of(request.user), pk=pk)


@require_POST
def notification_read(request, pk):
    notification = _own_notification(request, pk)
    services.mark_read(request.user, notification)
    return _back_to_tab(notification.tab)


@require_POST
def notification_open(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = _own_notification(request, pk)
    services.mark_read(request.user, notification)
    try:
        validate_notification_link(notification.link)  # checked on creation; checked again before redirecting
    except ValidationError:
        return _back_to_tab(notification.tab)
    return redirect(notification.link) if notification.link else _back_to_tab(notification.tab)


@require_POST
def notification_delete(request, pk):
    notification = _own_notification(request, pk)
    services.delete_notification(request.user, notification)
    messages.success(request, _("La notification a été supprimée."))
    return _back_to_tab(notification.tab)


@require_POST
def notification_bulk(request):
    """The buttons acting on a whole tab: mark all read, delete the read ones, delete all."""
    tab = _tab(request.POST.get("tab"))
    action = request.POST.get("action")
    if action == "mark_all_read":
        count = services.mark_all_read(request.user, tab)
        messages.success(
            request,
            ngettext("%(count)d notification marquée comme lue.", "%(count)d notifications marquées comme lues.", count)
            % {"count": count},
        )
    elif action in ("delete_read", "delete_all"):
        count = services.delete_all(request.user, tab, only_read=action == "delete_read")
        messages.success(
            request,
            ngettext("%(count)d notification supprimée.", "%(count)d notifications supprimées.", count)
            % {"count": count},
        )
    else:
        messages.error(request, _("Action inconnue."))
    return _back_to_tab(tab)


@allow_without_structure
@require_GET
def information_list(request):
    """The informations page: national messages and those of my structure and its ancestors; opening it marks
    them read (the landing on "/" then goes to the personal space)."""
    information_messages = list(selectors.visible_information_messages(request.user))
    services.mark_informations_read(request.user)
    return render(request, "notifications/information_list.html", {"information_messages": information_messages})
