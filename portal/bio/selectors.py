"""Reads of bio cards that need care: what a viewer may see of a card, the search, the skill cloud.

Every surface (page, API, vCard, search results) reads a card through ``card_view``, which keeps only the fields
this viewer may see: a hidden field never leaves the server because nothing downstream ever receives it.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q

from portal.core.admin_scoping import tree_ordering
from portal.core.text import fold
from portal.structures.models import Structure

from .abilities import get_card_abilities, is_owner, search_levels, viewer_levels
from .markdown import render_markdown
from .models import Card, Link, Skill
from .networks import network_display

MAX_QUERY_LENGTH = 100
AGGREGATE_SECONDS = 300
AGGREGATE_PREFIX = "bio:aggregate:"
AGGREGATES = ("count", "structures", "skills")
LEVEL_SETS = ({"all"}, {"public"}, {"public", "staff"})
MAX_WORDS = 8


@dataclass
class CardView:
    """What one viewer may see of one card. Absent fields are ``""`` / empty lists."""

    card: Card
    public_name: str
    first_name: str
    last_name: str
    avatar_url: str = ""
    headline: str = ""
    biography: str = ""
    biography_html: str = ""
    skills: list = field(default_factory=list)
    email: str = ""
    structure: str = ""
    links: list = field(default_factory=list)
    is_owner: bool = False

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


def listed_cards():
    """Cards shown to others: published and not hidden by an administrator."""
    return Card.objects.filter(published=True, moderated=False)


def card_queryset():
    """Cards with what ``card_view`` reads joined or prefetched (four queries for any number of cards)."""
    return Card.objects.select_related("user", "user__structure").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("folded")),
        Prefetch("links", queryset=Link.objects.order_by("position", "pk")),
    )


def card_for_viewer(user, public_name):
    """The card named ``public_name`` if ``user`` may see it, else None (the caller answers 404)."""
    name = str(public_name or "").lower()
    if not name or len(name) > Card._meta.get_field("public_name").max_length:
        return None
    card = card_queryset().filter(public_name=name).first()
    if card is None or not get_card_abilities(user, card)["view"]:
        return None
    return card


def card_view(user, card, with_biography_html=True) -> CardView:
    """The fields of ``card`` that ``user`` may read (uses the prefetched skills and links when present)."""
    levels = viewer_levels(user, card)
    owner = card.user
    view = CardView(
        card=card,
        public_name=card.public_name,
        first_name=owner.first_name,
        last_name=owner.last_name,
        avatar_url=owner.avatar.url if owner.avatar else "",
        is_owner=is_owner(user, card),
    )
    if card.headline_visibility in levels:
        view.headline = card.headline
    if card.biography_visibility in levels:
        view.biography = card.biography
        if with_biography_html:
            view.biography_html = render_markdown(card.biography)
    if card.skills_visibility in levels:
        view.skills = [skill.name for skill in card.skills.all()]
    if card.email_visibility in levels:
        view.email = owner.email
    if card.structure_visibility in levels and owner.structure_id:
        view.structure = owner.structure.name
    view.links = [
        {
            "label": link.label,
            "url": link.url,
            "network": link.network,
            "network_label": network_display(link.network)[0],
            "icon": network_display(link.network)[1],
            "visibility": link.visibility,
        }
        for link in card.links.all()
        if link.visibility in levels
    ]
    return view


def _skill_filter(levels, folded_skill):
    """Cards showing ``folded_skill`` to these levels: a semi-join on that skill's card rows. The skill's id is read
    first (one query) so that the planner sees a constant and estimates a frequent skill's rows from the statistics."""
    skill_id = Skill.objects.filter(folded=folded_skill).values_list("pk", flat=True).first()
    if skill_id is None:
        return None
    through = Card.skills.through.objects.filter(skill_id=skill_id).values("card_id")
    return Q(skills_visibility__in=levels, pk__in=through)


def parse_query(query):
    """``(words, skills)``: folded plain words and folded ``#skills`` of a search string."""
    words, skills = [], []
    for raw in str(query or "")[:MAX_QUERY_LENGTH].split()[:MAX_WORDS]:
        if raw.startswith("#"):
            folded = fold(raw.lstrip("#").replace("_", " "))
            if folded:
                skills.append(folded)
        else:
            folded = fold(raw)
            if folded:
                words.append(folded)
    return words, skills


def search_cards(user, query="", structure=None):
    """Listed cards matching every word of ``query`` (public name and names, accent-insensitive; ``#skill`` matches
    a skill), in the subtree of ``structure`` when given. Matches only on what ``user`` may read: a hidden skill list
    or structure is never searched, the e-mail never. On PostgreSQL the trigram index on ``search_text`` serves the
    words (``LIKE '%word%'``)."""
    levels = search_levels(user)
    cards = card_queryset().filter(published=True, moderated=False)
    words, skills = parse_query(query)
    for word in words:
        cards = cards.filter(search_text__contains=word)
    for skill in skills:
        condition = _skill_filter(levels, skill)
        cards = cards.filter(condition) if condition is not None else cards.none()
    if structure is not None:
        cards = cards.filter(structure_visibility__in=levels, user__structure__path__startswith=structure.path)
    return cards.order_by("public_name")


def _cached(name, levels, compute):
    """Aggregates over every listed card (count, skill cloud, structures) are kept ``AGGREGATE_SECONDS`` in the
    cache, per set of readable visibilities; the services forget them after each write."""
    key = f"{AGGREGATE_PREFIX}{name}:{'-'.join(sorted(levels))}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, AGGREGATE_SECONDS)
    return value


def forget_aggregates():
    cache.delete_many(
        [f"{AGGREGATE_PREFIX}{name}:{'-'.join(sorted(levels))}" for name in AGGREGATES for levels in LEVEL_SETS]
    )


def listed_count():
    """How many cards are listed (cached)."""
    return _cached("count", {"all"}, lambda: listed_cards().count())


def search_structures(user):
    """Structures offered by the search filter: those of the listed cards whose structure the viewer may read, and
    their ancestors (a filter keeps sub-structures), in tree order (the ids are cached; one query)."""
    levels = search_levels(user)

    def compute():
        used = listed_cards().filter(structure_visibility__in=levels).values("user__structure_id")
        paths = Structure.objects.filter(pk__in=used).values_list("path", flat=True)
        return sorted({int(part) for path in paths for part in path.strip("/").split("/") if part})

    ids = _cached("structures", levels, compute)
    return Structure.objects.filter(pk__in=ids).order_by(*tree_ordering()).only("pk", "name", "path", "depth")


@dataclass(frozen=True)
class SkillCount:
    name: str
    folded: str
    card_count: int


def skill_cloud(user, limit=None, query=""):
    """Skills with the number of listed cards showing them to ``user``, most used first; ``query`` keeps the names
    starting with it (folded). The counts are cached (no query when fresh)."""
    levels = search_levels(user)

    def compute():
        counted = Count(
            "cards", filter=Q(cards__published=True, cards__moderated=False, cards__skills_visibility__in=levels)
        )
        rows = (
            Skill.objects.annotate(card_count=counted)
            .filter(card_count__gt=0)
            .order_by("-card_count", "folded")
            .values_list("name", "folded", "card_count")
        )
        return [SkillCount(*row) for row in rows]

    skills = _cached("skills", levels, compute)
    folded = fold(query)
    if folded:
        skills = [skill for skill in skills if skill.folded.startswith(folded)]
    return skills[:limit] if limit else skills


def listed_card_names(user_ids) -> dict:
    """``{user_id: public_name}`` of the listed cards of ``user_ids`` (one query), for other apps' links."""
    return dict(listed_cards().filter(user_id__in=list(user_ids)).values_list("user_id", "public_name"))
