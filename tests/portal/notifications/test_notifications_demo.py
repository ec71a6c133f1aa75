"""The demo data: messages and notifications appear once, however many times seed_demo runs."""

import pytest
from django.core.management import call_command

from portal.notifications.models import InformationMessage, Notification

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_for_notifications_and_messages():
    call_command("seed_demo", force=True, verbosity=0)
    messages = list(InformationMessage.objects.values_list("structure__name", flat=True).order_by("structure__name"))
    notifications = Notification.objects.count()
    call_command("seed_demo", force=True, verbosity=0)
    assert sorted(InformationMessage.objects.values_list("structure__name", flat=True), key=str) == sorted(
        messages, key=str
    )
    assert sorted(messages, key=str) == sorted([None, "Académie de Lyon"], key=str)
    assert Notification.objects.count() == notifications
    teachers_notified = Notification.objects.values("user").distinct().count()
    assert teachers_notified >= 40
    assert notifications == 2 * teachers_notified
