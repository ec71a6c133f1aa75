"""The application catalogue (services, categories, business regroupings, launch counters) and the personal space
(zones, items, personal bookmarks, structure default spaces).

The personal space is relational: one row per zone, one row per item (unique per person, kind and object), so that
"never twice" is a database constraint and "remove this object from every space" is one DELETE.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.core.sanitize import sanitize_html
from portal.core.text import fold
from portal.core.validators import validate_image_upload, validate_web_url

# Slugs that would collide with the catalogue's own URLs under /services/.
RESERVED_SLUGS = {"launch", "favourite", "stats", "new", "manage"}
URL_MAX_LENGTH = 512


class Category(models.Model):
    """A global category of services (managed by global admins)."""

    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="category_unique_name",
                violation_error_message=_("Une catégorie de ce nom existe déjà."),
            )
        ]

    def __str__(self):
        return self.name


class BusinessRegrouping(models.Model):
    """A "regroupement métier" of a structure; its name cannot repeat one of an ancestor structure's."""

    name = models.CharField(_("nom"), max_length=100)
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="business_regroupings",
    )

    class Meta:
        verbose_name = _("regroupement métier")
        verbose_name_plural = _("regroupements métiers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "structure",
                name="regrouping_unique_name_per_structure",
                violation_error_message=_("Un regroupement de ce nom existe déjà dans cette structure."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.structure_id and self.name:
            taken = BusinessRegrouping.objects.filter(
                structure_id__in=self.structure.ancestor_ids, name__iexact=self.name.strip()
            )
            if taken.exists():
                raise ValidationError(
                    {"name": _("Une structure parente a déjà un regroupement métier de ce nom.")},
                    code="regrouping_name_taken_by_ancestor",
                )


class ServiceQuerySet(models.QuerySet):
    def national(self):
        return self.filter(structure__isnull=True)


class Service(models.Model):
    """An application of the catalogue: national (``structure`` empty) or belonging to a structure."""

    class State(models.IntegerChoices):
        # LaBoîte's values and meanings.
        DISPLAYED = 0, _("Affiché")  # listed and launchable
        INACTIVE = 5, _("Inactif")  # listed, the launch button is disabled with a label
        HIDDEN = 10, _("Masqué")  # out of the catalogue and of every personal space
        MAINTENANCE = 15, _("En maintenance")  # listed, the launch button is disabled with a label

    title = models.CharField(_("titre"), max_length=120)
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=120,
        help_text=_("Unique dans la structure (ou parmi les services nationaux)."),
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # a structure that still has services cannot be deleted
        related_name="services",
        help_text=_("Vide pour un service national."),
    )
    team = models.CharField(_("équipe (propulsé par)"), max_length=200, blank=True)
    usage = models.CharField(_("usage"), max_length=200, blank=True)
    description = models.CharField(_("description courte"), max_length=80, blank=True)
    content = models.TextField(_("description détaillée"), blank=True)
    url = models.CharField(_("adresse de lancement"), max_length=URL_MAX_LENGTH, validators=[validate_web_url])
    logo = models.ImageField(_("logo"), upload_to="services/logos/", blank=True, validators=[validate_image_upload])
    categories = models.ManyToManyField(Category, verbose_name=_("catégories"), blank=True, related_name="services")
    business_regroupings = models.ManyToManyField(
        BusinessRegrouping, verbose_name=_("regroupements métiers"), blank=True, related_name="services"
    )
    state = models.PositiveSmallIntegerField(_("état"), choices=State.choices, default=State.DISPLAYED)
    is_beta = models.BooleanField(
        _("en bêta"), default=False, help_text=_("Visible seulement des personnes qui ont choisi de voir les bêtas.")
    )
    offline = models.BooleanField(
        _("présenté hors connexion"), default=False, help_text=_("Listé sur la page de connexion publique.")
    )
    search_text = models.CharField(max_length=400, editable=False, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                "slug",
                "structure",
                condition=Q(structure__isnull=False),
                name="service_unique_slug_per_structure",
                violation_error_message=_("Un service de cette structure utilise déjà cet identifiant d'URL."),
            ),
            models.UniqueConstraint(
                "slug",
                condition=Q(structure__isnull=True),
                name="service_unique_national_slug",
                violation_error_message=_("Un service national utilise déjà cet identifiant d'URL."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Cet identifiant d'URL est réservé.")}, code="reserved_slug")

    def save(self, *args, **kwargs):
        self.content = sanitize_html(self.content)
        self.search_text = fold(f"{self.title} {self.description} {self.usage}")[:400]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "content"}
        super().save(*args, **kwargs)

    @property
    def is_national(self):
        return self.structure_id is None

    @property
    def is_launchable(self):
        return self.state == self.State.DISPLAYED

    @property
    def state_badge(self):
        """The label shown next to a service that cannot be launched, or in beta."""
        if self.state in (self.State.INACTIVE, self.State.MAINTENANCE):
            return self.get_state_display()
        return _("Bêta") if self.is_beta else ""

    def get_absolute_url(self):
        if self.structure_id is None:
            return reverse("apps_catalog:service_detail", kwargs={"slug": self.slug})
        return reverse(
            "apps_catalog:structure_service_detail", kwargs={"structure_id": self.structure_id, "slug": self.slug}
        )

    def get_launch_url(self):
        return reverse("apps_catalog:service_launch", kwargs={"pk": self.pk})


class ServiceScreenshot(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="screenshots")
    image = models.ImageField(_("image"), upload_to="services/screenshots/", validators=[validate_image_upload])
    caption = models.CharField(_("légende"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("capture d'écran")
        verbose_name_plural = _("captures d'écran")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class LaunchBucket(models.Model):
    """Launches of a service by the people of one structure during one hour (one row per hour, not per click)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="launch_buckets")
    structure = models.ForeignKey(
        "structures.Structure", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lancements (par heure)")
        verbose_name_plural = _("lancements (par heure)")
        constraints = [
            models.UniqueConstraint(
                "service", "structure", "hour", condition=Q(structure__isnull=False), name="launch_bucket_unique"
            ),
            models.UniqueConstraint(
                "service", "hour", condition=Q(structure__isnull=True), name="launch_bucket_unique_no_structure"
            ),
        ]
        indexes = [models.Index(fields=["hour"], name="launch_bucket_hour")]

    def __str__(self):
        return f"{self.service_id} {self.structure_id} {self.hour:%Y-%m-%d %H:00} {self.count}"


class UserBookmark(models.Model):
    """A personal bookmark ("marque-page"). Its URL is never fetched by the server."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    url = models.CharField(_("adresse"), max_length=URL_MAX_LENGTH, validators=[validate_web_url])
    name = models.CharField(_("nom"), max_length=200)
    tag = models.CharField(_("étiquette"), max_length=100, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("marque-page")
        verbose_name_plural = _("marque-pages")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "user", "url", name="bookmark_unique_url", violation_error_message=_("Vous avez déjà ce marque-page.")
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = bookmark_search_text(self.name, self.url, self.tag)
        super().save(*args, **kwargs)


def bookmark_search_text(name, url, tag) -> str:
    """The folded text searched for a bookmark (also used by the bulk import, which does not call ``save``)."""
    return fold(f"{name} {tag} {url}")[:400]


class SpaceZone(models.Model):
    """A named, ordered, collapsible zone of a personal space (advanced mode)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_zones")
    name = models.CharField(_("nom"), max_length=100)
    position = models.PositiveIntegerField(default=0)
    is_expanded = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("zone de l'espace personnel")
        verbose_name_plural = _("zones de l'espace personnel")
        ordering = ["user", "position", "pk"]

    def __str__(self):
        return self.name


class SpaceStart(models.Model):
    """The person's personal space exists: their default space was applied when they first needed one (first
    sign-in or first visit of "Mon espace"). People without this row (imported, never signed in) have no space yet:
    they get the current default when they arrive, and "apply to everyone" passes them by."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="space_start"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("début d'espace personnel")
        verbose_name_plural = _("débuts d'espace personnel")

    def __str__(self):
        return f"{self.user_id}: {self.started_at:%Y-%m-%d}"


class SpaceItem(models.Model):
    """One item of a personal space: (kind, object id), in a zone or unsorted (``zone`` empty), at a position.

    Zones are deleted by the services after their items were moved out (``DO_NOTHING`` keeps bulk rewrites to a
    single UPDATE and a single DELETE instead of Django's row-by-row collector).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_items")
    zone = models.ForeignKey(SpaceZone, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="items")
    kind = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("élément de l'espace personnel")
        verbose_name_plural = _("éléments de l'espace personnel")
        ordering = ["user", "position", "pk"]
        constraints = [models.UniqueConstraint("user", "kind", "object_id", name="space_item_unique")]
        indexes = [models.Index(fields=["kind", "object_id"], name="space_item_object")]

    def __str__(self):
        return f"{self.kind}:{self.object_id}"


class DefaultSpace(models.Model):
    """A structure's default personal space: zones of services given to its people at first sign-in.

    ``layout`` is ``[{"name": str, "is_expanded": bool, "items": [{"kind": "service", "id": int}, ...]}, ...]``,
    validated by ``apps_catalog.layout`` like a personal space. It applies to the people of the structure and of
    its subtree, unless a nearer structure has its own.
    """

    structure = models.OneToOneField(
        "structures.Structure", verbose_name=_("structure"), on_delete=models.CASCADE, related_name="default_space"
    )
    layout = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("espace par défaut")
        verbose_name_plural = _("espaces par défaut")

    def __str__(self):
        return str(self.structure)


class DefaultSpaceApplication(models.Model):
    """One run of "apply to every person of my structure": its progress is polled by the admin's page."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    default_space = models.ForeignKey(DefaultSpace, on_delete=models.CASCADE, related_name="applications")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application d'un espace par défaut")
        verbose_name_plural = _("applications d'un espace par défaut")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.default_space_id} {self.status} {self.done}/{self.total}"

    @property
    def percent(self):
        return 100 if not self.total else min(100, round(100 * self.done / self.total))

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
