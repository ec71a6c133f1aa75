"""Landing resolver for "/" (see ``HOME_LANDING_RESOLVERS``): the informations page when there is news."""

from django.urls import reverse

from portal.core.abilities import is_active_user

from .selectors import has_unread_information


def unread_informations(request):
    """The informations page's URL when a visible message is newer than the last visit there, else None."""
    if not is_active_user(request.user) or not has_unread_information(request.user):
        return None
    return reverse("informations")
