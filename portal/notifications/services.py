"""Every write on notifications and information messages.

Other apps notify people through ``notify`` (and ``notify_global_admins``), never by writing ``Notification`` rows.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.users.models import User

from .models import Notification, validate_notification_link

KINDS = frozenset(Notification.Kind.values)
_TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length


def expiry_for(kind, now=None):
    """When a notification of ``kind`` created ``now`` expires, from NOTIFICATION_EXPIRY_DAYS (None: never)."""
    days = settings.NOTIFICATION_EXPIRY_DAYS.get(kind)
    if not days:
        return None
    return (now or timezone.now()) + timedelta(days=days)


def _recipients(user_ids):
    """A query of the recipients' ids: a queryset of ids is used as a subquery, a list is filtered by id."""
    if isinstance(user_ids, models.QuerySet):
        return User.objects.filter(pk__in=user_ids).values(recipient_id=F("pk")).order_by()
    ids = {int(user_id) for user_id in user_ids}
    return User.objects.filter(pk__in=ids).values(recipient_id=F("pk")).order_by() if ids else None


def notify(user_ids, kind, title, text="", link="") -> int:
    """Notify every user of ``user_ids`` (a list of ids or a queryset of ids) in ONE ``INSERT ... SELECT``.

    ``kind`` is one of ``message``, ``information``, ``request``, ``role_set``, ``role_unset``, ``group``; the
    expiry comes from ``NOTIFICATION_EXPIRY_DAYS[kind]`` (None: never). ``link`` is a portal path or an http(s)
    URL. Ids of accounts that no longer exist are skipped. Returns the number of notifications created.

    The statement is the same whatever the number of recipients: the rows are selected from the users table
    (a 10,000-member broadcast is one statement with one parameter per id, or none when given a queryset), where
    ``bulk_create`` would be cut into batches of ~120 rows on SQLite.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    title = (title or "").strip()[:_TITLE_MAX_LENGTH]
    if not title:
        raise ValidationError({"title": _("Le titre de la notification est obligatoire.")})
    link = (link or "").strip()
    try:
        validate_notification_link(link)
    except ValidationError as error:
        raise ValidationError({"link": error.messages}) from error
    recipients = _recipients(user_ids)
    if recipients is None:
        return 0
    now = timezone.now()
    return _insert_select(
        recipients,
        {
            "kind": kind,
            "title": title,
            "text": text or "",
            "link": link,
            "read": False,
            "created_at": now,
            "expires_at": expiry_for(kind, now),
        },
    )


def _insert_select(recipients, values) -> int:
    """``INSERT INTO notification (user_id, <values>) SELECT id, <values> FROM (<recipients>)``: one statement."""
    using = router.db_for_write(Notification)
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = Notification._meta
    fields = [opts.get_field(name) for name in values]
    subquery, sub_params = recipients.query.get_compiler(using=using).as_sql()
    # Only quoted identifiers and the ORM-compiled subquery are formatted in; every value is a parameter.
    sql = (  # noqa: S608
        "INSERT INTO {table} ({user_column}, {columns}) "
        "SELECT recipients.recipient_id, {placeholders} FROM ({subquery}) recipients"
    ).format(
        table=quote(opts.db_table),
        user_column=quote(opts.get_field("user").column),
        columns=", ".join(quote(field.column) for field in fields),
        placeholders=", ".join(["%s"] * len(fields)),
        subquery=subquery,
    )
    params = [field.get_db_prep_save(values[field.name], connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *sub_params])
        return cursor.rowcount


def notify_global_admins(kind, title, text="", link="") -> int:
    """Notify every active global administrator (one statement)."""
    admins = User.objects.filter(is_superuser=True, is_active=True).values("pk")
    return notify(admins, kind, title, text=text, link=link)
