"""The blog inside the portal: a group's "Articles" tab (through the groups tab registry), detaching an article
from a group, and the backup of one's articles (download, restore)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import backup, selectors, services
from ..abilities import can_detach, can_write_articles
from ..forms import RestoreForm
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


@require_GET
def download_backup(request):
    if not can_write_articles(request.user):
        raise PermissionDenied
    body = json.dumps(backup.export_articles(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"articles-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def restore_backup(request):
    if not can_write_articles(request.user):
        raise PermissionDenied
    form = RestoreForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > backup.MAX_FILE_SIZE:
                backup.refuse(_("Le fichier est trop gros."))
            report = backup.restore_articles(request.user, upload.read(), form.cleaned_data["reattach"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("%(count)s article(s) restauré(s).") % {"count": report["created"]})
            if report["duplicates"]:
                messages.warning(
                    request,
                    _("Déjà présents, non restaurés : %(slugs)s") % {"slugs": ", ".join(report["duplicates"])},
                )
            return redirect("blog:mine")
    return render(request, "blog/restore.html", {"form": form})
