"""Reads of polls that need care: who sees which poll, and pages whose query count does not grow with the data."""

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from groups.selectors import member_group_ids
from portal.core.abilities import is_active_user

from .models import Answer, Booking, Comment, Poll, PollOption, Vote


def _targeted_q(user):
    groups = Poll.groups.through.objects.filter(poll_id=OuterRef("pk"), group_id__in=member_group_ids(user))
    people = Poll.people.through.objects.filter(poll_id=OuterRef("pk"), user_id=user.pk)
    return Exists(groups) | Exists(people)


def _attach_targeted(polls, user):
    for poll in polls:
        poll.__dict__.setdefault("_targeted", {})[user.pk] = poll.viewer_targeted
    return polls


def my_polls(user, section="all"):
    """ "Mes sondages": the polls I own, those targeting me (published), those I answered; with answer counts.

    ``section``: ``mine``, ``targeted``, ``answered`` or ``all``.
    """
    if not is_active_user(user):
        return Poll.objects.none()
    answered = Exists(Answer.objects.filter(poll_id=OuterRef("pk"), user_id=user.pk))
    polls = Poll.objects.annotate(viewer_targeted=_targeted_q(user), viewer_answered=answered)
    published = ~Q(state=Poll.State.DRAFT)
    filters = {
        "mine": Q(owner_id=user.pk),
        "targeted": published & Q(viewer_targeted=True) & ~Q(owner_id=user.pk),
        "answered": published & Q(viewer_answered=True),
    }
    condition = filters.get(section) or (filters["mine"] | filters["targeted"] | filters["answered"])
    return (
        polls.filter(condition)
        .select_related("owner")
        .annotate(answer_count=_answer_count())
        .order_by("-created_at", "-pk")
    )


def _answer_count():
    return Coalesce(Count("answers", distinct=True), 0)


def attach_targeted(polls, user):
    return _attach_targeted(polls, user) if is_active_user(user) else polls


def group_polls(group_id):
    """Published polls targeting the group (the group's "Sondages" tab)."""
    return (
        Poll.objects.filter(groups=group_id)
        .exclude(state=Poll.State.DRAFT)
        .select_related("owner")
        .annotate(answer_count=_answer_count())
        .order_by("-created_at", "-pk")
    )


def poll_by_pk(pk):
    return Poll.objects.select_related("owner").filter(pk=pk).first()


def poll_by_token(token):
    return Poll.objects.select_related("owner").filter(public_token=token, is_public=True).first() if token else None


def options_of(poll):
    return list(PollOption.objects.filter(poll=poll).order_by("position", "start", "pk"))


def results(poll, with_participants=True, limit=None):
    """Everything the results page shows, in a constant number of queries (4 with participants, 2 without).

    Returns ``options`` (each with ``yes``, ``maybe`` and ``best``), ``answer_count`` and ``answers`` (each with a
    ``by_option`` dict option id -> vote value), or ``[]`` when participants are not shown. ``limit``: only the
    first answers (the page shows a readable table; the CSV has them all).
    """
    options = list(
        PollOption.objects.filter(poll=poll)
        .annotate(
            yes=Count("votes", filter=Q(votes__value=Vote.Value.YES)),
            maybe=Count("votes", filter=Q(votes__value=Vote.Value.MAYBE)),
        )
        .order_by("position", "start", "pk")
    )
    answer_count = Answer.objects.filter(poll=poll).count()
    best_score = max(((option.yes, option.maybe) for option in options), default=(0, 0))
    for option in options:
        option.best = best_score > (0, 0) and (option.yes, option.maybe) == best_score
    answers = []
    if with_participants:
        answers = Answer.objects.filter(poll=poll).order_by("created_at", "pk")
        answers = list(answers[:limit] if limit else answers)
        votes = Vote.objects.filter(answer__poll=poll)
        if limit and answer_count > limit:
            votes = votes.filter(answer_id__in=[answer.pk for answer in answers])
        by_answer = {}
        for answer_id, option_id, value in votes.values_list("answer_id", "option_id", "value"):
            by_answer.setdefault(answer_id, {})[option_id] = value
        for answer in answers:
            answer.by_option = by_answer.get(answer.pk, {})
            answer.cells = [answer.by_option.get(option.pk, Vote.Value.NO) for option in options]
    return {"options": options, "answer_count": answer_count, "answers": answers}


def answer_of_user(poll, user):
    if not is_active_user(user):
        return None
    return Answer.objects.filter(poll=poll, user_id=user.pk).first()


def answer_by_token(poll, token):
    if not token:
        return None
    return Answer.objects.filter(poll=poll, edit_token=token).first()


def votes_of(answer):
    if answer is None:
        return {}
    return dict(Vote.objects.filter(answer=answer).values_list("option_id", "value"))


def slots_with_bookings(poll):
    """Meeting slots, each with ``booking`` (or None) and its answer: two queries."""
    slots = options_of(poll)
    bookings = {
        booking.slot_id: booking
        for booking in Booking.objects.filter(poll=poll).select_related("answer", "answer__user")
    }
    for slot in slots:
        slot.booking = bookings.get(slot.pk)
    return slots


def bookings_of(answer):
    if answer is None:
        return []
    return list(Booking.objects.filter(answer=answer).select_related("slot").order_by("slot__start"))


def comments_of(poll):
    return list(Comment.objects.filter(poll=poll).order_by("created_at", "pk"))
