"""The item kinds this app puts in the personal space: services and personal bookmarks."""

from django.utils.translation import gettext_lazy as _

from portal.core.abilities import is_active_user

from .space import SpaceEntry, register_item_kind


def resolve_services(user, object_ids):
    """Services still visible to ``user`` (not deleted, not hidden, beta only if opted in): one query."""
    from .selectors import service_entry, visible_services_for

    services = visible_services_for(user).filter(pk__in=object_ids)
    return {
        service.pk: service_entry(service)
        for service in services.only("pk", "title", "description", "logo", "state", "is_beta")
    }


def resolve_bookmarks(user, object_ids):
    """The person's own bookmarks: one query."""
    from .models import UserBookmark

    if not is_active_user(user):
        return {}
    bookmarks = UserBookmark.objects.filter(user=user, pk__in=object_ids).only("pk", "name", "url", "tag")
    return {
        bookmark.pk: SpaceEntry(
            kind="bookmark", object_id=bookmark.pk, title=bookmark.name, url=bookmark.url, description=bookmark.tag
        )
        for bookmark in bookmarks
    }


def register():
    register_item_kind("service", _("Mes services"), resolve_services)
    register_item_kind("bookmark", _("Mes marque-pages"), resolve_bookmarks)
