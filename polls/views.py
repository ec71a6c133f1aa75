"""Pages of the polls: "Mes sondages", creation and edition, the answer page (for portal people and through the
public link), the owner's actions, the CSV export and the group's "Sondages" tab.

Thin: each view reads its input, asks the abilities, calls a selector or a service and renders. A poll the reader
may not see answers 404; an action they may not take 403; a refused request comes back as messages (400); a slot
taken at the same instant 409; too many public writes from one address 429.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.selectors import member_group_ids, visible_groups
from groups.views import tab_page_context
from portal.core.abilities import is_active_user
from portal.core.forms import add_service_errors

from . import meetings, selectors, services, throttle
from .abilities import can_create_poll, get_poll_abilities
from .export import results_csv
from .forms import CommentForm, IdentityForm, PollForm
from .models import Booking, Poll, Vote

PAGE_SIZE = 20
#: Rows of the participants table on the page (the CSV export has them all).
PARTICIPANTS_SHOWN = 200


def _visible_poll(request, pk):
    poll = selectors.poll_by_pk(pk)
    if poll is None:
        raise Http404
    abilities = get_poll_abilities(request.user, poll)
    if not abilities["view"]:
        raise Http404
    return poll, abilities


def _group_choices(user):
    groups = visible_groups(user).filter(pk__in=member_group_ids(user)).order_by("search_name", "pk")
    return [(group.pk, group.display_name) for group in groups]


def my_polls(request):
    section = request.GET.get("section", "all")
    if section not in ("all", "mine", "targeted", "answered"):
        section = "all"
    page = Paginator(selectors.my_polls(request.user, section), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "polls/list.html",
        {"page_obj": page, "section": section, "can_create": can_create_poll(request.user)},
    )


def create(request):
    if not can_create_poll(request.user):
        raise PermissionDenied
    form = PollForm(request.POST or None, group_choices=_group_choices(request.user))
    if request.method == "POST" and form.is_valid():
        options = form.options()
        if options is not None:
            try:
                poll = services.create_poll(
                    request.user, options=options, group_ids=form.cleaned_data["groups"], **form.changes()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Le brouillon est enregistré : vérifiez-le puis ouvrez le sondage."))
                return redirect(poll)
    return render(request, "polls/form.html", {"form": form, "creating": True}, status=400 if form.errors else 200)


def edit(request, pk):
    poll, abilities = _visible_poll(request, pk)
    if not abilities["update"]:
        raise PermissionDenied
    draft = abilities["update_options_freely"]
    initial = {name: getattr(poll, name) for name in PollForm.SETTINGS}
    initial["groups"] = list(poll.groups.values_list("pk", flat=True))
    form = PollForm(
        request.POST or None, initial=initial, group_choices=_group_choices(request.user), open_poll=not draft
    )
    if request.method == "POST" and form.is_valid():
        options = form.options()
        if options is not None:
            try:
                extra = {"group_ids": form.cleaned_data["groups"]} if draft else {}
                services.update_poll(request.user, poll, options=options or None, **extra, **form.changes())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Le sondage est modifié."))
                return redirect(poll)
    return render(
        request, "polls/form.html", {"form": form, "poll": poll, "draft": draft}, status=400 if form.errors else 200
    )


@require_POST
def poll_action(request, pk, action):
    """The owner opens, closes (with a chosen option) or deletes the poll."""
    poll, abilities = _visible_poll(request, pk)
    try:
        if action == "open":
            services.open_poll(request.user, poll)
            messages.success(request, _("Le sondage est ouvert."))
        elif action == "close":
            services.close_poll(request.user, poll, request.POST.get("option") or None)
            messages.success(request, _("Le sondage est clos."))
        elif action == "delete":
            services.delete_poll(request.user, poll)
            messages.success(request, _("Le sondage est supprimé."))
            return redirect("polls:list")
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(poll)


def export(request, pk):
    poll, abilities = _visible_poll(request, pk)
    if not abilities["export"]:
        raise PermissionDenied
    response = HttpResponse(results_csv(poll, selectors.results(poll)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sondage-{poll.pk}.csv"'
    return response


def detail(request, pk):
    poll, abilities = _visible_poll(request, pk)
    answer = selectors.answer_of_user(poll, request.user)
    return _answer_page(request, poll, abilities, answer=answer, via_link=False)


@login_not_required
def public(request, token, edit_token=None):
    """The public link (anyone, no account) and a public respondent's personal link (``edit_token``)."""
    poll = selectors.poll_by_token(token)
    if poll is None:
        raise Http404
    abilities = get_poll_abilities(request.user, poll, via_link=True)
    if not abilities["view"]:
        raise Http404
    if is_active_user(request.user):
        answer = selectors.answer_of_user(poll, request.user)
    elif edit_token:
        answer = selectors.answer_by_token(poll, edit_token)
        if answer is None:
            raise Http404
    else:
        answer = None
    if request.method == "POST" and not is_active_user(request.user) and not throttle.allow(request, poll):
        return render(request, "polls/rate_limited.html", {"poll": poll}, status=429)
    return _answer_page(request, poll, abilities, answer=answer, via_link=True)


def _votes_from(request, options):
    return {option.pk: request.POST.get(f"vote_{option.pk}", Vote.Value.NO) for option in options}


def _handle_post(request, poll, answer, via_link):
    """Run the posted action; returns the respondent's answer after it (or None) and a success message."""
    do = request.POST.get("do")
    user = request.user
    post = request.POST
    if do == "answer":
        options = selectors.options_of(poll)
        answer = services.submit_answer(
            poll,
            user=user,
            answer=answer,
            name=post.get("name"),
            email=post.get("email"),
            votes=_votes_from(request, options),
            comment=post.get("comment"),
            via_link=via_link,
        )
        return answer, _("Votre réponse est enregistrée.")
    if do == "delete_answer" and answer is not None:
        services.delete_answer(poll, answer, user=user)
        return None, _("Votre réponse est supprimée.")
    if do == "book":
        booking = meetings.book_slot(
            poll,
            post.get("slot"),
            user=user,
            answer=answer,
            name=post.get("name"),
            email=post.get("email"),
            via_link=via_link,
        )
        return booking.answer, _("Le créneau est réservé.")
    if do == "comment":
        services.add_comment(poll, post.get("text"), user=user, answer=answer, via_link=via_link)
        return answer, _("Votre commentaire est publié.")
    if do in ("cancel_booking", "move_booking", "confirm_booking"):
        booking = (
            Booking.objects.select_related("answer", "slot").filter(poll=poll, pk=post.get("booking") or 0).first()
        )
        if booking is None:
            raise ValidationError({"booking": _("Réservation introuvable.")})
        if do == "cancel_booking":
            meetings.cancel_booking(poll, booking, user=user, answer=answer, message=post.get("message", "")[:2048])
            return answer, _("Le rendez-vous est annulé.")
        if do == "move_booking":
            meetings.move_booking(poll, booking, post.get("slot"), user=user, answer=answer)
            return answer, _("Le rendez-vous est déplacé.")
        meetings.confirm_booking(user, poll, booking)
        return answer, _("Le rendez-vous est confirmé.")
    raise ValidationError({"do": _("Action inconnue.")})


def _answer_page(request, poll, abilities, *, answer, via_link):
    here = request.path
    status = 200
    if request.method == "POST":
        try:
            answer_after, success = _handle_post(request, poll, answer, via_link)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
        except meetings.SlotTaken as error:
            messages.error(request, str(error))
            status = 409
        else:
            messages.success(request, success)
            if via_link and not is_active_user(request.user) and answer_after is not None:
                return redirect(services.answer_link(poll, answer_after))
            if via_link and answer_after is None and answer is not None and not is_active_user(request.user):
                return redirect(poll.public_url())
            return redirect(here)
    return render(
        request, "polls/detail.html", _page_context(request, poll, abilities, answer, via_link), status=status
    )


def _page_context(request, poll, abilities, answer, via_link):
    results = None
    if abilities["view_results"]:
        results = selectors.results(poll, abilities["view_participants"], limit=PARTICIPANTS_SHOWN)
    slots = selectors.slots_with_bookings(poll) if poll.is_meeting else []
    for slot in slots:
        slot.mine = slot.booking is not None and answer is not None and slot.booking.answer_id == answer.pk
    anonymous = not is_active_user(request.user)
    return {
        "poll": poll,
        "abilities": abilities,
        "results": results,
        "options": results["options"] if results else selectors.options_of(poll),
        "answer": answer,
        "my_votes": selectors.votes_of(answer),
        "slots": slots,
        "free_slots": [slot for slot in slots if slot.booking is None],
        "my_bookings": [slot for slot in slots if slot.mine],
        "comments": selectors.comments_of(poll) if abilities["view_results"] else [],
        "comment_form": CommentForm() if abilities["comment"] and (not anonymous or answer) else None,
        "identity_form": IdentityForm(initial={"name": answer.name, "email": answer.email} if answer else None)
        if anonymous
        else None,
        "via_link": via_link,
        "personal_link": request.build_absolute_uri(services.answer_link(poll, answer)) if anonymous and answer else "",
        "public_link": request.build_absolute_uri(poll.public_url()) if abilities["export"] and poll.is_public else "",
        "vote_values": Vote.Value.choices if poll.allow_maybe else [c for c in Vote.Value.choices if c[0] != "maybe"],
        "groups": list(poll.groups.values_list("name", flat=True)) if abilities["view_results"] else [],
        "states": Poll.State,
        "participants_cut": results is not None and len(results["answers"]) < results["answer_count"],
        "participants_shown": PARTICIPANTS_SHOWN,
    }


def group_polls(request, slug):
    """The group's "Sondages" tab: the published polls targeting the group."""
    group, _abilities, context = tab_page_context(request, slug, "polls")
    page = Paginator(selectors.group_polls(group.pk), PAGE_SIZE).get_page(request.GET.get("page"))
    context.update({"page_obj": page})
    return render(request, "polls/group_polls.html", context)
