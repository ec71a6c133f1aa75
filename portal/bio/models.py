"""The bio card: one public profile card per person, every field with its own visibility.

A card is published or not as a whole; each of headline, biography, skills, e-mail, structure and each link is
``public`` (anyone, without signing in), ``staff`` (signed-in portal people) or ``hidden`` (the owner only). Names,
avatar and structure come from the account and are never edited here. Skills are rows shared by every card,
de-duplicated on their folded name ("Robotique" and "robotique" are one skill).
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.text import fold

PUBLIC_NAME_MAX_LENGTH = 50
PUBLIC_NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*[a-z0-9]$")
#: Words a public name may not take: the app's own addresses and words that would mislead.
RESERVED_PUBLIC_NAMES = frozenset(
    {
        "admin",
        "administrateur",
        "api",
        "bio",
        "competences",
        "edit",
        "me",
        "moi",
        "modifier",
        "new",
        "nouveau",
        "qr",
        "recherche",
        "root",
        "search",
        "skills",
        "static",
        "support",
        "supprimer",
        "vcard",
        "verifier",
    }
)
SKILL_MAX_LENGTH = 40


def validate_public_name(value):
    if len(value) < 3:
        raise ValidationError(_("Le nom public doit compter au moins 3 caractères."), code="too_short")
    if not PUBLIC_NAME_PATTERN.match(value):
        raise ValidationError(
            _(
                "Le nom public ne peut contenir que des lettres minuscules sans accent, des chiffres et les "
                "caractères - _ . (ni espace, ni barre oblique, ni « .. ») et doit commencer et finir par une "
                "lettre ou un chiffre."
            ),
            code="invalid_public_name",
        )
    if value in RESERVED_PUBLIC_NAMES:
        raise ValidationError(_("Ce nom public est réservé, choisissez-en un autre."), code="reserved_public_name")


def validate_link_url(value):
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    if scheme not in ("http", "https"):
        raise ValidationError(_("Seules les adresses http:// et https:// sont acceptées."), code="invalid_scheme")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public (tout le monde)")
    STAFF = "staff", _("Personnels connectés au portail")
    HIDDEN = "hidden", _("Masqué (moi seulement)")


def visibility_field(default=Visibility.HIDDEN):
    return models.CharField(_("visibilité"), max_length=6, choices=Visibility.choices, default=default)


class Skill(models.Model):
    name = models.CharField(_("nom"), max_length=SKILL_MAX_LENGTH)
    folded = models.CharField(max_length=SKILL_MAX_LENGTH * 2, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["folded"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class Card(models.Model):
    #: The fields whose visibility the owner chooses, with the model field holding it.
    VISIBILITY_FIELDS = {
        "headline": "headline_visibility",
        "biography": "biography_visibility",
        "skills": "skills_visibility",
        "email": "email_visibility",
        "structure": "structure_visibility",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="bio_card"
    )
    public_name = models.CharField(
        _("nom public"),
        max_length=PUBLIC_NAME_MAX_LENGTH,
        unique=True,
        validators=[MinLengthValidator(3), validate_public_name],
        error_messages={"unique": _("Ce nom public est déjà pris.")},
        help_text=_("L'adresse de votre carte : /bio/<nom public>/."),
    )
    published = models.BooleanField(_("carte publiée"), default=False)
    checked = models.BooleanField(_("carte vérifiée"), default=False)
    headline = models.CharField(_("titre ou fonction"), max_length=150, blank=True)
    headline_visibility = visibility_field()
    biography = models.TextField(_("biographie (Markdown)"), max_length=5000, blank=True)
    biography_visibility = visibility_field()
    skills = models.ManyToManyField(Skill, verbose_name=_("compétences"), related_name="cards", blank=True)
    skills_visibility = visibility_field()
    email_visibility = visibility_field()
    structure_visibility = visibility_field()
    moderated = models.BooleanField(_("masquée par un administrateur"), default=False)
    moderation_reason = models.TextField(_("motif du masquage"), max_length=1000, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("carte de profil")
        verbose_name_plural = _("cartes de profil")
        ordering = ["public_name"]
        indexes = [
            models.Index(
                fields=["public_name"], condition=models.Q(published=True, moderated=False), name="bio_card_listed"
            )
        ]

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("bio:card", args=[self.public_name])

    @property
    def listed(self):
        """Shown to others: published by its owner and not hidden by an administrator."""
        return self.published and not self.moderated


def build_card_search_text(public_name, first_name, last_name) -> str:
    """The folded text the search reads: public name, "first last", "last first" (never the e-mail)."""
    first, last = fold(first_name), fold(last_name)
    return " | ".join(
        part for part in (fold(public_name), f"{first} {last}".strip(), f"{last} {first}".strip()) if part
    )


class Link(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("libellé"), max_length=80)
    url = models.URLField(_("adresse"), max_length=500, validators=[validate_link_url])
    visibility = visibility_field()
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    network = models.CharField(_("réseau"), max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = _("lien")
        verbose_name_plural = _("liens")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label
