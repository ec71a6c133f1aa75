"""Portal-wide settings edited by global administrators: sign-in introduction, maintenance, legal pages."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .sanitize import sanitize_html

SITE_SETTINGS_CACHE_KEY = "core:site-settings"


class SiteSettings(models.Model):
    """A single row (pk=1), cached: read on every request by the access gates."""

    introduction_fr = models.TextField(_("texte d'accueil (français)"), blank=True)
    introduction_en = models.TextField(_("texte d'accueil (anglais)"), blank=True)
    maintenance = models.BooleanField(_("mode maintenance"), default=False)
    maintenance_reason = models.CharField(_("raison de la maintenance"), max_length=500, blank=True)
    structure_validation_required = models.BooleanField(
        _("tout changement de structure doit être validé"),
        default=False,
        help_text=_("Les administrateurs de la structure choisie valident chaque demande."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paramètres du portail")
        verbose_name_plural = _("paramètres du portail")

    def __str__(self):
        return str(_("Paramètres du portail"))

    def save(self, *args, **kwargs):
        self.pk = 1
        self.introduction_fr = sanitize_html(self.introduction_fr)
        self.introduction_en = sanitize_html(self.introduction_en)
        super().save(*args, **kwargs)
        cache.delete(SITE_SETTINGS_CACHE_KEY)

    @classmethod
    def load(cls):
        settings_row = cache.get(SITE_SETTINGS_CACHE_KEY)
        if settings_row is None:
            settings_row, _created = cls.objects.get_or_create(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, settings_row, 300)
        return settings_row

    @property
    def introduction(self):
        return self.introduction_en if get_language() == "en" and self.introduction_en else self.introduction_fr


class LegalPage(models.Model):
    """A legal page: either content edited here, or a link to an external page."""

    class Key(models.TextChoices):
        LEGAL_NOTICE = "legal-notice", _("Mentions légales")
        PERSONAL_DATA = "personal-data", _("Données personnelles")
        ACCESSIBILITY = "accessibility", _("Accessibilité")
        TERMS = "terms", _("Conditions générales d'utilisation")

    key = models.CharField(_("page"), max_length=20, choices=Key.choices, unique=True)
    external_url = models.URLField(_("lien externe"), blank=True, help_text=_("Si renseigné, la page redirige ici."))
    content_fr = models.TextField(_("contenu (français)"), blank=True)
    content_en = models.TextField(_("contenu (anglais)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")
        ordering = ["key"]

    def __str__(self):
        return self.get_key_display()

    def save(self, *args, **kwargs):
        self.content_fr = sanitize_html(self.content_fr)
        self.content_en = sanitize_html(self.content_en)
        super().save(*args, **kwargs)

    @property
    def content(self):
        return self.content_en if get_language() == "en" and self.content_en else self.content_fr


class AuditEntry(models.Model):
    """One privileged change, written by ``portal.core.audit.record`` (read-only afterwards)."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "users.User", verbose_name=_("auteur"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("nom de l'auteur"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=100)
    object_id = models.CharField(_("identifiant de l'objet"), max_length=64)
    object_label = models.CharField(_("objet"), max_length=255, blank=True)
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure précédente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    before = models.JSONField(_("avant"), default=dict, blank=True)
    after = models.JSONField(_("après"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'audit")
        verbose_name_plural = _("journal d'audit")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self):
        return f"{self.action} {self.object_label}"
