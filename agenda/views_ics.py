"""ICS: export of one event, private subscription feeds (personal and per group), the page that gives and
regenerates their URLs, and the import of an .ics file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from groups.selectors import group_for_viewer

from . import ical, selectors
from .abilities import is_group_member
from .forms import ImportForm
from .models import Event
from .services import feeds
from .services.importing import import_ics
from .views import _visible_event

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics_response(text, filename):
    response = HttpResponse(text, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _organisers(pairs):
    return {
        event.uid: (event.organiser.email, event.organiser.get_full_name())
        for event, _overrides in pairs
        if event.organiser_id and event.organiser.email
    }


def _urls(pairs):
    return {event.uid: ical.event_url(event.pk) for event, _overrides in pairs}


def build_feed(pairs, name):
    return ical.build(pairs, organisers=_organisers(pairs), urls=_urls(pairs), name=name)


@login_required
@require_GET
def export(request, pk):
    event, _abilities = _visible_event(request.user, pk)
    pairs = selectors.feed_events(Event.objects.filter(pk=event.pk))
    return _ics_response(build_feed(pairs, event.title), f"evenement-{event.pk}.ics")


@login_not_required
@require_GET
def feed(request, token):
    """A private subscription feed: the token is the only credential (404 for an unknown or revoked one, and for a
    group feed whose owner is no longer a member)."""
    owner = selectors.token_owner(token)
    if owner is None or not owner.user.is_active:
        raise Http404
    if owner.group_id is None:
        pairs = selectors.personal_feed(owner.user)
        name = _("Agenda de %(name)s") % {"name": owner.user.get_full_name() or owner.user.username}
    else:
        if not is_group_member(owner.user, owner.group):
            raise Http404
        pairs = selectors.feed_events(selectors.group_events(owner.group_id))
        name = _("Agenda du groupe %(group)s") % {"group": owner.group.display_name}
    return _ics_response(build_feed(pairs, name), "agenda.ics")


def _feed_url(request, token):
    return request.build_absolute_uri(reverse("agenda:feed", args=[token.token]))


@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request):
    """My subscription URL (and its regeneration) and the .ics import."""
    if request.method == "POST" and request.POST.get("action") == "regenerate":
        feeds.regenerate_feed_token(request.user)
        messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
        return redirect("agenda:subscriptions")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_ics(request.user, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error.message_dict.get("file", error.messages))
    context = {"feed_url": _feed_url(request, feeds.feed_token(request.user)), "form": form, "report": report}
    return render(request, "agenda/subscriptions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_feed(request, slug):
    """The subscription URL of a group's agenda, for one of its members."""
    group = group_for_viewer(request.user, slug=slug)
    if group is None or not is_group_member(request.user, group):
        raise Http404
    if request.method == "POST":
        feeds.regenerate_feed_token(request.user, group)
        messages.success(request, _("Nouvelle adresse créée : l'ancienne ne fonctionne plus."))
        return redirect("agenda:group_feed", slug=group.slug)
    context = {"group": group, "feed_url": _feed_url(request, feeds.feed_token(request.user, group))}
    return render(request, "agenda/group_feed.html", context)
