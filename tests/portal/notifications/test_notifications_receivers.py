"""Structure requests and their outcome become notifications; expired notifications are purged in one DELETE."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from portal.notifications.factories import NotificationFactory
from portal.notifications.models import Notification
from portal.notifications.services import notify, notify_translated
from portal.notifications.tasks import purge_expired_notifications
from portal.users import services as user_services
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def as_read(notification):
    """Title and text as the recipient reads them, in their language."""
    with translation.override(notification.user.language):
        return notification.display_title, notification.display_text


@pytest.fixture
def moulin_needs_validation(tree):
    tree.moulin.membership_needs_validation = True
    tree.moulin.save()
    return tree.moulin


def test_a_structure_request_notifies_the_direct_admins_of_the_structure_in_their_language(
    tree, moulin_needs_validation, lyon_admin
):
    direct_admin = UserFactory(structure=tree.moulin, language="fr")
    english_admin = UserFactory(structure=tree.moulin, language="en")
    tree.moulin.admins.add(direct_admin, english_admin)
    person = UserFactory(structure=None, first_name="Jeanne", last_name="Durand")

    assert user_services.request_structure(person, tree.moulin) is False

    rows = {n.user_id: (n.kind, *as_read(n)) for n in Notification.objects.select_related("user")}
    assert rows == {
        direct_admin.pk: (
            "request",
            "Demande de rattachement à Collège Jean Moulin",
            "Jeanne Durand demande à être rattaché(e) à Collège Jean Moulin.",
        ),
        english_admin.pk: (
            "request",
            "Request to join Collège Jean Moulin",
            "Jeanne Durand asks to join Collège Jean Moulin.",
        ),
    }  # the académie's admin (lyon_admin) may not validate, so is not notified
    assert Notification.objects.filter(user=lyon_admin).count() == 0


def test_the_people_learn_the_outcome_of_their_request(tree, moulin_needs_validation):
    direct_admin = UserFactory(structure=tree.moulin)
    tree.moulin.admins.add(direct_admin)
    accepted, refused = UserFactory(structure=None), UserFactory(structure=None)
    for person in (accepted, refused):
        user_services.request_structure(person, tree.moulin)
    Notification.objects.all().delete()

    user_services.decide_structure_requests(direct_admin, [accepted], accept=True)
    refused.refresh_from_db()
    user_services.decide_structure_requests(direct_admin, [refused], accept=False)

    assert {n.user_id: (n.kind, *as_read(n), n.link) for n in Notification.objects.select_related("user")} == {
        accepted.pk: (
            "information",
            "Demande de rattachement acceptée",
            "Votre demande de rattachement à Collège Jean Moulin a été acceptée.",
            "/",
        ),
        refused.pk: (
            "information",
            "Demande de rattachement refusée",
            "Votre demande de rattachement à Collège Jean Moulin a été refusée.",
            "/structure/choose/",
        ),
    }


def test_portal_texts_are_one_insert_and_read_in_the_readers_language(django_assert_num_queries):
    users = [UserFactory(language="fr"), UserFactory(language="en"), UserFactory(language="fr")]

    with django_assert_num_queries(1):  # one INSERT whatever the recipients' languages
        created = notify_translated(
            [user.pk for user in users],
            "information",
            gettext_noop("Demande de rattachement acceptée"),
            text=gettext_noop("Votre demande de rattachement à %(structure)s a été acceptée."),
            params={"structure": "Lycée Ampère"},
            link="/",
        )
    assert created == 3
    notification = Notification.objects.get(user=users[1])
    assert (notification.title, notification.text) == (  # stored in French for the back office
        "Demande de rattachement acceptée",
        "Votre demande de rattachement à Lycée Ampère a été acceptée.",
    )
    with translation.override("en"):
        assert (notification.display_title, notification.display_text) == (
            "Structure request accepted",
            "Your request to join Lycée Ampère was accepted.",
        )
    with translation.override("fr"):
        assert notification.display_title == "Demande de rattachement acceptée"


def test_a_text_a_person_wrote_is_shown_as_written_in_every_language():
    user = UserFactory(language="en")
    notify([user.pk], "group", "Demande de rattachement acceptée", text="Texte libre")
    notification = Notification.objects.get(user=user)
    with translation.override("en"):
        assert (notification.display_title, notification.display_text) == (
            "Demande de rattachement acceptée",
            "Texte libre",
        )


def test_the_beat_task_purges_expired_notifications_in_one_delete(django_assert_num_queries):
    now = timezone.now()
    NotificationFactory.create_batch(3, expires_at=now - timedelta(seconds=1))
    kept = [
        NotificationFactory(expires_at=now + timedelta(days=1)),
        NotificationFactory(expires_at=None),
    ]
    with django_assert_num_queries(1):
        assert purge_expired_notifications.delay().get() == 3
    assert sorted(Notification.objects.values_list("pk", flat=True)) == sorted(n.pk for n in kept)


def test_the_purge_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["notifications-purge-expired"]["task"] == (
        "portal.notifications.tasks.purge_expired_notifications"
    )
