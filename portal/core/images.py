"""Every uploaded image is re-encoded before it is stored: decoded, EXIF orientation applied, bounded in size and
written again as WebP from its pixels alone, so no metadata of the original (GPS position, author, camera, comments,
ICC profile) and no trailing bytes are ever kept or served.

One ``pre_save`` receiver (connected in ``portal.core.apps``) does it for every ``ImageField`` of every model
when the file is a new upload (not yet committed to storage): group avatars, structure icons and covers, service
logos and screenshots, and any image field a feature app adds later, whatever the way in (page, API, admin, service,
command). A caller that already needs a special shape (the user avatar's 256-pixel square) calls
``reencode_image(..., square=...)`` itself; the result is marked and not re-encoded twice.
"""

from io import BytesIO
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import ImageField
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Refused before decoding: a small file can announce a huge picture (decompression bomb).
MAX_PIXELS = 40_000_000
# Longest side of a stored image; larger pictures are scaled down (proportions kept).
MAX_DIMENSION = 2048
WEBP_QUALITY = 85


def reencode_image(upload, *, square: int | None = None, max_dimension: int = MAX_DIMENSION) -> ContentFile:
    """The picture of ``upload`` as a metadata-free WebP: a ``square`` crop of that size, or bounded to
    ``max_dimension`` pixels on its longest side. Raises ValidationError for what is not a decodable image."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(
                    _("L'image est trop grande (40 millions de pixels au maximum)."), code="too_many_pixels"
                )
            bound = square * 2 if square else max_dimension
            image.draft("RGB", (bound, bound))  # JPEG: decode at a reduced scale when it is much larger
            picture = ImageOps.exif_transpose(image).convert("RGBA")  # the first frame of an animation
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image valide."), code="invalid_image") from error
    if square:
        picture = ImageOps.fit(picture, (square, square), Image.Resampling.LANCZOS)
    else:
        picture.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
    picture.info = {}  # nothing of the original's metadata goes to the encoder
    output = BytesIO()
    picture.save(output, "WEBP", quality=WEBP_QUALITY)
    stem = PurePath(getattr(upload, "name", "") or "image").stem or "image"
    content = ContentFile(output.getvalue(), name=f"{stem}.webp")
    content.reencoded = True
    return content


def _image_fields(model):
    cached = model.__dict__.get("_reencoded_image_fields")
    if cached is None:
        cached = [field.attname for field in model._meta.concrete_fields if isinstance(field, ImageField)]
        model._reencoded_image_fields = cached
    return cached


def reencode_uploaded_images(sender, instance, raw=False, **kwargs):
    """``pre_save`` receiver: replace each new upload of the instance's image fields by its re-encoded copy."""
    if raw:
        return  # loaddata: files are already stored
    for attname in _image_fields(sender):
        field_file = getattr(instance, attname)
        if not field_file or getattr(field_file, "_committed", True):
            continue
        upload = field_file.file
        if getattr(upload, "reencoded", False):
            continue
        setattr(instance, attname, reencode_image(upload))
