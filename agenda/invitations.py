"""The iMIP e-mails (RFC 6047): one per recipient, with the event as a text/calendar part of the right METHOD.

Built in the Celery task from the snapshot taken when the change was made, so a cancelled (deleted) event can still
be announced. Guests get their personal signed answer link; portal people the event's page.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.core.mail import send_mail_later

from . import ical

GUEST_SALT = "agenda.guest"


def guest_token(participant_id):
    return signing.dumps(participant_id, salt=GUEST_SALT, compress=True)


def guest_participant_id(token):
    """The participant id in a guest link's token; ``signing.BadSignature`` when it was not signed by the portal."""
    return int(signing.loads(token, salt=GUEST_SALT))


def guest_url(participant_id):
    path = reverse("agenda:guest", args=[guest_token(participant_id)])
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def send(data, method, sender, recipients):
    """Queue one e-mail per recipient ``[participant id, e-mail, name, is guest, status]``."""
    event, overrides = ical.from_snapshot(data)
    page = ical.event_url(event.pk)
    with translation.override(settings.LANGUAGE_CODE):
        cancel = method == "CANCEL"
        subject = (_("Annulé : %(title)s") if cancel else _("Invitation : %(title)s")) % {"title": event.title}
        for participant_id, email, name, is_guest, status in recipients:
            text = ical.build(
                [(event, overrides)],
                method=method,
                organisers={event.uid: tuple(sender)} if sender else None,
                attendees={event.uid: [(email, name, "needs-action" if method == "REQUEST" else status)]},
                cancelled=cancel,
                urls={event.uid: page},
            )
            link = guest_url(participant_id) if is_guest else page
            lines = [subject, ""]
            if event.location:
                lines.append(_("Lieu : %(location)s") % {"location": event.location})
            if not cancel:
                lines += ["", _("Répondre et voir l'événement : %(link)s") % {"link": link}]
            send_mail_later(
                to=[email],
                subject=subject,
                body="\n".join(lines),
                attachments=[("invitation.ics", text, f"text/calendar; method={method}")],
                key=f"agenda:{event.uid}:{event.sequence}:{method}:{participant_id}",
            )
