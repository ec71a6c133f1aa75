"""The notifications page (two tabs, unread counts, actions on one or all) and the bell in the header."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.notifications.factories import NotificationFactory
from portal.notifications.models import Notification
from portal.users.factories import UserFactory

pytestmark = pytest.mark.django_db

# session, user, unread counts (one aggregate), paginator count, page rows, back-office check (is_staff)
NOTIFICATIONS_PAGE_QUERIES = 6


@pytest.fixture
def signed_in(client, teacher):
    client.force_login(teacher)
    return client


def _page(client, tab="messages", **params):
    return client.get(reverse("notifications"), {"tab": tab, **params})


def test_the_page_shows_each_tab_with_its_unread_count(signed_in, teacher):
    NotificationFactory(user=teacher, kind="message", title="Message direct")
    NotificationFactory(user=teacher, kind="message", title="Message lu", read=True)
    NotificationFactory(user=teacher, kind="role_set", title="Vous êtes animateur")
    NotificationFactory(user=teacher, kind="group", title="Message au groupe")
    NotificationFactory(user=teacher, kind="request", title="Demande", read=True)
    NotificationFactory(title="Notification de quelqu'un d'autre")

    response = _page(signed_in, "messages")

    assert response.status_code == 200
    assert [(tab["key"], tab["unread"]) for tab in response.context["tabs"]] == [
        ("messages", 1),
        ("informations", 2),
    ]
    assert [n.title for n in response.context["page"].object_list] == ["Message lu", "Message direct"]
    body = response.content.decode()
    assert "Vous êtes animateur" not in body and "quelqu&#x27;un d&#x27;autre" not in body
    informations = _page(signed_in, "informations")
    assert [n.title for n in informations.context["page"].object_list] == [
        "Demande",
        "Message au groupe",
        "Vous êtes animateur",
    ]


def test_the_bell_shows_the_unread_count_of_all_tabs(signed_in, teacher):
    NotificationFactory.create_batch(2, user=teacher, kind="message")
    NotificationFactory(user=teacher, kind="group")
    NotificationFactory(user=teacher, kind="group", read=True)
    response = signed_in.get(reverse("informations"))
    assert response.context["notifications_unread"] == 3
    assert "3 non lues" in response.content.decode()


def test_the_bell_is_absent_for_anonymous_people(client):
    response = client.get(reverse("signin"))
    assert "notifications_unread" not in response.context
    assert reverse("notifications") not in response.content.decode()


def test_expired_notifications_are_not_shown(signed_in, teacher):
    NotificationFactory(user=teacher, title="Périmée", expires_at=timezone.now() - timedelta(minutes=1))
    NotificationFactory(user=teacher, title="Valide", expires_at=timezone.now() + timedelta(days=1))
    assert [n.title for n in _page(signed_in).context["page"].object_list] == ["Valide"]


def test_an_unknown_tab_or_page_falls_back_instead_of_failing(signed_in, teacher):
    NotificationFactory(user=teacher)
    response = _page(signed_in, "<script>", page="abc")
    assert response.status_code == 200
    assert response.context["tab"] == "messages"
    assert response.context["page"].number == 1


def test_the_empty_state(signed_in):
    assert "Aucune notification ici pour le moment." in _page(signed_in).content.decode()


def test_the_page_is_in_constant_queries_with_few_and_many_notifications(signed_in, teacher, django_assert_num_queries):
    NotificationFactory(user=teacher)
    _page(signed_in)  # warms the site settings' cache
    with django_assert_num_queries(NOTIFICATIONS_PAGE_QUERIES):
        response = _page(signed_in)
    assert len(response.context["page"].object_list) == 1
    NotificationFactory.create_batch(60, user=teacher)
    NotificationFactory.create_batch(10, user=teacher, kind="group")
    with django_assert_num_queries(NOTIFICATIONS_PAGE_QUERIES):
        response = _page(signed_in, page=2)
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 61


# --- actions on one notification ---


def test_mark_one_read(signed_in, teacher):
    notification = NotificationFactory(user=teacher, kind="group")
    response = signed_in.post(reverse("notification_read", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == f"{reverse('notifications')}?tab=informations"
    notification.refresh_from_db()
    assert notification.read is True


def test_open_marks_read_and_follows_the_link(signed_in, teacher):
    notification = NotificationFactory(user=teacher, link="/groups/maths/")
    response = signed_in.post(reverse("notification_open", args=[notification.pk]))
    assert response.url == "/groups/maths/"
    notification.refresh_from_db()
    assert notification.read is True


def test_open_refuses_to_follow_a_link_that_is_not_allowed(signed_in, teacher):
    notification = NotificationFactory(user=teacher, link="javascript:alert(1)")  # written around the service
    response = signed_in.post(reverse("notification_open", args=[notification.pk]))
    assert response.url == f"{reverse('notifications')}?tab=messages"


def test_delete_one(signed_in, teacher):
    notification = NotificationFactory(user=teacher)
    signed_in.post(reverse("notification_delete", args=[notification.pk]))
    assert not Notification.objects.filter(pk=notification.pk).exists()


@pytest.mark.parametrize("name", ["notification_read", "notification_open", "notification_delete"])
def test_another_persons_notification_id_is_a_404_and_stays_untouched(signed_in, name):
    theirs = NotificationFactory(user=UserFactory())
    assert signed_in.post(reverse(name, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read is False


@pytest.mark.parametrize("name", ["notification_read", "notification_delete"])
def test_even_a_global_admin_gets_a_404_on_someone_elses_notification(client, global_admin, name):
    theirs = NotificationFactory()
    client.force_login(global_admin)
    assert client.post(reverse(name, args=[theirs.pk])).status_code == 404
    assert Notification.objects.filter(pk=theirs.pk, read=False).exists()


@pytest.mark.parametrize("name", ["notification_read", "notification_open", "notification_delete"])
def test_changes_need_a_post(signed_in, teacher, name):
    notification = NotificationFactory(user=teacher)
    assert signed_in.get(reverse(name, args=[notification.pk])).status_code == 405
    assert signed_in.get(reverse("notification_bulk")).status_code == 405


def test_changes_need_the_csrf_token(teacher):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(teacher)
    notification = NotificationFactory(user=teacher)
    assert csrf_client.post(reverse("notification_delete", args=[notification.pk])).status_code == 403
    assert csrf_client.post(reverse("notification_bulk"), {"action": "delete_all"}).status_code == 403
    assert Notification.objects.filter(pk=notification.pk).exists()


# --- actions on a whole tab ---


def test_mark_all_read_in_one_tab_only(signed_in, teacher):
    NotificationFactory.create_batch(2, user=teacher, kind="message")
    NotificationFactory(user=teacher, kind="group")
    mine_elsewhere = NotificationFactory(kind="message")
    response = signed_in.post(reverse("notification_bulk"), {"tab": "messages", "action": "mark_all_read"})
    assert response.url == f"{reverse('notifications')}?tab=messages"
    assert list(Notification.objects.filter(user=teacher).values_list("kind", "read").order_by("kind")) == [
        ("group", False),
        ("message", True),
        ("message", True),
    ]
    mine_elsewhere.refresh_from_db()
    assert mine_elsewhere.read is False


def test_delete_the_read_ones_of_a_tab(signed_in, teacher):
    NotificationFactory(user=teacher, kind="group", read=True, title="lue")
    NotificationFactory(user=teacher, kind="group", read=False, title="non lue")
    NotificationFactory(user=teacher, kind="message", read=True, title="message lu")
    signed_in.post(reverse("notification_bulk"), {"tab": "informations", "action": "delete_read"})
    assert sorted(Notification.objects.values_list("title", flat=True)) == ["message lu", "non lue"]


def test_delete_all_of_a_tab(signed_in, teacher):
    NotificationFactory.create_batch(3, user=teacher, kind="request")
    NotificationFactory(user=teacher, kind="message", title="garde")
    other = NotificationFactory(kind="request")
    signed_in.post(reverse("notification_bulk"), {"tab": "informations", "action": "delete_all"})
    assert sorted(Notification.objects.values_list("pk", flat=True)) == sorted(
        [Notification.objects.get(title="garde").pk, other.pk]
    )


def test_an_unknown_bulk_action_changes_nothing_and_says_so(signed_in, teacher):
    NotificationFactory(user=teacher)
    response = signed_in.post(reverse("notification_bulk"), {"tab": "messages", "action": "drop_table"}, follow=True)
    assert "Action inconnue." in response.content.decode()
    assert Notification.objects.filter(read=False).count() == 1


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("signin"))
