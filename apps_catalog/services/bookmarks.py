"""Personal bookmarks: creation, changes, deletion, import from and export to a browser file."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from portal.core.abilities import is_active_user

from ..abilities import (
    get_bookmark_abilities,
)
from ..models import (
    UserBookmark,
)
from .personal_space import add_to_space


def normalize_url(url: str) -> str:
    """Trim, and prefix ``https://`` when no scheme is given (``apps.education.fr`` → ``https://apps.education.fr``)."""
    url = (url or "").strip()
    if url and "://" not in url and ":" not in url.split("/", 1)[0]:
        url = f"https://{url}"
    return url


def _check_bookmark(bookmark):
    try:
        bookmark.full_clean()
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


@transaction.atomic
def create_bookmark(user, *, url, name, tag="", in_space=False) -> UserBookmark:
    if not is_active_user(user):
        raise PermissionDenied
    bookmark = UserBookmark(user=user, url=normalize_url(url), name=(name or "").strip(), tag=(tag or "").strip())
    _check_bookmark(bookmark)
    bookmark.save()
    if in_space:
        add_to_space(user, "bookmark", bookmark.pk)
    return bookmark


@transaction.atomic
def update_bookmark(actor, bookmark, **fields) -> UserBookmark:
    if not get_bookmark_abilities(actor, bookmark)["update"]:
        raise PermissionDenied(_("Ce marque-page n'est pas le vôtre."))
    if "url" in fields:
        fields["url"] = normalize_url(fields["url"])
    for name in ("name", "tag"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name, value in fields.items():
        setattr(bookmark, name, value)
    _check_bookmark(bookmark)
    bookmark.save()
    return bookmark


@transaction.atomic
def delete_bookmark(actor, bookmark) -> None:
    if not get_bookmark_abilities(actor, bookmark)["delete"]:
        raise PermissionDenied(_("Ce marque-page n'est pas le vôtre."))
    bookmark.delete()


@dataclass
class ImportReport:
    created: int = 0
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (name, url, reason)


@transaction.atomic
def import_bookmarks(user, content: bytes | str) -> ImportReport:
    """Import a browser export (Netscape bookmark HTML, Firefox and Chrome): folders become tags.

    Skipped, with the reason: duplicates (already mine, or twice in the file), URLs too long, schemes other than
    http/https (``javascript:``, ``place:``, ``data:``...), invalid URLs, and what is beyond the import limit.
    Nothing is fetched from the URLs. All or nothing: one bulk INSERT.
    """
    from ..bookmark_files import parse_netscape_bookmarks
    from ..models import URL_MAX_LENGTH, bookmark_search_text

    if not is_active_user(user):
        raise PermissionDenied
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="replace")
    report = ImportReport()
    existing = set(UserBookmark.objects.filter(user=user).values_list("url", flat=True))
    to_create = []
    limit = settings.BOOKMARK_IMPORT_MAX_ITEMS
    check_url = URLValidator(schemes=["http", "https"])
    for name, url, tag in parse_netscape_bookmarks(content):
        display_name = (name or url)[:200]
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in ("http", "https"):
            report.skipped.append(
                (display_name, url[:200], _("adresse non web (%(scheme)s)") % {"scheme": scheme or "?"})
            )
            continue
        if len(url) > URL_MAX_LENGTH:
            report.skipped.append(
                (
                    display_name,
                    url[:200],
                    _("adresse trop longue (%(max)s caractères au plus)") % {"max": URL_MAX_LENGTH},
                )
            )
            continue
        try:
            check_url(url)
        except ValidationError:
            report.skipped.append((display_name, url[:200], _("adresse invalide")))
            continue
        if url in existing:
            report.skipped.append((display_name, url, _("en double")))
            continue
        if len(to_create) >= limit:
            report.skipped.append((display_name, url, _("au-delà de %(max)s marque-pages importés") % {"max": limit}))
            continue
        existing.add(url)
        name = (name or url).strip()[:200]
        tag = (tag or "").strip()[:100]
        to_create.append(
            UserBookmark(user=user, url=url, name=name, tag=tag, search_text=bookmark_search_text(name, url, tag))
        )
    UserBookmark.objects.bulk_create(to_create, ignore_conflicts=True)
    report.created = len(to_create)
    return report


def export_bookmarks(user) -> str:
    from ..bookmark_files import render_netscape_bookmarks

    return render_netscape_bookmarks(UserBookmark.objects.filter(user=user).order_by("tag", "name", "pk"))
