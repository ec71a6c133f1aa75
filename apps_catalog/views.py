"""Pages of the catalogue, the personal space, the bookmarks, the default spaces and the launch statistics.

Thin: they parse the request, ask the abilities, call a selector or a service, and render.
"""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.structures.models import Structure

from . import abilities, launch_selectors, selectors, services, space, structure_blocks
from .forms import BookmarkForm, BookmarkImportForm, CatalogueFilterForm, LaunchStatsForm
from .models import DefaultSpace, Service, UserBookmark


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# --- the catalogue ---


#: Cards per page of the national catalogue (a multiple of 3 and 4: full rows in both views).
CATALOGUE_PAGE_SIZE = 36


def _catalogue(request, *, national):
    categories = list(selectors.categories_in_use(request.user, national=national))
    form = CatalogueFilterForm(request.GET, categories)
    filters = form.filters()
    services = selectors.catalogue_services(request.user, filters, national=national)
    page = None
    if national:
        # Paginated: the HTML of 500 cards was the page's cost. "Ma structure" lists its (few) services whole,
        # grouped by business regroupings.
        page = Paginator(services, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
        services = page.object_list
    cards = selectors.service_cards(services, selectors.favourite_service_ids(request.user))
    context = {
        "form": form,
        "filters": filters,
        "view_mode": form.view_mode,
        "services": cards,
        "page_obj": page,
        "total": page.paginator.count if page else len(cards),
        "next_url": request.get_full_path(),
        "national": national,
        "active_filters": bool(filters.query or filters.category or filters.favourites_only),
    }
    if national:
        context["groups"] = [(None, cards)]
    else:
        structure = request.user.structure
        context["structure"] = structure
        context["groups"] = selectors.group_by_regrouping(
            cards, selectors.regroupings_of_chain(request.user), _("Autres services")
        )
        context["structure_blocks"] = structure_blocks.blocks_for(request)
    return render(request, "apps_catalog/catalogue.html", context)


@require_GET
def catalogue(request):
    """/services/: the national services."""
    return _catalogue(request, national=True)


@require_GET
def structure_services(request):
    """/structure/ ("Ma structure"): services of my structure and its ancestors, grouped by business regroupings."""
    return _catalogue(request, national=False)


def _get_service(request, **lookup):
    service = Service.objects.select_related("structure").filter(**lookup).first()
    if service is None or not abilities.get_service_abilities(request.user, service)["view"]:
        raise Http404
    return service


@require_GET
def service_detail(request, slug, structure_id=None):
    service = _get_service(request, slug=slug, structure_id=structure_id)
    return render(
        request,
        "apps_catalog/service_detail.html",
        {
            "service": service,
            "abilities": abilities.get_service_abilities(request.user, service),
            "screenshots": list(service.screenshots.all()),
            "categories": list(service.categories.all()),
            "is_favourite": selectors.is_in_space(request.user, "service", service.pk),
        },
    )


@require_GET
def service_launch(request, pk):
    """Count the launch (hourly bucket of the person's structure) and go to the service."""
    service = _get_service(request, pk=pk)
    if not abilities.get_service_abilities(request.user, service)["launch"]:
        messages.warning(
            request,
            _("%(service)s ne peut pas être lancé pour le moment (%(state)s).")
            % {"service": service.title, "state": service.get_state_display()},
        )
        return redirect(service.get_absolute_url())
    services.record_launch(service.pk, request.user.structure_id)
    return redirect(service.url)


def _toggle_in_space(request, kind, object_id, added, removed):
    """The "add to / remove from my space" buttons of the catalogue and of the bookmarks (POST ``action``)."""
    if request.POST.get("action") == "remove":
        services.remove_from_space(request.user, kind, object_id)
        messages.success(request, removed)
    else:
        try:
            services.add_to_space(request.user, kind, object_id)
        except ValidationError:
            raise Http404 from None
        messages.success(request, added)


@require_POST
def service_favourite(request, pk):
    service = _get_service(request, pk=pk)
    _toggle_in_space(
        request,
        "service",
        service.pk,
        added=_("%(service)s a été ajouté à votre espace.") % {"service": service.title},
        removed=_("%(service)s a été retiré de votre espace.") % {"service": service.title},
    )
    return redirect(_next_url(request, service.get_absolute_url()))


# --- the personal space ---


@require_GET
def personal_space(request):
    query = request.GET.get("q", "")[:100]
    services.start_personal_spaces([request.user.pk])  # the first visit applies the default space
    whole = selectors.personal_space(request.user)
    return render(
        request,
        "apps_catalog/personal_space.html",
        {
            "space": whole.filtered(query),
            "query": query,
            "advanced": request.user.advanced_space,
            "layout": whole.as_json(),  # the editor always works on the whole layout, the filter is applied on top
            "kinds": [{"kind": kind.kind, "label": str(kind.label)} for kind in space.registered_kinds()],
            "editor_strings": editor_strings(),
            "can_edit_default_spaces": abilities.can_edit_default_spaces(request.user),
            "can_view_launch_stats": abilities.can_view_launch_stats(request.user),
        },
    )


def editor_strings():
    """The texts of the space editor script (space-editor.js), translated here; ``%s`` is replaced by a name."""
    return {
        "up": _("Monter"),
        "down": _("Descendre"),
        "upLabel": _("Monter « %s »"),
        "downLabel": _("Descendre « %s »"),
        "moveTo": _("Déplacer vers…"),
        "moveToLabel": _("Déplacer « %s » vers une autre zone"),
        "remove": _("Retirer"),
        "removeLabel": _("Retirer « %s » de l'espace"),
        "removed": _("« %s » a été retiré."),
        "movedUp": _("« %s » a été monté."),
        "movedDown": _("« %s » a été descendu."),
        "movedTo": _("« %s » a été déplacé."),
        "dropped": _("Élément déplacé."),
        "alreadyFirst": _("Déjà en première position."),
        "alreadyLast": _("Déjà en dernière position."),
        "unsorted": _("Non classés"),
        "dropHere": _("Déposez ici des éléments, ou utilisez « Déplacer vers… »."),
        "emptyZone": _("Zone vide."),
        "renameLabel": _("Nom de la zone « %s »"),
        "renamed": _("Zone renommée en « %s »."),
        "nameRequired": _("Donnez un nom à la zone."),
        "zoneUpLabel": _("Monter la zone « %s »"),
        "zoneDownLabel": _("Descendre la zone « %s »"),
        "deleteZone": _("Supprimer la zone"),
        "deleteZoneLabel": _("Supprimer la zone « %s »"),
        "confirmDeleteZone": _("Supprimer la zone « %s » et les services qu'elle contient ?"),
        "zoneDeleted": _("Zone « %s » supprimée."),
        "newZone": _("Nouvelle zone"),
        "addZone": _("Ajouter la zone"),
        "zoneAdded": _("Zone « %s » ajoutée."),
        "service": _("Service"),
        "zone": _("Zone"),
        "addService": _("Ajouter le service"),
        "newWindow": _("%s (nouvelle fenêtre)"),
        "empty": _("Votre espace est vide. Ajoutez des services depuis le catalogue, ou des marque-pages."),
        "emptyDefault": _("Cet espace par défaut est vide : ajoutez une zone, puis des services."),
        "saving": _("Enregistrement…"),
        "saved": _("Enregistré."),
        "saveFailed": _("L'enregistrement a échoué."),
        "edit": _("Organiser mon espace"),
        "doneEditing": _("Terminer l'organisation"),
    }


@require_POST
def space_item_remove(request):
    """Without JavaScript: take one item out of my space."""
    try:
        object_id = int(request.POST.get("id", ""))
    except ValueError:
        object_id = None
    kind = request.POST.get("kind", "")
    if object_id is None or space.get_item_kind(kind) is None:
        messages.error(request, _("Élément inconnu."))
    else:
        services.remove_from_space(request.user, kind, object_id)
        messages.success(request, _("L'élément a été retiré de votre espace."))
    return redirect(_next_url(request, reverse("apps_catalog:personal_space")))


# --- personal bookmarks ---


def _own_bookmark(request, pk):
    bookmark = get_object_or_404(UserBookmark, pk=pk)
    if not abilities.get_bookmark_abilities(request.user, bookmark)["view"]:
        raise Http404
    return bookmark


@require_http_methods(["GET", "POST"])
def bookmark_list(request):
    form = BookmarkForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_bookmark(
            request.user, url=data["url"], name=data["name"], tag=data["tag"], in_space=data["in_space"]
        )
        messages.success(request, _("Le marque-page a été ajouté."))
        return redirect("apps_catalog:bookmarks")
    bookmarks = list(UserBookmark.objects.filter(user=request.user).order_by("name", "pk"))
    in_space = set(request.user.space_items.filter(kind="bookmark").values_list("object_id", flat=True))
    return render(
        request,
        "apps_catalog/bookmarks.html",
        {"form": form, "bookmarks": bookmarks, "in_space": in_space, "import_form": BookmarkImportForm()},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def bookmark_edit(request, pk):
    bookmark = _own_bookmark(request, pk)
    form = BookmarkForm(request.POST or None, instance=bookmark, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_bookmark(request.user, bookmark, url=data["url"], name=data["name"], tag=data["tag"])
        messages.success(request, _("Le marque-page a été modifié."))
        return redirect("apps_catalog:bookmarks")
    return render(
        request,
        "apps_catalog/bookmark_form.html",
        {"form": form, "bookmark": bookmark},
        status=400 if form.errors else 200,
    )


@require_POST
def bookmark_delete(request, pk):
    bookmark = _own_bookmark(request, pk)
    services.delete_bookmark(request.user, bookmark)
    messages.success(request, _("Le marque-page « %(name)s » a été supprimé.") % {"name": bookmark.name})
    return redirect("apps_catalog:bookmarks")


@require_POST
def bookmark_favourite(request, pk):
    bookmark = _own_bookmark(request, pk)
    _toggle_in_space(
        request,
        "bookmark",
        bookmark.pk,
        added=_("Le marque-page a été ajouté à votre espace."),
        removed=_("Le marque-page a été retiré de votre espace."),
    )
    return redirect(_next_url(request, reverse("apps_catalog:bookmarks")))


@require_http_methods(["GET", "POST"])
def bookmark_import(request):
    form = BookmarkImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.import_bookmarks(request.user, form.cleaned_data["file"])
    return render(
        request,
        "apps_catalog/bookmark_import.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )


def bookmark_export_response(user):
    """The person's bookmarks as a browser file download (the page and the API answer the same)."""
    response = HttpResponse(services.export_bookmarks(user), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="marque-pages.html"'
    return response


@require_GET
def bookmark_export(request):
    return bookmark_export_response(request.user)


# --- structure default spaces ---


@require_GET
def default_space_list(request):
    if not abilities.can_edit_default_spaces(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    # An académie has thousands of schools: a search box and pages of 50.
    page = Paginator(selectors.default_space_structures_for(request.user, query), 50).get_page(request.GET.get("page"))
    return render(
        request, "apps_catalog/default_space_list.html", {"page": page, "structures": page.object_list, "query": query}
    )


@require_GET
def default_space_edit(request, structure_id):
    structure = get_object_or_404(Structure, pk=structure_id)
    if not abilities.get_default_space_abilities(request.user, structure)["update"]:
        raise PermissionDenied
    default_space = DefaultSpace.objects.filter(structure=structure).first()
    available = list(selectors.services_for_default_space(structure))
    return render(
        request,
        "apps_catalog/default_space_edit.html",
        {
            "structure": structure,
            "default_space": default_space,
            "layout": selectors.default_space_layout(default_space, available),
            "kinds": [],
            "editor_strings": editor_strings(),
            "available": [selectors.entry_as_json(selectors.service_entry(s)) for s in available],
            "application": default_space.applications.first() if default_space else None,
        },
    )


@require_POST
def default_space_apply(request, structure_id):
    structure = get_object_or_404(Structure, pk=structure_id)
    try:
        services.start_default_space_application(request.user, structure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, _("L'application de l'espace par défaut a commencé ; suivez sa progression ci-dessous."))
    return redirect("apps_catalog:default_space_edit", structure_id=structure.pk)


# --- launch statistics ---


@require_GET
def launch_stats(request):
    if not abilities.can_view_launch_stats(request.user):
        raise PermissionDenied
    form = LaunchStatsForm(request.GET or None)
    if request.GET and not form.is_valid():
        context = {"form": form, "start_value": request.GET.get("start", ""), "end_value": request.GET.get("end", "")}
        return render(request, "apps_catalog/launch_stats.html", context, status=400)
    if not request.GET:
        form = LaunchStatsForm({})
        form.is_valid()
    start, end = form.period()
    rows = list(launch_selectors.launch_counts(request.user, start, end, form.cleaned_data["granularity"]))
    if request.GET.get("format") == "csv":
        return _stats_csv(rows, form)
    return render(
        request,
        "apps_catalog/launch_stats.html",
        {
            "form": form,
            "report": launch_selectors.launch_report(rows, form.cleaned_data["granularity"]),
            "start_value": form.cleaned_data["start"].isoformat(),
            "end_value": form.cleaned_data["end"].isoformat(),
            "granularity": form.cleaned_data["granularity"],
        },
    )


def _stats_csv(rows, form):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"lancements-{form.cleaned_data['start']:%Y%m%d}-{form.cleaned_data['end']:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([_("période"), _("service"), _("lancements")])
    for row in rows:
        writer.writerow([row["period"].isoformat(), _csv_safe(row["service__title"]), row["total"]])
    return response


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
