"""Every write on polls, answers and comments, with its rule (meeting bookings: ``polls.meetings``).

Refusals: ``PermissionDenied`` when the person may not act at all (403), ``ValidationError`` naming the field when
the request is wrong (400): an option that is not in the poll, a group one does not belong to, a date in the past,
too many options or answers. Each service runs in one transaction: on a refusal nothing changes.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groups.selectors import member_group_ids, member_ids
from portal.core.abilities import is_active_user
from portal.core.sanitize import sanitize_html
from portal.notifications.services import notify_translated
from portal.users.models import User

from . import events
from .abilities import can_create_poll, get_poll_abilities
from .models import TITLE_MAX_LENGTH, Answer, Comment, Poll, PollOption, Vote
from .options import check_duration, clean_options, zone

MAX_ANSWERS = 10_000
COMMENT_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 5000
SETTING_FIELDS = (
    "hide_participants",
    "allow_maybe",
    "multiple_choice",
    "max_answers_per_option",
    "max_bookings_per_person",
    "min_notice_hours",
    "deadline",
    "notify_owner",
    "is_public",
)
#: Fields one may change on a draft; on an open poll only those of ``OPEN_FIELDS``.
DRAFT_FIELDS = ("title", "description", "kind", "duration_minutes", "all_day", "time_zone", *SETTING_FIELDS)
OPEN_FIELDS = ("title", "description", "deadline", "notify_owner", "hide_participants", "max_answers_per_option")


def _require(abilities, name, message=""):
    if not abilities.get(name):
        raise PermissionDenied(message or _("Action non autorisée sur ce sondage."))


def _locked(poll):
    """The poll row, locked until the end of the transaction (PostgreSQL; SQLite serialises writes anyway)."""
    return Poll.objects.select_for_update().get(pk=poll.pk)


# --- fields --------------------------------------------------------------------------------------------------------


def _clean_title(value):
    value = " ".join(str(value or "").split())
    if not value:
        raise ValidationError({"title": _("Le titre est obligatoire.")})
    if len(value) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {"title": _("Le titre ne doit pas dépasser %(max)s caractères.") % {"max": TITLE_MAX_LENGTH}}
        )
    return value


def _clean_description(value):
    value = sanitize_html(str(value or "").strip())
    if len(value) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("La description ne doit pas dépasser %(max)s caractères.")
                % {"max": DESCRIPTION_MAX_LENGTH}
            }
        )
    return value


def _clean_deadline(value):
    if value is None or value == "":
        return None
    if timezone.is_naive(value):
        raise ValidationError({"deadline": _("Date limite invalide : indiquez le fuseau horaire.")})
    if value <= timezone.now():
        raise ValidationError({"deadline": _("La date limite est déjà passée.")})
    return value


def _clean_positive(field, minimum=0, maximum=100_000, allow_none=False):
    def clean(value):
        if value in (None, "") and allow_none:
            return None
        try:
            number = int(value)
        except (TypeError, ValueError) as error:
            raise ValidationError({field: _("Nombre entier attendu.")}) from error
        if not minimum <= number <= maximum:
            raise ValidationError(
                {field: _("Valeur hors limites (%(min)s à %(max)s).") % {"min": minimum, "max": maximum}}
            )
        return number

    return clean


def _clean_kind(value):
    if value not in Poll.Kind.values:
        raise ValidationError({"kind": _("Type de sondage inconnu.")})
    return value


def _clean_zone(value):
    zone(value)
    return value


CLEANERS = {
    "title": _clean_title,
    "description": _clean_description,
    "kind": _clean_kind,
    "duration_minutes": check_duration,
    "time_zone": _clean_zone,
    "deadline": _clean_deadline,
    "max_answers_per_option": _clean_positive("max_answers_per_option", 1, MAX_ANSWERS, allow_none=True),
    "max_bookings_per_person": _clean_positive("max_bookings_per_person", 1, 50),
    "min_notice_hours": _clean_positive("min_notice_hours", 0, 24 * 365),
}


def clean_fields(changes, allowed):
    """Validate the fields given, collecting every error into one ValidationError keyed by field."""
    cleaned, errors = {}, {}
    for field, value in changes.items():
        if field not in allowed:
            if field == "owner":
                errors[field] = [_("Le propriétaire d'un sondage ne peut pas être changé.")]
            else:
                errors[field] = [_("Ce champ ne peut pas être modifié ici.")]
            continue
        try:
            cleaned[field] = CLEANERS[field](value) if field in CLEANERS else bool(value)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_targets(actor, group_ids, people_ids):
    """Groups must be ones the owner belongs to (checked here, not trusted from the form); people active accounts."""
    group_ids = {int(pk) for pk in group_ids or []}
    people_ids = {int(pk) for pk in people_ids or []}
    if group_ids:
        mine = set(member_group_ids(actor).filter(group_id__in=group_ids).values_list("group_id", flat=True))
        if mine != group_ids:
            raise ValidationError({"groups": _("Vous ne pouvez cibler que des groupes dont vous êtes membre.")})
    if people_ids:
        found = set(User.objects.filter(pk__in=people_ids, is_active=True).values_list("pk", flat=True))
        if found != people_ids:
            raise ValidationError({"people": _("Personne inconnue ou inactive.")})
    return group_ids, people_ids


def _add_options(poll, options):
    existing = PollOption.objects.filter(poll=poll)
    cleaned = clean_options(options, existing=existing.count())
    taken = set(existing.exclude(start=None).values_list("start", flat=True))
    labels = {label.lower() for label in existing.exclude(label="").values_list("label", flat=True)}
    position = (existing.aggregate(top=Max("position"))["top"] or 0) + 1
    rows = []
    for option in cleaned:
        if (option["start"] is not None and option["start"] in taken) or (
            option["start"] is None and option["label"].lower() in labels
        ):
            continue
        if poll.kind == Poll.Kind.TEXT and option["start"] is not None:
            raise ValidationError({"options": _("Un sondage à choix propose des libellés, pas des dates.")})
        if poll.kind != Poll.Kind.TEXT and option["start"] is None:
            raise ValidationError({"options": _("Ce sondage propose des dates ou des créneaux.")})
        rows.append(PollOption(poll=poll, position=position, **option))
        position += 1
    PollOption.objects.bulk_create(rows)
    return rows


# --- polls ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_poll(actor, *, title, kind=Poll.Kind.DATE, options=(), group_ids=(), people_ids=(), **fields):
    """A draft poll owned by ``actor`` (never by anyone else: there is no owner parameter)."""
    if not can_create_poll(actor):
        raise PermissionDenied
    cleaned = clean_fields({"title": title, "kind": kind, **fields}, DRAFT_FIELDS)
    groups, people = _clean_targets(actor, group_ids, people_ids)
    poll = Poll.objects.create(owner=actor, **cleaned)
    poll.groups.set(groups)
    poll.people.set(people)
    _add_options(poll, list(options))
    return poll


@transaction.atomic
def update_poll(actor, poll, *, options=None, group_ids=None, people_ids=None, **changes):
    """A draft: everything (``options`` replaces them). An open poll: title, description, some settings, and
    ``options`` only adds (the answers already given stay coherent)."""
    poll = _locked(poll)
    abilities = get_poll_abilities(actor, poll)
    _require(abilities, "update")
    draft = abilities["update_options_freely"]
    cleaned = clean_fields(changes, DRAFT_FIELDS if draft else OPEN_FIELDS)
    if not draft and (group_ids is not None or people_ids is not None):
        raise ValidationError({"groups": _("Les destinataires d'un sondage ouvert ne changent plus.")})
    for field, value in cleaned.items():
        setattr(poll, field, value)
    poll.save()
    if group_ids is not None or people_ids is not None:
        groups, people = _clean_targets(
            actor,
            group_ids if group_ids is not None else poll.groups.values_list("pk", flat=True),
            people_ids if people_ids is not None else poll.people.values_list("pk", flat=True),
        )
        poll.groups.set(groups)
        poll.people.set(people)
    if options is not None:
        if draft:
            PollOption.objects.filter(poll=poll).delete()
        _add_options(poll, list(options))
    return poll


@transaction.atomic
def delete_poll(actor, poll):
    _require(get_poll_abilities(actor, poll), "delete", _("Fermez le sondage avant de le supprimer."))
    poll.delete()


def _recipients(poll):
    """Ids of the portal people a poll targets (group members and named people), the owner excluded: a subquery."""
    groups = poll.groups.through.objects.filter(poll_id=poll.pk).values("group_id")
    people = poll.people.through.objects.filter(poll_id=poll.pk).values("user_id")
    return (
        User.objects.filter(Q(pk__in=member_ids(groups)) | Q(pk__in=people), is_active=True)
        .exclude(pk=poll.owner_id)
        .values("pk")
    )


@transaction.atomic
def open_poll(actor, poll):
    poll = _locked(poll)
    _require(get_poll_abilities(actor, poll), "open")
    if not PollOption.objects.filter(poll=poll).exists():
        raise ValidationError({"options": _("Proposez au moins une option avant d'ouvrir le sondage.")})
    if not poll.is_public and not poll.groups.exists() and not poll.people.exists():
        raise ValidationError({"groups": _("Choisissez des groupes, des personnes ou un lien public.")})
    if poll.deadline and poll.deadline <= timezone.now():
        raise ValidationError({"deadline": _("La date limite est déjà passée.")})
    poll.state, poll.opened_at = Poll.State.OPEN, timezone.now()
    poll.save(update_fields=["state", "opened_at", "updated_at"])
    notify_translated(
        _recipients(poll),
        "group",
        gettext_noop("Nouveau sondage"),
        text=gettext_noop("%(owner)s vous invite à répondre au sondage « %(title)s »."),
        params={"owner": poll.owner.get_full_name() or poll.owner.username, "title": poll.title},
        link=poll.get_absolute_url(),
    )
    return poll


@transaction.atomic
def close_poll(actor, poll, option_id=None, *, system=False):
    """Close ``poll``; a chosen option (checked against the poll's own options) of a date poll becomes an agenda
    event. ``system``: closed by the deadline task (no actor). A closed poll is never reopened."""
    poll = _locked(poll)
    if not system:
        _require(get_poll_abilities(actor, poll), "close")
    elif poll.state != Poll.State.OPEN:
        return poll
    option = None
    if option_id not in (None, ""):
        try:
            option = PollOption.objects.get(poll=poll, pk=int(option_id))
        except (PollOption.DoesNotExist, TypeError, ValueError) as error:
            raise ValidationError({"option": _("Cette option n'est pas une option du sondage.")}) from error
        if poll.is_meeting:
            raise ValidationError({"option": _("Un sondage de rendez-vous se ferme sans choix.")})
    poll.state, poll.closed_at, poll.chosen_option = Poll.State.CLOSED, timezone.now(), option
    poll.save(update_fields=["state", "closed_at", "chosen_option", "updated_at"])
    if option is not None and poll.kind == Poll.Kind.DATE:
        poll.event_id = events.event_for_chosen_date(poll, option)
        poll.save(update_fields=["event_id"])
    if option is not None:
        notify_translated(
            _respondent_and_target_ids(poll),
            "information",
            gettext_noop("Sondage clos"),
            text=gettext_noop("Le sondage « %(title)s » est clos ; option retenue : %(option)s."),
            params={"title": poll.title, "option": option_label(poll, option)},
            link=poll.get_absolute_url(),
        )
    return poll


def _respondent_and_target_ids(poll):
    answered = Answer.objects.filter(poll=poll, user__isnull=False).values("user_id")
    return User.objects.filter(Q(pk__in=_recipients(poll)) | Q(pk__in=answered)).exclude(pk=poll.owner_id).values("pk")


def option_label(poll, option):
    """The option as people read it: its label, or its date in the poll's time zone."""
    if option.label:
        return option.label
    start = timezone.localtime(option.start, zone(poll.time_zone))
    with translation.override(settings.LANGUAGE_CODE):
        if poll.all_day:
            return start.strftime("%d/%m/%Y")
        return start.strftime("%d/%m/%Y %H:%M") + f" ({poll.time_zone})"


def close_expired_polls(now=None) -> int:
    """Close every open poll whose deadline has passed (beat task; idempotent)."""
    now = now or timezone.now()
    closed = 0
    for poll in Poll.objects.filter(state=Poll.State.OPEN, deadline__lte=now).only("pk"):
        close_poll(None, poll, system=True)
        closed += 1
    return closed


def remind_non_respondents(now=None) -> int:
    """Once per poll, a day before its deadline: notify the targeted people who have not answered (beat task)."""
    now = now or timezone.now()
    due = Poll.objects.filter(
        state=Poll.State.OPEN, reminder_sent_at=None, deadline__gt=now, deadline__lte=now + timezone.timedelta(days=1)
    )
    sent = 0
    for poll in due:
        with transaction.atomic():
            if Poll.objects.filter(pk=poll.pk, reminder_sent_at=None).update(reminder_sent_at=now) != 1:
                continue  # another run took it
            answered = Answer.objects.filter(poll=poll, user__isnull=False).values("user_id")
            notify_translated(
                User.objects.filter(pk__in=_recipients(poll)).exclude(pk__in=answered).values("pk"),
                "information",
                gettext_noop("Rappel de sondage"),
                text=gettext_noop("Le sondage « %(title)s » se termine bientôt : vous n'y avez pas encore répondu."),
                params={"title": poll.title},
                link=poll.get_absolute_url(),
            )
            sent += 1
    return sent


# --- answers -------------------------------------------------------------------------------------------------------


def clean_identity(user, name, email):
    """A portal person's identity comes from their account, never from the request (hole 2)."""
    if is_active_user(user):
        return (user.get_full_name() or user.username)[:150], user.email or ""
    name = " ".join(str(name or "").split())[:150]
    email = str(email or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Indiquez votre nom.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Indiquez une adresse e-mail valide.")]
    if errors:
        raise ValidationError(errors)
    return name, email


def _clean_votes(poll, votes):
    """``{option_id: "yes"|"maybe"|"no"}`` checked against the poll's options and settings."""
    if not isinstance(votes, dict):
        raise ValidationError({"votes": _("Votes invalides.")})
    option_ids = set(PollOption.objects.filter(poll=poll).values_list("pk", flat=True))
    cleaned = {}
    for key, value in votes.items():
        try:
            option_id = int(key)
        except (TypeError, ValueError) as error:
            raise ValidationError({"votes": _("Option inconnue : %(id)s.") % {"id": str(key)[:20]}}) from error
        if option_id not in option_ids:
            raise ValidationError({"votes": _("Option inconnue : %(id)s.") % {"id": option_id}})
        if value not in Vote.Value.values:
            raise ValidationError({"votes": _("Vote invalide : oui, si nécessaire ou non.")})
        if value == Vote.Value.MAYBE and not poll.allow_maybe:
            raise ValidationError({"votes": _("Ce sondage n'accepte pas « si nécessaire ».")})
        if value != Vote.Value.NO:
            cleaned[option_id] = value
    if poll.kind == Poll.Kind.TEXT and not poll.multiple_choice and len(cleaned) > 1:
        raise ValidationError({"votes": _("Ce sondage n'accepte qu'un seul choix.")})
    return cleaned


def _check_option_limits(poll, votes, answer):
    if not poll.max_answers_per_option or not votes:
        return
    others = Vote.objects.filter(option_id__in=list(votes), value__in=[Vote.Value.YES, Vote.Value.MAYBE])
    if answer is not None:
        others = others.exclude(answer=answer)
    counts = {}
    for option_id in others.values_list("option_id", flat=True):
        counts[option_id] = counts.get(option_id, 0) + 1
    full = [option_id for option_id in votes if counts.get(option_id, 0) >= poll.max_answers_per_option]
    if full:
        raise ValidationError({"votes": _("Une option choisie est complète.")})


@transaction.atomic
def submit_answer(poll, *, user=None, answer=None, name="", email="", votes=None, comment="", via_link=False):
    """Create or change an answer. A portal person has one answer per poll (by account); a public respondent
    creates one (``answer`` None, a new edit token) or changes theirs (``answer`` found by its edit token)."""
    poll = _locked(poll)
    _require(get_poll_abilities(user, poll, via_link=via_link), "answer", _("Ce sondage n'accepte pas de réponse."))
    if poll.is_meeting:
        raise ValidationError({"votes": _("Un sondage de rendez-vous se réserve créneau par créneau.")})
    name, email = clean_identity(user, name, email)
    comment = str(comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError({"comment": _("Le commentaire est trop long.")})
    if is_active_user(user):
        answer = Answer.objects.filter(poll=poll, user=user).first()
    elif answer is not None and answer.poll_id != poll.pk:
        raise PermissionDenied
    votes = _clean_votes(poll, votes or {})
    _check_option_limits(poll, votes, answer)
    created = answer is None
    if created:
        if Answer.objects.filter(poll=poll).count() >= MAX_ANSWERS:
            raise ValidationError({"votes": _("Ce sondage a atteint %(max)s réponses.") % {"max": MAX_ANSWERS}})
        answer = Answer.objects.create(
            poll=poll,
            user=user if is_active_user(user) else None,
            name=name,
            email=email,
            comment=comment,
            language=translation.get_language() or "",
        )
    else:
        answer.name, answer.email, answer.comment = name, email, comment
        answer.save(update_fields=["name", "email", "comment", "updated_at"])
        Vote.objects.filter(answer=answer).delete()
    Vote.objects.bulk_create([Vote(answer=answer, option_id=pk, value=value) for pk, value in votes.items()])
    if poll.notify_owner and not (is_active_user(user) and user.pk == poll.owner_id):
        notify_translated(
            [poll.owner_id],
            "information",
            gettext_noop("Nouvelle réponse"),
            text=gettext_noop("%(name)s a répondu au sondage « %(title)s »."),
            params={"name": name, "title": poll.title},
            link=poll.get_absolute_url(),
        )
    return answer


@transaction.atomic
def delete_answer(poll, answer, *, user=None):
    """A respondent withdraws their answer (a portal person theirs; a public respondent through their link)."""
    if answer.poll_id != poll.pk or (answer.user_id and not (is_active_user(user) and answer.user_id == user.pk)):
        raise PermissionDenied
    if poll.state != Poll.State.OPEN:
        raise ValidationError({"answer": _("Ce sondage est clos : la réponse ne peut plus être retirée.")})
    answer.delete()


def answer_link(poll, answer):
    """The personal link of a public respondent (to come back, change or delete their answer)."""
    return reverse("polls:public_answer", args=[poll.public_token, answer.edit_token])


# --- comments ------------------------------------------------------------------------------------------------------


@transaction.atomic
def add_comment(poll, text, *, user=None, answer=None, via_link=False):
    _require(get_poll_abilities(user, poll, via_link=via_link), "comment")
    text = str(text or "").strip()
    if not text:
        raise ValidationError({"text": _("Le commentaire est vide.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("Le commentaire est trop long.")})
    if is_active_user(user):
        name = user.get_full_name() or user.username
    elif answer is not None and answer.poll_id == poll.pk:
        name = answer.name
    else:
        raise ValidationError({"text": _("Répondez au sondage avant de commenter.")})
    return Comment.objects.create(poll=poll, author=user if is_active_user(user) else None, author_name=name, text=text)
