"""Every write on articles and tags, with its rules. Views, the API, the admin and the backup call these.

Each service checks the abilities again before writing, validates what comes from outside (a ValidationError keyed
by field) and writes in one transaction. Moderation (unpublish or delete by someone other than the author) tells
the author why through a notification stored as msgids (one INSERT).
"""

import re
import uuid
from io import BytesIO

from anyascii import anyascii
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image

from portal.core.text import fold
from portal.core.validators import validate_image_upload

from . import abilities
from .models import SUMMARY_MAX_LENGTH, TAG_MAX_LENGTH, TITLE_MAX_LENGTH, Article, Tag
from .rendering import render_markdown

CONTENT_MAX_LENGTH = 200_000
MAX_TAGS = 10
REASON_MAX_LENGTH = 1000
IMAGE_MAX_SIDE = 2000
_BOT_PATTERN = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|curl|wget|python-requests", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _require(allowed, message=None):
    if not allowed:
        raise PermissionDenied(message or _("Vous n'avez pas le droit de faire cela."))


def _text(value, field, max_length, required=False, single_line=True):
    value = _CONTROL.sub("", str(value or ""))
    value = " ".join(value.split()) if single_line else value.strip()
    if required and not value:
        raise ValidationError({field: _("Ce champ est obligatoire.")})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("Ce texte ne doit pas dépasser %(max)s caractères.")
                % {"max": f"{max_length:,}".replace(",", " ")}
            }
        )
    return value


# --- tags --------------------------------------------------------------------------------------------------------


def clean_tag_name(name, field="tags"):
    """Lower-case (accents kept), single-spaced, at most TAG_MAX_LENGTH characters."""
    name = " ".join(_CONTROL.sub("", str(name or "")).split()).lower()
    if not name:
        raise ValidationError({field: _("Le nom de l'étiquette est vide.")})
    if len(name) > TAG_MAX_LENGTH:
        raise ValidationError(
            {field: _("Une étiquette ne doit pas dépasser %(max)s caractères.") % {"max": TAG_MAX_LENGTH}}
        )
    return name


def tag_names_from(value):
    """A list of tag names from a list or a comma-separated string, cleaned, without duplicates, in order."""
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    names = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            continue
        name = clean_tag_name(item)
        if name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValidationError({"tags": _("%(max)s étiquettes au plus.") % {"max": MAX_TAGS}})
    return names


def get_or_create_tags(actor, names):
    """The tags of these (cleaned) names, creating the missing ones (any active person may)."""
    if not names:
        return []
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [name for name in names if name not in existing]
    if missing:
        _require(abilities.can_create_tag(actor))
        for name in missing:
            existing[name], _created = Tag.objects.get_or_create(name=name)
    return [existing[name] for name in names]


def create_tag(actor, name):
    _require(abilities.can_create_tag(actor))
    name = clean_tag_name(name, "name")
    tag, _created = Tag.objects.get_or_create(name=name)
    return tag


def rename_tag(actor, tag, name):
    _require(abilities.get_tag_abilities(actor, tag)["update"])
    name = clean_tag_name(name, "name")
    if Tag.objects.filter(name=name).exclude(pk=tag.pk).exists():
        raise ValidationError({"name": _("Cette étiquette existe déjà : fusionnez-les plutôt.")})
    tag.name = name
    tag.save(update_fields=["name"])
    return tag


@transaction.atomic
def merge_tags(actor, source, target):
    """Move every article of ``source`` to ``target`` (no article gets it twice), then delete ``source``."""
    _require(abilities.get_tag_abilities(actor, source)["merge"])
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choisissez une autre étiquette.")})
    through = Article.tags.through
    already = through.objects.filter(tag_id=target.pk).values("article_id")
    through.objects.filter(tag_id=source.pk).exclude(article_id__in=already).update(tag_id=target.pk)
    source.delete()
    return target


def delete_tag(actor, tag):
    _require(abilities.get_tag_abilities(actor, tag)["delete"])
    tag.delete()


# --- articles ----------------------------------------------------------------------------------------------------


def _clean_groups(author, group_ids, article=None):
    """Groups the author belongs to (and those the article is already in, which they may keep)."""
    from groups.selectors import member_groups

    try:
        wanted = {int(pk) for pk in (group_ids or [])}
    except (TypeError, ValueError) as error:
        raise ValidationError({"groups": _("Groupe inconnu.")}) from error
    if not wanted:
        return []
    allowed = set(member_groups(author).filter(pk__in=wanted).values_list("pk", flat=True))
    if article is not None and article.pk:
        allowed |= set(article.groups.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise ValidationError({"groups": _("Vous ne pouvez publier que dans les groupes dont vous êtes membre.")})
    return sorted(wanted)


def _check_visibility(visibility, group_ids):
    if visibility not in Article.Visibility.values:
        raise ValidationError({"visibility": _("Visibilité inconnue.")})
    if visibility == Article.Visibility.GROUPS and not group_ids:
        raise ValidationError({"groups": _("Choisissez au moins un groupe pour la visibilité « Groupes ».")})
    if visibility != Article.Visibility.GROUPS and group_ids:
        from groups.selectors import open_group_ids

        if not open_group_ids().filter(pk__in=group_ids).exists():
            raise ValidationError(
                {
                    "visibility": _(
                        "Un article publié seulement dans des groupes fermés ou modérés n'est lu que par leurs "
                        "membres : choisissez la visibilité « Groupes »."
                    )
                }
            )


def clean_article_fields(author, data, article=None):
    """Validate the fields given in ``data`` (all of them for a new article); errors of every field at once."""
    cleaned, errors = {}, {}
    checks = {
        "title": lambda value: _text(value, "title", TITLE_MAX_LENGTH, required=True),
        "summary": lambda value: _text(value, "summary", SUMMARY_MAX_LENGTH),
        "content": lambda value: _text(value, "content", CONTENT_MAX_LENGTH, required=True, single_line=False),
        "licence": lambda value: _choice(value or "", Article.Licence.values, "licence", _("Licence inconnue.")),
        "tags": tag_names_from,
        "groups": lambda value: _clean_groups(author, value, article),
        "visibility": lambda value: value,
    }
    for field, check in checks.items():
        if field in data:
            try:
                cleaned[field] = check(data[field])
            except ValidationError as error:
                errors.update(error.message_dict)
    if not errors and ("visibility" in cleaned or "groups" in cleaned):
        visibility = cleaned.get("visibility", article.visibility if article else Article.Visibility.PUBLIC)
        if "groups" in cleaned:
            group_ids = cleaned["groups"]
        else:
            group_ids = list(article.groups.values_list("pk", flat=True)) if article and article.pk else []
        try:
            _check_visibility(visibility, group_ids)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _choice(value, choices, field, message):
    if value not in choices:
        raise ValidationError({field: message})
    return value


def unique_slug(title, exclude_pk=None):
    """``<title>-<date>``, then ``-2``, ``-3``... (LaBoîte's shape: the title and the day of the first publication)."""
    base = f"{slugify(anyascii(title))[:180].strip('-_') or 'article'}-{timezone.localdate():%Y-%m-%d}"
    taken = set(Article.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _apply(actor, article, cleaned):
    for field in ("title", "summary", "content", "licence", "visibility"):
        if field in cleaned:
            setattr(article, field, cleaned[field])
    if "content" in cleaned:
        article.content_html = render_markdown(article.content)
    article.search_text = fold(f"{article.title} {article.summary}")
    article.save()
    if "tags" in cleaned:
        article.tags.set(get_or_create_tags(actor, cleaned["tags"]))
    if "groups" in cleaned:
        article.groups.set(cleaned["groups"])


def _publish(article):
    """First publication: the slug and the date are set once and kept forever after."""
    article.is_draft = False
    if not article.slug:
        article.slug = unique_slug(article.title, exclude_pk=article.pk)
    if article.published_at is None:
        article.published_at = timezone.now()
    article.save(update_fields=["is_draft", "slug", "published_at", "updated_at"])


@transaction.atomic
def create_article(author, *, publish=False, **data):
    _require(abilities.can_write_articles(author))
    data.setdefault("visibility", Article.Visibility.PUBLIC)
    for field in ("title", "content"):
        data.setdefault(field, "")
    cleaned = clean_article_fields(author, data)
    article = Article(author=author, structure_id=author.structure_id)
    _apply(author, article, cleaned)
    if publish:
        _publish(article)
    return article


@transaction.atomic
def update_article(actor, article, *, publish=False, **data):
    _require(abilities.get_article_abilities(actor, article)["update"])
    cleaned = clean_article_fields(actor, data, article)
    _apply(actor, article, cleaned)
    if publish and article.is_draft:
        _publish(article)
    return article


@transaction.atomic
def publish_article(actor, article):
    _require(abilities.get_article_abilities(actor, article)["publish"])
    _publish(article)
    return article


def _tell_author(actor, article, title, reason):
    if actor.pk == article.author_id:
        return
    from django.apps import apps

    if not apps.is_installed("portal.notifications"):
        return
    from portal.notifications.services import notify_translated

    notify_translated(
        [article.author_id],
        "information",
        title,
        text=gettext_noop("Motif : %(reason)s"),
        params={"title": article.title[:100], "reason": reason},
        link="/blog/mine/",
    )


def _clean_reason(actor, article, reason):
    reason = _text(reason, "reason", REASON_MAX_LENGTH)
    if actor.pk != article.author_id and not reason:
        raise ValidationError({"reason": _("Dites à l'auteur pourquoi.")})
    return reason


@transaction.atomic
def unpublish_article(actor, article, reason=""):
    """Back to draft (the slug stays, for a later re-publication); a moderator tells the author why."""
    _require(abilities.get_article_abilities(actor, article)["unpublish"])
    reason = _clean_reason(actor, article, reason)
    article.is_draft = True
    article.save(update_fields=["is_draft", "updated_at"])
    _tell_author(actor, article, gettext_noop("Votre article « %(title)s » a été dépublié"), reason)
    return article


@transaction.atomic
def delete_article(actor, article, reason=""):
    _require(abilities.get_article_abilities(actor, article)["delete"])
    reason = _clean_reason(actor, article, reason)
    _tell_author(actor, article, gettext_noop("Votre article « %(title)s » a été supprimé"), reason)
    article.delete()


@transaction.atomic
def detach_from_group(actor, article, group):
    """A group's admin takes the article out of their group (the article itself stays)."""
    from groups.abilities import get_group_abilities

    _require(abilities.can_detach(actor, get_group_abilities(actor, group)))
    article.groups.remove(group)
    if article.visibility == Article.Visibility.GROUPS and not article.groups.exists():
        # No group left to read it: back to a draft for its author rather than readable by nobody.
        article.is_draft = True
        article.save(update_fields=["is_draft", "updated_at"])


def reattach_structure(actor, article):
    """The author attaches the article to their current structure."""
    _require(abilities.get_article_abilities(actor, article)["reattach"])
    article.structure_id = actor.structure_id
    article.save(update_fields=["structure", "updated_at"])
    return article


def is_bot(user_agent) -> bool:
    return not user_agent or bool(_BOT_PATTERN.search(user_agent))


def record_visit(viewer, article, user_agent="") -> bool:
    """One more visit, in one atomic UPDATE; neither the author nor bots count."""
    if is_bot(user_agent) or not abilities.get_article_abilities(viewer, article)["count_visit"]:
        return False
    Article.objects.filter(pk=article.pk).update(visits=F("visits") + 1)
    return True


# --- images ------------------------------------------------------------------------------------------------------

_FORMATS = {"JPEG": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "GIF": ("PNG", "png"), "WEBP": ("WEBP", "webp")}


def upload_image(actor, file):
    """Validate, re-encode (metadata and anything hidden in the file are dropped) and store an image; its URL."""
    _require(abilities.can_write_articles(actor))
    if file is None:
        raise ValidationError({"image": _("Choisissez une image.")})
    try:
        validate_image_upload(file)
        with Image.open(file) as image:
            target, extension = _FORMATS[image.format]
            image.load()
            if target == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = image.convert("RGBA")
            image.thumbnail((IMAGE_MAX_SIDE, IMAGE_MAX_SIDE))
            output = BytesIO()
            image.save(output, format=target)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    except (OSError, ValueError, KeyError, Image.DecompressionBombError) as error:
        raise ValidationError({"image": _("Ce fichier n'est pas une image valide.")}) from error
    name = default_storage.save(
        f"blog/images/{actor.pk}/{uuid.uuid4().hex}.{extension}", ContentFile(output.getvalue())
    )
    return default_storage.url(name)
