"""Reads that need care: which services a person sees, the catalogue pages, the personal space, the statistics.

Every page reads in a constant number of queries: lists are fetched with their relations prefetched, and the
personal space resolves its items with one query per item kind.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext

from portal.core.abilities import is_active_user, is_global_admin
from portal.core.text import fold
from portal.structures.abilities import administered_paths
from portal.structures.models import Structure

from . import space
from .models import BusinessRegrouping, Category, DefaultSpace, Service, SpaceItem, SpaceZone

# --- services a person sees ---


def structure_chain_ids(user) -> list[int]:
    """Ids of the person's structure and of its ancestors (read off the path: no query once the structure is loaded)."""
    structure = getattr(user, "structure", None) if is_active_user(user) else None
    if structure is None:
        return []
    return [*structure.ancestor_ids, structure.pk]


def visible_services_for(user):
    """Services listed to ``user``: national ones and those of their structure or its ancestors, not hidden, betas
    only for those who opted in."""
    if not is_active_user(user):
        return Service.objects.none()
    queryset = Service.objects.filter(Q(structure__isnull=True) | Q(structure_id__in=structure_chain_ids(user)))
    queryset = queryset.exclude(state=Service.State.HIDDEN)
    if not user.beta_services:
        queryset = queryset.filter(is_beta=False)
    return queryset


def managed_services_for(user):
    """Services ``user`` may edit: all for a global admin, else those of the structures of their subtrees."""
    if is_global_admin(user):
        return Service.objects.all()
    paths = administered_paths(user)
    if not paths:
        return Service.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(structure__path__startswith=path)
    return Service.objects.filter(condition)


def services_viewable_by(user):
    """What the API lists: the visible services plus every service the person manages (hidden ones included)."""
    if not is_active_user(user):
        return Service.objects.none()
    visible = visible_services_for(user).values("pk")
    managed = managed_services_for(user).values("pk")
    return Service.objects.filter(Q(pk__in=visible) | Q(pk__in=managed))


def with_card_relations(queryset):
    """What a service card shows: its structure and categories, in two queries for the whole list."""
    return queryset.select_related("structure").prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("name"))
    )


@dataclass(frozen=True)
class ServiceCard:
    """A service as a catalogue card shows it: plain values computed once (templates stay cheap with 500 cards)."""

    pk: int
    title: str
    description: str
    detail_url: str
    launch_url: str
    favourite_url: str
    logo_url: str
    categories: tuple[str, ...]
    badge: str
    launchable: bool
    state_label: str
    structure_name: str
    is_favourite: bool
    launch_title: str


_ID, _SLUG = 987654321, "slug-marker"


def _url_maker(name, **kwargs):
    """``reverse`` once with markers, then fill them per row: reversing is the slow part of a 500-card page."""
    pattern = reverse(name, kwargs=kwargs)
    return lambda object_id=0, slug="": pattern.replace(str(_ID), str(object_id)).replace(_SLUG, slug)


def service_cards(services, favourite_ids) -> list[ServiceCard]:
    launch = _url_maker("apps_catalog:service_launch", pk=_ID)
    favourite = _url_maker("apps_catalog:service_favourite", pk=_ID)
    national = _url_maker("apps_catalog:service_detail", slug=_SLUG)
    local = _url_maker("apps_catalog:structure_service_detail", structure_id=_ID, slug=_SLUG)
    launch_title = gettext("Lancer %(title)s (nouvelle fenêtre)")
    return [
        ServiceCard(
            pk=service.pk,
            title=service.title,
            description=service.description,
            detail_url=local(service.structure_id, service.slug)
            if service.structure_id
            else national(slug=service.slug),
            launch_url=launch(service.pk),
            favourite_url=favourite(service.pk),
            logo_url=service.logo.url if service.logo else "",
            categories=tuple(category.name for category in service.categories.all()),
            badge=str(service.state_badge),
            launchable=service.is_launchable,
            state_label=str(service.get_state_display()),
            structure_name=service.structure.name if service.structure_id else "",
            is_favourite=service.pk in favourite_ids,
            launch_title=launch_title % {"title": service.title},
        )
        for service in services
    ]


def search_services(queryset, query: str):
    """Accent- and case-insensitive search in title, short description and usage (a folded column)."""
    folded = fold(query)
    if not folded:
        return queryset
    for word in folded.split()[:8]:
        queryset = queryset.filter(search_text__contains=word)  # Django escapes % and _ in __contains
    return queryset


def favourite_service_ids(user) -> set[int]:
    if not is_active_user(user):
        return set()
    return set(SpaceItem.objects.filter(user=user, kind="service").values_list("object_id", flat=True))


def in_space(user, kind: str, object_ids) -> set[int]:
    """The ids among ``object_ids`` that ``user`` has in their personal space, in one read (other apps ask here)."""
    object_ids = list(object_ids)
    if not object_ids or not is_active_user(user):
        return set()
    items = SpaceItem.objects.filter(user_id=user.pk, kind=kind, object_id__in=object_ids)
    return set(items.values_list("object_id", flat=True))


def is_in_space(user, kind: str, object_id: int) -> bool:
    return object_id in in_space(user, kind, [object_id])


@dataclass
class CatalogueFilters:
    query: str = ""
    category: Category | None = None
    favourites_only: bool = False


def _page_services(user, *, national: bool):
    queryset = visible_services_for(user)
    return queryset.filter(structure__isnull=True) if national else queryset.filter(structure__isnull=False)


def catalogue_services(user, filters: CatalogueFilters, *, national: bool):
    """The catalogue (national services) or "Ma structure" (services of my structure and its ancestors)."""
    queryset = _page_services(user, national=national)
    if filters.category is not None:
        queryset = queryset.filter(categories=filters.category)
    if filters.favourites_only:
        favourites = SpaceItem.objects.filter(user=user, kind="service", object_id=OuterRef("pk"))
        queryset = queryset.filter(Exists(favourites))
    queryset = search_services(queryset, filters.query)
    return with_card_relations(queryset).defer("content", "search_text").order_by("title", "pk")


def categories_in_use(user, *, national: bool):
    """Categories of at least one service the page lists to ``user`` (its other filters aside), for the category
    filter: a choice never gives an empty page by itself (one query)."""
    tagged = Service.categories.through.objects.filter(
        category_id=OuterRef("pk"), service_id__in=_page_services(user, national=national).values("pk")
    )
    return Category.objects.filter(Exists(tagged)).order_by("name")


def regroupings_of_chain(user):
    """Business regroupings of my structure and its ancestors, with their services' ids (two queries)."""
    return (
        BusinessRegrouping.objects.filter(structure_id__in=structure_chain_ids(user))
        .select_related("structure")
        .prefetch_related(Prefetch("services", queryset=Service.objects.only("pk")))
        .order_by("structure__depth", "name")
    )


def usable_regroupings(actor, structure=None):
    """Business regroupings a service may be filed under (a query, no row read here).

    A service of ``structure`` uses those of the structure and of its ancestors (none for a national service). Before
    the structure is known (a new service), those ``actor`` could use for any of their structures: of their
    subtrees and of their ancestors (every one for a global admin). The service layer checks the final choice.
    """
    if structure is not None:
        return BusinessRegrouping.objects.filter(structure_id__in=[*structure.ancestor_ids, structure.pk])
    if is_global_admin(actor):
        return BusinessRegrouping.objects.all()
    paths = administered_paths(actor)
    ancestors = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    inside = Q()
    for path in paths:
        inside |= Q(structure__path__startswith=path)
    return (
        BusinessRegrouping.objects.filter(inside | Q(structure_id__in=ancestors))
        if paths
        else BusinessRegrouping.objects.none()
    )


def group_by_regrouping(services, regroupings, other_label):
    """[(title, [services])] in regrouping order; a service may sit in several; the others come last."""
    by_id = {service.pk: service for service in services}
    groups, placed = [], set()
    for regrouping in regroupings:
        members = [by_id[s.pk] for s in regrouping.services.all() if s.pk in by_id]
        members.sort(key=lambda s: (s.title.lower(), s.pk))
        if members:
            groups.append((regrouping.name, members))
            placed.update(s.pk for s in members)
    others = [service for service in services if service.pk not in placed]
    if others:
        groups.append((other_label, others))
    return groups


# --- the personal space ---


@dataclass
class ZoneView:
    id: int | None
    name: str
    is_expanded: bool
    entries: list = field(default_factory=list)


@dataclass
class SpaceView:
    zones: list[ZoneView]
    unsorted: list

    @property
    def entries(self):
        return [entry for zone in self.zones for entry in zone.entries] + self.unsorted

    @property
    def is_empty(self):
        return not self.entries

    def filtered(self, query: str) -> "SpaceView":
        """The entries whose title or description contains ``query`` (accents and case ignored); zones stay."""
        folded = fold(query)
        if not folded:
            return self

        def keep(entries):
            return [entry for entry in entries if folded in fold(f"{entry.title} {entry.description}")]

        return SpaceView(
            zones=[ZoneView(zone.id, zone.name, zone.is_expanded, keep(zone.entries)) for zone in self.zones],
            unsorted=keep(self.unsorted),
        )

    def sections(self):
        """The simple mode: every entry in fixed sections by kind, in the kinds' order."""
        by_kind = {}
        for entry in self.unsorted + [entry for zone in self.zones for entry in zone.entries]:
            by_kind.setdefault(entry.kind, []).append(entry)
        return [(kind, by_kind.get(kind.kind, [])) for kind in space.registered_kinds()]

    def as_json(self):
        """The layout in the API's shape (``GET /api/v1/me/space/``)."""
        return {
            "zones": [
                {
                    "id": zone.id,
                    "name": zone.name,
                    "is_expanded": zone.is_expanded,
                    "items": [entry_as_json(entry) for entry in zone.entries],
                }
                for zone in self.zones
            ],
            "unsorted": [entry_as_json(entry) for entry in self.unsorted],
        }


def entry_as_json(entry: space.SpaceEntry) -> dict:
    return {
        "kind": entry.kind,
        "id": entry.object_id,
        "title": entry.title,
        "url": entry.url,
        "description": entry.description,
        "icon_url": entry.icon_url,
        "badge": str(entry.badge),
        "available": entry.available,
    }


def personal_space(user) -> SpaceView:
    """The person's space: two queries (zones, items) plus one per item kind present. Dangling items (deleted,
    hidden, left) are skipped."""
    zones = list(SpaceZone.objects.filter(user=user).order_by("position", "pk"))
    items = list(
        SpaceItem.objects.filter(user=user).order_by("position", "pk").values_list("zone_id", "kind", "object_id")
    )
    resolved = space.resolve_entries(user, ((kind, object_id) for _zone, kind, object_id in items))
    views = {zone.pk: ZoneView(zone.pk, zone.name, zone.is_expanded) for zone in zones}
    unsorted = []
    for zone_id, kind, object_id in items:
        entry = resolved.get((kind, object_id))
        if entry is None:
            continue
        target = views[zone_id].entries if zone_id in views else unsorted
        target.append(entry)
    return SpaceView(zones=list(views.values()), unsorted=unsorted)


def service_entry(service) -> space.SpaceEntry:
    """How a service shows in a space (needs pk, title, description, logo, state, is_beta)."""
    return space.SpaceEntry(
        kind="service",
        object_id=service.pk,
        title=service.title,
        url=service.get_launch_url(),
        description=service.description,
        icon_url=service.logo.url if service.logo else "",
        badge=service.state_badge,
        available=service.is_launchable,
    )


def services_for_default_space(structure):
    """Services a default space may hold: national or of the structure's chain, not hidden (one query)."""
    chain = [*structure.ancestor_ids, structure.pk]
    return (
        Service.objects.filter(Q(structure__isnull=True) | Q(structure_id__in=chain))
        .exclude(state=Service.State.HIDDEN)
        .only("pk", "title", "description", "logo", "state", "is_beta")
        .order_by("title", "pk")
    )


def default_space_layout(default_space, available) -> dict:
    """A default space in the API's shape, without the services no longer available."""
    entries = {service.pk: entry_as_json(service_entry(service)) for service in available}
    zones = default_space.layout if default_space else []
    return {
        "zones": [
            {
                "id": None,
                "name": zone["name"],
                "is_expanded": zone.get("is_expanded", True),
                "items": [entries[item["id"]] for item in zone.get("items", []) if item.get("id") in entries],
            }
            for zone in zones
        ],
        "unsorted": [],
    }


def nearest_default_space(structure):
    """The default space of ``structure`` or of its nearest ancestor that has one (one query)."""
    if structure is None:
        return None
    chain = [*structure.ancestor_ids, structure.pk]
    return (
        DefaultSpace.objects.filter(structure_id__in=chain)
        .select_related("structure")
        .order_by("-structure__depth")
        .first()
    )


def people_governed_by(default_space):
    """Ids of the active people whose space has started and whose nearest default space is ``default_space``: the
    structure's subtree minus the subtrees of descendants that have their own. ("Apply to everyone" reaches them;
    the others get the current default when their space starts.)"""
    from portal.users.models import User

    structure = default_space.structure
    nearer = DefaultSpace.objects.filter(structure__path__startswith=structure.path).exclude(pk=default_space.pk)
    nearer_paths = list(nearer.values_list("structure__path", flat=True))
    queryset = User.objects.filter(
        is_active=True, structure__path__startswith=structure.path, space_start__isnull=False
    )
    for path in nearer_paths:
        queryset = queryset.exclude(structure__path__startswith=path)
    return queryset.order_by("pk").values_list("pk", flat=True)


def default_space_structures_for(user, query=""):
    """Structures whose default space ``user`` may edit, with their default space (if any), shallowest first;
    ``query`` keeps the names containing it (accents ignored)."""
    if is_global_admin(user):
        queryset = Structure.objects.all()
    else:
        queryset = Structure.objects.subtree_of_paths(administered_paths(user))
    folded = fold(query)
    if folded:
        queryset = queryset.filter(search_name__contains=folded)
    return queryset.select_related("default_space").order_by("depth", "name", "pk")
