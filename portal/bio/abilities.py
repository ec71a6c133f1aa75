"""Who may do what on bio cards, and which fields each viewer may read. Pages, the API, the vCard, the search and
the admin all ask here.

- A listed card (published by its owner, not hidden by an administrator) is seen by anyone, signed in or not; any
  other card only by its owner (everyone else gets a 404).
- Inside a card, each field is shown according to its visibility: ``public`` to anyone, ``staff`` to signed-in
  active portal people, ``hidden`` to the owner only.
- Only the owner (active) edits or deletes their card; a structure administrator of the owner's subtree (or a global
  administrator) may hide it with a reason, or show it again.
Deny by default: an ability missing from a dict is false.
"""

from portal.core.abilities import is_active_user, is_global_admin
from portal.users.abilities import attached_to_subtree_of

from .models import Visibility

_PUBLIC = frozenset({Visibility.PUBLIC})
_STAFF = frozenset({Visibility.PUBLIC, Visibility.STAFF})
_ALL = frozenset(Visibility.values)


def is_owner(user, card) -> bool:
    return is_active_user(user) and card.user_id == user.pk


def viewer_levels(user, card=None) -> frozenset:
    """The visibilities ``user`` may read: on their own card everything, else public (+ staff when signed in)."""
    if card is not None and is_owner(user, card):
        return _ALL
    return _STAFF if is_active_user(user) else _PUBLIC


def search_levels(user) -> frozenset:
    """The visibilities a search by ``user`` may match on and return (never "hidden", even for one's own card)."""
    return _STAFF if is_active_user(user) else _PUBLIC


def may_moderate(user, card) -> bool:
    return is_global_admin(user) or (is_active_user(user) and attached_to_subtree_of(user, card.user))


def get_card_abilities(user, card) -> dict[str, bool]:
    owner = is_owner(user, card)
    view = owner or card.listed
    return {
        "view": view,
        "update": owner,
        "delete": owner,
        # The Nextcloud federation id is for signed-in colleagues, and only once the owner has checked the card.
        "view_federation_id": view and is_active_user(user) and card.checked,
        "moderate": may_moderate(user, card),
    }


def visible_fields(user, card) -> set[str]:
    """Names of the card's optional fields ``user`` may read (``Card.VISIBILITY_FIELDS`` keys)."""
    levels = viewer_levels(user, card)
    return {name for name, field in card.VISIBILITY_FIELDS.items() if getattr(card, field) in levels}
