"""What every blog page shares: the public-page decorator, paging without a COUNT, the article lookup."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from portal.core.abilities import is_active_user, is_global_admin
from portal.core.models import SiteSettings

from .. import selectors
from ..abilities import get_article_abilities

PAGE_SIZE = 12


def public_page(view):
    """Open to everyone (no sign-in) but not during maintenance, which only global admins pass (as the gates do)."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        site = SiteSettings.load()
        request.site_settings = site
        if site.maintenance and not is_global_admin(request.user):
            return render(request, "core/maintenance.html", {"site": site}, status=503)
        return view(request, *args, **kwargs)

    return wrapper


class Page:
    """One page of a list, read with LIMIT size + 1: no COUNT over the whole blog."""

    def __init__(self, queryset, number, size=PAGE_SIZE):
        try:
            self.number = max(1, min(int(number or 1), 10_000))
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.has_next = len(rows) > size
        self.object_list = rows[:size]
        self.has_previous = self.number > 1
        self.next_page_number = self.number + 1
        self.previous_page_number = self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __bool__(self):
        return bool(self.object_list)


def visible_article(request, **lookup):
    """The article and the viewer's abilities; 404 when they may not see it (anonymous people are asked to sign in,
    whether it exists or not, so that nothing is revealed)."""
    article = selectors.article_for_viewer(request.user, **lookup)
    abilities = get_article_abilities(request.user, article) if article is not None else {}
    if not abilities.get("view"):
        if not is_active_user(request.user) and not request.user.is_authenticated:
            raise _SignIn
        raise Http404
    return article, abilities


class _SignIn(Exception):
    pass


def sign_in_instead(view):
    """Turn ``_SignIn`` into a redirection to the sign-in page, back to this address afterwards."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignIn:
            return redirect_to_login(request.get_full_path())

    return wrapper
