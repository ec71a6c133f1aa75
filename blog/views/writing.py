"""Writing and moderating: "My articles", the Markdown editor (live preview, image upload, tag suggestions), and
the actions on an article (publish, unpublish, delete, re-attach, detach from a group)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.core.forms import add_service_errors

from .. import selectors, services
from ..abilities import can_write_articles, get_article_abilities
from ..forms import ArticleForm, ModerationForm
from ..models import Article
from ..rendering import render_markdown
from .common import Page

PREVIEW_MAX_LENGTH = services.CONTENT_MAX_LENGTH


@require_GET
def mine(request):
    page = Page(selectors.my_articles(request.user), request.GET.get("page"), size=25)
    return render(request, "blog/mine.html", {"page_obj": page})


def _own_article(request, pk):
    article = selectors.article_for_viewer(request.user, pk=pk)
    if article is None or not get_article_abilities(request.user, article)["view"]:
        raise Http404
    return article


def _group_choices(user, article=None):
    from groups.selectors import member_groups

    choices = list(member_groups(user))
    if article is not None:
        known = {group.pk for group in choices}
        choices += [group for group in article.groups.all() if group.pk not in known]
    return choices


def editor(request, pk=None):
    article = _own_article(request, pk) if pk else None
    if article is not None and not get_article_abilities(request.user, article)["update"]:
        raise PermissionDenied
    if article is None and not can_write_articles(request.user):
        raise PermissionDenied
    initial = {"visibility": Article.Visibility.PUBLIC}
    if article is not None:
        initial = {
            "title": article.title,
            "summary": article.summary,
            "content": article.content,
            "tags": ", ".join(tag.name for tag in article.tags.all()),
            "visibility": article.visibility,
            "groups": [str(group.pk) for group in article.groups.all()],
            "licence": article.licence,
        }
    form = ArticleForm(request.POST or None, initial=initial, group_choices=_group_choices(request.user, article))
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            if article is None:
                article = services.create_article(request.user, publish=publish, **form.changes())
            else:
                services.update_article(request.user, article, publish=publish, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if article.is_draft:
                messages.success(request, _("Brouillon enregistré."))
                return redirect("blog:edit", article.pk)
            messages.success(request, _("Article publié."))
            return redirect(article.get_absolute_url())
    return render(request, "blog/editor.html", {"form": form, "article": article})


@require_POST
def preview(request):
    """The editor's live preview: the same renderer and sanitiser as the article page, as an HTML fragment."""
    if not can_write_articles(request.user):
        raise PermissionDenied
    content = request.POST.get("content", "")[:PREVIEW_MAX_LENGTH]
    return HttpResponse(render_markdown(content), content_type="text/html; charset=utf-8")


@require_POST
def upload_image(request):
    """Store an image and answer the Markdown that shows it (400 with the reason when refused)."""
    alt = " ".join(request.POST.get("alt", "").replace("[", "").replace("]", "").split())[:200]
    try:
        url = services.upload_image(request.user, request.FILES.get("image"))
    except ValidationError as error:
        return JsonResponse({"image": error.message_dict.get("image", error.messages)}, status=400)
    return JsonResponse({"url": url, "markdown": f"![{alt}]({url})"})


@require_GET
def tag_suggestions(request):
    names = [tag.name for tag in selectors.tags_matching(request.GET.get("q", "")[:50])]
    return JsonResponse({"results": names})


ACTIONS = {
    "publish": lambda request, article, reason: services.publish_article(request.user, article),
    "unpublish": lambda request, article, reason: services.unpublish_article(request.user, article, reason),
    "delete": lambda request, article, reason: services.delete_article(request.user, article, reason),
    "reattach": lambda request, article, reason: services.reattach_structure(request.user, article),
}
DONE = {
    "publish": gettext_lazy("Article publié."),
    "unpublish": gettext_lazy("Article dépublié."),
    "delete": gettext_lazy("Article supprimé."),
    "reattach": gettext_lazy("Article rattaché à votre structure actuelle."),
}


@require_POST
def action(request, pk, name):
    if name not in ACTIONS:
        raise Http404
    article = _own_article(request, pk)
    if not get_article_abilities(request.user, article).get(name):
        raise PermissionDenied
    form = ModerationForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        ACTIONS[name](request, article, reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(article.get_absolute_url())
    messages.success(request, str(DONE[name]))
    if name == "delete":
        return redirect("blog:mine" if request.user.pk == article.author_id else "blog:home")
    return redirect(article.get_absolute_url())
