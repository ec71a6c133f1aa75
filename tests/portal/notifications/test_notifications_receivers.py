"""Structure requests and their outcome become notifications; expired notifications are purged in one DELETE."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from portal.notifications.factories import NotificationFactory
from portal.notifications.models import Notification
from portal.notifications.services import notify_in_their_language
from portal.notifications.tasks import purge_expired_notifications
from portal.users import services as user_services
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db


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

    rows = {n.user_id: (n.kind, n.title, n.text) for n in Notification.objects.all()}
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

    assert {n.user_id: (n.kind, n.title, n.text, n.link) for n in Notification.objects.all()} == {
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


def test_notify_in_their_language_is_one_insert_per_language(django_assert_num_queries):
    users = [UserFactory(language="fr"), UserFactory(language="en"), UserFactory(language="fr")]

    def build():
        return {"title": translation.gettext("Demande de rattachement acceptée"), "text": "", "link": "/"}

    with django_assert_num_queries(3):  # the languages, then one INSERT per language
        assert notify_in_their_language([user.pk for user in users], "information", build) == 3
    assert sorted(Notification.objects.values_list("title", flat=True)) == [
        "Demande de rattachement acceptée",
        "Demande de rattachement acceptée",
        "Structure request accepted",
    ]


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
