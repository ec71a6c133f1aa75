"""Deferred work runs after the commit only; queued e-mails keep their attachments and alternatives."""

import pytest
from django.core import mail
from django.db import transaction

from portal.core.mail import send_mail_later

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_mail_is_sent_after_the_commit_with_its_parts():
    with transaction.atomic():
        send_mail_later(
            to=["prof@ac-lyon.fr", ""],
            subject="Invitation :\n conseil",
            body="Bonjour",
            html="<p>Bonjour</p>",
            attachments=[("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
            alternatives=[("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar; method=REQUEST")],
            headers={"X-Portal": "agenda"},
        )
        assert mail.outbox == []  # nothing before the commit
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (["prof@ac-lyon.fr"], "Invitation : conseil", "Bonjour")
    assert [mimetype for _content, mimetype in message.alternatives] == [
        "text/html",
        "text/calendar; method=REQUEST",
    ]
    assert [(name, mimetype) for name, _content, mimetype in message.attachments] == [("invite.ics", "text/calendar")]
    assert message.extra_headers == {"X-Portal": "agenda"}


def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail_later(to=["prof@ac-lyon.fr"], subject="Jamais", body="Jamais envoyé")
        raise RuntimeError("the change fails")
    assert mail.outbox == []


def test_no_recipient_queues_nothing():
    send_mail_later(to=["", None], subject="Personne", body="Personne")
    assert mail.outbox == []
