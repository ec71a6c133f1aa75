"""Polls: date polls, text polls and meeting polls (bookable slots), their answers, votes, bookings and comments.

Invariants held by the database (not only by the services):
- one answer per portal person and poll (``unique_answer_per_user``); public respondents are told apart by their
  secret edit token (unique);
- one vote per answer and option;
- one booking per slot (``unique_booking_per_slot``): two people can never hold the same slot, even at the same
  instant, whatever the code path.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
LABEL_MAX_LENGTH = 200


def new_token():
    return secrets.token_urlsafe(24)


class Poll(models.Model):
    class Kind(models.TextChoices):
        DATE = "date", _("Sondage de dates")
        TEXT = "text", _("Sondage à choix")
        MEETING = "meeting", _("Prise de rendez-vous")

    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        OPEN = "open", _("Ouvert")
        CLOSED = "closed", _("Clos")

    title = models.CharField(_("titre"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("propriétaire"), on_delete=models.CASCADE, related_name="polls"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.DATE)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.DRAFT)
    #: Date polls: length of each proposed option; meeting polls: the slots carry their own end.
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"), default=60)
    all_day = models.BooleanField(_("journées entières"), default=False)
    time_zone = models.CharField(_("fuseau horaire"), max_length=64, default="Europe/Paris")
    is_public = models.BooleanField(_("lien public"), default=False)
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    groups = models.ManyToManyField("groups.Group", verbose_name=_("groupes"), blank=True, related_name="+")
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("personnes"), blank=True, related_name="+")
    hide_participants = models.BooleanField(_("masquer les participants"), default=False)
    allow_maybe = models.BooleanField(_("autoriser « si nécessaire »"), default=True)
    multiple_choice = models.BooleanField(_("choix multiple"), default=True)
    max_answers_per_option = models.PositiveIntegerField(_("réponses maximum par option"), null=True, blank=True)
    max_bookings_per_person = models.PositiveSmallIntegerField(_("créneaux par personne"), default=1)
    min_notice_hours = models.PositiveIntegerField(_("délai de prévenance (heures)"), default=0)
    deadline = models.DateTimeField(_("date limite"), null=True, blank=True)
    notify_owner = models.BooleanField(_("me prévenir à chaque réponse"), default=False)
    chosen_option = models.ForeignKey(
        "PollOption",
        verbose_name=_("option retenue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: Id of the agenda event created on closing (the agenda's own id; no foreign key into another app).
    event_id = models.BigIntegerField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    opened_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)

    class Meta:
        verbose_name = _("sondage")
        verbose_name_plural = _("sondages")
        indexes = [models.Index(fields=["owner", "state"]), models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("polls:detail", args=[self.pk])

    def public_url(self):
        return reverse("polls:public", args=[self.public_token])

    @property
    def is_meeting(self):
        return self.kind == self.Kind.MEETING


class PollOption(models.Model):
    """A proposed date (``start``/``end``, absolute instants), a free text (``label``) or a bookable slot."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("libellé"), max_length=LABEL_MAX_LENGTH, blank=True)
    start = models.DateTimeField(_("début"), null=True, blank=True)
    end = models.DateTimeField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["poll", "position", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "start"], condition=Q(start__isnull=False), name="unique_option_start"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="option_end_after_start",
            ),
        ]

    def __str__(self):
        return self.label or (self.start.isoformat() if self.start else str(self.pk))


class Answer(models.Model):
    """One respondent's answer (a portal person by account, a public respondent by their edit token)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="poll_answers"
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    edit_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    comment = models.TextField(_("commentaire"), blank=True)
    language = models.CharField(max_length=8, blank=True, default="")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"], condition=Q(user__isnull=False), name="unique_answer_per_user"
            ),
        ]
        indexes = [models.Index(fields=["poll", "created_at"])]

    def __str__(self):
        return self.name


class Vote(models.Model):
    class Value(models.TextChoices):
        YES = "yes", _("Oui")
        MAYBE = "maybe", _("Si nécessaire")
        NO = "no", _("Non")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    value = models.CharField(max_length=5, choices=Value.choices)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["answer", "option"], name="unique_vote_per_option")]

    def __str__(self):
        return f"{self.option_id}: {self.value}"


class Booking(models.Model):
    """A meeting slot held by one respondent. The unique slot is the rule "never two people on one slot"."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="bookings")
    confirmed = models.BooleanField(_("confirmé"), default=False)
    event_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("réservé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        constraints = [models.UniqueConstraint(fields=["slot"], name="unique_booking_per_slot")]

    def __str__(self):
        return f"{self.slot_id}: {self.answer_id}"


class Comment(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.TextField(_("commentaire"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.author_name
