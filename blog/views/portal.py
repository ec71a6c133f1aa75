"""The blog inside the portal: a group's "Articles" tab (through the groups tab registry) and detaching an article
from a group."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..abilities import can_detach
from .common import Page


def _visible_group(request, slug):
    from groups.abilities import get_group_abilities
    from groups.selectors import group_for_viewer

    group = group_for_viewer(request.user, slug=slug)
    if group is None:
        raise Http404
    abilities = get_group_abilities(request.user, group)
    if not abilities["view"]:
        raise Http404
    return group, abilities


@require_GET
def group_articles(request, slug):
    from groups.views import _group_page_context

    group, abilities = _visible_group(request, slug)
    context = _group_page_context(request, group, abilities, "articles")
    context.update(
        {
            "page_obj": Page(selectors.group_articles(request.user, group), request.GET.get("page")),
            "can_detach": can_detach(request.user, abilities),
        }
    )
    return render(request, "blog/group_articles.html", context)


@require_POST
def detach(request, slug, pk):
    group, abilities = _visible_group(request, slug)
    if not can_detach(request.user, abilities):
        raise PermissionDenied
    article = selectors.group_articles(request.user, group).filter(pk=pk).first()
    if article is None:
        raise Http404
    services.detach_from_group(request.user, article, group)
    messages.success(request, _("L'article %(title)s n'est plus publié dans ce groupe.") % {"title": article.title})
    return redirect("blog:group_articles", group.slug)
