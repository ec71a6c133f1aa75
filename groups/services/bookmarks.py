"""Group bookmarks: adding, changing, deleting and favouriting them."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core.validators import validate_web_url

from .. import space
from ..abilities import (
    get_bookmark_abilities,
    get_group_abilities,
)
from ..models import GroupBookmark
from .common import require


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
    require(
        get_group_abilities(actor, group), "add_bookmark", _("Seuls les membres du groupe y ajoutent des marque-pages.")
    )
    fields = _clean_bookmark_fields({"url": url, "name": name, "tag": tag}, group)
    return GroupBookmark.objects.create(group=group, author=actor, **fields)


@transaction.atomic
def update_bookmark(actor, bookmark, **changes):
    unknown = set(changes) - {"url", "name", "tag"}
    if unknown:
        raise ValueError(f"Unknown bookmark fields: {sorted(unknown)}")
    require(
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
    require(
        get_bookmark_abilities(actor, bookmark),
        "delete",
        _("Seuls l'auteur et les administrateurs du groupe suppriment ce marque-page."),
    )
    space.remove_from_all_spaces(space.BOOKMARK_KIND, [bookmark.pk])
    bookmark.delete()


def favourite_bookmark(actor, bookmark):
    require(get_bookmark_abilities(actor, bookmark), "favourite", _("Vous ne pouvez pas voir ce marque-page."))
    space.add_to_space(actor, space.BOOKMARK_KIND, bookmark.pk)


def unfavourite_bookmark(actor, bookmark):
    space.remove_from_space(actor, space.BOOKMARK_KIND, bookmark.pk)
