"""Validation of a whole space layout (``PUT /api/v1/me/space/`` and the structure default spaces).

The body is the shape ``GET`` returns, so a client may send back what it read::

    {"zones": [{"name": "Travail", "is_expanded": true, "items": [{"kind": "service", "id": 3}, ...]}, ...],
     "unsorted": [{"kind": "bookmark", "id": 5}, ...]}

Extra keys on zones and items (``id``, ``title``, ``url``...) are ignored. Every problem is reported under the
path of the faulty part (``zones[1].items[0]``), and nothing is saved when there is one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import space

MAX_ZONES = 50
MAX_ITEMS = 2000
ZONE_NAME_MAX_LENGTH = 100
TOP_LEVEL_KEYS = {"zones", "unsorted"}


@dataclass
class ParsedZone:
    name: str
    is_expanded: bool = True
    items: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class ParsedLayout:
    zones: list[ParsedZone]
    unsorted: list[tuple[str, int]]

    def all_items(self):
        for zone in self.zones:
            yield from zone.items
        yield from self.unsorted


class _Errors(dict):
    def add(self, path, message):
        self.setdefault(path or "detail", []).append(message)


def _parse_items(value, path, errors, allowed_kinds, seen):
    if not isinstance(value, list):
        errors.add(path, _("Une liste d'éléments est attendue."))
        return []
    items = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if not isinstance(item, dict):
            errors.add(item_path, _("Un élément doit être un objet avec « kind » et « id »."))
            continue
        kind, object_id = item.get("kind"), item.get("id")
        if not isinstance(kind, str) or space.get_item_kind(kind) is None or kind not in allowed_kinds:
            errors.add(f"{item_path}.kind", _("Type d'élément inconnu : %(kind)s.") % {"kind": str(kind)[:40]})
            continue
        if isinstance(object_id, bool) or not isinstance(object_id, int) or object_id <= 0:
            errors.add(f"{item_path}.id", _("L'identifiant doit être un entier positif."))
            continue
        if (kind, object_id) in seen:
            errors.add(
                item_path,
                _("Élément en double : %(kind)s %(id)s (déjà en %(first)s).")
                % {"kind": kind, "id": object_id, "first": seen[(kind, object_id)]},
            )
            continue
        seen[(kind, object_id)] = item_path
        items.append((kind, object_id))
    return items


def _parse_zone(value, path, errors, allowed_kinds, seen):
    if not isinstance(value, dict):
        errors.add(path, _("Une zone doit être un objet avec « name » et « items »."))
        return None
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.add(f"{path}.name", _("Donnez un nom à la zone."))
    elif len(name.strip()) > ZONE_NAME_MAX_LENGTH:
        errors.add(
            f"{path}.name", _("Le nom d'une zone fait %(max)s caractères au plus.") % {"max": ZONE_NAME_MAX_LENGTH}
        )
    is_expanded = value.get("is_expanded", True)
    if not isinstance(is_expanded, bool):
        errors.add(f"{path}.is_expanded", _("Une valeur vrai/faux est attendue."))
    items = _parse_items(value.get("items", []), f"{path}.items", errors, allowed_kinds, seen)
    return ParsedZone(name.strip() if isinstance(name, str) else "", bool(is_expanded), items)


def parse_layout(
    data,
    resolve_ids: Callable[[str, list[int]], set[int]],
    *,
    allowed_kinds=None,
    allow_unsorted=True,
) -> ParsedLayout:
    """Check ``data`` and return the parsed layout, or raise a ValidationError whose keys name the faulty parts.

    ``resolve_ids(kind, ids)`` answers which ids exist and may be placed (one query per kind): any other id is an
    unknown, hidden or foreign item.
    """
    errors = _Errors()
    allowed_kinds = (
        set(allowed_kinds) if allowed_kinds is not None else {kind.kind for kind in space.registered_kinds()}
    )
    if not isinstance(data, dict):
        raise ValidationError({"detail": [_("Le corps doit être un objet JSON avec « zones » et « unsorted ».")]})
    for key in sorted(set(data) - TOP_LEVEL_KEYS):
        errors.add(str(key)[:40], _("Champ inconnu."))
    if not allow_unsorted and data.get("unsorted"):
        errors.add("unsorted", _("Un espace par défaut n'a pas d'éléments non classés."))
    zones_value = data.get("zones", [])
    zones = []
    seen = {}
    if not isinstance(zones_value, list):
        errors.add("zones", _("Une liste de zones est attendue."))
    elif len(zones_value) > MAX_ZONES:
        errors.add("zones", _("%(max)s zones au plus.") % {"max": MAX_ZONES})
    else:
        for index, zone_value in enumerate(zones_value):
            zone = _parse_zone(zone_value, f"zones[{index}]", errors, allowed_kinds, seen)
            if zone is not None:
                zones.append(zone)
    unsorted = _parse_items(data.get("unsorted", []), "unsorted", errors, allowed_kinds, seen)
    if len(seen) > MAX_ITEMS:
        errors.add("detail", _("%(max)s éléments au plus.") % {"max": MAX_ITEMS})
    if errors:
        raise ValidationError(dict(errors))

    ids_by_kind = {}
    for kind, object_id in seen:
        ids_by_kind.setdefault(kind, []).append(object_id)
    for kind, ids in ids_by_kind.items():
        known = resolve_ids(kind, ids)
        for object_id in ids:
            if object_id not in known:
                errors.add(
                    seen[(kind, object_id)],
                    _("Élément inconnu, masqué ou qui ne vous appartient pas : %(kind)s %(id)s.")
                    % {"kind": kind, "id": object_id},
                )
    if errors:
        raise ValidationError(dict(errors))
    return ParsedLayout(zones=zones, unsorted=unsorted)


def resolver_for(user):
    """``resolve_ids`` for a person's own space: what the kinds' resolvers let them see."""

    def resolve_ids(kind, ids):
        return set(space.get_item_kind(kind).resolver(user, ids))

    return resolve_ids
