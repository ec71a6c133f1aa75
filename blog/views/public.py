"""The public blog (no sign-in): home and search, article page, authors, structures, open groups, tags.

Only ``selectors.public_articles()`` is listed here, so a portal or group article never appears; the article page
also opens non-public articles to those allowed (signed in), through the same abilities.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.structures.models import Structure

from .. import selectors, services
from ..forms import ModerationForm, SearchForm
from ..models import Article, Tag
from .common import Page, public_page, sign_in_instead, visible_article


def _feeds(name, *args):
    """The feed addresses a page announces with <link rel="alternate">."""
    return {"rss": reverse(f"blog:{name}_rss", args=args), "atom": reverse(f"blog:{name}_atom", args=args)}


def _listing(request, articles, template, context):
    search = SearchForm(request.GET)
    query, tag_id = search.value("q") or "", search.value("tag")
    tag = Tag.objects.filter(pk=tag_id).first() if tag_id else None
    articles = selectors.search(articles, query, tag.pk if tag else None)
    page = Page(selectors.for_listing(articles), request.GET.get("page"))
    context.update({"page_obj": page, "query": query, "tag_filter": tag})
    return render(request, template, context)


@require_GET
@public_page
def home(request):
    return _listing(request, selectors.public_articles(), "blog/home.html", {"feeds": _feeds("all")})


@require_GET
@public_page
@sign_in_instead
def article(request, slug):
    article, abilities = visible_article(request, slug=slug)
    services.record_visit(request.user, article, request.headers.get("User-Agent", ""))
    public = article.visibility == Article.Visibility.PUBLIC and not article.is_draft
    return render(
        request,
        "blog/article.html",
        {
            "article": article,
            "abilities": abilities,
            "tags": list(article.tags.all()),
            "groups": list(article.groups.all()),
            "public": public,
            "canonical": request.build_absolute_uri(article.get_absolute_url()),
            "moderation_form": ModerationForm() if abilities["unpublish"] or abilities["delete"] else None,
            "moderator": abilities["delete"] and request.user.pk != article.author_id,
        },
    )


@require_GET
@public_page
def authors(request):
    page = Page(selectors.public_authors(), request.GET.get("page"), size=30)
    return render(request, "blog/authors.html", {"page_obj": page})


@require_GET
@public_page
def author(request, pk):
    person = selectors.public_author(pk)
    if person is None:
        raise Http404
    articles = selectors.public_articles().filter(author_id=person.pk)
    return _listing(request, articles, "blog/author.html", {"person": person, "feeds": _feeds("author", pk)})


@require_GET
@public_page
def structures(request):
    return render(request, "blog/structures.html", {"structures": list(selectors.public_structures()[:500])})


@require_GET
@public_page
def structure(request, pk):
    structure = get_object_or_404(Structure, pk=pk)
    articles = selectors.in_subtree(selectors.public_articles(), structure)
    context = {"structure": structure, "feeds": _feeds("structure", pk)}
    return _listing(request, articles, "blog/structure.html", context)


@require_GET
@public_page
def group(request, slug):
    from groups.selectors import open_group

    group = open_group(slug)
    if group is None:
        raise Http404
    articles = selectors.public_articles().filter(groups=group)
    return _listing(request, articles, "blog/group.html", {"group": group, "feeds": _feeds("group", slug)})


@require_GET
@public_page
def tag(request, pk):
    tag = get_object_or_404(Tag, pk=pk)
    articles = selectors.public_articles().filter(tags=tag)
    return _listing(request, articles, "blog/tag.html", {"tag": tag, "feeds": _feeds("tag", pk)})
