"""Participants: invite people, guests and groups in bulk; queue the iMIP e-mails and the notifications."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, router
from django.utils.translation import gettext_noop

from groups.selectors import member_ids
from portal.core.jobs import enqueue
from portal.notifications.services import notify_translated

from ..ical import snapshot
from ..models import Participant

Status = Participant.Status
INVITED = gettext_noop("Invitation : %(title)s")


def add_participants(event, user_ids, guest_emails, group_ids):
    """Invite people by name, guests, and the members of ``group_ids``: the group members in one
    ``INSERT ... SELECT`` whatever their number, the others in bulk."""
    user_ids = set(user_ids)
    mine = Participant.objects.filter(event=event, user__isnull=False)
    if user_ids:
        mine.filter(user_id__in=user_ids).update(direct=True)
    existing = set(mine.filter(user_id__in=user_ids).values_list("user_id", flat=True)) if user_ids else set()
    rows = [Participant(event=event, user_id=user_id, direct=True) for user_id in user_ids - existing]
    known_guests = set(Participant.objects.filter(event=event, user__isnull=True).values_list("email", flat=True))
    rows += [Participant(event=event, email=email) for email in guest_emails if email not in known_guests]
    Participant.objects.bulk_create(rows, batch_size=500)
    if group_ids:
        mine.filter(via_group=False, user_id__in=member_ids(group_ids)).update(via_group=True)
        _insert_group_members(event, group_ids)


def _insert_group_members(event, group_ids):
    """``INSERT INTO participant (...) SELECT DISTINCT <event>, user_id, ... FROM memberships`` of the members of
    ``group_ids`` who are not participants yet: one statement (a 10,000-member group included)."""
    taken = Participant.objects.filter(event=event, user__isnull=False).values("user_id")
    members = member_ids(group_ids).exclude(user_id__in=taken).values("user_id").distinct()
    using = router.db_for_write(Participant)
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = Participant._meta
    values = {"event": event.pk, "email": "", "status": Status.NEEDS_ACTION, "direct": False, "via_group": True}
    fields = [opts.get_field(name) for name in values]
    subquery, sub_params = members.query.get_compiler(using=using).as_sql()
    # Only quoted identifiers and the ORM-compiled subquery are formatted in; every value is a parameter.
    sql = "INSERT INTO {table} ({user_column}, {columns}) SELECT members.user_id, {placeholders} FROM ({sub}) members"
    sql = sql.format(
        table=quote(opts.db_table),
        user_column=quote(opts.get_field("user").column),
        columns=", ".join(quote(field.column) for field in fields),
        placeholders=", ".join(["%s"] * len(fields)),
        sub=subquery,
    )
    params = [field.get_db_prep_save(values[field.name], connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *sub_params])
        return cursor.rowcount


def recipients(event, participants=None):
    """``[[participant id, e-mail, name, is guest, status]]`` of the participants to write to (not the organiser)."""
    participants = participants if participants is not None else Participant.objects.filter(event=event)
    rows = participants.exclude(user_id=event.organiser_id).values_list(
        "pk", "email", "user__email", "user__first_name", "user__last_name", "user_id", "status"
    )
    return [
        [pk, user_email or email, f"{first or ''} {last or ''}".strip(), user_id is None, status]
        for pk, email, user_email, first, last, user_id, status in rows
        if user_email or email
    ]


def invite(event, recipients, method, overrides=None):
    """Queue the iMIP e-mails of ``method`` (REQUEST or CANCEL) to ``recipients`` after the commit, in batches."""
    if not recipients:
        return
    from ..tasks import send_invitations

    if overrides is None:
        overrides = list(event.overrides.all()) if event.pk and event.rrule else []
    data = snapshot(event, overrides)
    organiser = event.organiser
    sender = [organiser.email, organiser.get_full_name()] if organiser else None
    size = settings.AGENDA_INVITATION_BATCH_SIZE
    for index in range(0, len(recipients), size):
        batch = recipients[index : index + size]
        enqueue(send_invitations, data, method, sender, batch, queue="bulk" if len(recipients) > size else None)


def notify_people(event, title_msgid, user_ids=None, link=None):
    """In-app notification to the portal participants (but the organiser), in one statement."""
    if user_ids is None:
        user_ids = (
            Participant.objects.filter(event=event, user__isnull=False)
            .exclude(user_id=event.organiser_id)
            .values_list("user_id", flat=True)
        )
    notify_translated(
        user_ids,
        "group",
        title_msgid,
        text=gettext_noop("Le %(when)s."),
        params={"title": event.title, "when": _when(event)},
        link=link or event.get_absolute_url(),
    )


def _when(event):
    local = event.start.astimezone(ZoneInfo(event.timezone))
    return local.strftime("%d/%m/%Y") if event.all_day else local.strftime("%d/%m/%Y %H:%M")
