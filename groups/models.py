"""Groups, the one membership table that holds each person's role in a group, and group bookmarks.

A person has at most one ``Membership`` row per group; its ``role`` is one of candidate < member < animator < admin,
each role including the rights of the roles below it (an admin is also an animator and a member). Global admins hold
admin rights in every group without a row (see ``abilities.py``).

Automatic groups (type ``automatic``) belong to a structure (one each); their memberships are maintained by
``services.sync_automatic_memberships`` and are never edited by hand.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.sanitize import sanitize_html
from portal.core.text import fold
from portal.core.validators import validate_image_upload

#: Names of automatic groups are "<structure id>_<structure name>" (as in LaBoîte); people cannot take that shape.
AUTOMATIC_NAME_PATTERN = re.compile(r"^\d+_")
NAME_MAX_LENGTH = 90


class Group(models.Model):
    class Type(models.TextChoices):
        OPEN = "open", _("Ouvert")
        MODERATED = "moderated", _("Modéré")
        CLOSED = "closed", _("Fermé")
        AUTOMATIC = "automatic", _("Automatique (structure)")

    #: The types people may choose; automatic groups are made by the code only.
    CHOOSABLE_TYPES = (Type.OPEN, Type.MODERATED, Type.CLOSED)
    #: Listed in the directory for everyone; the others only for their members.
    PUBLIC_TYPES = (Type.OPEN, Type.MODERATED)

    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=255, unique=True, allow_unicode=False)
    search_name = models.CharField(max_length=255, editable=False, default="", db_index=True)
    description = models.CharField(_("description courte"), max_length=500, blank=True)
    content = models.TextField(_("présentation"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="groups/avatars/", blank=True, validators=[validate_image_upload])
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.OPEN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_groups",
    )
    structure = models.OneToOneField(
        "structures.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="automatic_group",
    )
    plugins = models.JSONField(_("modules activés"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["search_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="group_unique_name", violation_error_message=_("Ce nom de groupe est déjà pris.")
            ),
            models.CheckConstraint(
                condition=(Q(type="automatic") & Q(structure__isnull=False))
                | (~Q(type="automatic") & Q(structure__isnull=True)),
                name="group_automatic_iff_structure",
            ),
        ]
        indexes = [models.Index(fields=["type", "search_name"], name="group_type_search")]

    def __str__(self):
        return self.display_name

    @property
    def is_automatic(self):
        return self.type == self.Type.AUTOMATIC

    @property
    def display_name(self):
        """The name people read: an automatic group shows its structure's name without the id prefix."""
        if self.is_automatic and AUTOMATIC_NAME_PATTERN.match(self.name):
            return self.name.split("_", 1)[1]
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", args=[self.slug])

    def save(self, *args, **kwargs):
        self.search_name = fold(self.display_name)
        self.content = sanitize_html(self.content)
        super().save(*args, **kwargs)


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur")
        ANIMATOR = "animator", _("Animateur")
        MEMBER = "member", _("Membre")
        CANDIDATE = "candidate", _("Candidat")

    #: Roles that make someone part of the group (a candidate only asked to be).
    MEMBER_ROLES = (Role.ADMIN, Role.ANIMATOR, Role.MEMBER)
    #: Roles that run the group's membership (accept candidates, add and remove members, broadcast).
    MANAGER_ROLES = (Role.ADMIN, Role.ANIMATOR)
    #: Order of the address book: admins first.
    RANK = {Role.ADMIN: 0, Role.ANIMATOR: 1, Role.MEMBER: 2, Role.CANDIDATE: 3}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    group = models.ForeignKey(Group, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance à un groupe")
        verbose_name_plural = _("appartenances aux groupes")
        ordering = ["group", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "group"], name="membership_unique_user_group")]
        indexes = [models.Index(fields=["group", "role"], name="membership_group_role")]

    def __str__(self):
        return f"{self.user} — {self.group} ({self.get_role_display()})"


class GroupBookmark(models.Model):
    """A link shared with a group. No favicon is fetched server-side (LaBoîte's fetch was an SSRF hole)."""

    group = models.ForeignKey(Group, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="bookmarks")
    url = models.URLField(_("adresse"), max_length=512)
    name = models.CharField(_("nom"), max_length=200)
    tag = models.CharField(_("étiquette"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_bookmarks",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("marque-page de groupe")
        verbose_name_plural = _("marque-pages de groupe")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "url"],
                name="group_bookmark_unique_url",
                violation_error_message=_("Ce lien est déjà dans les marque-pages du groupe."),
            )
        ]

    def __str__(self):
        return self.name
