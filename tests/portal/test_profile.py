"""The profile page: identity from Keycloak (read-only), preferences, avatar, structure, federation id."""

import os
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.users.factories import UserFactory
from portal.users.federation import federation_id as lookup_federation_id  # the function the lookup answers with
from portal.users.models import User

pytestmark = pytest.mark.django_db

# Inactive people keep their Keycloak session (the waiting page); the break-glass backend would not resolve them.
KEYCLOAK_SESSION = "portal.users.authentication.backend.PortalOIDCBackend"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image_upload(name="photo.png", size=(800, 600), image_format="PNG", mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else 1).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def test_anonymous_people_are_sent_to_the_sign_in_page(client):
    assert client.get("/profile/")["Location"] == "/signin/?next=/profile/"


def test_the_profile_shows_the_keycloak_identity_read_only_with_the_account_console_link(client, teacher, settings):
    settings.OIDC_ISSUER = "https://kc.example.fr/realms/apps"
    client.force_login(teacher)

    response = client.get("/profile/")

    html = response.content.decode()
    assert response.status_code == 200
    assert teacher.first_name in html
    assert teacher.email in html
    assert 'href="https://kc.example.fr/realms/apps/account"' in html
    assert 'name="first_name"' not in html and 'name="email"' not in html
    assert 'href="/structure/choose/"' in html
    assert teacher.structure.name in html


def test_without_keycloak_there_is_no_account_console_link(client, teacher, settings):
    settings.OIDC_ISSUER = ""
    client.force_login(teacher)

    assert "/account" not in client.get("/profile/").content.decode()


def test_the_federation_id_appears_with_a_copy_button_once_nclocator_is_set(client, tree):
    user = UserFactory(username="jean.dupont", nclocator="nuage03.apps.education.fr", structure=tree.ampere)
    client.force_login(user)

    html = client.get("/profile/").content.decode()

    assert '<code id="federation-id">jean.dupont@nuage03.apps.education.fr</code>' in html
    assert 'data-copy-target="federation-id"' in html


@pytest.mark.parametrize(
    ("nclocator", "federation_id"),
    [
        ("https://nc1.exemple.fr", "camille.martin@nc1.exemple.fr"),
        ("https://nc1.exemple.fr/nextcloud/", "camille.martin@nc1.exemple.fr/nextcloud"),
    ],
)
def test_the_profile_shows_the_federation_id_the_lookup_answers(client, tree, nclocator, federation_id):
    user = UserFactory(username="camille.martin", nclocator=nclocator, structure=tree.ampere)
    client.force_login(user)

    html = client.get("/profile/").content.decode()

    assert f'<code id="federation-id">{federation_id}</code>' in html
    assert lookup_federation_id("camille.martin", nclocator) == federation_id


def test_no_federation_id_before_nclocator_exists(client, teacher):
    client.force_login(teacher)

    assert "federation-id" not in client.get("/profile/").content.decode()


def test_an_inactive_person_can_open_the_profile_but_not_change_structure(client):
    waiting = UserFactory(is_active=False, structure=None)
    client.force_login(waiting, backend=KEYCLOAK_SESSION)

    response = client.get("/profile/")

    assert response.status_code == 200
    assert 'href="/structure/choose/"' not in response.content.decode()


def test_a_person_without_structure_can_open_the_profile(client):
    client.force_login(UserFactory(structure=None))

    assert client.get("/profile/").status_code == 200


def test_the_header_links_to_the_profile(client, teacher):
    client.force_login(teacher)

    assert 'href="/profile/"' in client.get("/profile/").content.decode()


def test_preferences_are_saved(client, teacher):
    client.force_login(teacher)

    response = client.post(
        "/profile/", {"language": "en", "logout_preference": "global", "advanced_space": "on", "beta_services": "on"}
    )

    assert response["Location"] == "/profile/"
    teacher.refresh_from_db()
    assert (teacher.language, teacher.logout_preference, teacher.advanced_space, teacher.beta_services) == (
        "en",
        "global",
        True,
        True,
    )
    assert client.get("/profile/").content.decode().count("Your preferences are saved.") == 1


def test_unchecked_toggles_are_turned_off(client, teacher):
    User.objects.filter(pk=teacher.pk).update(advanced_space=True, beta_services=True)
    client.force_login(teacher)

    client.post("/profile/", {"language": "fr", "logout_preference": "ask"})

    teacher.refresh_from_db()
    assert (teacher.advanced_space, teacher.beta_services) == (False, False)


def test_bad_preferences_are_refused_with_a_message_and_nothing_saved(client, teacher):
    client.force_login(teacher)

    response = client.post("/profile/", {"language": "de", "logout_preference": "never"})

    assert response.status_code == 400
    assert response.context["preferences_form"].errors.keys() == {"language", "logout_preference"}
    teacher.refresh_from_db()
    assert (teacher.language, teacher.logout_preference) == ("fr", "ask")


def test_an_inactive_person_can_set_preferences(client):
    waiting = UserFactory(is_active=False, structure=None)
    client.force_login(waiting, backend=KEYCLOAK_SESSION)

    client.post("/profile/", {"language": "fr", "logout_preference": "local"})

    waiting.refresh_from_db()
    assert waiting.logout_preference == "local"


@pytest.mark.parametrize(("image_format", "mode"), [("PNG", "RGB"), ("JPEG", "RGB"), ("GIF", "P"), ("WEBP", "RGB")])
def test_an_avatar_is_stored_as_a_256_pixel_square_webp(client, teacher, image_format, mode):
    client.force_login(teacher)

    response = client.post(
        "/profile/avatar/", {"avatar": image_upload(f"photo.{image_format.lower()}", (800, 600), image_format, mode)}
    )

    assert response["Location"] == "/profile/"
    teacher.refresh_from_db()
    assert teacher.avatar.name.startswith(f"avatars/{teacher.pk}-")
    assert teacher.avatar.name.endswith(".webp")
    with Image.open(teacher.avatar.path) as stored:
        assert (stored.format, stored.size) == ("WEBP", (256, 256))


@pytest.fixture
def post_avatar(client, teacher, django_capture_on_commit_callbacks):
    """POST to the avatar form as the teacher, running the on-commit file deletions; returns the response."""
    client.force_login(teacher)

    def post(data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/profile/avatar/", data)
        teacher.refresh_from_db()
        return response

    return post


def test_replacing_the_avatar_deletes_the_old_file(post_avatar, teacher):
    post_avatar({"avatar": image_upload()})
    first = teacher.avatar.path

    post_avatar({"avatar": image_upload()})

    assert teacher.avatar.path != first
    assert os.path.exists(teacher.avatar.path)
    assert not os.path.exists(first)


def test_removing_the_avatar(post_avatar, teacher):
    post_avatar({"avatar": image_upload()})
    path = teacher.avatar.path

    response = post_avatar({"remove": "1"})

    assert response["Location"] == "/profile/"
    assert teacher.avatar.name == ""
    assert not os.path.exists(path)


def _avatar_error(client, upload):
    response = client.post("/profile/avatar/", {"avatar": upload} if upload is not None else {})
    assert response.status_code == 400
    return response.context["avatar_form"].errors["avatar"]


def test_a_file_that_is_not_an_image_is_refused(client, teacher):
    client.force_login(teacher)

    errors = _avatar_error(client, SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png"))

    assert errors == ["Ce fichier n'est pas une image valide."]
    teacher.refresh_from_db()
    assert teacher.avatar.name == ""


def test_an_image_over_the_size_limit_is_refused(client, teacher, settings):
    settings.MAX_IMAGE_UPLOAD_SIZE = 1000
    client.force_login(teacher)

    errors = _avatar_error(client, image_upload(size=(400, 400), image_format="BMP"))

    assert errors == ["L'image est trop lourde (1000\xa0octets au maximum)."]


def test_an_image_format_outside_the_list_is_refused(client, teacher):
    client.force_login(teacher)

    errors = _avatar_error(client, image_upload(name="photo.bmp", size=(40, 40), image_format="BMP"))

    assert errors == ["Formats acceptés : PNG, JPEG, GIF, WebP."]


def test_a_decompression_bomb_is_refused_before_decoding(client, teacher):
    client.force_login(teacher)

    errors = _avatar_error(client, image_upload(size=(8000, 6000), mode="1"))  # 48 Mpx in a few kilobytes

    assert errors == ["L'image est trop grande (40 millions de pixels au maximum)."]


def test_an_empty_avatar_form_says_what_to_do(client, teacher):
    client.force_login(teacher)

    assert _avatar_error(client, None) == ["Choisissez une image."]
