"""Groups: their names, slugs and fields, creation, changes, deletion and favourites."""

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.core.sanitize import sanitize_html
from portal.core.text import fold
from portal.core.validators import validate_image_upload
from portal.users.models import User

from .. import signals, space
from ..abilities import (
    can_create_group,
    get_group_abilities,
)
from ..models import AUTOMATIC_NAME_PATTERN, NAME_MAX_LENGTH, Group, GroupBookmark, Membership
from ..selectors import quota_reached
from .common import Role, membership_changed, require

#: Slugs that would hide a page of /groups/ (``/groups/new/``).
RESERVED_SLUGS = {"new"}
#: Fields animators may change; admins may change these and ``SETTINGS_FIELDS``.
CONTENT_FIELDS = ("description", "content", "avatar")
SETTINGS_FIELDS = ("name", "type", "plugins")
DESCRIPTION_MAX_LENGTH = Group._meta.get_field("description").max_length


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
    base = slugify(anyascii(text))[:200].strip("-_") or "groupe"
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


# --- groups --------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_group(actor, *, name, type=Group.Type.OPEN, description="", content="", avatar=None, plugins=None):
    """Create a group owned by ``actor``, who becomes its admin and gets it in their personal space."""
    if not can_create_group(actor):
        raise PermissionDenied(_("Votre compte ne peut pas créer de groupe."))
    # Lock the owner's row: two simultaneous creations cannot both pass the quota check.
    quota = User.objects.select_for_update().filter(pk=actor.pk).values_list("group_quota", flat=True).get()
    if quota_reached(actor, quota=quota):
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
    membership_changed(group, actor)
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
    require(abilities, "update", _("Seuls les animateurs et les administrateurs du groupe peuvent le modifier."))
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
    require(abilities, "delete", _("Seuls les administrateurs du groupe peuvent le supprimer."))
    forget_groups([group.pk])
    group.delete()


# --- favourites -------------------------------------------------------------------------------------------------


def favourite_group(actor, group):
    require(get_group_abilities(actor, group), "favourite", _("Vous ne pouvez pas voir ce groupe."))
    space.add_to_space(actor, space.GROUP_KIND, group.pk)


def unfavourite_group(actor, group):
    space.remove_from_space(actor, space.GROUP_KIND, group.pk)
