"""Meeting polls: booking slots, and what the owner and the booker do with a booking.

Two people can never hold one slot: ``Booking.slot`` is unique in the database. Two bookings of the same slot at
the same instant both pass the checks; the second INSERT fails on the constraint and becomes ``SlotTaken`` (409).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core.abilities import is_active_user
from portal.core.mail import send_mail_later

from . import events
from .abilities import get_poll_abilities
from .models import Answer, Booking, Poll, PollOption
from .services import MAX_ANSWERS, _require, clean_identity, option_label


class SlotTaken(Exception):
    """The slot is held by someone else (HTTP 409)."""


def _slot(poll, slot_id, field="slot"):
    try:
        slot = PollOption.objects.get(poll=poll, pk=int(slot_id))
    except (PollOption.DoesNotExist, TypeError, ValueError) as error:
        raise ValidationError({field: _("Ce créneau n'est pas un créneau du sondage.")}) from error
    if slot.start <= timezone.now() + timezone.timedelta(hours=poll.min_notice_hours):
        raise ValidationError({field: _("Ce créneau est passé ou trop proche : choisissez-en un autre.")})
    return slot


def _respondent(poll, user, answer, name, email):
    """The booker's answer row (their identity): by account, by edit token, or a new public respondent."""
    if is_active_user(user):
        name, email = clean_identity(user, name, email)
        try:
            with transaction.atomic():
                found, _created = Answer.objects.get_or_create(
                    poll=poll, user=user, defaults={"name": name, "email": email}
                )
        except IntegrityError:  # the same person booking twice at the same instant
            found = Answer.objects.get(poll=poll, user=user)
        return found
    if answer is not None:
        if answer.poll_id != poll.pk:
            raise PermissionDenied
        return answer
    name, email = clean_identity(None, name, email)
    if Answer.objects.filter(poll=poll).count() >= MAX_ANSWERS:
        raise ValidationError({"slot": _("Ce sondage a atteint %(max)s réponses.") % {"max": MAX_ANSWERS}})
    return Answer.objects.create(poll=poll, name=name, email=email, language=translation.get_language() or "")


def _insert(poll, slot, answer):
    try:
        with transaction.atomic():
            return Booking.objects.create(poll=poll, slot=slot, answer=answer)
    except IntegrityError as error:
        raise SlotTaken(_("Ce créneau vient d'être réservé par quelqu'un d'autre.")) from error


@transaction.atomic
def book_slot(poll, slot_id, *, user=None, answer=None, name="", email="", via_link=False):
    """Book one slot of a meeting poll; returns the booking (its answer holds the booker's edit token)."""
    _require(get_poll_abilities(user, poll, via_link=via_link), "answer", _("Ce sondage n'accepte pas de réservation."))
    if not poll.is_meeting:
        raise ValidationError({"slot": _("Ce sondage n'est pas une prise de rendez-vous.")})
    slot = _slot(poll, slot_id)
    if Booking.objects.filter(slot=slot).exists():
        raise SlotTaken(_("Ce créneau est déjà réservé."))
    answer = _respondent(poll, user, answer, name, email)
    Answer.objects.select_for_update().filter(pk=answer.pk).first()  # one booking at a time per person
    if Booking.objects.filter(answer=answer).count() >= poll.max_bookings_per_person:
        raise ValidationError(
            {
                "slot": _("Vous avez déjà réservé %(max)s créneau(x) : annulez-en un pour en prendre un autre.")
                % {"max": poll.max_bookings_per_person}
            }
        )
    booking = _insert(poll, slot, answer)
    if poll.notify_owner:
        _mail(poll, [poll.owner.email], _("Nouvelle réservation : %(title)s"), "booked", booking)
    return booking


def _may_act(poll, booking, user, answer):
    owner = is_active_user(user) and user.pk == poll.owner_id
    mine = (is_active_user(user) and booking.answer.user_id == user.pk) or (
        answer is not None and booking.answer_id == answer.pk
    )
    if booking.poll_id != poll.pk or not (owner or mine):
        raise PermissionDenied
    return owner


@transaction.atomic
def cancel_booking(poll, booking, *, user=None, answer=None, message=""):
    """The booker (by account or link) or the owner frees the slot; the booker is told when the owner cancels."""
    owner = _may_act(poll, booking, user, answer)
    if booking.event_id:
        events.cancel_event(poll, booking.event_id)
    if owner:
        _mail(poll, [booking.answer.email], _("Rendez-vous annulé : %(title)s"), "cancelled", booking, message=message)
    booking.delete()


@transaction.atomic
def move_booking(poll, booking, slot_id, *, user=None, answer=None):
    """Move a booking to a free slot (the booker or the owner); a confirmed booking must be confirmed again."""
    owner = _may_act(poll, booking, user, answer)
    if poll.state != Poll.State.OPEN and not owner:
        raise ValidationError({"slot": _("Ce sondage est clos.")})
    slot = _slot(poll, slot_id)
    if booking.event_id:
        events.cancel_event(poll, booking.event_id)
    old = booking.slot
    booking.delete()
    moved = _insert(poll, slot, booking.answer)
    if owner:
        _mail(poll, [moved.answer.email], _("Rendez-vous déplacé : %(title)s"), "moved", moved, old=old)
    return moved


@transaction.atomic
def confirm_booking(actor, poll, booking):
    """The owner confirms: an agenda event for the slot, an e-mail to the booker."""
    _require(get_poll_abilities(actor, poll), "manage_bookings")
    booking = Booking.objects.select_for_update().select_related("slot", "answer").get(pk=booking.pk, poll=poll)
    if booking.confirmed:
        raise ValidationError({"booking": _("Ce rendez-vous est déjà confirmé.")})
    booking.confirmed = True
    booking.event_id = events.event_for_booking(poll, booking)
    booking.save(update_fields=["confirmed", "event_id"])
    _mail(poll, [booking.answer.email], _("Rendez-vous confirmé : %(title)s"), "confirmed", booking)
    return booking


def _mail(poll, to, subject, template, booking, **extra):
    """One e-mail, rendered from templates (names and messages escaped in the HTML part)."""
    with translation.override(booking.answer.language or None):
        context = {
            "poll": poll,
            "booking": booking,
            "slot": option_label(poll, booking.slot),
            "old": option_label(poll, extra["old"]) if extra.get("old") else "",
            "message": extra.get("message", ""),
            "what": template,
        }
        send_mail_later(
            to=to,
            subject=subject % {"title": poll.title},
            body=render_to_string("polls/email/booking.txt", context),
            html=render_to_string("polls/email/booking.html", context),
        )
