"""Writing information messages: who may, what is refused (with the field named), and the publication date."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from portal.notifications.factories import InformationMessageFactory
from portal.notifications.models import InformationMessage
from portal.notifications.services import (
    delete_information_message,
    publish_information_message,
    save_information_message,
)
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def in_days(days):
    return timezone.now() + timedelta(days=days)


def test_a_global_admin_creates_a_national_message_with_sanitised_content(global_admin):
    message = save_information_message(
        global_admin,
        content_fr='<p onclick="x()">Bonjour <script>alert(1)</script><a href="javascript:x">lien</a></p>',
        content_en="<p>Hello</p><iframe src='https://evil.example'></iframe>",
        structure=None,
        expires_at=in_days(10),
    )
    message.refresh_from_db()
    assert message.content_fr == '<p>Bonjour <a rel="noopener noreferrer">lien</a></p>'
    assert message.content_en == "<p>Hello</p>"
    assert message.structure is None
    assert message.author == global_admin
    assert timezone.now() - message.published_at < timedelta(seconds=5)


def test_a_structure_admin_creates_a_message_for_a_school_of_their_subtree(tree, lyon_admin):
    message = save_information_message(
        lyon_admin, content_fr="<p>Réunion</p>", structure=tree.ampere, expires_at=in_days(3)
    )
    assert InformationMessage.objects.get().structure == tree.ampere
    assert message.author == lyon_admin


def test_a_structure_admin_cannot_create_a_national_message(lyon_admin):
    with pytest.raises(PermissionDenied, match="national"):
        save_information_message(lyon_admin, content_fr="<p>x</p>", structure=None, expires_at=in_days(3))
    assert InformationMessage.objects.count() == 0


def test_a_structure_admin_cannot_create_a_message_for_another_subtree(tree, lyon_admin):
    with pytest.raises(PermissionDenied):
        save_information_message(lyon_admin, content_fr="<p>x</p>", structure=tree.grenoble, expires_at=in_days(3))
    assert InformationMessage.objects.count() == 0


def test_a_teacher_cannot_create_a_message_for_their_own_school(tree, teacher):
    with pytest.raises(PermissionDenied):
        save_information_message(teacher, content_fr="<p>x</p>", structure=tree.ampere, expires_at=in_days(3))


def test_an_expiry_date_in_the_past_is_refused_on_the_expiry_field(global_admin):
    with pytest.raises(ValidationError) as error:
        save_information_message(global_admin, content_fr="<p>x</p>", structure=None, expires_at=in_days(-1))
    assert error.value.message_dict == {"expires_at": ["La date d'expiration doit être dans le futur."]}
    assert InformationMessage.objects.count() == 0


def test_a_missing_expiry_date_and_an_empty_content_are_refused(global_admin):
    with pytest.raises(ValidationError) as error:
        save_information_message(global_admin, content_fr="<script>x</script>", structure=None, expires_at=None)
    assert error.value.message_dict == {
        "content_fr": ["Le contenu en français est obligatoire."],
        "expires_at": ["La date d'expiration est obligatoire."],
    }


def test_editing_keeps_the_publication_date_and_publishing_bumps_it(tree, lyon_admin):
    with freeze_time("2030-01-01 09:00"):
        message = save_information_message(
            lyon_admin, content_fr="<p>v1</p>", structure=tree.lyon, expires_at=timezone.now() + timedelta(days=60)
        )
    with freeze_time("2030-01-05 09:00"):
        save_information_message(
            lyon_admin, message, content_fr="<p>v2</p>", structure=tree.lyon, expires_at=message.expires_at
        )
        message.refresh_from_db()
        assert message.content_fr == "<p>v2</p>"
        assert message.published_at.isoformat() == "2030-01-01T09:00:00+00:00"
        publish_information_message(lyon_admin, message)
        message.refresh_from_db()
        assert message.published_at.isoformat() == "2030-01-05T09:00:00+00:00"


def test_editing_with_the_publish_flag_bumps_the_date(tree, lyon_admin):
    message = InformationMessageFactory(structure=tree.lyon, published_at=in_days(-10))
    save_information_message(
        lyon_admin, message, content_fr="<p>v2</p>", structure=tree.lyon, expires_at=message.expires_at, publish=True
    )
    message.refresh_from_db()
    assert timezone.now() - message.published_at < timedelta(seconds=5)


def test_an_expired_message_can_be_corrected_without_touching_its_expiry(tree, lyon_admin):
    message = InformationMessageFactory(structure=tree.lyon, published_at=in_days(-10), expires_at=in_days(-1))
    save_information_message(
        lyon_admin, message, content_fr="<p>fix</p>", structure=tree.lyon, expires_at=message.expires_at
    )
    message.refresh_from_db()
    assert message.content_fr == "<p>fix</p>"


def test_publishing_an_expired_message_is_refused(tree, lyon_admin):
    message = InformationMessageFactory(structure=tree.lyon, expires_at=in_days(-1))
    with pytest.raises(ValidationError) as error:
        publish_information_message(lyon_admin, message)
    assert list(error.value.message_dict) == ["expires_at"]


def test_a_structure_admin_cannot_move_their_message_to_another_subtree(tree, lyon_admin):
    message = InformationMessageFactory(structure=tree.ampere)
    with pytest.raises(PermissionDenied):
        save_information_message(
            lyon_admin, message, content_fr="<p>x</p>", structure=tree.grenoble, expires_at=in_days(5)
        )
    message.refresh_from_db()
    assert message.structure == tree.ampere


def test_a_structure_admin_cannot_edit_publish_or_delete_another_subtrees_message(tree, lyon_admin):
    message = InformationMessageFactory(structure=tree.grenoble)
    with pytest.raises(PermissionDenied):
        save_information_message(lyon_admin, message, content_fr="<p>x</p>", structure=tree.lyon, expires_at=in_days(5))
    with pytest.raises(PermissionDenied):
        publish_information_message(lyon_admin, message)
    with pytest.raises(PermissionDenied):
        delete_information_message(lyon_admin, message)
    assert InformationMessage.objects.filter(pk=message.pk, structure=tree.grenoble).exists()


def test_a_structure_admin_cannot_touch_a_national_message(lyon_admin):
    message = InformationMessageFactory()
    with pytest.raises(PermissionDenied):
        delete_information_message(lyon_admin, message)
    with pytest.raises(PermissionDenied):
        publish_information_message(lyon_admin, message)


def test_admins_delete_messages_of_their_subtree(tree, lyon_admin, global_admin):
    ours = InformationMessageFactory(structure=tree.ampere)
    national = InformationMessageFactory()
    delete_information_message(lyon_admin, ours)
    delete_information_message(global_admin, national)
    assert InformationMessage.objects.count() == 0


def test_a_school_admin_cannot_delete_the_academies_message(tree):
    school_admin = UserFactory(structure=tree.ampere)
    tree.ampere.admins.add(school_admin)
    message = InformationMessageFactory(structure=tree.lyon)
    with pytest.raises(PermissionDenied):
        delete_information_message(school_admin, message)
