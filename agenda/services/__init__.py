"""Every write of the agenda (events, participants, answers, feeds, imports) and the invitations they send.

Every write on events and their participants, and the invitations they send.

Public entry point for other apps (polls creates the event of a closed date poll through it)::

    from agenda.services import create_event

    event = create_event(
        organiser=user,                    # the portal person who organises (required)
        title="Conseil pédagogique",       # required, at most 200 characters
        start=..., end=...,                # aware datetimes; naive ones are read in ``timezone``; for an all-day
                                           # event, dates (``end`` exclusive: the day after the last day)
        timezone="Europe/Paris",           # an IANA zone name
        all_day=False,
        location="", description="",       # description: Markdown (sanitised when rendered)
        group_ids=(),                      # groups whose members are invited (the organiser must be a member)
        participant_user_ids=(),           # portal people invited by name
        guest_emails=(),                   # external guests (answer through a signed link)
        rrule="",                          # RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
        category_id=None, video_url="", reminders=(),   # reminders: minutes before the start
    )

It validates everything (``ValidationError`` naming the field: ``title``, ``start``, ``end``, ``timezone``,
``rrule``, ``group_ids``, ``participant_user_ids``, ``guest_emails``...), writes nothing when it fails, and after the
commit sends the iMIP invitations (METHOD:REQUEST, one e-mail per person, in batches of
``AGENDA_INVITATION_BATCH_SIZE`` through ``portal.core.jobs.enqueue``) and the in-app notifications. The signature
only grows by keyword arguments.
"""

from .editing import delete_event, update_event
from .events import answer, answer_as_guest, create_event

__all__ = ["answer", "answer_as_guest", "create_event", "delete_event", "update_event"]
