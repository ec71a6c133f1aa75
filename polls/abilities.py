"""Who may do what on a poll. Pages, the API, the admin and the tasks ask here; deny by default.

A poll reaches:
- its owner, always (a draft only them);
- once open or closed, the portal people it targets: named people and the members of its groups;
- anybody holding its public link (``via_link``: the request carried the poll's secret public token), when the poll
  is public.

``view`` false -> 404 (existence not revealed); ``view`` true but the action false -> 403.
"""

from django.utils import timezone

from groups.selectors import member_group_ids
from portal.core.abilities import is_active_user

from .models import Poll


def is_targeted(user, poll) -> bool:
    """Is ``user`` a named person of ``poll`` or a member of one of its groups? Cached on the poll object.

    Selectors listing polls annotate ``viewer_targeted`` and fill this cache (no query per poll).
    """
    if not is_active_user(user) or poll.pk is None:
        return False
    cache = poll.__dict__.setdefault("_targeted", {})
    if user.pk not in cache:
        cache[user.pk] = (
            poll.people.filter(pk=user.pk).exists()
            or poll.groups.through.objects.filter(poll_id=poll.pk, group_id__in=member_group_ids(user)).exists()
        )
    return cache[user.pk]


def is_accepting(poll, now=None) -> bool:
    """Open and before its deadline."""
    now = now or timezone.now()
    return poll.state == Poll.State.OPEN and (poll.deadline is None or poll.deadline > now)


def get_poll_abilities(user, poll, via_link=False) -> dict[str, bool]:
    active = is_active_user(user)
    owner = active and poll.owner_id == user.pk
    published = poll.state != Poll.State.DRAFT
    public = published and poll.is_public and via_link
    targeted = published and not owner and is_targeted(user, poll)
    view = owner or targeted or public
    accepting = is_accepting(poll)
    respondent = targeted or public or (owner and published)
    return {
        "view": view,
        "answer": accepting and respondent and not (poll.is_meeting and owner),
        "view_results": view and (owner or published),
        # Who answered what: the owner always; the others unless the owner hid the participants.
        "view_participants": owner or (view and not poll.hide_participants),
        "view_emails": owner,
        "export": owner,
        "comment": view and published and (active or public),
        "update": owner and poll.state != Poll.State.CLOSED,
        "update_options_freely": owner and poll.state == Poll.State.DRAFT,
        "delete": owner and poll.state != Poll.State.OPEN,
        "open": owner and poll.state == Poll.State.DRAFT,
        "close": owner and poll.state == Poll.State.OPEN,
        "manage_bookings": owner and poll.is_meeting,
    }


def can_create_poll(user) -> bool:
    return is_active_user(user)
