"""The personal space's plug-in point: what an item of the space is, and which kinds of items exist.

A personal space holds items of several kinds ("service" and "bookmark" from this app, "group" and
"group_bookmark" from the groups app...). Each kind registers a *resolver* that turns stored ids into what the
page and the API display, in ONE query for all ids, keeping only what the person may still see. Ids missing from a
resolver's answer are dangling (deleted, hidden, left) and disappear from the space on their own. A kind with no
registered resolver is ignored: its items are neither shown nor deleted.

Other apps register their kinds in their ``AppConfig.ready()``::

    from apps_catalog.space import SpaceEntry, register_item_kind

    def resolve_groups(user, object_ids):
        return {g.pk: SpaceEntry("group", g.pk, g.name, g.get_absolute_url()) for g in visible_groups(user, object_ids)}

    register_item_kind("group", _("Mes groupes"), resolve_groups)
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

KIND_PATTERN = re.compile(r"^[a-z][a-z_]{0,31}$")

# Order of the fixed sections of the simple mode; kinds not listed come after, in registration order.
SECTION_ORDER = ("service", "group", "bookmark", "group_bookmark")


@dataclass(frozen=True)
class SpaceEntry:
    """What the space page and the API show for one item."""

    kind: str  # "service" | "bookmark" | "group" | "group_bookmark" | ...
    object_id: int
    title: str
    url: str
    description: str = ""
    icon_url: str = ""
    #: A short state label shown next to the title ("En maintenance", "Bêta"...).
    badge: str = ""
    #: False when the item is shown but cannot be opened (a service inactive or in maintenance).
    available: bool = True


Resolver = Callable[[object, list[int]], dict[int, SpaceEntry]]


@dataclass(frozen=True)
class ItemKind:
    kind: str
    label: object  # a (lazy) translated string: the simple mode's section title
    resolver: Resolver


_kinds: dict[str, ItemKind] = {}


def register_item_kind(kind: str, label, resolver) -> None:
    """Declare an item kind of the personal space.

    ``resolver(user, object_ids: list[int]) -> dict[int, SpaceEntry]``: ONE query for all ids, returning only the
    items this user may still see; ids missing from the answer are dangling and disappear from the space.
    Registering the same kind again replaces it (module reloads in tests).
    """
    if not KIND_PATTERN.match(kind):
        raise ValueError(f"Invalid space item kind {kind!r}: lower-case letters and underscores, 32 at most.")
    _kinds[kind] = ItemKind(kind, label, resolver)


def unregister_item_kind(kind: str) -> None:
    """Forget a kind (tests only: a kind without resolver is ignored)."""
    _kinds.pop(kind, None)


def get_item_kind(kind) -> ItemKind | None:
    return _kinds.get(kind) if isinstance(kind, str) else None


def registered_kinds() -> list[ItemKind]:
    """The registered kinds, in the simple mode's section order."""
    ranked = {kind: index for index, kind in enumerate(SECTION_ORDER)}
    registered = list(_kinds.values())
    return sorted(registered, key=lambda item: (ranked.get(item.kind, len(ranked)), registered.index(item)))


def resolve_entries(user, pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], SpaceEntry]:
    """Resolve (kind, id) pairs: one resolver call (one query) per kind present; unknown kinds are skipped."""
    ids_by_kind: dict[str, list[int]] = {}
    for kind, object_id in pairs:
        ids_by_kind.setdefault(kind, []).append(object_id)
    resolved = {}
    for kind, ids in ids_by_kind.items():
        item_kind = _kinds.get(kind)
        if item_kind is None:
            continue
        for object_id, entry in item_kind.resolver(user, ids).items():
            resolved[(kind, object_id)] = entry
    return resolved
