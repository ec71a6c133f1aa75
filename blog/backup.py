"""Backup of one's own articles: a versioned JSON file to download, and its restoration.

Restoring validates the whole file before writing anything (format, version, types, the same field rules as the
editor, structures and groups that exist and that the person may use) and writes in one transaction: either every
new article is restored or none. An article whose slug already exists is reported, not doubled.
"""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from portal.structures.models import Structure

from . import abilities, services
from .models import Article

FORMAT = "portal-blog-backup"
VERSION = 1
MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_ARTICLES = 2000
FIELDS = ("title", "summary", "content", "tags", "groups", "licence", "visibility")


def export_articles(user) -> dict:
    articles = Article.objects.filter(author_id=user.pk).prefetch_related("tags", "groups").order_by("pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "articles": [
            {
                "slug": article.slug,
                "title": article.title,
                "summary": article.summary,
                "content": article.content,
                "tags": [tag.name for tag in article.tags.all()],
                "groups": [group.pk for group in article.groups.all()],
                "licence": article.licence,
                "visibility": article.visibility,
                "is_draft": article.is_draft,
                "published_at": article.published_at.isoformat() if article.published_at else None,
                "structure": article.structure_id,
            }
            for article in articles
        ],
    }


def refuse(message):
    raise ValidationError({"file": [message]})


def _load(raw):
    if isinstance(raw, bytes | bytearray):
        if len(raw) > MAX_FILE_SIZE:
            refuse(_("Le fichier est trop gros."))
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            refuse(_("Le fichier n'est pas un texte UTF-8."))
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        refuse(_("Le fichier n'est pas du JSON valide."))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        refuse(_("Ce fichier n'est pas une sauvegarde d'articles du portail."))
    if data.get("version") != VERSION:
        refuse(_("Version de sauvegarde non prise en charge (attendue : %(version)s).") % {"version": VERSION})
    items = data.get("articles")
    if not isinstance(items, list) or len(items) > MAX_ARTICLES:
        refuse(_("La liste des articles est absente ou trop longue."))
    return items


def _date(value):
    """An aware datetime from ISO text, or None when absent or invalid."""
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _item_error(number, error):
    messages = (
        error.messages
        if not hasattr(error, "error_dict")
        else [f"{field} : {' '.join(texts)}" for field, texts in error.message_dict.items()]
    )
    refuse(_("Article n° %(number)s : %(errors)s") % {"number": number, "errors": " ".join(messages)})


def _check_item(user, number, item, reattach):
    if not isinstance(item, dict):
        _item_error(number, ValidationError(_("un objet est attendu.")))
    data = {field: item[field] for field in FIELDS if field in item}
    try:
        cleaned = services.clean_article_fields(user, {"title": "", "content": ""} | data)
    except ValidationError as error:
        _item_error(number, error)
    slug = item.get("slug")
    published_at = item.get("published_at")
    structure_id = item.get("structure")
    if slug is not None and (not isinstance(slug, str) or len(slug) > 255):
        _item_error(number, ValidationError(_("identifiant d'adresse invalide.")))
    if published_at is not None and _date(published_at) is None:
        _item_error(number, ValidationError(_("date de publication invalide.")))
    if not isinstance(item.get("is_draft", True), bool):
        _item_error(number, ValidationError(_("« is_draft » doit être vrai ou faux.")))
    if reattach:
        structure_id = user.structure_id
    elif structure_id is not None and (
        not isinstance(structure_id, int) or not Structure.objects.filter(pk=structure_id).exists()
    ):
        _item_error(number, ValidationError(_("structure inconnue.")))
    return cleaned, slug, published_at, structure_id


@transaction.atomic
def restore_articles(user, raw, reattach=False) -> dict:
    """Restore the articles of a backup file; ``{"created": n, "duplicates": [slugs, or titles of drafts]}``."""
    if not abilities.can_write_articles(user):
        raise PermissionDenied
    items = _load(raw)
    checked = [_check_item(user, number, item, reattach) for number, item in enumerate(items, start=1)]
    slugs = [slug for _cleaned, slug, _date, _structure in checked if slug]
    taken = set(Article.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    created, duplicates = 0, []
    # Drafts have no slug yet: one of mine with the same title and content is the same draft.
    my_drafts = set(Article.objects.filter(author_id=user.pk, slug__isnull=True).values_list("title", "content"))
    for (cleaned, slug, published_at, structure_id), item in zip(checked, items, strict=True):
        if (slug and slug in taken) or (not slug and (cleaned["title"], cleaned["content"]) in my_drafts):
            duplicates.append(slug or cleaned["title"])
            continue
        taken.add(slug)
        my_drafts.add((cleaned["title"], cleaned["content"]))
        article = services.create_article(user, **cleaned)
        published = not item.get("is_draft", True)
        Article.objects.filter(pk=article.pk).update(
            slug=slug or (services.unique_slug(article.title, article.pk) if published else None),
            is_draft=not published,
            published_at=_date(published_at) or (timezone.now() if published else None),
            structure_id=structure_id,
        )
        created += 1
    return {"created": created, "duplicates": duplicates}
