"""Forms of the profile page: preferences, and the avatar (checked, then resized to a small square WebP)."""

from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from portal.core.validators import validate_image_upload

from .models import User

AVATAR_SIZE = 256
# Refused before decoding: a small file can announce a huge picture (decompression bomb).
AVATAR_MAX_PIXELS = 40_000_000


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
    """A ``AVATAR_SIZE`` square WebP of the picture (centred crop, EXIF orientation applied)."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > AVATAR_MAX_PIXELS:
                raise ValidationError(
                    _("L'image est trop grande (40 millions de pixels au maximum)."), code="too_many_pixels"
                )
            image.draft("RGB", (AVATAR_SIZE * 2, AVATAR_SIZE * 2))  # JPEG: decode at a reduced scale
            image = ImageOps.exif_transpose(image).convert("RGBA")
            square = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image valide."), code="invalid_image") from error
    output = BytesIO()
    square.save(output, "WEBP", quality=85)
    return ContentFile(output.getvalue(), name="avatar.webp")


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
