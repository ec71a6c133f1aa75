"""Celery tasks of the agenda: thin wrappers calling a service with plain values."""

from celery import shared_task

from . import invitations


@shared_task(name="agenda.send_invitations")
def send_invitations(data, method, sender, recipients):
    """Queue the iMIP e-mails of one batch of recipients (see ``services.invite``)."""
    invitations.send(data, method, sender, recipients)
    return len(recipients)


@shared_task(name="agenda.refresh_group_participants")
def refresh_group_participants_task(group_ids, user_ids):
    """Large membership changes: refresh the group participants of the groups' upcoming events."""
    from .services.group_sync import refresh_group_participants

    return refresh_group_participants(group_ids, user_ids)


@shared_task(name="agenda.send_reminders")
def send_reminders_task():
    """Beat task (every few minutes): the reminders whose time has come, each exactly once."""
    from .services.reminders import send_due_reminders

    return send_due_reminders()
