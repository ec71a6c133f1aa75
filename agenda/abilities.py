"""Who may do what with events. Views, the API, the admin, the feeds and the services ask here.

- See an event (its page, its ICS export): its organiser, its participants (invited people and the members of its
  invited groups, who are participants too), the admins of its groups, and global admins. Anyone else gets 404.
- Edit or delete it: its organiser, the admins of its groups, global admins.
- Answer: its portal participants (guests answer through their signed link).
- Invite a group: its members (candidates excluded).
Deny by default: an ability missing from a dict is false.
"""

from groups.abilities import get_group_abilities
from portal.core.abilities import is_active_user, is_global_admin

from .models import Participant


def is_group_member(user, group) -> bool:
    """Members, animators and admins of ``group`` (and those with admin rights over it)."""
    return get_group_abilities(user, group)["view_emails"]


def can_invite_group(user, group) -> bool:
    return is_active_user(user) and is_group_member(user, group)


def _participation(user, event):
    """The viewer's participant row of ``event`` (cached on the event; selectors may fill the cache)."""
    cache = event.__dict__.setdefault("_participation", {})
    if user.pk not in cache:
        cache[user.pk] = Participant.objects.filter(event_id=event.parent_id or event.pk, user_id=user.pk).first()
    return cache[user.pk]


def _administers_a_group(user, event):
    cache = event.__dict__.setdefault("_group_admin", {})
    if user.pk not in cache:
        master = event.parent if event.parent_id else event
        cache[user.pk] = any(get_group_abilities(user, group)["administer"] for group in master.groups.all())
    return cache[user.pk]


def get_event_abilities(user, event) -> dict[str, bool]:
    if not is_active_user(user):
        return {}
    organiser = (event.parent.organiser_id if event.parent_id else event.organiser_id) == user.pk
    editor = organiser or is_global_admin(user) or _administers_a_group(user, event)
    participation = _participation(user, event)
    view = editor or participation is not None
    return {
        "view": view,
        "export": view,
        "update": editor,
        "delete": editor,
        "invite": editor,
        "answer": participation is not None,
    }
