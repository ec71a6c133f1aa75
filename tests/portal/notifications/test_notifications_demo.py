"""The demo data: messages and notifications appear once, however many times seed_demo runs."""

import pytest
from django.core.management import call_command

from portal.notifications.demo import NOTIFICATIONS
from portal.notifications.models import InformationMessage, Notification

pytestmark = pytest.mark.django_db

DEMO_TITLES = [title for _kind, title, _text, _link in NOTIFICATIONS]


def _state():
    scopes = sorted(InformationMessage.objects.values_list("structure__name", flat=True), key=str)
    notified = {
        title: sorted(Notification.objects.filter(title=title).values_list("user_id", flat=True))
        for title in DEMO_TITLES
    }
    return scopes, notified


def test_seed_demo_is_idempotent_for_notifications_and_messages():
    call_command("seed_demo", force=True, verbosity=0)
    scopes, notified = _state()
    call_command("seed_demo", force=True, verbosity=0)
    assert _state() == (scopes, notified)
    assert scopes == sorted([None, "Académie de Lyon"], key=str)
    welcome, information = notified.values()
    assert len(welcome) >= 40
    assert welcome == information
    assert len(set(welcome)) == len(welcome)  # one each
