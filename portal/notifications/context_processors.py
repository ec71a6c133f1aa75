"""The bell: the unread count in the header, one COUNT query per request at most, none for anonymous people."""

from portal.core.abilities import is_active_user

from .selectors import unread_count_for_request


def notifications(request):
    if not is_active_user(getattr(request, "user", None)):
        return {}
    return {"notifications_unread": unread_count_for_request(request)}
