"""The personal space, the interface other apps use: favouriting an item, removing it, saving the layout."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from portal.core.abilities import is_active_user

from .. import space
from ..layout import ParsedLayout, parse_layout, resolver_for
from ..models import (
    SpaceItem,
    SpaceZone,
)


def _require_kind(kind):
    item_kind = space.get_item_kind(kind)
    if item_kind is None:
        raise ValidationError({"kind": [_("Type d'élément inconnu : %(kind)s.") % {"kind": str(kind)[:40]}]})
    return item_kind


def add_to_space(user, kind: str, object_id: int) -> None:
    """Favourite an item: it goes at the end of the unsorted items, once (never twice).

    The item must be one the person may see (the kind's resolver answers for it), else ValidationError.
    """
    item_kind = _require_kind(kind)
    if object_id not in item_kind.resolver(user, [object_id]):
        raise ValidationError(
            {
                "id": [
                    _("Élément inconnu, masqué ou qui ne vous appartient pas : %(kind)s %(id)s.")
                    % {"kind": kind, "id": object_id}
                ]
            }
        )
    last = SpaceItem.objects.filter(user=user, zone__isnull=True).aggregate(last=Max("position"))["last"]
    SpaceItem.objects.bulk_create(
        [SpaceItem(user=user, kind=kind, object_id=object_id, position=0 if last is None else last + 1)],
        ignore_conflicts=True,
    )


def remove_from_space(user, kind: str, object_id: int) -> None:
    SpaceItem.objects.filter(user=user, kind=kind, object_id=object_id).delete()


def remove_from_all_spaces(kind: str, object_ids) -> int:
    """Bulk clean-up when objects are deleted: one DELETE; returns the number of items removed."""
    object_ids = list(object_ids)
    if not object_ids:
        return 0
    count, _detail = SpaceItem.objects.filter(kind=kind, object_id__in=object_ids).delete()
    return count


@transaction.atomic
def save_space(user, data) -> ParsedLayout:
    """Replace the person's whole layout with ``data`` (validated first: nothing is saved on a problem).

    Items of kinds that are not registered (an app switched off) are kept, unsorted: they are not the client's to
    drop since it could not see them.
    """
    if not is_active_user(user):
        raise PermissionDenied
    layout = parse_layout(data, resolver_for(user))
    registered = [kind.kind for kind in space.registered_kinds()]
    SpaceItem.objects.filter(user=user).exclude(kind__in=registered).update(zone=None)
    SpaceItem.objects.filter(user=user, kind__in=registered).delete()
    SpaceZone.objects.filter(user=user).delete()
    zones = SpaceZone.objects.bulk_create(
        [
            SpaceZone(user=user, name=zone.name, is_expanded=zone.is_expanded, position=index)
            for index, zone in enumerate(layout.zones)
        ]
    )
    items = [
        SpaceItem(user=user, zone=zone_row, kind=kind, object_id=object_id, position=position)
        for zone_row, zone in zip(zones, layout.zones, strict=True)
        for position, (kind, object_id) in enumerate(zone.items)
    ]
    items += [
        SpaceItem(user=user, kind=kind, object_id=object_id, position=position)
        for position, (kind, object_id) in enumerate(layout.unsorted)
    ]
    SpaceItem.objects.bulk_create(items)
    return layout
