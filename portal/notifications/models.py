"""In-app notifications (one row per recipient) and information messages (national or for a structure).

Notifications are plain text: title and text are escaped when shown, never rendered as HTML. Their link is a path of
the portal (``/groups/maths/``) or an http(s) URL. Information messages carry HTML written by admins, sanitised with
nh3 on save.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.core.sanitize import sanitize_html
from portal.core.validators import validate_web_url


def validate_notification_link(value):
    """A path of the portal (``/x/``, not ``//host``) or an http/https URL; nothing else (no ``javascript:``)."""
    if not value:
        return
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return
    validate_web_url(value)


class Notification(models.Model):
    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        INFORMATION = "information", _("Information")
        REQUEST = "request", _("Demande")
        ROLE_SET = "role_set", _("Rôle attribué")
        ROLE_UNSET = "role_unset", _("Rôle retiré")
        GROUP = "group", _("Groupe")

    class Tab(models.TextChoices):
        """The two tabs of the notifications page (as in LaBoîte: "message" kind vs all the others)."""

        MESSAGES = "messages", _("Messages")
        INFORMATIONS = "informations", _("Informations")

    #: Kinds shown in the "Messages" tab; every other kind is in the "Informations" tab.
    MESSAGE_KINDS = (Kind.MESSAGE,)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=255)
    text = models.TextField(_("texte"), blank=True)
    link = models.CharField(_("lien"), max_length=500, blank=True, validators=[validate_notification_link])
    read = models.BooleanField(_("lue"), default=False)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True, db_index=True)
    #: For texts written by the portal: ``{"title": msgid, "text": [msgid, ...], "params": {...}}``, translated when
    #: displayed, in the reader's language. ``title`` and ``text`` then hold the French rendering (for the back
    #: office and as a fallback). Empty for texts a person wrote, shown as they are.
    i18n = models.JSONField(_("textes à traduire"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read"], name="notification_user_read"),
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
        ]

    def __str__(self):
        return self.title

    @property
    def tab(self):
        return self.Tab.MESSAGES if self.kind in self.MESSAGE_KINDS else self.Tab.INFORMATIONS

    @property
    def display_title(self):
        """The title in the active language (the reader's)."""
        if not self.i18n:
            return self.title
        return render_translated(self.i18n.get("title", ""), self.i18n.get("params")) or self.title

    @property
    def display_text(self):
        """The text in the active language (the reader's): the translated lines, one per line."""
        if not self.i18n:
            return self.text
        params = self.i18n.get("params")
        return "\n".join(render_translated(msgid, params) for msgid in self.i18n.get("text") or [])


def render_translated(msgid, params=None):
    """``gettext(msgid) % params`` in the active language; the French msgid when a translation is malformed."""
    if not msgid:
        return ""
    params = params or {}
    try:
        return gettext(msgid) % params
    except (KeyError, TypeError, ValueError):
        try:
            return msgid % params
        except (KeyError, TypeError, ValueError):
            return msgid


class InformationMessage(models.Model):
    """A message of the "Informations" page: national (no structure) or for a structure and its whole subtree."""

    content_fr = models.TextField(_("contenu (français)"))
    content_en = models.TextField(_("contenu (anglais)"), blank=True)
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="information_messages",
        help_text=_("Vide pour un message national."),
    )
    expires_at = models.DateTimeField(_("date d'expiration"))
    published_at = models.DateTimeField(_("publié le"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message d'information")
        verbose_name_plural = _("messages d'information")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["structure", "expires_at"], name="information_structure_expiry")]

    def __str__(self):
        scope = self.structure.name if self.structure_id else _("national")
        return f"{scope} — {self.published_at:%d/%m/%Y}"

    @property
    def is_national(self):
        return self.structure_id is None

    @property
    def content(self):
        """The content in the current language, falling back to French."""
        return self.content_en if get_language() == "en" and self.content_en else self.content_fr

    def save(self, *args, **kwargs):
        self.content_fr = sanitize_html(self.content_fr)
        self.content_en = sanitize_html(self.content_en)
        super().save(*args, **kwargs)
