"""Every write on groups, memberships and group bookmarks, with its rule. Views, the API, the admin, the tasks and
the signal receivers call these; none re-implements a rule.

Refusals: ``PermissionDenied`` when the person may not do this at all (403), ``ValidationError`` naming the field
when the request itself is wrong (400): joining a closed group, accepting someone who is not a candidate, demoting
the last admin, going over the quota, a reserved or taken name. Each service runs in one transaction: on a refusal
nothing changes.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from unidecode import unidecode

from portal.core.sanitize import sanitize_html
from portal.core.text import fold
from portal.core.validators import validate_image_upload, validate_web_url
from portal.users.models import User

from . import signals, space
from .abilities import (
    can_create_group,
    forget_roles,
    get_bookmark_abilities,
    get_group_abilities,
    get_membership_abilities,
    role_in,
)
from .models import AUTOMATIC_NAME_PATTERN, NAME_MAX_LENGTH, Group, GroupBookmark, Membership

Role = Membership.Role
RANK = {Role.CANDIDATE: 0, Role.MEMBER: 1, Role.ANIMATOR: 2, Role.ADMIN: 3}
#: Slugs that would hide a page of /groups/ (``/groups/new/``).
RESERVED_SLUGS = {"new"}
#: Fields animators may change; admins may change these and ``SETTINGS_FIELDS``.
CONTENT_FIELDS = ("description", "content", "avatar")
SETTINGS_FIELDS = ("name", "type", "plugins")
DESCRIPTION_MAX_LENGTH = Group._meta.get_field("description").max_length
BROADCAST_TEXT_MAX_LENGTH = 5000


def _require(abilities, name, message):
    if not abilities.get(name):
        raise PermissionDenied(message)


# --- names, slugs and fields ------------------------------------------------------------------------------------


def clean_group_name(name, exclude_pk=None) -> str:
    """The name with spaces tidied, or a ValidationError on ``name``: empty, too long, reserved or taken."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Le nom du groupe est obligatoire.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Le nom du groupe ne doit pas dépasser %(max)s caractères.") % {"max": NAME_MAX_LENGTH}}
        )
    reserved = {reserved.lower() for reserved in settings.GROUP_RESERVED_NAMES}
    if name.lower() in reserved or AUTOMATIC_NAME_PATTERN.match(name):
        raise ValidationError({"name": _("Ce nom est réservé : choisissez-en un autre.")})
    # Case-insensitive in Python too: SQLite's LOWER() only folds ASCII letters.
    same_folded = Group.objects.filter(search_name=fold(name)).exclude(pk=exclude_pk).values_list("name", flat=True)
    if any(other.lower() == name.lower() for other in same_folded):
        raise ValidationError({"name": _("Ce nom de groupe est déjà pris.")})
    return name


def unique_slug(text, exclude_pk=None) -> str:
    """A free slug made from ``text``: ``maths``, then ``maths-2``, ``maths-3``... (one query)."""
    base = slugify(unidecode(text))[:200].strip("-_") or "groupe"
    taken = set(Group.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _clean_type(value, field="type"):
    if value not in Group.CHOOSABLE_TYPES:
        raise ValidationError({field: _("Choisissez un type de groupe : ouvert, modéré ou fermé.")})
    return value


def _clean_plugins(value):
    if value in (None, ""):
        return {}
    known = set(settings.GROUP_PLUGINS)
    if not isinstance(value, dict) or any(key not in known or not isinstance(v, bool) for key, v in value.items()):
        raise ValidationError(
            {"plugins": _("Modules inconnus. Modules possibles : %(names)s.") % {"names": ", ".join(sorted(known))}}
        )
    return dict(value)


def _clean_description(value):
    value = " ".join(str(value or "").split())
    if len(value) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("La description courte ne doit pas dépasser %(max)s caractères.")
                % {"max": DESCRIPTION_MAX_LENGTH}
            }
        )
    return value


def _clean_avatar(value):
    if value:
        try:
            validate_image_upload(value)
        except ValidationError as error:
            raise ValidationError({"avatar": error.messages}) from error
    return value


def clean_group_fields(changes, group=None):
    """Validate every field given, collecting all the errors into one ValidationError keyed by field."""
    cleaners = {
        "name": lambda value: clean_group_name(value, exclude_pk=group.pk if group else None),
        "type": _clean_type,
        "plugins": _clean_plugins,
        "description": _clean_description,
        "content": lambda value: sanitize_html(value or ""),
        "avatar": _clean_avatar,
    }
    cleaned, errors = {}, {}
    for field, value in changes.items():
        try:
            cleaned[field] = cleaners[field](value)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- notifications and personal space ---------------------------------------------------------------------------


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


def _membership_changed(group, *users):
    forget_roles(group)
    signals.memberships_changed.send(sender=Group, group_ids=[group.pk], user_ids=[user.pk for user in users])


# --- groups -----------------------------------------------------------------------------------------------------


def owned_group_count(user) -> int:
    """Groups counted against ``user.group_quota``: the ones they own, automatic groups excepted."""
    return Group.objects.filter(owner_id=user.pk).exclude(type=Group.Type.AUTOMATIC).count()


def quota_reached(user) -> bool:
    return owned_group_count(user) >= user.group_quota


@transaction.atomic
def create_group(actor, *, name, type=Group.Type.OPEN, description="", content="", avatar=None, plugins=None):
    """Create a group owned by ``actor``, who becomes its admin and gets it in their personal space."""
    if not can_create_group(actor):
        raise PermissionDenied(_("Votre compte ne peut pas créer de groupe."))
    # Lock the owner's row: two simultaneous creations cannot both pass the quota check.
    quota = User.objects.select_for_update().filter(pk=actor.pk).values_list("group_quota", flat=True).get()
    if owned_group_count(actor) >= quota:
        raise ValidationError(
            _("Vous avez atteint votre quota de %(quota)s groupes : supprimez-en un ou demandez à un administrateur.")
            % {"quota": quota}
        )
    fields = clean_group_fields(
        {
            "name": name,
            "type": type,
            "description": description,
            "content": content,
            "plugins": plugins,
            "avatar": avatar,
        }
    )
    group = Group(owner=actor, slug=unique_slug(fields["name"]), **{k: v for k, v in fields.items() if v is not None})
    group.save()
    Membership.objects.create(user=actor, group=group, role=Role.ADMIN)
    signals.group_created.send(sender=Group, group_id=group.pk)
    _membership_changed(group, actor)
    space.add_to_space(actor, space.GROUP_KIND, group.pk)
    return group


@transaction.atomic
def update_group(actor, group, **changes):
    """Change fields of ``group``: animators the description, content and avatar; admins everything.

    ``avatar=False`` clears the avatar. Returns the names of the fields that changed.
    """
    unknown = set(changes) - set(CONTENT_FIELDS) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Unknown group fields: {sorted(unknown)}")
    abilities = get_group_abilities(actor, group)
    _require(abilities, "update", _("Seuls les animateurs et les administrateurs du groupe peuvent le modifier."))
    if set(changes) & set(SETTINGS_FIELDS) and not abilities["update_settings"]:
        if group.is_automatic:
            raise PermissionDenied(_("Le nom et le type d'un groupe de structure suivent la structure."))
        raise PermissionDenied(
            _("Seuls les administrateurs du groupe peuvent changer son nom, son type et ses modules.")
        )
    cleaned = clean_group_fields({key: value for key, value in changes.items() if key != "avatar" or value}, group)
    if changes.get("avatar") is False:
        cleaned["avatar"] = None
    changed = []
    for field, value in cleaned.items():
        if field == "avatar":
            if value is None and group.avatar:
                group.avatar = None
                changed.append(field)
            elif value:
                group.avatar = value
                changed.append(field)
        elif getattr(group, field) != value:
            setattr(group, field, value)
            changed.append(field)
    if "name" in changed:
        group.slug = unique_slug(group.name, exclude_pk=group.pk)
        changed += ["slug", "search_name"]
    if changed:
        group.save(update_fields=[*changed, "updated_at"])
        signals.group_updated.send(sender=Group, group_id=group.pk, fields=changed)
    return changed


def forget_groups(group_ids):
    """Before groups disappear: tell the other apps, and drop them and their bookmarks from every personal space."""
    group_ids = list(group_ids)
    if not group_ids:
        return
    signals.groups_deleting.send(sender=Group, group_ids=group_ids)
    bookmark_ids = list(GroupBookmark.objects.filter(group_id__in=group_ids).values_list("pk", flat=True))
    space.remove_from_all_spaces(space.BOOKMARK_KIND, bookmark_ids)
    space.remove_from_all_spaces(space.GROUP_KIND, group_ids)


@transaction.atomic
def delete_group(actor, group):
    """Delete a group with its memberships, bookmarks and personal-space items (automatic groups: never by hand)."""
    abilities = get_group_abilities(actor, group)
    if group.is_automatic:
        raise PermissionDenied(
            _("Un groupe de structure disparaît avec sa structure : il ne se supprime pas à la main.")
        )
    _require(abilities, "delete", _("Seuls les administrateurs du groupe peuvent le supprimer."))
    forget_groups([group.pk])
    group.delete()


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
    _membership_changed(group, actor)
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
    _membership_changed(group, actor)
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
    _membership_changed(group, actor)


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
    _membership_changed(group, actor)
    space.remove_from_space(actor, space.GROUP_KIND, group.pk)


# --- run by admins and animators --------------------------------------------------------------------------------


def _target_membership(group, user):
    membership = _locked_membership(group, user)
    if membership is not None:
        membership.group = group
    return membership


def _decide_request(actor, group, user, message):
    """The pending request of ``user``, once ``actor`` is known to manage the group's members."""
    _require(get_group_abilities(actor, group), "manage_members", message)
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
    _membership_changed(group, user)
    _tell(user, group, "role_set", gettext_noop("Votre demande pour rejoindre le groupe %(group)s a été acceptée"))
    space.add_to_space(user, space.GROUP_KIND, group.pk)


@transaction.atomic
def refuse_candidate(actor, group, user):
    membership = _decide_request(
        actor, group, user, _("Seuls les animateurs et les administrateurs du groupe refusent les demandes.")
    )
    membership.delete()
    _membership_changed(group, user)
    _tell(user, group, "group", gettext_noop("Votre demande pour rejoindre le groupe %(group)s a été refusée"))


@transaction.atomic
def add_member(actor, group, user):
    """A manager adds a person as a member (of a group of any type but automatic)."""
    _refuse_automatic(group)
    _require(
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
    _membership_changed(group, user)
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
    _membership_changed(group, user)
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
    _membership_changed(group, user)
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
        f"INSERT INTO {table} (user_id, group_id, role, created_at) "  # noqa: S608
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
    _require(
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
    _require(
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


# --- favourites -------------------------------------------------------------------------------------------------


def favourite_group(actor, group):
    _require(get_group_abilities(actor, group), "favourite", _("Vous ne pouvez pas voir ce groupe."))
    space.add_to_space(actor, space.GROUP_KIND, group.pk)


def unfavourite_group(actor, group):
    space.remove_from_space(actor, space.GROUP_KIND, group.pk)


# --- bookmarks --------------------------------------------------------------------------------------------------


def _clean_bookmark_fields(changes, group, exclude_pk=None):
    cleaned, errors = {}, {}
    if "url" in changes:
        url = (changes["url"] or "").strip()
        if url and "://" not in url:
            url = f"https://{url}"
        try:
            if not url:
                raise ValidationError(_("L'adresse est obligatoire."))
            if len(url) > GroupBookmark._meta.get_field("url").max_length:
                raise ValidationError(_("L'adresse ne doit pas dépasser 512 caractères."))
            validate_web_url(url)
            if GroupBookmark.objects.filter(group=group, url=url).exclude(pk=exclude_pk).exists():
                raise ValidationError(_("Ce lien est déjà dans les marque-pages du groupe."))
            cleaned["url"] = url
        except ValidationError as error:
            errors["url"] = error.messages
    if "name" in changes:
        name = " ".join((changes["name"] or "").split())
        if not name and cleaned.get("url"):
            name = urlsplit(cleaned["url"]).hostname or ""
        if not name and "url" not in errors:
            errors["name"] = [_("Le nom du marque-page est obligatoire.")]
        elif len(name) > 200:
            errors["name"] = [_("Le nom ne doit pas dépasser 200 caractères.")]
        cleaned["name"] = name
    if "tag" in changes:
        tag = " ".join((changes["tag"] or "").split())
        if len(tag) > 100:
            errors["tag"] = [_("L'étiquette ne doit pas dépasser 100 caractères.")]
        cleaned["tag"] = tag
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def add_bookmark(actor, group, *, url, name="", tag=""):
    _require(
        get_group_abilities(actor, group), "add_bookmark", _("Seuls les membres du groupe y ajoutent des marque-pages.")
    )
    fields = _clean_bookmark_fields({"url": url, "name": name, "tag": tag}, group)
    return GroupBookmark.objects.create(group=group, author=actor, **fields)


@transaction.atomic
def update_bookmark(actor, bookmark, **changes):
    unknown = set(changes) - {"url", "name", "tag"}
    if unknown:
        raise ValueError(f"Unknown bookmark fields: {sorted(unknown)}")
    _require(
        get_bookmark_abilities(actor, bookmark),
        "update",
        _("Seuls l'auteur et les administrateurs du groupe modifient ce marque-page."),
    )
    fields = _clean_bookmark_fields(changes, bookmark.group, exclude_pk=bookmark.pk)
    for field, value in fields.items():
        setattr(bookmark, field, value)
    bookmark.save()
    return bookmark


@transaction.atomic
def delete_bookmark(actor, bookmark):
    _require(
        get_bookmark_abilities(actor, bookmark),
        "delete",
        _("Seuls l'auteur et les administrateurs du groupe suppriment ce marque-page."),
    )
    space.remove_from_all_spaces(space.BOOKMARK_KIND, [bookmark.pk])
    bookmark.delete()


def favourite_bookmark(actor, bookmark):
    _require(get_bookmark_abilities(actor, bookmark), "favourite", _("Vous ne pouvez pas voir ce marque-page."))
    space.add_to_space(actor, space.BOOKMARK_KIND, bookmark.pk)


def unfavourite_bookmark(actor, bookmark):
    space.remove_from_space(actor, space.BOOKMARK_KIND, bookmark.pk)


# --- automatic structure groups ---------------------------------------------------------------------------------


def automatic_group_name(structure_id, structure_name) -> str:
    return f"{structure_id}_{structure_name}"[: Group._meta.get_field("name").max_length]


def ensure_structure_groups(structure_ids=None):
    """Create the missing automatic groups of these structures (default: every structure), in bulk.

    Returns ``{structure_id: group_id}`` for the given structures.
    """
    from portal.structures.models import Structure

    structures = Structure.objects.all() if structure_ids is None else Structure.objects.filter(pk__in=structure_ids)
    missing = list(structures.filter(automatic_group__isnull=True).values_list("pk", "name"))
    if missing:
        names = {pk: automatic_group_name(pk, name) for pk, name in missing}
        slugs = {pk: slugify(unidecode(name))[:200] for pk, name in names.items()}
        taken = set(Group.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True))
        new_groups = []
        for pk, name in names.items():
            # The "<id>_" prefix makes a clash very unlikely; when one happens, ask for a free slug.
            slug = slugs[pk] if slugs[pk] not in taken else unique_slug(name)
            taken.add(slug)
            group = Group(name=name, slug=slug, type=Group.Type.AUTOMATIC, structure_id=pk)
            group.search_name = fold(group.display_name)
            new_groups.append(group)
        Group.objects.bulk_create(new_groups, batch_size=500)
        for group_id in Group.objects.filter(structure_id__in=names).values_list("pk", flat=True):
            signals.group_created.send(sender=Group, group_id=group_id)
    return dict(Group.objects.filter(structure__in=structures).values_list("structure_id", "pk"))


def rename_structure_group(structure):
    """A structure was renamed: its group follows (one query when nothing changed)."""
    group = Group.objects.filter(structure_id=structure.pk).first()
    if group is None:
        ensure_structure_groups([structure.pk])
        return
    name = automatic_group_name(structure.pk, structure.name)
    if group.name != name:
        group.name = name
        group.slug = unique_slug(name, exclude_pk=group.pk)
        group.save(update_fields=["name", "slug", "search_name", "updated_at"])
        signals.group_updated.send(sender=Group, group_id=group.pk, fields=["name", "slug", "search_name"])


SYNC_CHUNK_SIZE = 2000
INSERT_BATCH_ROWS = 5000


def _insert_memberships(rows):
    """Insert (user_id, group_id, role) rows, skipping those already there, in a few statements.

    It is ``bulk_create(ignore_conflicts=True)`` without a model instance and an ORM-prepared value per row, which
    cost ten times the INSERT itself for 30,000 rows. PostgreSQL gets the rows as three arrays (``unnest``: one short
    statement per 5,000 rows); other databases a multi-row VALUES within their parameter limit.
    """
    table = connection.ops.quote_name(Membership._meta.db_table)
    now = timezone.now()
    postgres = connection.vendor == "postgresql"
    max_params = connection.features.max_query_params or 4 * INSERT_BATCH_ROWS
    batch = INSERT_BATCH_ROWS if postgres else max(1, min(INSERT_BATCH_ROWS, max_params // 4))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            if postgres:
                source = "SELECT u, g, r, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS v(u, g, r)"
                params = [now, [row[0] for row in chunk], [row[1] for row in chunk], [row[2] for row in chunk]]
            else:
                source = "VALUES " + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                params = [value for user_id, group_id, role in chunk for value in (user_id, group_id, role, now)]
            cursor.execute(
                f"INSERT INTO {table} (user_id, group_id, role, created_at) {source} "
                "ON CONFLICT (user_id, group_id) DO NOTHING",
                params,
            )


def _sync_chunk(user_ids):
    """Make the automatic memberships of these users match the structure tree, with a constant number of queries.

    Wanted: member of the group of one's structure and of each ancestor's; admin of the group of every structure one
    administers directly. Unwanted rows are deleted, wrong roles fixed, missing rows bulk-inserted.
    """
    from portal.structures.models import Structure

    users = list(User.objects.filter(pk__in=user_ids).values_list("pk", "structure_id"))
    structure_ids = {structure_id for _pk, structure_id in users if structure_id}
    paths = dict(Structure.objects.filter(pk__in=structure_ids).values_list("pk", "path"))
    lineage = {pk: [int(part) for part in path.strip("/").split("/") if part] or [pk] for pk, path in paths.items()}
    admin_links = list(
        Structure.admins.through.objects.filter(user_id__in=user_ids).values_list("user_id", "structure_id")
    )
    needed = {ancestor for ids in lineage.values() for ancestor in ids} | {sid for _uid, sid in admin_links}
    group_of = ensure_structure_groups(needed) if needed else {}
    wanted = {}
    for user_id, structure_id in users:
        for ancestor in lineage.get(structure_id, ()):
            if ancestor in group_of:
                wanted[(user_id, group_of[ancestor])] = Role.MEMBER
    for user_id, structure_id in admin_links:
        if structure_id in group_of:
            wanted[(user_id, group_of[structure_id])] = Role.ADMIN
    existing = {
        (user_id, group_id): (pk, role)
        for pk, user_id, group_id, role in Membership.objects.filter(
            user_id__in=user_ids, group__type=Group.Type.AUTOMATIC
        )
        .order_by()  # no default ordering: it would join the users table and sort for nothing
        .values_list("pk", "user_id", "group_id", "role")
    }
    stale = [pk for key, (pk, _role) in existing.items() if key not in wanted]
    wrong = {Role.ADMIN: [], Role.MEMBER: []}
    for key, (pk, role) in existing.items():
        if key in wanted and wanted[key] != role:
            wrong[wanted[key]].append(pk)
    missing = [
        (user_id, group_id, role) for (user_id, group_id), role in wanted.items() if (user_id, group_id) not in existing
    ]
    if stale:
        Membership.objects.filter(pk__in=stale).delete()
    for role, pks in wrong.items():
        if pks:
            Membership.objects.filter(pk__in=pks).update(role=role)
    if missing:
        _insert_memberships(missing)
    changed = [key for key in existing if wanted.get(key) != existing[key][1]]
    changed += [key for key in wanted if key not in existing]
    if changed:
        signals.memberships_changed.send(
            sender=Group,
            group_ids=sorted({group_id for _uid, group_id in changed}),
            user_ids=sorted({user_id for user_id, _gid in changed}),
        )
    return len(stale) + len(missing) + sum(len(pks) for pks in wrong.values())


@transaction.atomic
def sync_automatic_memberships(user_ids):
    """Bring the automatic-group memberships of these users up to date (chunks of SYNC_CHUNK_SIZE people).

    Returns the number of rows inserted, deleted or changed.
    """
    user_ids = sorted(set(user_ids))
    return sum(_sync_chunk(user_ids[i : i + SYNC_CHUNK_SIZE]) for i in range(0, len(user_ids), SYNC_CHUNK_SIZE))


def sync_structure_subtree(structure):
    """After a move: resync everyone attached to the structure or below it."""
    user_ids = User.objects.filter(structure__path__startswith=structure.path).values_list("pk", flat=True)
    return sync_automatic_memberships(list(user_ids))


@transaction.atomic
def sync_all_automatic_groups():
    """Create every missing structure group and resync everybody (the demo, the management command)."""
    ensure_structure_groups()
    touched = set(User.objects.values_list("pk", flat=True))
    touched |= set(
        Membership.objects.filter(group__type=Group.Type.AUTOMATIC).values_list("user_id", flat=True).distinct()
    )
    return sync_automatic_memberships(touched)
