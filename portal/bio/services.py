"""Every write on bio cards and skills. Pages, the API and the admin call these; none re-implements a rule.

Refusals raise ``PermissionDenied`` (not allowed) or ``ValidationError`` naming the field (bad input); each write is
atomic, so nothing is half-saved.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.core.abilities import is_active_user, is_global_admin
from portal.core.text import fold
from portal.notifications.services import notify_translated

from . import selectors
from .abilities import get_card_abilities
from .models import (
    PUBLIC_NAME_MAX_LENGTH,
    SKILL_MAX_LENGTH,
    Card,
    Link,
    Skill,
    Visibility,
    build_card_search_text,
    validate_link_url,
    validate_public_name,
)
from .networks import detect_network

MAX_SKILLS = 30
MAX_LINKS = 20
#: Fields ``update_card`` accepts (links and skills apart).
CARD_FIELDS = (
    "public_name",
    "published",
    "headline",
    "headline_visibility",
    "biography",
    "biography_visibility",
    "skills_visibility",
    "email_visibility",
    "structure_visibility",
)


def _changed():
    """The cached counts and cloud are out of date: forget them now and once the write is committed."""
    selectors.forget_aggregates()
    transaction.on_commit(selectors.forget_aggregates)


def _free_public_name(user) -> str:
    """A valid, unused public name derived from the username (``user-<id>`` when nothing usable is left)."""
    base = slugify(user.username.replace("@", "-").replace(".", "-"))[: PUBLIC_NAME_MAX_LENGTH - 6].strip("-_")
    candidates = [base, *(f"{base}-{n}" for n in range(2, 6))] if base else []
    for candidate in [*candidates, f"user-{user.pk}"]:
        try:
            validate_public_name(candidate)
        except ValidationError:
            continue
        if not Card.objects.filter(public_name=candidate).exists():
            return candidate
    return f"user-{user.pk}"


def own_card(user, create=True):
    """The card of ``user``, created hidden and unchecked on first use (None for anonymous or inactive people)."""
    if not is_active_user(user):
        return None
    card = Card.objects.filter(user=user).first()
    if card is not None or not create:
        return card
    try:
        with transaction.atomic():
            name = _free_public_name(user)
            return Card.objects.create(
                user=user,
                public_name=name,
                search_text=build_card_search_text(name, user.first_name, user.last_name),
            )
    except IntegrityError:  # created meanwhile by a concurrent request
        return Card.objects.get(user=user)


def normalize_skill_names(raw) -> list[str]:
    """Clean skill names (a list, or a comma-separated string): "#" and spaces trimmed, duplicates by folded form
    removed (the first spelling kept), each at most ``SKILL_MAX_LENGTH`` characters."""
    if isinstance(raw, str):
        raw = raw.split(",")
    names, seen, errors = [], set(), []
    for value in raw or []:
        name = " ".join(str(value).split()).lstrip("#").strip()
        if not name:
            continue
        if len(name) > SKILL_MAX_LENGTH:
            errors.append(_("Une compétence compte au plus %(max)s caractères.") % {"max": SKILL_MAX_LENGTH})
            continue
        key = fold(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    if len(names) > MAX_SKILLS:
        errors.append(_("Au plus %(max)s compétences.") % {"max": MAX_SKILLS})
    if errors:
        raise ValidationError({"skills": sorted(set(errors))})
    return names


def skills_for_names(names) -> list[Skill]:
    """The shared rows of ``names``: existing ones found by folded name, the others created (two queries)."""
    by_fold = {fold(name): name for name in names}
    existing = {skill.folded: skill for skill in Skill.objects.filter(folded__in=by_fold)}
    missing = [Skill(name=name, folded=key) for key, name in by_fold.items() if key not in existing]
    if missing:
        Skill.objects.bulk_create(missing, ignore_conflicts=True)
        existing.update({skill.folded: skill for skill in Skill.objects.filter(folded__in=[s.folded for s in missing])})
    return [existing[key] for key in by_fold if key in existing]


def _clean_links(raw_links) -> list[Link]:
    if len(raw_links) > MAX_LINKS:
        raise ValidationError({"links": _("Au plus %(max)s liens.") % {"max": MAX_LINKS}})
    links, errors = [], []
    for position, data in enumerate(raw_links):
        label = " ".join(str(data.get("label", "")).split())
        url = str(data.get("url", "")).strip()
        visibility = data.get("visibility") or Visibility.HIDDEN
        link = Link(label=label, url=url, visibility=visibility, position=position, network=detect_network(url))
        try:
            if not label or not url:
                raise ValidationError(_("Chaque lien a un libellé et une adresse."))
            validate_link_url(url)
            link.full_clean(exclude=["card"])
        except ValidationError as error:
            errors.append(
                _("Lien %(number)s : %(error)s") % {"number": position + 1, "error": " ".join(error.messages)}
            )
            continue
        links.append(link)
    if errors:
        raise ValidationError({"links": errors})
    return links


@transaction.atomic
def update_card(actor, card, data, *, skills=None, links=None):
    """Change ``card`` from ``data`` (keys of ``CARD_FIELDS``; absent keys keep their value), replace its skills
    and links when given (``links``: ``[{"label", "url", "visibility"}]`` in order). Saving marks it checked."""
    if not get_card_abilities(actor, card)["update"]:
        raise PermissionDenied(_("Seule la personne titulaire modifie sa carte."))
    unknown = set(data) - set(CARD_FIELDS)
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    for name, value in data.items():
        if name == "public_name":
            value = str(value or "").strip().lower()
        setattr(card, name, value)
    card.checked = True
    card.search_text = build_card_search_text(card.public_name, card.user.first_name, card.user.last_name)
    card.full_clean(exclude=["user", "skills"])
    skill_names = normalize_skill_names(skills) if skills is not None else None
    clean_links = _clean_links(links) if links is not None else None
    card.save()
    if skill_names is not None:
        card.skills.set(skills_for_names(skill_names))
    if clean_links is not None:
        card.links.all().delete()
        for link in clean_links:
            link.card = card
        Link.objects.bulk_create(clean_links)
    _changed()
    return card


@transaction.atomic
def delete_card(actor, card):
    """Delete ``card`` with its links and skill choices; pages that linked to it stop doing so (they read it live)."""
    if not get_card_abilities(actor, card)["delete"]:
        raise PermissionDenied(_("Seule la personne titulaire supprime sa carte."))
    card.delete()
    _changed()


@transaction.atomic
def moderate_card(actor, card, reason):
    """Hide ``card`` from everyone but its owner, with a reason sent to the owner."""
    if not get_card_abilities(actor, card)["moderate"]:
        raise PermissionDenied(_("Vous n'administrez pas la structure de cette personne."))
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"moderation_reason": _("Indiquez le motif du masquage.")})
    card.moderated, card.moderation_reason = True, reason[:1000]
    card.save(update_fields=["moderated", "moderation_reason", "updated_at"])
    _changed()
    notify_translated(
        [card.user_id],
        "message",
        gettext_noop("Votre carte de profil a été masquée"),
        text=(gettext_noop("Un administrateur a masqué votre carte : %(reason)s"),),
        params={"reason": card.moderation_reason},
        link="/bio/moi/",
    )
    return card


@transaction.atomic
def restore_card(actor, card):
    if not get_card_abilities(actor, card)["moderate"]:
        raise PermissionDenied(_("Vous n'administrez pas la structure de cette personne."))
    card.moderated, card.moderation_reason = False, ""
    card.save(update_fields=["moderated", "moderation_reason", "updated_at"])
    _changed()
    return card


def refresh_search_text(user):
    """Names changed on the account: the card's search text follows (one UPDATE, nothing when no card)."""
    card = Card.objects.filter(user=user).only("pk", "public_name").first()
    if card is not None:
        text = build_card_search_text(card.public_name, user.first_name, user.last_name)
        Card.objects.filter(pk=card.pk).exclude(search_text=text).update(search_text=text)


# --- skills, for global administrators ---


def _require_global_admin(actor):
    if not is_global_admin(actor):
        raise PermissionDenied(_("Seuls les administrateurs globaux gèrent les compétences."))


@transaction.atomic
def merge_skills(actor, target, sources):
    """Move every card of ``sources`` to ``target`` and delete ``sources``."""
    _require_global_admin(actor)
    source_ids = [skill.pk for skill in sources if skill.pk != target.pk]
    if not source_ids:
        return target
    through = Card.skills.through
    card_ids = set(through.objects.filter(skill_id__in=source_ids).values_list("card_id", flat=True))
    card_ids -= set(through.objects.filter(skill_id=target.pk, card_id__in=card_ids).values_list("card_id", flat=True))
    through.objects.bulk_create([through(card_id=card_id, skill_id=target.pk) for card_id in card_ids])
    Skill.objects.filter(pk__in=source_ids).delete()
    _changed()
    return target


@transaction.atomic
def rename_skill(actor, skill, name):
    """Rename ``skill``; when the new name is another skill's (same folded form), the two are merged into that one."""
    _require_global_admin(actor)
    name = " ".join(str(name or "").split()).lstrip("#").strip()
    if not name or len(name) > SKILL_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Le nom d'une compétence compte de 1 à %(max)s caractères.") % {"max": SKILL_MAX_LENGTH}}
        )
    other = Skill.objects.filter(folded=fold(name)).exclude(pk=skill.pk).first()
    if other is not None:
        return merge_skills(actor, other, [skill])
    skill.name = name
    skill.save()
    _changed()
    return skill


@transaction.atomic
def delete_skill(actor, skill):
    _require_global_admin(actor)
    skill.delete()
    _changed()
