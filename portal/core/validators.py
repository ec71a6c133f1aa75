"""Validators shared by every app for what comes from outside (uploads, URLs)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def validate_image_upload(file):
    """Accept only real PNG, JPEG, GIF or WebP images under MAX_IMAGE_UPLOAD_SIZE (the content is checked, not the name)."""
    if file is None:
        return
    if file.size is not None and file.size > settings.MAX_IMAGE_UPLOAD_SIZE:
        raise ValidationError(
            _("L'image est trop lourde (%(size)s au maximum).")
            % {"size": filesizeformat(settings.MAX_IMAGE_UPLOAD_SIZE)},
            code="file_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image valide."), code="invalid_image") from error
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Formats acceptés : PNG, JPEG, GIF, WebP."), code="invalid_image_format")


# Only http and https: refuses javascript:, data:, file: and the like.
validate_web_url = URLValidator(schemes=["http", "https"], message=_("Saisissez une adresse web en http ou https."))
