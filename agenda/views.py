"""Pages of one event: thin, they call the selectors and services and render DSFR templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from groups.selectors import directory, group_for_viewer, member_group_ids
from portal.core.forms import add_service_errors

from . import recurrence, selectors, services
from .abilities import get_event_abilities, is_group_member
from .forms import DeleteForm, EventForm, initial_for
from .invitations import guest_participant_id
from .models import DEFAULT_TIMEZONE, Participant
from .wording import describe


def _visible_event(user, pk):
    event = selectors.event_for_viewer(user, pk)
    if event is None:
        raise Http404
    abilities = get_event_abilities(user, event)
    if not abilities.get("view"):
        raise Http404
    return event, abilities


def _occurrence(request, event):
    """The occurrence named by ``?occurrence=`` (its original start), or None; 404 when it is not one."""
    key = request.GET.get("occurrence") or request.POST.get("occurrence")
    if not key or not event.rrule:
        return None
    try:
        moment = recurrence.parse_exdate(key)
    except ValueError as error:
        raise Http404 from error
    if not (recurrence.is_occurrence(event, moment) or event.overrides.filter(recurrence_id=moment).exists()):
        raise Http404
    return moment


def _shown(event, override, occurrence):
    """What the event page shows: the override of an occurrence, or the event at the occurrence's time."""
    shown = override or event
    start = shown.start if override or occurrence is None else occurrence
    end = start + shown.duration
    local_end = recurrence.Occurrence(shown, start, end)
    return {
        "shown": shown,
        "start": start,
        "end": end,
        "first_day": local_end.first_day,
        "last_day": local_end.last_day,
        "rule_text": describe(event.rrule, event.timezone),
    }


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
        return redirect(request.get_full_path())
    occurrence = _occurrence(request, event)
    override = event.overrides.filter(recurrence_id=occurrence).first() if occurrence else None
    context = {
        "event": event,
        "occurrence": occurrence,
        "occurrence_key": recurrence.exdate_key(occurrence) if occurrence else "",
        **_shown(event, override, occurrence),
        "abilities": abilities,
        "participants": selectors.participants_of(event),
        "mine": selectors.participation(request.user, event),
        "statuses": selectors.ANSWER_CHOICES,
    }
    return render(request, "agenda/event_detail.html", context)


def _groups_for_form(user):
    return list(directory(user, mine=True).filter(pk__in=member_group_ids(user)))


def _changes(form):
    data = form.cleaned_data
    start, end = form.times()
    changes = {
        "title": data["title"],
        "start": start,
        "end": end,
        "all_day": data.get("all_day", False),
        "location": data.get("location", ""),
        "video_url": data.get("video_url", ""),
        "description": data.get("description", ""),
    }
    if "timezone" in form.fields:
        changes.update(
            timezone=data.get("timezone") or DEFAULT_TIMEZONE,
            category_id=data.get("category_id"),
            reminders=data.get("reminders") or [],
            group_ids=data.get("group_ids") or [],
            rrule=form.rrule(),
        )
    return changes


def _invitees(emails):
    """Split e-mail addresses into portal people (ids) and external guests."""
    from portal.users.models import User

    known = dict(User.objects.filter(email__in=emails, is_active=True).values_list("email", "pk"))
    return [known[email] for email in emails if email in known], [email for email in emails if email not in known]


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request):
    groups = _groups_for_form(request.user)
    initial = {"timezone": "Europe/Paris"}
    slug = request.GET.get("group")
    if slug:
        group = group_for_viewer(request.user, slug=slug)
        if group is None or not is_group_member(request.user, group):
            raise Http404
        initial["group_ids"] = [group.pk]
    form = EventForm(request.POST or None, initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        people, guests = _invitees(form.invitee_emails())
        try:
            event = services.create_event(
                organiser=request.user, participant_user_ids=people, guest_emails=guests, **_changes(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L'événement « %(title)s » est créé.") % {"title": event.title})
            return redirect(event.get_absolute_url())
    return render(request, "agenda/event_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event, abilities = _visible_event(request.user, pk)
    if not abilities.get("update"):
        raise PermissionDenied
    occurrence = _occurrence(request, event)
    scope = request.POST.get("scope") or request.GET.get("scope") or ("this" if occurrence else "all")
    occurrence_only = occurrence is not None and scope == "this"
    override = event.overrides.filter(recurrence_id=occurrence).first() if occurrence else None
    initial = initial_for(override or event, None if override else occurrence)
    if not occurrence_only:
        direct = event.participants.filter(direct=True).exclude(user_id=event.organiser_id)
        initial["invitees"] = ", ".join(
            user_email or email for user_email, email in direct.values_list("user__email", "email")
        )
    form = EventForm(
        request.POST or None, initial=initial, groups=_groups_for_form(request.user), occurrence_only=occurrence_only
    )
    if request.method == "POST" and form.is_valid():
        changes = _changes(form)
        if not occurrence_only:
            people, guests = _invitees(form.invitee_emails())
            changes.update(participant_user_ids=people, guest_emails=guests)
        if occurrence is not None and scope == "following":
            changes["start"], changes["end"] = form.times()
        try:
            changed = services.update_event(request.user, event, scope=scope, occurrence=occurrence, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L'événement est modifié."))
            return redirect(changed.get_absolute_url())
    context = {
        "form": form,
        "event": event,
        "occurrence": occurrence,
        "scope": scope,
        "rule_text": describe(event.rrule, event.timezone),
    }
    return render(request, "agenda/event_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, pk):
    event, abilities = _visible_event(request.user, pk)
    if not abilities.get("delete"):
        raise PermissionDenied
    occurrence = _occurrence(request, event)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and (occurrence is None or form.is_valid()):
        scope = form.cleaned_data["scope"] if occurrence is not None else "all"
        try:
            services.delete_event(request.user, event, scope=scope, occurrence=occurrence)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(event.get_absolute_url())
        messages.success(request, _("L'événement est supprimé."))
        return redirect("agenda:month")
    context = {"form": form, "event": event, "occurrence": occurrence}
    return render(request, "agenda/event_delete.html", context)


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
    event = participant.event
    context = {
        "event": event,
        "participant": participant,
        "statuses": selectors.ANSWER_CHOICES,
        **_shown(event, None, None),
    }
    return render(request, "agenda/guest_answer.html", context)


@login_required
def home(request):
    return redirect("agenda:month")
