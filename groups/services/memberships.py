"""Memberships: joining, leaving, requests and their decisions, roles, bulk additions and broadcasts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.core import audit
from portal.users.models import User

from .. import signals, space
from ..abilities import (
    forget_roles,
    get_group_abilities,
    get_membership_abilities,
    role_in,
)
from ..models import Group, Membership
from .common import Role, membership_changed, require

RANK = {Role.CANDIDATE: 0, Role.MEMBER: 1, Role.ANIMATOR: 2, Role.ADMIN: 3}
BROADCAST_TEXT_MAX_LENGTH = 5000


def _notify(recipients, kind, title, params, link):
    """Notify a person (a ``User``) or a queryset of users; ``title`` is a msgid shown in each reader's language.

    One INSERT, whatever the number of people.
    """
    from django.apps import apps

    if not apps.is_installed("portal.notifications"):
        return 0
    from portal.notifications.services import notify_translated

    user_ids = [recipients.pk] if isinstance(recipients, User) else recipients.values("pk")
    return notify_translated(user_ids, kind, title, params=params, link=link)


def _managers_of(group):
    """The admins and animators of ``group`` (a queryset of users)."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(group=group, role__in=Membership.MANAGER_ROLES).values("user_id")
    )


def _manage_url(group):
    from django.urls import reverse

    return reverse("groups:manage", args=[group.slug])


# --- joining and leaving ----------------------------------------------------------------------------------------


def _refuse_automatic(group):
    if group.is_automatic:
        raise ValidationError(
            _(
                "Les membres d'un groupe de structure sont les personnes de la structure : ils ne se gèrent pas à la main."
            )
        )


def _locked_membership(group, user):
    return Membership.objects.select_for_update().filter(group=group, user_id=user.pk).first()


@transaction.atomic
def join_group(actor, group):
    """Join an open group (a pending request on it becomes a membership)."""
    _refuse_automatic(group)
    if not get_group_abilities(actor, group)["join"]:
        role = role_in(actor, group)
        if role in Membership.MEMBER_ROLES:
            raise ValidationError(_("Vous êtes déjà membre de ce groupe."))
        if group.type == Group.Type.MODERATED:
            raise ValidationError(_("Ce groupe est modéré : demandez à le rejoindre."))
        raise ValidationError(
            _("Ce groupe est fermé : seuls ses animateurs et administrateurs y ajoutent des membres.")
        )
    membership = _locked_membership(group, actor)
    if membership is None:
        Membership.objects.create(user=actor, group=group, role=Role.MEMBER)
    else:
        Membership.objects.filter(pk=membership.pk).update(role=Role.MEMBER)
    membership_changed(group, actor)
    space.add_to_space(actor, space.GROUP_KIND, group.pk)


@transaction.atomic
def request_membership(actor, group):
    """Ask to join a moderated group; its admins and animators are notified."""
    _refuse_automatic(group)
    if not get_group_abilities(actor, group)["request"]:
        role = role_in(actor, group)
        if role == Role.CANDIDATE:
            raise ValidationError(_("Votre demande est déjà en attente."))
        if role in Membership.MEMBER_ROLES:
            raise ValidationError(_("Vous êtes déjà membre de ce groupe."))
        if group.type == Group.Type.OPEN:
            raise ValidationError(_("Ce groupe est ouvert : rejoignez-le directement."))
        raise ValidationError(
            _("Ce groupe est fermé : seuls ses animateurs et administrateurs y ajoutent des membres.")
        )
    Membership.objects.create(user=actor, group=group, role=Role.CANDIDATE)
    membership_changed(group, actor)
    name = actor.get_full_name() or actor.username
    _notify(
        _managers_of(group),
        "request",
        gettext_noop("%(user)s demande à rejoindre le groupe %(group)s"),
        {"user": name, "group": group.display_name},
        _manage_url(group),
    )


@transaction.atomic
def cancel_request(actor, group):
    membership = _locked_membership(group, actor)
    if membership is None or membership.role != Role.CANDIDATE:
        raise ValidationError(_("Vous n'avez pas de demande en attente pour ce groupe."))
    membership.delete()
    membership_changed(group, actor)


def _check_not_last_admin(group, membership, message):
    """Refuse when ``membership`` is the group's only admin (rows locked: two admins cannot both step down)."""
    if membership.role != Role.ADMIN:
        return
    admins = list(
        Membership.objects.select_for_update().filter(group=group, role=Role.ADMIN).values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(message)


@transaction.atomic
def leave_group(actor, group):
    _refuse_automatic(group)
    membership = _locked_membership(group, actor)
    if membership is None or membership.role not in Membership.MEMBER_ROLES:
        raise ValidationError(_("Vous n'êtes pas membre de ce groupe."))
    _check_not_last_admin(
        group, membership, _("Vous êtes le dernier administrateur du groupe : nommez-en un autre avant de partir.")
    )
    membership.delete()
    membership_changed(group, actor)
    space.remove_from_space(actor, space.GROUP_KIND, group.pk)


# --- run by admins and animators --------------------------------------------------------------------------------


def _target_membership(group, user):
    membership = _locked_membership(group, user)
    if membership is not None:
        membership.group = group
    return membership


def _decide_request(actor, group, user, message):
    """The pending request of ``user``, once ``actor`` is known to manage the group's members."""
    require(get_group_abilities(actor, group), "manage_members", message)
    membership = _target_membership(group, user)
    if membership is None or membership.role != Role.CANDIDATE:
        raise ValidationError(_("Cette personne n'a pas demandé à rejoindre le groupe."))
    return membership


def _tell(user, group, kind, title):
    """Notify one person about ``group``, in their language; ``title`` is a msgid taking ``%(group)s``."""
    _notify(user, kind, title, {"group": group.display_name}, group.get_absolute_url())


@transaction.atomic
def accept_candidate(actor, group, user):
    """A manager accepts a request: the candidate becomes a member and is told."""
    membership = _decide_request(
        actor, group, user, _("Seuls les animateurs et les administrateurs du groupe acceptent les demandes.")
    )
    Membership.objects.filter(pk=membership.pk).update(role=Role.MEMBER)
    membership_changed(group, user)
    _tell(user, group, "role_set", gettext_noop("Votre demande pour rejoindre le groupe %(group)s a été acceptée"))
    space.add_to_space(user, space.GROUP_KIND, group.pk)


@transaction.atomic
def refuse_candidate(actor, group, user):
    membership = _decide_request(
        actor, group, user, _("Seuls les animateurs et les administrateurs du groupe refusent les demandes.")
    )
    membership.delete()
    membership_changed(group, user)
    _tell(user, group, "group", gettext_noop("Votre demande pour rejoindre le groupe %(group)s a été refusée"))


@transaction.atomic
def add_member(actor, group, user):
    """A manager adds a person as a member (of a group of any type but automatic)."""
    _refuse_automatic(group)
    require(
        get_group_abilities(actor, group),
        "manage_members",
        _("Seuls les animateurs et les administrateurs du groupe y ajoutent des membres."),
    )
    if not user.is_active:
        raise ValidationError({"user": _("Ce compte n'est pas actif.")})
    membership = _target_membership(group, user)
    if membership is not None and membership.role in Membership.MEMBER_ROLES:
        raise ValidationError({"user": _("Cette personne est déjà membre du groupe.")})
    if membership is None:
        Membership.objects.create(user=user, group=group, role=Role.MEMBER)
    else:
        Membership.objects.filter(pk=membership.pk).update(role=Role.MEMBER)
    membership_changed(group, user)
    _tell(user, group, "role_set", gettext_noop("Vous êtes maintenant membre du groupe %(group)s"))
    space.add_to_space(user, space.GROUP_KIND, group.pk)


@transaction.atomic
def remove_member(actor, group, user):
    """Remove a member: animators remove plain members, admins anyone but the last admin."""
    _refuse_automatic(group)
    membership = _target_membership(group, user)
    if membership is None or membership.role not in Membership.MEMBER_ROLES:
        raise ValidationError({"user": _("Cette personne n'est pas membre du groupe.")})
    if not get_membership_abilities(actor, membership)["remove"]:
        raise PermissionDenied(_("Seuls les administrateurs du groupe retirent un animateur ou un administrateur."))
    _check_not_last_admin(
        group, membership, _("C'est le dernier administrateur du groupe : nommez-en un autre d'abord.")
    )
    membership.delete()
    membership_changed(group, user)
    if user.pk != actor.pk:
        _tell(user, group, "role_unset", gettext_noop("Vous ne faites plus partie du groupe %(group)s"))
    space.remove_from_space(user, space.GROUP_KIND, group.pk)


_ROLE_SET_TITLES = {
    Role.ADMIN: gettext_noop("Vous êtes maintenant administrateur du groupe %(group)s"),
    Role.ANIMATOR: gettext_noop("Vous êtes maintenant animateur du groupe %(group)s"),
    Role.MEMBER: gettext_noop("Vous êtes maintenant simple membre du groupe %(group)s"),
}


@transaction.atomic
def set_role(actor, group, user, role):
    """Give a member the role ``admin``, ``animator`` or ``member`` (admins only; an animator may step down)."""
    if role not in Membership.MEMBER_ROLES:
        raise ValidationError({"role": _("Rôle inconnu : choisissez admin, animator ou member.")})
    _refuse_automatic(group)
    membership = _target_membership(group, user)
    if membership is None:
        raise ValidationError({"user": _("Cette personne n'est pas membre du groupe : ajoutez-la d'abord.")})
    if membership.role == Role.CANDIDATE:
        raise ValidationError({"user": _("Cette personne est candidate : acceptez d'abord sa demande.")})
    if membership.role == role:
        raise ValidationError({"role": _("Cette personne a déjà ce rôle.")})
    abilities = get_membership_abilities(actor, membership)
    stepping_down = abilities["step_down"] and role == Role.MEMBER
    if not (abilities["set_role"] or stepping_down):
        raise PermissionDenied(_("Seuls les administrateurs du groupe changent les rôles."))
    _check_not_last_admin(
        group, membership, _("C'est le dernier administrateur du groupe : nommez-en un autre d'abord.")
    )
    Membership.objects.filter(pk=membership.pk).update(role=role)
    audit.record(
        actor,
        "groups.role.changed",
        user,
        before={"group": group, "role": membership.role},
        after={"group": group, "role": role},
    )
    membership_changed(group, user)
    if user.pk != actor.pk:
        _tell(user, group, "role_set" if RANK[role] > RANK[membership.role] else "role_unset", _ROLE_SET_TITLES[role])


@transaction.atomic
def unset_role(actor, group, user, role):
    """Take a role away: ``admin`` or ``animator`` leave a plain member; ``member`` removes; ``candidate`` refuses."""
    if role == Role.CANDIDATE:
        return refuse_candidate(actor, group, user)
    if role == Role.MEMBER:
        return remove_member(actor, group, user)
    if role not in (Role.ADMIN, Role.ANIMATOR):
        raise ValidationError({"role": _("Rôle inconnu : choisissez admin, animator, member ou candidate.")})
    current = Membership.objects.filter(group=group, user_id=user.pk).values_list("role", flat=True).first()
    if current != role:
        raise ValidationError({"role": _("Cette personne n'a pas ce rôle.")})
    return set_role(actor, group, user, Role.MEMBER)


def _insert_select_memberships(group, role, source_sql, source_params):
    """``INSERT INTO membership (user, group, role) SELECT user_id ... `` for the users of ``source_sql`` not yet in
    the group: one statement whatever their number."""
    table = connection.ops.quote_name(Membership._meta.db_table)
    # Only the quoted table name and the ORM-compiled subquery are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} (user_id, group_id, role, created_at) "  # noqa: S608 - quoted table name and ORM-compiled SQL; values bound
        f"SELECT source.user_id, %s, %s, %s FROM ({source_sql}) source "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} existing WHERE existing.group_id = %s "
        "AND existing.user_id = source.user_id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [group.pk, role, timezone.now(), *source_params, group.pk])
        return cursor.rowcount


@transaction.atomic
def add_members_from_group(actor, group, source):
    """Add every member of ``source`` (a group ``actor`` administers) to ``group`` as members, in bulk.

    Pending candidates of ``group`` found in ``source`` become members. Returns the number of people added.
    """
    _refuse_automatic(group)
    require(
        get_group_abilities(actor, group),
        "import_members",
        _("Seuls les administrateurs du groupe y ajoutent les membres d'un autre groupe."),
    )
    if source.pk == group.pk:
        raise ValidationError({"source": _("Choisissez un autre groupe que celui-ci.")})
    if not get_group_abilities(actor, source)["export_members"]:
        raise ValidationError({"source": _("Vous n'administrez pas ce groupe.")})
    source_members = Membership.objects.filter(group=source, role__in=Membership.MEMBER_ROLES).values("user_id")
    already = Membership.objects.filter(group=group, role__in=Membership.MEMBER_ROLES).values("user_id")
    newcomers = User.objects.filter(pk__in=source_members).exclude(pk__in=already)
    _notify(
        newcomers,
        "role_set",
        gettext_noop("Vous êtes maintenant membre du groupe %(group)s"),
        {"group": group.display_name},
        group.get_absolute_url(),
    )
    promoted = Membership.objects.filter(group=group, role=Role.CANDIDATE, user_id__in=source_members).update(
        role=Role.MEMBER
    )
    source_sql, source_params = source_members.order_by().query.sql_with_params()
    inserted = _insert_select_memberships(group, Role.MEMBER, source_sql, source_params)
    forget_roles(group)
    signals.memberships_changed.send(sender=Group, group_ids=[group.pk], user_ids=None)
    return promoted + inserted


@transaction.atomic
def broadcast_to_group(actor, group, title, text=""):
    """Send a notification to every member of the group but the sender: one INSERT whatever their number."""
    require(
        get_group_abilities(actor, group),
        "broadcast",
        _("Seuls les animateurs et les administrateurs du groupe lui envoient des messages."),
    )
    title = " ".join((title or "").split())
    text = (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Le titre du message est obligatoire.")]
    if len(text) > BROADCAST_TEXT_MAX_LENGTH:
        errors["text"] = [_("Le message ne doit pas dépasser %(max)s caractères.") % {"max": BROADCAST_TEXT_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    from portal.notifications.services import notify

    recipients = (
        Membership.objects.filter(group=group, role__in=Membership.MEMBER_ROLES).exclude(user_id=actor.pk)
    ).values("user_id")
    return notify(recipients, "group", f"[{group.display_name}] {title}", text=text, link=group.get_absolute_url())
