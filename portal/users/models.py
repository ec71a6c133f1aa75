"""The portal's user: an OpenID Connect identity (``sub``) with a Nextcloud-compatible username."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.text import fold
from portal.core.validators import validate_image_upload

# Nextcloud user ids allow these characters only; the username is also Keycloak's preferred_username.
USERNAME_PATTERN = r"^[A-Za-z0-9 _.@'-]+$"
USERNAME_MAX_LENGTH = 64

validate_username = RegexValidator(
    USERNAME_PATTERN,
    _("Lettres sans accent, chiffres, espaces et les caractères _ . @ ' - uniquement."),
    code="invalid_username",
)


def build_search_text(username, email, first_name, last_name) -> str:
    """The folded text the directory searches (username, e-mail, "first last" and "last first").

    Used by ``User.save`` and by bulk imports, which do not call ``save``.
    """
    first, last = fold(first_name), fold(last_name)
    return " | ".join(
        part for part in (fold(username), fold(email), f"{first} {last}".strip(), f"{last} {first}".strip()) if part
    )


class PortalUserManager(UserManager):
    """Django's manager without the ``is_staff`` field (see ``User.is_staff``)."""

    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_active", True)
        extra_fields["is_superuser"] = True
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person. ``is_superuser`` marks the global administrators; ``is_active`` is false until validated."""

    class Language(models.TextChoices):
        FR = "fr", _("Français")
        EN = "en", _("Anglais")

    class LogoutPreference(models.TextChoices):
        ASK = "ask", _("Me demander")
        LOCAL = "local", _("Quitter le portail seulement")
        GLOBAL = "global", _("Me déconnecter de tous les services")

    username = models.CharField(
        _("identifiant"),
        max_length=USERNAME_MAX_LENGTH,
        unique=True,
        validators=[validate_username],
        error_messages={"unique": _("Cet identifiant est déjà pris.")},
    )
    sub = models.CharField(_("identifiant OpenID Connect (sub)"), max_length=255, unique=True, null=True, blank=True)
    email = models.EmailField(_("adresse e-mail"), blank=True, db_index=True)
    is_active = models.BooleanField(
        _("actif"), default=False, help_text=_("Un compte inactif attend la validation d'un administrateur.")
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    awaiting_structure = models.ForeignKey(
        "structures.Structure",
        verbose_name=_("structure demandée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awaiting_users",
    )
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices, default=Language.FR)
    logout_preference = models.CharField(
        _("à la déconnexion"), max_length=6, choices=LogoutPreference.choices, default=LogoutPreference.ASK
    )
    nclocator = models.CharField(
        _("serveur Nextcloud"), max_length=255, blank=True, help_text=_("Hôte du serveur Nextcloud de la personne.")
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True, validators=[validate_image_upload])
    group_quota = models.PositiveIntegerField(_("quota de groupes"), default=10)
    last_info_read_at = models.DateTimeField(_("dernière information lue"), null=True, blank=True)
    advanced_space = models.BooleanField(_("espace personnel avancé"), default=False)
    beta_services = models.BooleanField(_("voir les services en bêta"), default=False)
    search_text = models.TextField(editable=False, default="")

    objects = PortalUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "username"]
        indexes = [
            # The back office counts the accounts waiting for validation on every admin page.
            models.Index(fields=["is_active"], condition=models.Q(is_active=False), name="user_inactive"),
            # The back office lists people in this order: a page (the 1st or the 500th) is an index range read.
            models.Index(fields=["last_name", "first_name", "username"], name="user_name_order"),
        ]

    def __str__(self):
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.username, self.email, self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"username", "email", "first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_staff(self):
        # Replaces Django's staff flag (the property shadows the inherited field, so no column exists).
        """May enter the back office (the Django admin): global admins and structure admins."""
        from portal.structures.abilities import is_structure_admin

        return bool(self.is_active and (self.is_superuser or is_structure_admin(self)))

    @property
    def is_global_admin(self):
        return bool(self.is_active and self.is_superuser)
