"""Every uploaded image is re-encoded like the user avatars: WebP from its pixels alone, no metadata kept
(GPS position, author), bounded in size, whatever the model and the way in (issue #9 point 19)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from apps_catalog.factories import ServiceFactory
from apps_catalog.models import ServiceScreenshot
from groups.factories import GroupFactory
from groups.models import Group
from portal.core.images import MAX_DIMENSION, reencode_image
from portal.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

AUTHOR = "Camille Martin, Lycee Ampere"


def photo(name="photo.jpg", size=(3000, 1000), image_format="JPEG"):
    """A picture as a camera writes it: EXIF author and GPS position."""
    exif = Image.Exif()
    exif[0x013B] = AUTHOR  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (45.0, 45.0, 30.0)  # GPSLatitudeRef, GPSLatitude
    output = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(output, image_format, exif=exif)
    data = output.getvalue()
    assert AUTHOR.encode() in data
    return SimpleUploadedFile(name, data, content_type=f"image/{image_format.lower()}")


def assert_clean(field_file, max_side=MAX_DIMENSION):
    field_file.open("rb")
    data = field_file.read()
    field_file.close()
    assert field_file.name.endswith(".webp")
    assert AUTHOR.encode() not in data and b"Exif" not in data
    with Image.open(BytesIO(data)) as stored:
        assert stored.format == "WEBP"
        assert not stored.getexif()
        assert max(stored.size) <= max_side


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_group_avatar_is_reencoded():
    group = GroupFactory()
    group.avatar = photo()
    group.save()
    assert_clean(Group.objects.get(pk=group.pk).avatar)


@pytest.mark.parametrize("field", ["icon", "cover"])
def test_structure_icons_and_covers_are_reencoded(field):
    structure = StructureFactory()
    setattr(structure, field, photo())
    structure.save()
    assert_clean(getattr(structure, field))


def test_service_logos_and_screenshots_are_reencoded():
    service = ServiceFactory()
    service.logo = photo("logo.png", (600, 400), "PNG")
    service.save()
    assert_clean(service.logo)
    screenshot = ServiceScreenshot.objects.create(service=service, image=photo())
    assert_clean(screenshot.image)


def test_a_group_avatar_sent_to_the_api_is_reencoded(teacher):
    api = APIClient()
    api.force_authenticate(teacher)
    response = api.post("/api/v1/groups/", {"name": "Photos", "type": "open", "avatar": photo()}, format="multipart")
    assert response.status_code == 201, response.content
    assert_clean(Group.objects.get(name="Photos").avatar)


def test_the_profile_avatar_stays_a_256_pixel_square_without_metadata(client, teacher):
    client.force_login(teacher)
    client.post("/profile/avatar/", {"avatar": photo()})
    teacher.refresh_from_db()
    assert_clean(teacher.avatar, max_side=256)
    assert Image.open(teacher.avatar.path).size == (256, 256)


def test_stored_images_are_not_reencoded_again():
    group = GroupFactory()
    group.avatar = photo()
    group.save()
    name = group.avatar.name
    group.description = "Autre"
    group.save()
    assert group.avatar.name == name


def test_a_file_that_is_not_an_image_is_refused():
    with pytest.raises(Exception, match="image valide"):
        reencode_image(SimpleUploadedFile("x.png", b"not an image"))
