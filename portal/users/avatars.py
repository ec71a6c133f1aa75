"""Avatar pictures: checked (format, size, decompression bombs), then made a small square WebP."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from portal.core.images import reencode_image
from portal.core.validators import validate_image_upload

AVATAR_SIZE = 256


def avatar_image(upload) -> ContentFile:
    """The ``AVATAR_SIZE`` square WebP made from an uploaded picture, or a ValidationError saying what is wrong."""
    try:
        validate_image_upload(upload)
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("L'image est trop grande (40 millions de pixels au maximum)."), code="too_many_pixels"
        ) from error
    return resize_avatar(upload)


def resize_avatar(upload) -> ContentFile:
    """A ``AVATAR_SIZE`` square WebP of the picture (centred crop, EXIF orientation applied, no metadata)."""
    return reencode_image(upload, square=AVATAR_SIZE)
