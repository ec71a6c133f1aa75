"""``notify``: the interface other apps call to notify people (one INSERT whatever the number of recipients)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import notify, notify_global_admins
from portal.users.factories import GlobalAdminFactory, UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db


def test_notify_creates_one_row_per_recipient_with_expiry_from_settings(settings):
    settings.NOTIFICATION_EXPIRY_DAYS = {"group": 10, "request": None}
    alice, bob = UserFactory(), UserFactory()
    before = timezone.now()

    created = notify([alice.pk, bob.pk, bob.pk], "group", "Réunion", text="Mardi 10 h", link="/groups/maths/")

    assert created == 2
    rows = list(Notification.objects.order_by("user_id").values("user_id", "kind", "title", "text", "link", "read"))
    assert rows == [
        {
            "user_id": alice.pk,
            "kind": "group",
            "title": "Réunion",
            "text": "Mardi 10 h",
            "link": "/groups/maths/",
            "read": False,
        },
        {
            "user_id": bob.pk,
            "kind": "group",
            "title": "Réunion",
            "text": "Mardi 10 h",
            "link": "/groups/maths/",
            "read": False,
        },
    ]
    notification = Notification.objects.first()
    assert before <= notification.created_at <= timezone.now()
    assert notification.expires_at == notification.created_at + timedelta(days=10)
    assert notify([alice.pk], "request", "Demande") == 1
    assert Notification.objects.get(kind="request").expires_at is None


def test_notify_skips_ids_of_deleted_accounts_and_empty_lists():
    alice = UserFactory()
    assert notify([alice.pk, 987654], "message", "Bonjour") == 1
    assert notify([], "message", "Bonjour") == 0
    assert Notification.objects.count() == 1


def test_notify_accepts_a_queryset_of_ids():
    UserFactory.create_batch(3)
    assert notify(User.objects.values_list("pk", flat=True), "information", "Nouveauté") == 3


@pytest.mark.parametrize("link", ["javascript:alert(1)", "//evil.example/x", "ftp://host/file", "data:text/html,x"])
def test_notify_refuses_links_that_are_neither_portal_paths_nor_web_urls(link):
    alice = UserFactory()
    with pytest.raises(ValidationError) as error:
        notify([alice.pk], "message", "Bonjour", link=link)
    assert "link" in error.value.message_dict
    assert Notification.objects.count() == 0


def test_notify_refuses_unknown_kinds_and_empty_titles():
    alice = UserFactory()
    with pytest.raises(ValueError):
        notify([alice.pk], "spam", "Bonjour")
    with pytest.raises(ValidationError):
        notify([alice.pk], "message", "   ")


def test_notify_accepts_web_urls():
    alice = UserFactory()
    assert notify([alice.pk], "message", "Doc", link="https://eduscol.education.fr/page") == 1


def test_notify_global_admins_reaches_only_active_superusers():
    admin = GlobalAdminFactory()
    GlobalAdminFactory(is_active=False)
    UserFactory()
    assert notify_global_admins("information", "Nouvelle structure") == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [admin.pk]


def test_a_broadcast_to_10000_people_is_one_insert(django_assert_num_queries):
    users = User.objects.bulk_create(
        [User(username=f"member{index}", email=f"member{index}@ac-lyon.fr", is_active=True) for index in range(10_000)]
    )
    ids = [user.pk for user in users]
    with django_assert_num_queries(1) as captured:
        created = notify(ids, "group", "Message au groupe", text="Bonjour à tous")
    assert created == 10_000
    assert captured.captured_queries[0]["sql"].startswith("INSERT INTO")
    assert Notification.objects.filter(kind="group").count() == 10_000


def test_notify_refuses_a_link_too_long_and_cuts_a_title_too_long():
    alice = UserFactory()
    with pytest.raises(ValidationError) as error:
        notify([alice.pk], "message", "Bonjour", link="/" + "x" * 600)
    assert list(error.value.message_dict) == ["link"]
    assert notify([alice.pk], "message", "T" * 400) == 1
    assert len(Notification.objects.get().title) == 255
