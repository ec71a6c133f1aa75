"""Reads of groups that need care: who sees which group, and lists whose query count does not grow with the data."""

from collections.abc import Sequence

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.http import Http404

from portal.core.abilities import is_active_user, is_global_admin
from portal.core.text import fold
from portal.structures.models import Structure
from portal.users.models import User

from .models import Group, GroupBookmark, Membership

Role = Membership.Role


def _member_count():
    return Coalesce(
        Subquery(
            Membership.objects.filter(group=OuterRef("pk"), role__in=Membership.MEMBER_ROLES)
            .order_by()
            .values("group")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def with_member_count(groups):
    return groups.annotate(member_count=_member_count())


def _viewer_role(user):
    return Subquery(Membership.objects.filter(group=OuterRef("pk"), user_id=user.pk).values("role")[:1])


def attach_roles(groups, user):
    """Fill each group's role cache from the ``viewer_role`` annotation (abilities then need no query)."""
    for group in groups:
        group.__dict__.setdefault("_roles", {})[user.pk] = group.viewer_role
    return groups


def visible_groups(user):
    """Groups ``user`` may see: open and moderated ones, the others only where they belong.

    Global admins see every group; structure admins also see the automatic groups of their subtrees.
    """
    if not is_active_user(user):
        return Group.objects.none()
    if is_global_admin(user):
        return Group.objects.all()
    mine = Membership.objects.filter(user_id=user.pk, role__in=Membership.MEMBER_ROLES).values("group_id")
    return Group.objects.filter(
        Q(type__in=Group.PUBLIC_TYPES)
        | Q(pk__in=mine)
        | Q(type=Group.Type.AUTOMATIC, structure__in=_administered_subtrees(user))
    )


def member_groups(user):
    """Groups where ``user`` holds a member role (the groups they may publish content to), by name."""
    if not is_active_user(user):
        return Group.objects.none()
    mine = Membership.objects.filter(user_id=user.pk, role__in=Membership.MEMBER_ROLES).values("group_id")
    return Group.objects.filter(pk__in=mine).order_by("search_name", "pk")


def member_content_group_ids(user):
    """Ids (a subquery) of the groups whose members-only content ``user`` reads: as ``view_bookmarks`` in the
    abilities (members, global admins, structure admins for the structure groups of their subtrees)."""
    if not is_active_user(user):
        return Group.objects.none().values("pk")
    if is_global_admin(user):
        return Group.objects.values("pk")
    mine = Membership.objects.filter(user_id=user.pk, role__in=Membership.MEMBER_ROLES).values("group_id")
    return Group.objects.filter(
        Q(pk__in=mine) | Q(type=Group.Type.AUTOMATIC, structure__in=_administered_subtrees(user))
    ).values("pk")


def open_group_ids():
    """Ids (a subquery) of the open groups, whose public content may be shown outside the portal."""
    return Group.objects.filter(type=Group.Type.OPEN).values("pk")


def open_group(slug):
    """The open group of this slug, or None (public pages show open groups only)."""
    return Group.objects.filter(type=Group.Type.OPEN, slug=slug).first()


def _administered_subtrees(user):
    """Ids of the structures in the subtrees ``user`` administers, as a subquery (it costs no query of its own)."""
    admin_of_ancestor = Structure.objects.filter(StartsWith(OuterRef("path"), F("path")), admins=user.pk)
    return Structure.objects.filter(Exists(admin_of_ancestor)).values("pk")
    return (
        Structure.objects.alias(outer_path=F("path"))
        .filter(
            Exists(
                Structure.objects.filter(admins=user.pk)
                .alias(candidate=OuterRef("path"))
                .filter(candidate__startswith=F("path"))
            )
        )
        .values("pk")
    )


def directory(user, query="", group_type="", mine=False):
    """The directory's groups: visible ones, searched (accents and case ignored), with member count and my role.

    ``mine``: only the groups where the person has a role (a pending request included). Structure groups one
    only administers are listed under the ``automatic`` type filter.
    """
    groups = visible_groups(user)
    folded = fold(query)
    if folded:
        groups = groups.filter(search_name__contains=folded)
    if group_type in Group.Type.values:
        groups = groups.filter(type=group_type)
    mine_ids = Membership.objects.filter(user_id=user.pk).values("group_id")
    if mine:
        groups = groups.filter(pk__in=mine_ids)
    elif group_type != Group.Type.AUTOMATIC:
        # The structure groups one administers (every one of them, for a global admin) are many: they are listed
        # when asked for by type; by default the directory shows those one belongs to.
        groups = groups.exclude(Q(type=Group.Type.AUTOMATIC) & ~Q(pk__in=mine_ids))
    return (
        groups.select_related("structure")
        .annotate(member_count=_member_count(), viewer_role=_viewer_role(user))
        .order_by("search_name", "pk")
    )


def group_for_viewer(user, **lookup):
    """One group with the viewer's role cached, or None; the caller checks the "view" ability."""
    group = (
        Group.objects.select_related("structure", "owner")
        .annotate(
            member_count=_member_count(),
            viewer_role=_viewer_role(user) if is_active_user(user) else Value(None),
        )
        .filter(**lookup)
        .first()
    )
    if group is not None and is_active_user(user):
        attach_roles([group], user)
    return group


def visible_group(user, **lookup):
    """The group of ``lookup`` with the viewer's role cached if ``user`` may see it, else None."""
    from .abilities import get_group_abilities

    group = group_for_viewer(user, **lookup)
    if group is None or not get_group_abilities(user, group)["view"]:
        return None
    return group


def visible_group_or_404(user, **lookup):
    """``visible_group``, or ``Http404``: a group one may not see is not revealed. Pages and API ask here."""
    group = visible_group(user, **lookup)
    if group is None:
        raise Http404
    return group


def owned_group_count(user) -> int:
    """Groups counted against ``user.group_quota``: the ones they own, automatic groups excepted."""
    return Group.objects.filter(owner_id=user.pk).exclude(type=Group.Type.AUTOMATIC).count()


def quota_reached(user, *, owned=None, quota=None) -> bool:
    """The quota rule: may ``user`` own no more group? ``owned`` and ``quota`` when already read (the creation
    service passes the quota it read under a row lock)."""
    owned = owned_group_count(user) if owned is None else owned
    return owned >= (user.group_quota if quota is None else quota)


def membership_counts(group) -> dict:
    """Members (candidates excluded), admins, animators and candidates of a group, in one query."""
    return Membership.objects.filter(group=group).aggregate(
        members=Count("pk", filter=Q(role__in=Membership.MEMBER_ROLES)),
        admins=Count("pk", filter=Q(role=Role.ADMIN)),
        animators=Count("pk", filter=Q(role=Role.ANIMATOR)),
        candidates=Count("pk", filter=Q(role=Role.CANDIDATE)),
    )


def member_ids(group_ids):
    """Ids of the members (candidates excluded) of the groups ``group_ids``, as a subquery (for other apps)."""
    return (
        Membership.objects.filter(group_id__in=group_ids, role__in=Membership.MEMBER_ROLES).values("user_id").order_by()
    )


def member_group_ids(user):
    """Ids of the groups where ``user`` is a member (candidates excluded), as a subquery (for other apps)."""
    return Membership.objects.filter(user_id=user.pk, role__in=Membership.MEMBER_ROLES).values("group_id").order_by()


#: The users' name index (``user_name_order``): each role's rows of an address book are read in this order.
NAME_ORDER = ("user__last_name", "user__first_name", "user__username")
MANAGER_ROLES = (Role.ADMIN, Role.ANIMATOR)


def _address_rows(group, roles):
    return Membership.objects.filter(group=group, role__in=roles).select_related("user", "user__structure")


class RoleThenName(Sequence):
    """An address book in role-then-name order that never sorts the whole group: the managers (admins, then
    animators: few rows), then the plain members in name order, read from the users' name index. Only the slice a
    page asks for is read (a query per part it overlaps); the lengths come from ``membership_counts``."""

    def __init__(self, parts):
        self.parts = [(queryset, count) for queryset, count in parts if count]

    def __len__(self):
        return sum(count for _queryset, count in self.parts)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        rows, offset = [], 0
        for queryset, count in self.parts:
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                rows += list(queryset[low:high])
            offset += count
        return rows


def address_book(group, query="", role="", counts=None):
    """The members of ``group``: admins first, then animators, then members, each by name; user and structure
    joined. With ``counts`` (``membership_counts``) and no search, a ``RoleThenName`` (the order comes from indexes,
    the cost does not grow with the group); a search gives a queryset (its matches are few)."""
    roles = [role] if role in Membership.MEMBER_ROLES else list(Membership.MEMBER_ROLES)
    folded = fold(query)
    if folded or counts is None:
        memberships = _address_rows(group, roles)
        if folded:
            memberships = memberships.filter(user__search_text__contains=folded)
        # "admin" < "animator" < "member": the role's own value gives the role order.
        return memberships.order_by("role", *NAME_ORDER)
    plain_members = counts["members"] - counts["admins"] - counts["animators"]
    managers = [r for r in roles if r in MANAGER_ROLES]
    managers_count = sum(counts["admins" if r == Role.ADMIN else "animators"] for r in managers)
    return RoleThenName(
        [
            (_address_rows(group, managers).order_by("role", *NAME_ORDER), managers_count),
            (_address_rows(group, [Role.MEMBER]).order_by(*NAME_ORDER), plain_members if Role.MEMBER in roles else 0),
        ]
    )


def candidates(group):
    return (
        Membership.objects.filter(group=group, role=Role.CANDIDATE)
        .select_related("user", "user__structure")
        .order_by("created_at", "pk")
    )


#: Most rows the "add a person" search reads to find ``limit`` people matching by name or username.
PEOPLE_TO_ADD_SCAN = 500


def _matches_name_or_username(person, folded):
    names = f"{fold(person.first_name)} {fold(person.last_name)}", f"{fold(person.last_name)} {fold(person.first_name)}"
    return folded in fold(person.username) or any(folded in name for name in names)


def people_to_add(group, query, limit=10):
    """Active people matching ``query`` who are not yet members of ``group`` (candidates included).

    Names and usernames match anywhere (accents and case ignored); an e-mail address only when it is typed whole, so
    that nobody lists colleagues by e-mail domain. One query: the indexed ``search_text`` narrows the rows (at most
    ``PEOPLE_TO_ADD_SCAN``), the e-mail part of a hit is then left out.
    """
    query = query.strip()
    folded = fold(query)
    if len(folded) < 2:
        return []
    members = Membership.objects.filter(group=group, role__in=Membership.MEMBER_ROLES).values("user_id")
    matches = Q(search_text__contains=folded)
    if "@" in query:
        matches |= Q(email__iexact=query)
    rows = (
        User.objects.filter(matches, is_active=True)
        .exclude(pk__in=members)
        .select_related("structure")
        .order_by("last_name", "first_name", "pk")[:PEOPLE_TO_ADD_SCAN]
    )
    found = []
    for person in rows:
        if person.email.lower() == query.lower() or _matches_name_or_username(person, folded):
            found.append(person)
            if len(found) == limit:
                break
    return found


def groups_administered_by(user, exclude=None, limit=200):
    """Groups where ``user`` holds the admin role (the sources of "add all the members of another group")."""
    if not is_active_user(user):
        return Group.objects.none()
    groups = Group.objects.filter(
        pk__in=Membership.objects.filter(user_id=user.pk, role=Role.ADMIN).values("group_id")
    ).annotate(member_count=_member_count())
    if exclude is not None:
        groups = groups.exclude(pk=exclude.pk)
    return groups.order_by("search_name", "pk")[:limit]


def bookmarks_visible_to(user):
    """Bookmarks of the groups where ``user`` reads the bookmarks: members, global admins, and structure admins for
    the structure groups of their subtrees (as ``view_bookmarks`` in the abilities)."""
    if not is_active_user(user):
        return GroupBookmark.objects.none()
    if is_global_admin(user):
        return GroupBookmark.objects.all()
    mine = Membership.objects.filter(user_id=user.pk, role__in=Membership.MEMBER_ROLES).values("group_id")
    return GroupBookmark.objects.filter(
        Q(group__in=mine) | Q(group__type=Group.Type.AUTOMATIC, group__structure__in=_administered_subtrees(user))
    )


def bookmarks_of(group):
    return GroupBookmark.objects.filter(group=group).select_related("author").order_by("name", "pk")


def open_groups_of(user_id, limit=20):
    """The open groups ``user_id`` belongs to, by name (shown on their bio card; one query)."""
    return (
        Group.objects.filter(
            type=Group.Type.OPEN,
            memberships__user_id=user_id,
            memberships__role__in=Membership.MEMBER_ROLES,
        )
        .select_related("structure")
        .order_by("name")[:limit]
    )
