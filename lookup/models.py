"""The pool of Nextcloud instances a new person is spread over (LaBoîte's ``nextcloud`` collection)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.users.federation import federation_host, nclocator_url, normalize_nclocator, validate_nclocator


def validate_instance_url(value):
    """Any form of a Nextcloud server's address (host, URL, port, sub-path), as everywhere an nclocator is entered."""
    if "?" in value or "#" in value:
        raise ValidationError(_("L'adresse du serveur ne peut contenir ni « ? » ni « # »."), code="invalid_url")
    validate_nclocator(value)


class NextcloudInstance(models.Model):
    """One Nextcloud server. ``user_count`` is the number of people whose ``nclocator`` points at it.

    ``host`` is the canonical form of ``url`` (the part after ``@`` in a federation id), by which people's
    ``nclocator`` values are matched to an instance whatever form they were written in.
    """

    url = models.CharField(
        _("adresse"),
        max_length=255,
        validators=[validate_instance_url],
        help_text=_("Adresse du serveur, par exemple https://nc1.exemple.fr (un sous-chemin est permis)."),
    )
    host = models.CharField(_("hôte"), max_length=255, unique=True, editable=False)
    active = models.BooleanField(
        _("actif"), default=True, help_text=_("Seuls les serveurs actifs reçoivent les nouvelles personnes.")
    )
    user_count = models.PositiveIntegerField(_("nombre de personnes"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("serveur Nextcloud")
        verbose_name_plural = _("serveurs Nextcloud")
        ordering = ["host"]
        constraints = [
            models.CheckConstraint(condition=models.Q(user_count__gte=0), name="lookup_instance_count_not_negative")
        ]

    def __str__(self):
        return self.host

    def clean_fields(self, exclude=None):
        self.url = (self.url or "").strip()
        super().clean_fields(exclude)
        # One normalised form: the address is rebuilt from the canonical host (``nc1.example.fr/nextcloud`` ->
        # ``https://nc1.example.fr/nextcloud``).
        self.url = nclocator_url(normalize_nclocator(self.url) or self.url)

    def clean(self):
        super().clean()
        host = federation_host(self.url)
        if host and NextcloudInstance.objects.exclude(pk=self.pk).filter(host=host).exists():
            raise ValidationError({"url": _("Ce serveur est déjà dans la liste.")})

    def save(self, *args, **kwargs):
        self.url = (self.url or "").strip()
        self.host = federation_host(self.url)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "url" in update_fields:
            kwargs["update_fields"] = {*update_fields, "host"}
        super().save(*args, **kwargs)
