"""Celery tasks of the core: sending the queued e-mails, purging the old audit entries."""

from celery import shared_task

from .mail import build_message


@shared_task(name="core.send_email")
def send_email(message):
    """Send one e-mail queued by ``portal.core.mail.send_mail_later``."""
    return build_message(message).send(fail_silently=False)


@shared_task(name="core.purge_audit_entries")
def purge_audit_entries():
    """Daily (beat): delete the audit entries older than ``AUDIT_RETENTION_DAYS``."""
    from .audit import purge_expired_entries

    return purge_expired_entries()
