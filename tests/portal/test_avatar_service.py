"""``users.services.set_avatar``: the one write of an avatar (profile page, and open to the API)."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.users import services
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_upload():
    buffer = BytesIO()
    Image.new("RGB", (300, 200), "red").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def stored_avatar(user):
    return User.objects.values_list("avatar", flat=True).get(pk=user.pk)


def test_a_person_sets_and_removes_their_own_avatar_even_awaiting_activation(tree, django_capture_on_commit_callbacks):
    person = UserFactory(structure=tree.ampere, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(person, person, image_upload())
    name = stored_avatar(person)
    assert name.startswith(f"avatars/{person.pk}-") and name.endswith(".webp")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_avatar(person, person, None)
    assert stored_avatar(person) == ""
    assert not User._meta.get_field("avatar").storage.exists(name)


def test_a_global_admin_sets_someones_avatar(global_admin, teacher):
    services.set_avatar(global_admin, teacher, image_upload())
    assert stored_avatar(teacher).startswith(f"avatars/{teacher.pk}-")


def test_others_may_not_set_someones_avatar(lyon_admin, teacher, tree):
    for actor in (lyon_admin, UserFactory(structure=tree.ampere)):
        with pytest.raises(PermissionDenied):
            services.set_avatar(actor, teacher, image_upload())
    assert stored_avatar(teacher) == ""


def test_a_file_that_is_no_picture_is_refused_on_the_avatar_field(teacher):
    with pytest.raises(ValidationError) as refused:
        services.set_avatar(teacher, teacher, SimpleUploadedFile("photo.png", b"not a picture", "image/png"))
    assert list(refused.value.message_dict) == ["avatar"]
    assert stored_avatar(teacher) == ""
