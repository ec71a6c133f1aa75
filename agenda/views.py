"""Pages of the agenda: thin, they call the selectors and services and render DSFR templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .abilities import get_event_abilities
from .invitations import guest_participant_id
from .models import Participant


def _visible_event(user, pk):
    event = selectors.event_for_viewer(user, pk)
    if event is None:
        raise Http404
    abilities = get_event_abilities(user, event)
    if not abilities.get("view"):
        raise Http404
    return event, abilities


@login_required
@require_http_methods(["GET", "POST"])
def event_detail(request, pk):
    event, abilities = _visible_event(request.user, pk)
    if request.method == "POST":
        try:
            services.answer(request.user, event, request.POST.get("status", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre réponse est enregistrée."))
        return redirect(event.get_absolute_url())
    context = {
        "event": event,
        "abilities": abilities,
        "participants": selectors.participants_of(event),
        "mine": selectors.participation(request.user, event),
        "statuses": selectors.ANSWER_CHOICES,
    }
    return render(request, "agenda/event_detail.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def guest_answer(request, token):
    """The personal page of an external guest (no account): the event and their answer buttons."""
    try:
        participant_id = guest_participant_id(token)
    except (signing.BadSignature, ValueError) as error:
        raise Http404 from error
    participant = Participant.objects.select_related("event").filter(pk=participant_id, user__isnull=True).first()
    if participant is None:
        raise Http404
    if request.method == "POST":
        try:
            services.answer_as_guest(participant, request.POST.get("status", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre réponse est enregistrée."))
        return redirect(request.path)
    context = {"event": participant.event, "participant": participant, "statuses": selectors.ANSWER_CHOICES}
    return render(request, "agenda/guest_answer.html", context)
