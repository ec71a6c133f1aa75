"""Helpers of the agenda tests: read the iMIP e-mails sent."""

import icalendar
from django.core import mail


def invitations(outbox=None):
    """``[(recipient, METHOD, VEVENT components)]`` of the iMIP e-mails sent, in order."""
    found = []
    for message in mail.outbox if outbox is None else outbox:
        for name, content, mimetype in message.attachments:
            if name.endswith(".ics"):
                calendar = icalendar.Calendar.from_ical(content)
                found.append((message.to[0], str(calendar["METHOD"]), calendar.walk("VEVENT"), content, mimetype))
    return found
