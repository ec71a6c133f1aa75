"""Back office: information messages scoped to the admin's subtrees, notifications for global admins only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.notifications.factories import InformationMessageFactory, NotificationFactory
from portal.notifications.models import InformationMessage, Notification

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_informationmessage_changelist"
ADD = "admin:notifications_informationmessage_add"


def _change_url(message):
    return reverse("admin:notifications_informationmessage_change", args=[message.pk])


def _form(structure=None, days=7, content="<p>Réunion de rentrée</p>", **extra):
    expires = timezone.localtime(timezone.now() + timedelta(days=days))
    return {
        "structure": structure.pk if structure else "",
        "content_fr": content,
        "content_en": "",
        "expires_at_0": expires.strftime("%d/%m/%Y"),
        "expires_at_1": expires.strftime("%H:%M:%S"),
        **extra,
    }


@pytest.fixture
def as_lyon_admin(client, lyon_admin):
    client.force_login(lyon_admin)
    return client


def test_a_structure_admin_lists_only_their_subtrees_messages(as_lyon_admin, tree):
    ours = [InformationMessageFactory(structure=tree.lyon), InformationMessageFactory(structure=tree.ampere)]
    InformationMessageFactory()  # national
    InformationMessageFactory(structure=tree.grenoble)
    response = as_lyon_admin.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert sorted(m.pk for m in response.context["cl"].result_list) == sorted(m.pk for m in ours)


def test_a_structure_admin_is_offered_only_their_subtrees_structures(as_lyon_admin, tree):
    form = as_lyon_admin.get(reverse(ADD)).context["adminform"].form
    assert sorted(form.fields["structure"].queryset.values_list("name", flat=True)) == sorted(
        ["Académie de Lyon", "DSDEN du Rhône", "Lycée Ampère", "Collège Jean Moulin"]
    )
    assert form.fields["structure"].required is True


def test_a_structure_admin_creates_a_message_for_their_subtree(as_lyon_admin, tree, lyon_admin):
    response = as_lyon_admin.post(reverse(ADD), _form(tree.rhone))
    assert response.status_code == 302
    message = InformationMessage.objects.get()
    assert (message.structure, message.author, message.content_fr) == (
        tree.rhone,
        lyon_admin,
        "<p>Réunion de rentrée</p>",
    )


def test_a_structure_admin_cannot_create_a_national_message(as_lyon_admin):
    response = as_lyon_admin.post(reverse(ADD), _form(None))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["structure"] == ["Ce champ est obligatoire."]
    assert InformationMessage.objects.count() == 0


def test_a_structure_admin_cannot_create_a_message_for_another_subtree(as_lyon_admin, tree):
    response = as_lyon_admin.post(reverse(ADD), _form(tree.grenoble))
    assert response.status_code == 200
    assert "structure" in response.context["adminform"].form.errors
    assert InformationMessage.objects.count() == 0


def test_an_expiry_in_the_past_is_a_form_error(as_lyon_admin, tree):
    response = as_lyon_admin.post(reverse(ADD), _form(tree.lyon, days=-2))
    assert response.context["adminform"].form.errors["expires_at"] == ["La date d'expiration doit être dans le futur."]
    assert InformationMessage.objects.count() == 0


def test_a_structure_admin_cannot_open_another_subtrees_message(as_lyon_admin, tree):
    theirs = InformationMessageFactory(structure=tree.grenoble)
    national = InformationMessageFactory()
    for message in (theirs, national):
        response = as_lyon_admin.get(_change_url(message))
        assert response.status_code == 302  # "does not exist": out of their scope
        assert (
            as_lyon_admin.post(
                reverse("admin:notifications_informationmessage_delete", args=[message.pk]), {"post": "yes"}
            ).status_code
            == 302
        )
    assert InformationMessage.objects.count() == 2


def test_editing_keeps_the_date_and_the_republish_box_bumps_it(as_lyon_admin, tree):
    old = timezone.now() - timedelta(days=5)
    message = InformationMessageFactory(structure=tree.lyon, published_at=old)
    as_lyon_admin.post(_change_url(message), _form(tree.lyon, content="<p>Corrigé</p>"))
    message.refresh_from_db()
    assert (message.content_fr, message.published_at) == ("<p>Corrigé</p>", old)
    as_lyon_admin.post(_change_url(message), _form(tree.lyon, content="<p>Republié</p>", publish="on"))
    message.refresh_from_db()
    assert timezone.now() - message.published_at < timedelta(seconds=5)


def test_the_republish_action(as_lyon_admin, tree):
    message = InformationMessageFactory(structure=tree.ampere, published_at=timezone.now() - timedelta(days=5))
    response = as_lyon_admin.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [message.pk]}, follow=True
    )
    assert "1 message republié." in response.content.decode()
    message.refresh_from_db()
    assert timezone.now() - message.published_at < timedelta(seconds=5)


def test_a_global_admin_creates_a_national_message(client, global_admin):
    client.force_login(global_admin)
    assert client.post(reverse(ADD), _form(None)).status_code == 302
    assert InformationMessage.objects.get().structure is None


def test_a_teacher_has_no_back_office(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse(CHANGELIST)).status_code == 302
    assert client.post(reverse(ADD), _form(teacher.structure)).status_code == 302
    assert InformationMessage.objects.count() == 0


def test_notifications_in_the_back_office_are_for_global_admins_only(client, global_admin, as_lyon_admin, teacher):
    NotificationFactory(user=teacher, title="Pour le support")
    assert as_lyon_admin.get(reverse("admin:notifications_notification_changelist")).status_code == 403
    client.force_login(global_admin)
    response = client.get(reverse("admin:notifications_notification_changelist"))
    assert response.status_code == 200
    assert "Pour le support" in response.content.decode()
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_a_global_admin_may_delete_but_not_change_a_notification(client, global_admin, teacher):
    notification = NotificationFactory(user=teacher)
    client.force_login(global_admin)
    change_url = reverse("admin:notifications_notification_change", args=[notification.pk])
    assert client.post(change_url, {"read": "on"}).status_code == 403
    notification.refresh_from_db()
    assert notification.read is False
    delete_url = reverse("admin:notifications_notification_delete", args=[notification.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Notification.objects.filter(pk=notification.pk).exists()
