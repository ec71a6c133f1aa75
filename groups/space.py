"""The groups' side of the personal space ("Mon espace", in ``apps_catalog``): favourite groups and group bookmarks.

The personal space stores the items; this module registers the two item kinds with their resolvers and forwards
favourite / unfavourite / clean-up calls. Without ``apps_catalog`` installed every call is a no-op.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

GROUP_KIND = "group"
BOOKMARK_KIND = "group_bookmark"


def enabled() -> bool:
    """Is there a personal space to put groups and bookmarks in?"""
    return apps.is_installed("apps_catalog")


def _catalog_services():
    if not apps.is_installed("apps_catalog"):
        return None
    from apps_catalog import services

    return services


def add_to_space(user, kind, object_id):
    services = _catalog_services()
    if services is not None:
        services.add_to_space(user, kind, object_id)


def remove_from_space(user, kind, object_id):
    services = _catalog_services()
    if services is not None:
        services.remove_from_space(user, kind, object_id)


def remove_from_all_spaces(kind, object_ids):
    services = _catalog_services()
    if services is not None and object_ids:
        services.remove_from_all_spaces(kind, list(object_ids))


def in_space(user, kind, object_ids) -> set:
    """The ids among ``object_ids`` that ``user`` has in their space, in one read (empty without the space)."""
    if not apps.is_installed("apps_catalog"):
        return set()
    from apps_catalog.selectors import in_space as catalogue_in_space

    return catalogue_in_space(user, kind, object_ids)


# --- resolvers: ONE query each, returning only what the person may still see ---


def resolve_groups(user, object_ids):
    from apps_catalog.space import SpaceEntry

    from .selectors import visible_groups

    groups = visible_groups(user).filter(pk__in=list(object_ids))
    return {
        group.pk: SpaceEntry(
            kind=GROUP_KIND,
            object_id=group.pk,
            title=group.display_name,
            url=group.get_absolute_url(),
            description=group.description,
            icon_url=group.avatar.url if group.avatar else "",
        )
        for group in groups.only("pk", "name", "slug", "type", "description", "avatar")
    }


def resolve_bookmarks(user, object_ids):
    from apps_catalog.space import SpaceEntry

    from .selectors import bookmarks_visible_to

    bookmarks = bookmarks_visible_to(user).filter(pk__in=list(object_ids)).select_related("group")
    return {
        bookmark.pk: SpaceEntry(
            kind=BOOKMARK_KIND,
            object_id=bookmark.pk,
            title=bookmark.name,
            url=bookmark.url,
            description=bookmark.group.display_name,
        )
        for bookmark in bookmarks.only("pk", "name", "url", "group__name", "group__type")
    }


def register_space_kinds():
    from apps_catalog.space import register_item_kind

    register_item_kind(GROUP_KIND, _("Groupe"), resolve_groups)
    register_item_kind(BOOKMARK_KIND, _("Marque-page de groupe"), resolve_bookmarks)
