"""Forms of the profile page: preferences, and the avatar (checked, then resized to a small square WebP)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal.core.images import reencode_image
from portal.core.validators import validate_image_upload

from .models import User

AVATAR_SIZE = 256


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "logout_preference", "advanced_space", "beta_services"]
        widgets = {"logout_preference": forms.RadioSelect}
        help_texts = {
            "advanced_space": _("Des zones libres à la place des rubriques fixes dans « Mon espace »."),
            "beta_services": _("Les services encore en test apparaissent dans le catalogue."),
        }


def resize_avatar(upload) -> ContentFile:
    """A ``AVATAR_SIZE`` square WebP of the picture (centred crop, EXIF orientation applied, no metadata)."""
    return reencode_image(upload, square=AVATAR_SIZE)


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("Nouvelle image"),
        help_text=_("PNG, JPEG, GIF ou WebP ; elle sera recadrée en carré de 256 pixels."),
        error_messages={"required": _("Choisissez une image."), "empty": _("Le fichier est vide.")},
    )

    def clean_avatar(self):
        upload = self.cleaned_data["avatar"]
        try:
            validate_image_upload(upload)
        except Image.DecompressionBombError as error:
            raise ValidationError(
                _("L'image est trop grande (40 millions de pixels au maximum)."), code="too_many_pixels"
            ) from error
        return resize_avatar(upload)
