"""Events, their participants, categories, feed tokens and sent reminders.

An ``Event`` row is either a one-off event, the master of a recurring series (``rrule`` set; its occurrences are
computed for a window by ``recurrence.py``, never stored), or an overridden occurrence of a series (``parent`` set,
``recurrence_id`` = the original start of the occurrence it replaces, RFC 5545 RECURRENCE-ID). Participants and
groups belong to the master; overrides share them.

Times: ``start`` and ``end`` are aware datetimes (stored in UTC); ``timezone`` is the zone the event lives in, the
one recurrence follows (a weekly 09:00 event stays at 09:00 local time across daylight-saving changes). An all-day
event starts at local midnight of its first day and ends at local midnight of the day after its last day
(exclusive end, as DTEND;VALUE=DATE in RFC 5545).
"""

import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from portal.core.sanitize import sanitize_html

DEFAULT_TIMEZONE = "Europe/Paris"
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False})


def render_markdown(text):
    return mark_safe(sanitize_html(_MARKDOWN.render(text or "")))  # noqa: S308 - sanitised by nh3 just before


def new_uid():
    return f"{uuid.uuid4()}@{settings.AGENDA_UID_DOMAIN}"


class Category(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        default="#000091",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Une couleur s'écrit #RRGGBB."))],
    )

    class Meta:
        verbose_name = _("catégorie d'événement")
        verbose_name_plural = _("catégories d'événement")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Event(models.Model):
    uid = models.CharField(_("UID"), max_length=255, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(_("séquence"), default=0, editable=False)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisateur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    title = models.CharField(_("titre"), max_length=200)
    location = models.CharField(_("lieu"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("catégorie"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timezone = models.CharField(_("fuseau horaire"), max_length=64, default=DEFAULT_TIMEZONE)
    all_day = models.BooleanField(_("toute la journée"), default=False)
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    #: RFC 5545 RRULE value without the "RRULE:" prefix ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"); empty: no recurrence.
    rrule = models.CharField(_("règle de récurrence"), max_length=500, blank=True)
    #: Original starts (UTC ISO 8601) of the removed occurrences (EXDATE).
    exdates = models.JSONField(_("occurrences supprimées"), default=list, blank=True)
    #: End of the last occurrence (None: a rule without end); the window queries filter on it.
    series_end = models.DateTimeField(null=True, blank=True, editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="overrides", editable=False
    )
    recurrence_id = models.DateTimeField(null=True, blank=True, editable=False)
    #: Minutes before the start at which reminders are sent (VALARM, notification and e-mail).
    reminders = models.JSONField(_("rappels (minutes avant)"), default=list, blank=True)
    groups = models.ManyToManyField(
        "groups.Group", verbose_name=_("groupes invités"), blank=True, related_name="agenda_events"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="agenda_event_end_after_start"),
            models.UniqueConstraint(
                fields=["parent", "recurrence_id"],
                condition=Q(parent__isnull=False),
                name="agenda_event_one_override_per_occurrence",
            ),
        ]
        indexes = [
            models.Index(fields=["start", "series_end"], name="agenda_event_window"),
            models.Index(fields=["organiser", "start"], name="agenda_event_organiser"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:event", args=[self.parent_id or self.pk])

    @property
    def is_recurring(self):
        return bool(self.rrule)

    @property
    def duration(self):
        return self.end - self.start

    @property
    def description_html(self):
        """The Markdown description as sanitised HTML (raw HTML in it is escaped, then nh3 cleans the result)."""
        return render_markdown(self.description)

    @property
    def first_day(self):
        return self.start.astimezone(ZoneInfo(self.timezone)).date()

    @property
    def last_day(self):
        """The last day the event covers (an all-day end is exclusive)."""
        local_end = self.end.astimezone(ZoneInfo(self.timezone))
        return (local_end - timedelta(days=1)).date() if self.all_day else local_end.date()


class Participant(models.Model):
    class Status(models.TextChoices):
        NEEDS_ACTION = "needs-action", _("En attente de réponse")
        ACCEPTED = "accepted", _("Accepte")
        TENTATIVE = "tentative", _("Peut-être")
        DECLINED = "declined", _("Décline")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    #: A portal person; None for an external guest (``email`` then).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_participations"
    )
    email = models.EmailField(_("adresse électronique"), blank=True)
    status = models.CharField(_("réponse"), max_length=12, choices=Status.choices, default=Status.NEEDS_ACTION)
    #: Invited by name (a person or a guest); otherwise only through one of the event's groups.
    direct = models.BooleanField(default=True)
    #: Member of one of the event's invited groups.
    via_group = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False), name="agenda_participant_one_per_user"
            ),
            models.UniqueConstraint(
                fields=["event", "email"], condition=Q(user__isnull=True), name="agenda_participant_one_per_guest"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="agenda_participant_user_or_email"
            ),
        ]
        indexes = [models.Index(fields=["user", "event"], name="agenda_participant_user")]

    def __str__(self):
        return str(self.user or self.email)

    @property
    def is_guest(self):
        return self.user_id is None


class FeedToken(models.Model):
    """The secret of a private ICS subscription URL: a person's agenda (``group`` None) or one group's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed_tokens")
    group = models.ForeignKey("groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"], name="agenda_feed_one_per_group", condition=Q(group__isnull=False)
            ),
            models.UniqueConstraint(fields=["user"], name="agenda_feed_one_personal", condition=Q(group__isnull=True)),
        ]

    def __str__(self):
        return f"{self.user_id}/{self.group_id or '-'}"


class SentReminder(models.Model):
    """One reminder sent for one occurrence: the beat task sends each (event, occurrence, offset) exactly once."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    occurrence_start = models.DateTimeField()
    minutes = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "occurrence_start", "minutes"], name="agenda_reminder_once_per_occurrence"
            )
        ]

    def __str__(self):
        return f"{self.event_id} {self.occurrence_start:%Y-%m-%d %H:%M} -{self.minutes}"
