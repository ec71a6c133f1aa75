"""Pages of the groups: directory, group page (address book, bookmarks), creation, edition, management.

Thin: each view reads its input, asks the abilities, calls a selector or a service, and renders. A group the person
may not see answers 404 (its existence is not revealed); an action they may not take answers 403; a refused
transition (joining a closed group, demoting the last admin...) comes back as a message on the page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from portal.bio.selectors import listed_card_names
from portal.core.forms import add_service_errors
from portal.users.models import User

from . import selectors, services, space
from .abilities import (
    can_create_group,
    get_bookmark_abilities,
    get_group_abilities,
    get_membership_abilities,
    role_in,
)
from .forms import BookmarkForm, BroadcastForm, GroupForm, SearchForm
from .models import Group, GroupBookmark, Membership
from .tabs import tabs_for

DIRECTORY_PAGE_SIZE = 20
MEMBERS_PAGE_SIZE = 25


def _page(request, queryset, size, param="page", count=None):
    """A page of ``queryset``; ``count``, when already known, saves the paginator its COUNT query."""
    paginator = Paginator(queryset, size)
    if count is not None:
        paginator.count = count  # a cached_property: setting it skips the query
    return paginator.get_page(request.GET.get(param))


def _visible_group(request, slug):
    group = selectors.visible_group_or_404(request.user, slug=slug)
    return group, get_group_abilities(request.user, group)


def _attempt(request, action, success):
    """Run a service call: a refusal becomes error messages, a success the message ``success(result)``."""
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return
    messages.success(request, success(result) if callable(success) else success)


def _valid(request, form):
    """Is the posted form valid? If not, its errors become messages (the form lives on another page)."""
    if form.is_valid():
        return True
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return False


def directory(request):
    search = SearchForm(request.GET)
    query, group_type, mine = search.value("q"), search.value("type"), bool(search.value("mine"))
    page = _page(request, selectors.directory(request.user, query, group_type, mine), DIRECTORY_PAGE_SIZE)
    page.object_list = selectors.attach_roles(list(page.object_list), request.user)
    owned = selectors.owned_group_count(request.user)
    return render(
        request,
        "groups/directory.html",
        {
            "page_obj": page,
            "query": query,
            "group_type": group_type,
            "mine": mine,
            "types": Group.Type.choices,
            "can_create": can_create_group(request.user) and not selectors.quota_reached(request.user, owned=owned),
            "owned": owned,
            "quota": request.user.group_quota,
        },
    )


def create(request):
    if not can_create_group(request.user):
        raise PermissionDenied
    quota_reached = selectors.quota_reached(request.user)
    form = GroupForm(request.POST or None, request.FILES or None, initial={"type": Group.Type.OPEN})
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le groupe %(group)s est créé.") % {"group": group.display_name})
            return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "creating": True, "quota_reached": quota_reached})


def _group_page_context(request, group, abilities, current_tab):
    counts = selectors.membership_counts(group)
    favourite = group.pk in space.in_space(request.user, space.GROUP_KIND, [group.pk])
    return {
        "group": group,
        "abilities": abilities,
        "counts": counts,
        "role": role_in(request.user, group),
        "favourite": favourite,
        "space_enabled": space.enabled(),
        "tabs": tabs_for(request.user, group, abilities, current_tab),
        "broadcast_form": BroadcastForm() if abilities["broadcast"] else None,
    }


def tab_page_context(request, slug, tab):
    """The group page around another app's tab (``groups/group_base.html``): ``(group, abilities, context)``.

    404 when the reader may not see the group, 403 when the tab is not theirs; apps registering a tab through
    ``groups.tabs`` render their page with it.
    """
    group, abilities = _visible_group(request, slug)
    context = _group_page_context(request, group, abilities, tab)
    if not any(item["current"] for item in context["tabs"]):
        raise PermissionDenied
    return group, abilities, context


def detail(request, slug):
    """The group page, on its address book tab."""
    group, abilities = _visible_group(request, slug)
    search = SearchForm(request.GET)
    query, role = search.value("q"), search.value("role")
    context = _group_page_context(request, group, abilities, "members")
    members = selectors.address_book(group, query, role, counts=context["counts"])
    page = _page(request, members, MEMBERS_PAGE_SIZE)
    page.object_list = list(page.object_list)
    # Each member's bio card, when published (one query; the bio app is a core app).
    card_names = listed_card_names(membership.user_id for membership in page.object_list)
    for membership in page.object_list:
        membership.card_name = card_names.get(membership.user_id, "")
    context.update(
        {
            "page_obj": page,
            "query": query,
            "role_filter": role,
            "roles": [(value, label) for value, label in Membership.Role.choices if value in Membership.MEMBER_ROLES],
        }
    )
    return render(request, "groups/detail.html", context)


def bookmarks(request, slug):
    group, abilities = _visible_group(request, slug)
    if not abilities["view_bookmarks"]:
        raise PermissionDenied
    context = _group_page_context(request, group, abilities, "bookmarks")
    page = _page(request, selectors.bookmarks_of(group), MEMBERS_PAGE_SIZE)
    favourites = space.in_space(request.user, space.BOOKMARK_KIND, [bookmark.pk for bookmark in page.object_list])
    context.update(
        {
            "page_obj": page,
            "rows": [
                (bookmark, get_bookmark_abilities(request.user, bookmark, abilities), bookmark.pk in favourites)
                for bookmark in page.object_list
            ],
            "bookmark_form": BookmarkForm() if abilities["add_bookmark"] else None,
        }
    )
    return render(request, "groups/bookmarks.html", context)


# --- the person's own actions -----------------------------------------------------------------------------------

_SELF_ACTIONS = {
    "join": (services.join_group, gettext_lazy("Vous avez rejoint le groupe.")),
    "request": (services.request_membership, gettext_lazy("Votre demande est envoyée aux animateurs du groupe.")),
    "cancel-request": (services.cancel_request, gettext_lazy("Votre demande est annulée.")),
    "leave": (services.leave_group, gettext_lazy("Vous avez quitté le groupe.")),
    "favourite": (services.favourite_group, gettext_lazy("Le groupe est dans votre espace.")),
    "unfavourite": (services.unfavourite_group, gettext_lazy("Le groupe est retiré de votre espace.")),
}


@require_POST
def group_action(request, slug, action):
    if action not in _SELF_ACTIONS:
        raise Http404
    group, _abilities = _visible_group(request, slug)
    service, success = _SELF_ACTIONS[action]
    _attempt(request, lambda: service(request.user, group), success)
    if action == "leave" and not get_group_abilities(request.user, group)["view"]:
        return redirect("groups:directory")
    return redirect(group)


@require_POST
def broadcast(request, slug):
    group, abilities = _visible_group(request, slug)
    if not abilities["broadcast"]:
        raise PermissionDenied
    form = BroadcastForm(request.POST)
    if _valid(request, form):
        _attempt(
            request,
            lambda: services.broadcast_to_group(request.user, group, **form.cleaned_data),
            lambda count: (
                ngettext("Message envoyé à %(count)s personne.", "Message envoyé à %(count)s personnes.", count)
                % {"count": count}
            ),
        )
    return redirect(group)


# --- edition and deletion ---------------------------------------------------------------------------------------


def edit(request, slug):
    group, abilities = _visible_group(request, slug)
    if not abilities["update"]:
        raise PermissionDenied
    initial = {
        "name": group.name,
        "type": group.type,
        "description": group.description,
        "content": group.content,
        "plugins": [name for name, enabled in (group.plugins or {}).items() if enabled],
    }
    form = GroupForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        settings_fields=abilities["update_settings"],
        has_avatar=bool(group.avatar),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_group(request.user, group, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le groupe est enregistré."))
            return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "group": group, "abilities": abilities})


def delete(request, slug):
    group, abilities = _visible_group(request, slug)
    if not abilities["delete"]:
        raise PermissionDenied
    if request.method == "POST":
        name = group.display_name
        services.delete_group(request.user, group)
        messages.success(request, _("Le groupe %(group)s est supprimé.") % {"group": name})
        return redirect("groups:directory")
    counts = selectors.membership_counts(group)
    return render(request, "groups/group_delete.html", {"group": group, "counts": counts})


# --- management: candidates, roles, adding people ---------------------------------------------------------------


def manage(request, slug):
    group, abilities = _visible_group(request, slug)
    if not (abilities["manage_members"] or abilities["set_roles"]):
        raise PermissionDenied
    query = SearchForm(request.GET).value("q")
    counts = selectors.membership_counts(group)
    members = _page(request, selectors.address_book(group, counts=counts), MEMBERS_PAGE_SIZE)
    pending = _page(
        request, selectors.candidates(group), MEMBERS_PAGE_SIZE, param="candidates_page", count=counts["candidates"]
    )
    for membership in [*members.object_list, *pending.object_list]:
        membership.group = group
    return render(
        request,
        "groups/manage.html",
        {
            "group": group,
            "abilities": abilities,
            "counts": counts,
            "page_obj": members,
            "member_rows": [(m, get_membership_abilities(request.user, m, abilities)) for m in members.object_list],
            "candidates": pending,
            "candidate_rows": [(m, get_membership_abilities(request.user, m, abilities)) for m in pending.object_list],
            "query": query,
            "found": list(selectors.people_to_add(group, query)) if query else [],
            "sources": list(selectors.groups_administered_by(request.user, exclude=group))
            if abilities["import_members"]
            else [],
            "roles": [(value, label) for value, label in Membership.Role.choices if value in Membership.MEMBER_ROLES],
        },
    )


def _posted_user(request, user_id=None):
    try:
        user_id = int(user_id if user_id is not None else request.POST.get("user", ""))
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(User, pk=user_id)


_MEMBER_ACTIONS = {
    "accept": (
        lambda actor, group, user, post: services.accept_candidate(actor, group, user),
        gettext_lazy("Demande acceptée."),
    ),
    "refuse": (
        lambda actor, group, user, post: services.refuse_candidate(actor, group, user),
        gettext_lazy("Demande refusée."),
    ),
    "remove": (
        lambda actor, group, user, post: services.remove_member(actor, group, user),
        gettext_lazy("Membre retiré."),
    ),
    "set-role": (
        lambda actor, group, user, post: services.set_role(actor, group, user, post.get("role", "")),
        gettext_lazy("Rôle modifié."),
    ),
}


@require_POST
def member_action(request, slug, user_id, action):
    if action not in _MEMBER_ACTIONS:
        raise Http404
    group, _abilities = _visible_group(request, slug)
    target = _posted_user(request, user_id)
    service, success = _MEMBER_ACTIONS[action]
    _attempt(request, lambda: service(request.user, group, target, request.POST), success)
    if target.pk == request.user.pk and not get_group_abilities(request.user, group)["manage_members"]:
        return redirect(group)
    return redirect("groups:manage", group.slug)


@require_POST
def add_member(request, slug):
    group, _abilities = _visible_group(request, slug)
    target = _posted_user(request)
    _attempt(
        request,
        lambda: services.add_member(request.user, group, target),
        _("%(user)s est maintenant membre du groupe.") % {"user": target.get_full_name() or target.username},
    )
    return redirect("groups:manage", group.slug)


@require_POST
def import_members(request, slug):
    group, _abilities = _visible_group(request, slug)
    source_id = request.POST.get("source", "")
    source = selectors.visible_group(request.user, pk=int(source_id)) if source_id.isdigit() else None
    if source is None:
        messages.error(request, _("Choisissez un groupe que vous administrez."))
        return redirect("groups:manage", group.slug)
    _attempt(
        request,
        lambda: services.add_members_from_group(request.user, group, source),
        lambda count: (
            ngettext("%(count)s personne ajoutée au groupe.", "%(count)s personnes ajoutées au groupe.", count)
            % {"count": count}
        ),
    )
    return redirect("groups:manage", group.slug)


# --- bookmarks --------------------------------------------------------------------------------------------------


@require_POST
def bookmark_add(request, slug):
    group, abilities = _visible_group(request, slug)
    if not abilities["add_bookmark"]:
        raise PermissionDenied
    form = BookmarkForm(request.POST)
    if _valid(request, form):
        _attempt(
            request, lambda: services.add_bookmark(request.user, group, **form.cleaned_data), _("Marque-page ajouté.")
        )
    return redirect("groups:bookmarks", group.slug)


def _bookmark(request, slug, pk):
    group, abilities = _visible_group(request, slug)
    bookmark = get_object_or_404(GroupBookmark, pk=pk, group=group)
    bookmark.group = group
    bookmark_abilities = get_bookmark_abilities(request.user, bookmark, abilities)
    if not bookmark_abilities["view"]:
        raise Http404
    return group, bookmark, bookmark_abilities


def bookmark_edit(request, slug, pk):
    group, bookmark, abilities = _bookmark(request, slug, pk)
    if not abilities["update"]:
        raise PermissionDenied
    form = BookmarkForm(request.POST or None, initial={"url": bookmark.url, "name": bookmark.name, "tag": bookmark.tag})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_bookmark(request.user, bookmark, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Marque-page enregistré."))
            return redirect("groups:bookmarks", group.slug)
    return render(request, "groups/bookmark_form.html", {"form": form, "group": group, "bookmark": bookmark})


_BOOKMARK_ACTIONS = {
    "delete": (services.delete_bookmark, gettext_lazy("Marque-page supprimé.")),
    "favourite": (services.favourite_bookmark, gettext_lazy("Le marque-page est dans votre espace.")),
    "unfavourite": (services.unfavourite_bookmark, gettext_lazy("Le marque-page est retiré de votre espace.")),
}


@require_POST
def bookmark_action(request, slug, pk, action):
    if action not in _BOOKMARK_ACTIONS:
        raise Http404
    group, bookmark, _abilities = _bookmark(request, slug, pk)
    service, success = _BOOKMARK_ACTIONS[action]
    _attempt(request, lambda: service(request.user, bookmark), success)
    return redirect("groups:bookmarks", group.slug)
