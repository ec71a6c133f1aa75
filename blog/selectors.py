"""Reads of articles and tags: who sees which article (one rule, used by pages, feeds, sitemap and API), and lists
whose query count does not grow with the data.

``visible_articles(user)`` is ``abilities.can_view`` as a query. An article published to groups none of which is
open is *group-restricted*: only its groups' members (and its moderators) see it, whatever its visibility, so a
closed or moderated group's article never leaks into the public blog, a feed, the sitemap or the API.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Lower

from portal.core.abilities import is_active_user, is_global_admin
from portal.core.text import fold
from portal.structures.abilities import administered_paths
from portal.structures.models import Structure
from portal.users.models import User

from .models import Article, Tag

Visibility = Article.Visibility
_Through = Article.groups.through


def _in_groups(group_ids):
    return Exists(_Through.objects.filter(article_id=OuterRef("pk"), group_id__in=group_ids))


def _unrestricted():
    """Not published only to non-open groups: no group at all, or at least one open group."""
    from groups.selectors import open_group_ids

    return ~Q(Exists(_Through.objects.filter(article_id=OuterRef("pk")))) | Q(_in_groups(open_group_ids()))


def public_articles():
    """Published public articles that are not group-restricted: the public blog, its feeds and the sitemap."""
    return Article.objects.filter(Q(is_draft=False, visibility=Visibility.PUBLIC) & _unrestricted())


def _moderated(user):
    condition = Q()
    for path in administered_paths(user):
        condition |= Q(structure__path__startswith=path)
    return condition


def visible_articles(user):
    """Articles ``user`` may read: their own (drafts included), and the published ones their visibility allows."""
    if not is_active_user(user):
        return public_articles()
    if is_global_admin(user):
        return Article.objects.filter(Q(is_draft=False) | Q(author_id=user.pk))
    from groups.selectors import member_content_group_ids

    readable = (Q(visibility__in=(Visibility.PUBLIC, Visibility.PORTAL)) & _unrestricted()) | Q(
        _in_groups(member_content_group_ids(user))
    )
    moderated = _moderated(user)
    if moderated:
        readable |= moderated
    return Article.objects.filter(Q(author_id=user.pk) | (Q(is_draft=False) & readable))


def for_listing(articles):
    """Rows ready for a list or a feed: author, structure and tags loaded in a constant number of queries."""
    return articles.select_related("author", "structure").prefetch_related("tags").order_by("-published_at", "-pk")


def search(articles, query="", tag_id=None):
    """Accent- and case-insensitive search over title and summary, optionally within one tag."""
    folded = fold(query)
    if folded:
        articles = articles.filter(search_text__contains=folded)
    if tag_id:
        articles = articles.filter(tags=tag_id)
    return articles


def in_subtree(articles, structure):
    """Articles of ``structure`` and of every structure below it (one indexed prefix test on the path)."""
    return articles.filter(structure__path__startswith=structure.path)


def with_viewer_flags(articles, user):
    """Annotate what ``abilities.can_view`` needs, so that abilities on a list cost no query per article."""
    if is_active_user(user):
        from groups.selectors import member_content_group_ids

        articles = articles.annotate(in_my_groups=_in_groups(member_content_group_ids(user)))
    return articles.annotate(group_restricted=~Q(_unrestricted()))


def article_for_viewer(user, **lookup):
    """One article with what its page and its abilities need, or None; the caller checks the "view" ability."""
    articles = Article.objects.select_related("author", "structure").prefetch_related("tags", readable_groups(user))
    return with_viewer_flags(articles, user).filter(**lookup).first()


def readable_groups(user, lookup="groups"):
    """Prefetch of an article's groups limited to those ``user`` may see (a closed group's name is not shown to
    people outside it)."""
    from groups.selectors import visible_groups

    return Prefetch(lookup, queryset=visible_groups(user).order_by("search_name", "pk"))


def my_articles(user):
    return (
        Article.objects.filter(author_id=user.pk)
        .select_related("structure")
        .prefetch_related("tags")
        .order_by("-updated_at", "-pk")
    )


def public_articles_by_author(user, limit=5):
    """The latest public articles of ``user`` (the bio card shows them)."""
    return list(for_listing(public_articles().filter(author_id=user.pk))[:limit])


def latest_in_structure_subtree(viewer, structure, limit=5):
    """The latest articles ``viewer`` may read from ``structure``'s subtree ("Ma structure" shows them)."""
    if structure is None:
        return []
    return list(for_listing(in_subtree(visible_articles(viewer).filter(is_draft=False), structure))[:limit])


def group_articles(viewer, group):
    """Published articles of ``group`` that ``viewer`` may read (the group's "Articles" tab)."""
    return for_listing(visible_articles(viewer).filter(is_draft=False, groups=group))


def public_authors():
    """People with public articles, with their count: public names only (no e-mail nor username is shown)."""
    counted = public_articles().filter(author_id=OuterRef("pk"))
    return (
        User.objects.filter(Exists(counted))
        .annotate(article_count=Count("articles", filter=Q(articles__in=public_articles())))
        .only("pk", "first_name", "last_name", "avatar")
        .order_by("last_name", "first_name", "pk")
    )


def public_author(pk):
    return public_authors().filter(pk=pk).first()


def public_structures():
    """The top structures and those with public articles of their own, in tree order."""
    return Structure.objects.filter(
        Q(depth=0) | Q(Exists(public_articles().filter(structure_id=OuterRef("pk"))))
    ).order_by("path")


def tags_matching(query, limit=20):
    """Tags whose name contains ``query`` (case-insensitive; accents kept as typed), for the autocomplete."""
    query = (query or "").strip().lower()
    tags = Tag.objects.all()
    if query:
        tags = tags.filter(name__icontains=query)
    tags = tags.order_by(Lower("name"), "pk")
    return tags[:limit] if limit else tags
