"""The organisation tree (ministry, académies, districts, schools) and the e-mail domain table.

The tree is a materialized path: each structure stores ``path`` = its ancestors' ids and its own, as
``/1/5/23/``. A subtree is one ``path LIKE '/1/5/%'`` query (indexed); the ancestors are one ``id IN (...)`` query
read off the path. Moving a structure rewrites its subtree's paths in one UPDATE. We keep a real ``parent`` foreign
key next to the path so that sibling names are unique in the database and the admin gets plain select widgets.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower, Substr
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.core.sanitize import sanitize_html
from portal.core.text import fold
from portal.core.validators import validate_image_upload

from .signals import structure_moved


class StructureQuerySet(models.QuerySet):
    def subtree_of_paths(self, paths):
        """Structures under any of ``paths`` (the structures themselves included)."""
        if not paths:
            return self.none()
        condition = Q()
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class Structure(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("structure parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    search_name = models.CharField(max_length=200, editable=False, default="", db_index=True)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    external_code = models.CharField(
        _("code externe (UAI)"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Pour un établissement, son code UAI, par exemple 0690026D."),
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_url = models.URLField(_("URL de contact externe"), blank=True)
    forward_contact_to_parent = models.BooleanField(_("transmettre le contact à la structure parente"), default=False)
    forward_contact_to_admins = models.BooleanField(
        _("transmettre le contact aux administrateurs de la structure"), default=False
    )
    introduction_fr = models.TextField(_("introduction (français)"), blank=True)
    introduction_en = models.TextField(_("introduction (anglais)"), blank=True)
    icon = models.ImageField(_("icône"), upload_to="structures/icons/", blank=True, validators=[validate_image_upload])
    cover = models.ImageField(
        _("image de couverture"), upload_to="structures/covers/", blank=True, validators=[validate_image_upload]
    )
    membership_needs_validation = models.BooleanField(
        _("l'adhésion doit être validée"),
        default=False,
        help_text=_("Les personnes qui choisissent cette structure attendent la validation de ses administrateurs."),
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("administrateurs de la structure"),
        related_name="administered_structures",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "parent",
                name="structure_unique_name_among_siblings",
                violation_error_message=_("Une structure de ce nom existe déjà à cet endroit de l'arbre."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(parent__isnull=True),
                name="structure_unique_root_name",
                violation_error_message=_("Une structure de ce nom existe déjà à cet endroit de l'arbre."),
            ),
        ]

    def __str__(self):
        return self.name

    # --- tree reads (one query each) ---

    @property
    def ancestor_ids(self):
        """Ids of the ancestors, root first, read off the path without a query."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    def get_ancestors(self, include_self=False):
        ids = self.ancestor_ids + ([self.pk] if include_self else [])
        return Structure.objects.filter(pk__in=ids).order_by("depth")

    def get_descendants(self, include_self=False):
        queryset = Structure.objects.filter(path__startswith=self.path)
        return queryset if include_self else queryset.exclude(pk=self.pk)

    @property
    def introduction(self):
        return self.introduction_en if get_language() == "en" and self.introduction_en else self.introduction_fr

    def is_in_subtree_of(self, other):
        return bool(self.path) and self.path.startswith(other.path)

    # --- invariants ---

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.parent.path.startswith(self.path or "\0")):
            raise ValidationError({"parent": _("Une structure ne peut pas devenir sa propre descendante.")})

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        self.introduction_fr = sanitize_html(self.introduction_fr)
        self.introduction_en = sanitize_html(self.introduction_en)
        with transaction.atomic():
            # Lock this row and the parent's (in id order: two saves lock alike) and read their paths under the
            # lock: a concurrent move waits here, then sees the tree as it left it. Every path rewrite is an
            # UPDATE, which locks its rows too, so two moves never interleave (see tests/portal).
            locked = dict(
                Structure.objects.select_for_update()
                .filter(pk__in=[pk for pk in (self.pk, self.parent_id) if pk])
                .order_by("pk")
                .values_list("pk", "path")
            )
            old_path = locked.get(self.pk) if self.pk else None
            parent_path = locked.get(self.parent_id, self.parent.path) if self.parent_id else "/"
            if old_path and self.parent_id and parent_path.startswith(old_path):
                raise ValidationError({"parent": _("Une structure ne peut pas devenir sa propre descendante.")})
            super().save(*args, **kwargs)
            new_path = f"{parent_path}{self.pk}/"
            new_depth = new_path.count("/") - 2
            if old_path == new_path:
                return
            if old_path:
                # A move: rewrite the whole subtree's paths (and depths) in one UPDATE.
                Structure.objects.filter(path__startswith=old_path).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (new_depth - (old_path.count("/") - 2)),
                )
            else:
                Structure.objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
            self.path, self.depth = new_path, new_depth
            if old_path:
                structure_moved.send(sender=Structure, structure=self, old_path=old_path)


class EmailDomain(models.Model):
    """An e-mail domain (``ac-lyon.fr``) and the structure its new users are attached to (the ASAM table)."""

    domain = models.CharField(_("domaine"), max_length=255, unique=True)
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="email_domains",
    )
    entity_short_name = models.CharField(_("entité (nom court)"), max_length=100, blank=True)
    entity_long_name = models.CharField(_("entité (nom long)"), max_length=255, blank=True)
    family_short_name = models.CharField(_("famille (nom court)"), max_length=100, blank=True)
    family_long_name = models.CharField(_("famille (nom long)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("domaine de messagerie")
        verbose_name_plural = _("domaines de messagerie")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)
