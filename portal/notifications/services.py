"""Every write on notifications and information messages.

Other apps notify people through ``notify`` (and ``notify_global_admins``), never by writing ``Notification`` rows.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connections, models, router, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.core import audit
from portal.core.sanitize import sanitize_html
from portal.users.models import User

from . import selectors
from .abilities import can_write_information_for, get_information_message_abilities, get_notification_abilities
from .models import InformationMessage, Notification, render_translated, validate_notification_link

KINDS = frozenset(Notification.Kind.values)
_TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length
_LINK_MAX_LENGTH = Notification._meta.get_field("link").max_length


def expiry_for(kind, now=None):
    """When a notification of ``kind`` created ``now`` expires, from NOTIFICATION_EXPIRY_DAYS (None: never)."""
    days = settings.NOTIFICATION_EXPIRY_DAYS.get(kind)
    if not days:
        return None
    return (now or timezone.now()) + timedelta(days=days)


def _as_ids(user_ids):
    """A queryset of ids stays a subquery; anything else becomes a set of ints."""
    return user_ids if isinstance(user_ids, models.QuerySet) else {int(user_id) for user_id in user_ids}


def _recipients(user_ids):
    """A query of the recipients' ids: a queryset of ids is used as a subquery, a list is filtered by id."""
    ids = _as_ids(user_ids)
    if not isinstance(ids, models.QuerySet) and not ids:
        return None
    return User.objects.filter(pk__in=ids).values(recipient_id=F("pk")).order_by()


def notify(user_ids, kind, title, text="", link="") -> int:
    """Notify every user of ``user_ids`` (a list of ids or a queryset of ids) in ONE ``INSERT ... SELECT``.

    For text a person wrote (a broadcast): it is stored and shown as it is. Text written by the portal goes through
    ``notify_translated`` instead, so that each reader gets it in their own language.

    ``kind`` is one of ``message``, ``information``, ``request``, ``role_set``, ``role_unset``, ``group``; the
    expiry comes from ``NOTIFICATION_EXPIRY_DAYS[kind]`` (None: never). ``link`` is a portal path or an http(s)
    URL. Ids of accounts that no longer exist are skipped. Returns the number of notifications created.

    The statement is the same whatever the number of recipients: the rows are selected from the users table
    (a 10,000-member broadcast is one statement with one parameter per id, or none when given a queryset), where
    ``bulk_create`` would be cut into batches of ~120 rows on SQLite.
    """
    return _notify(user_ids, kind, title, text, link, i18n=None)


def notify_translated(user_ids, kind, title, text=(), params=None, link="") -> int:
    """Notify people with a text written by the portal, shown in each reader's language when they read it.

    ``title`` is a msgid and ``text`` a msgid or a list of msgids (one line each), marked at the call site with
    ``gettext_noop`` so that they are extracted for translation; ``params`` (plain strings and numbers) fill their
    ``%(name)s`` placeholders. The msgids and params are stored and translated at display time; the French
    rendering is stored too (back office, fallback). One ``INSERT ... SELECT`` whatever the number of recipients.
    """
    lines = [text] if isinstance(text, str) else list(text)
    lines = [line for line in lines if line]
    params = {key: value if isinstance(value, int | float) else str(value) for key, value in (params or {}).items()}
    with translation.override(settings.LANGUAGE_CODE):
        french_title = render_translated(title, params)
        french_text = "\n".join(render_translated(line, params) for line in lines)
    return _notify(
        user_ids, kind, french_title, french_text, link, i18n={"title": title, "text": lines, "params": params}
    )


def _notify(user_ids, kind, title, text, link, i18n) -> int:
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind: {kind!r}")
    title = (title or "").strip()[:_TITLE_MAX_LENGTH]
    if not title:
        raise ValidationError({"title": _("Le titre de la notification est obligatoire.")})
    link = (link or "").strip()
    try:
        validate_notification_link(link)
        MaxLengthValidator(_LINK_MAX_LENGTH)(link)
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
            "i18n": i18n,
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


def notify_global_admins(kind, title, text="", link="", params=None) -> int:
    """Notify every active global administrator (one statement) with a text written by the portal (msgids)."""
    admins = User.objects.filter(is_superuser=True, is_active=True).values("pk")
    return notify_translated(admins, kind, title, text=text, params=params, link=link)


# --- one person's notifications ---


def _check(abilities, name):
    if not abilities.get(name, False):
        raise PermissionDenied(_("Vous n'avez pas le droit de modifier cette notification."))


def mark_read(user, notification) -> None:
    _check(get_notification_abilities(user, notification), "mark_read")
    if not notification.read:
        Notification.objects.filter(pk=notification.pk).update(read=True)
        notification.read = True


def delete_notification(user, notification) -> None:
    _check(get_notification_abilities(user, notification), "delete")
    Notification.objects.filter(pk=notification.pk).delete()


def mark_all_read(user, tab=None) -> int:
    """Mark the person's unread notifications (of one tab, or all) as read: one UPDATE."""
    return selectors.notifications_of(user, tab).filter(read=False).update(read=True)


def delete_all(user, tab=None, only_read=False) -> int:
    """Delete the person's notifications (of one tab, or all; only the read ones if asked): one DELETE."""
    queryset = selectors.notifications_of(user, tab)
    if only_read:
        queryset = queryset.filter(read=True)
    return queryset.order_by().delete()[0]


def purge_expired_notifications(now=None) -> int:
    """Delete every expired notification: one DELETE (run by the beat task)."""
    return Notification.objects.filter(expires_at__lte=now or timezone.now()).order_by().delete()[0]


# --- information messages ---


def _validate_information(actor, structure, expires_at, content_fr, *, expiry_changed=True):
    if not can_write_information_for(actor, structure):
        if structure is None:
            raise PermissionDenied(_("Seul un administrateur national peut écrire un message national."))
        raise PermissionDenied(_("Vous ne pouvez écrire des messages que pour les structures que vous administrez."))
    errors = {}
    if not sanitize_html(content_fr or "").strip():
        errors["content_fr"] = [_("Le contenu en français est obligatoire.")]
    if expires_at is None:
        errors["expires_at"] = [_("La date d'expiration est obligatoire.")]
    elif expiry_changed and expires_at <= timezone.now():
        errors["expires_at"] = [_("La date d'expiration doit être dans le futur.")]
    if errors:
        raise ValidationError(errors)


def check_information_message(actor, message, *, structure, expires_at, content_fr):
    """Raise PermissionDenied or ValidationError when ``actor`` may not save these values on ``message``.

    ``message`` is None for a creation. Shared by the service below and the back-office form.
    """
    if message is not None and message.pk:
        if not get_information_message_abilities(actor, message)["update"]:
            raise PermissionDenied(_("Vous ne pouvez pas modifier ce message."))
        expiry_changed = expires_at != message.expires_at
    else:
        expiry_changed = True
    _validate_information(actor, structure, expires_at, content_fr, expiry_changed=expiry_changed)


@transaction.atomic
def save_information_message(
    actor, message=None, *, content_fr, content_en="", structure=None, expires_at, publish=False
):
    """Create (``message`` None) or edit an information message.

    Editing keeps the publication date, so readers are not sent to the informations page again; ``publish=True``
    (always the case for a creation) sets it to now.
    """
    check_information_message(actor, message, structure=structure, expires_at=expires_at, content_fr=content_fr)
    before = _information_values(message) if message is not None else {}
    if message is None:
        message = InformationMessage(author=actor)
        publish = True
    message.content_fr = content_fr
    message.content_en = content_en or ""
    message.structure = structure
    message.expires_at = expires_at
    if publish:
        message.published_at = timezone.now()
    message.save()
    action = "informations.updated" if before else "informations.created"
    audit.record(actor, action, message, before=before, after=_information_values(message))
    return message


def _information_values(message):
    """What the audit trail keeps of an information message."""
    return {
        "content_fr": message.content_fr,
        "content_en": message.content_en,
        "structure": message.structure_id,
        "expires_at": message.expires_at,
        "published_at": message.published_at,
    }


@transaction.atomic
def publish_information_message(actor, message):
    """Publish again: the message becomes the newest, and its readers are sent to the informations page."""
    if not get_information_message_abilities(actor, message)["publish"]:
        raise PermissionDenied(_("Vous ne pouvez pas publier ce message."))
    now = timezone.now()
    if message.expires_at <= now:
        raise ValidationError({"expires_at": [_("Ce message a expiré : repoussez d'abord sa date d'expiration.")]})
    InformationMessage.objects.filter(pk=message.pk).update(published_at=now, updated_at=now)
    audit.record(
        actor,
        "informations.published",
        message,
        before={"published_at": message.published_at},
        after={"published_at": now},
    )
    message.published_at = now
    return message


@transaction.atomic
def delete_information_message(actor, message):
    if not get_information_message_abilities(actor, message)["delete"]:
        raise PermissionDenied(_("Vous ne pouvez pas supprimer ce message."))
    audit.record(actor, "informations.deleted", message, before=_information_values(message))
    message.delete()


def mark_informations_read(user) -> None:
    """The person opened the informations page: "/" sends them to their personal space until a newer message."""
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(last_info_read_at=now)
    user.last_info_read_at = now
