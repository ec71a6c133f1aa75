"""Forms of the profile page: preferences, and the avatar upload (``portal.users.avatars`` checks and resizes it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "logout_preference", "advanced_space", "beta_services"]
        widgets = {"logout_preference": forms.RadioSelect}
        help_texts = {
            "advanced_space": _("Des zones libres à la place des rubriques fixes dans « Mon espace »."),
            "beta_services": _("Les services encore en test apparaissent dans le catalogue."),
        }


class AvatarForm(forms.Form):
    """The upload; ``users.services.set_avatar`` checks the picture and stores it."""

    avatar = forms.FileField(
        label=_("Nouvelle image"),
        help_text=_("PNG, JPEG, GIF ou WebP ; elle sera recadrée en carré de 256 pixels."),
        error_messages={"required": _("Choisissez une image."), "empty": _("Le fichier est vide.")},
    )
