"""Celery tasks of the core: sending the queued e-mails."""

from celery import shared_task

from .mail import build_message


@shared_task(name="core.send_email")
def send_email(message):
    """Send one e-mail queued by ``portal.core.mail.send_mail_later``."""
    return build_message(message).send(fail_silently=False)
