"""E-mail: queued after the commit and sent by a Celery task, never from a request.

``send_mail_later`` takes plain values (JSON-serialisable), so the message travels as the task's arguments:
attachments and alternatives are text (an ICS invitation, a CSV), not bytes.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .jobs import enqueue


def send_mail_later(
    *,
    to,
    subject,
    body,
    html=None,
    attachments=(),
    alternatives=(),
    headers=None,
    reply_to=None,
    from_email=None,
    key=None,
):
    """Queue one e-mail to the addresses ``to`` (one message, every address visible to the others: send one call per
    person for private mail). ``attachments`` are ``(filename, text, mimetype)`` and ``alternatives``
    ``(text, mimetype)`` besides the HTML one."""
    from .tasks import send_email

    recipients = [address for address in to if address]
    if not recipients:
        return
    message = {
        "to": recipients,
        "subject": " ".join(str(subject).split()),
        "body": str(body),
        "html": str(html) if html else None,
        "attachments": [list(attachment) for attachment in attachments],
        "alternatives": [list(alternative) for alternative in alternatives],
        "headers": dict(headers or {}),
        "reply_to": list(reply_to or []),
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
    }
    enqueue(send_email, message, key=key)


def build_message(message) -> EmailMultiAlternatives:
    """The Django message for the plain values queued by ``send_mail_later``."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=message["to"],
        headers=message.get("headers") or None,
        reply_to=message.get("reply_to") or None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    for content, mimetype in message.get("alternatives") or []:
        email.attach_alternative(content, mimetype)
    for filename, content, mimetype in message.get("attachments") or []:
        email.attach(filename, content, mimetype)
    return email
