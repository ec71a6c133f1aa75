"""Who may do what on notifications and information messages (views, API, admin and tasks all ask here).

- A notification belongs to its recipient: only they read it, mark it read or delete it. Global admins see and
  delete notifications in the back office (support), but never mark someone else's as read.
- An information message is national (no structure: global admins write it) or for a structure (its admins, and
  the admins of any ancestor, write it: a structure admin's rights cover their whole subtree). Everyone active sees
  the national messages and those of their structure and its ancestors.
"""

from portal.core.abilities import is_active_user, is_global_admin
from portal.structures.abilities import is_admin_of_structure, is_structure_admin


def get_notification_abilities(user, notification) -> dict[str, bool]:
    owner = is_active_user(user) and notification.user_id == user.pk
    global_admin = is_global_admin(user)
    return {
        "view": owner or global_admin,
        "mark_read": owner,
        "delete": owner or global_admin,
    }


def can_write_information_for(user, structure) -> bool:
    """May write a message for ``structure`` (None: a national message, global admins only)."""
    return is_active_user(user) and is_admin_of_structure(user, structure)


def can_manage_information_messages(user) -> bool:
    """May open the information messages' back office: global admins and structure admins."""
    return is_global_admin(user) or is_structure_admin(user)


def is_information_visible_to(user, message) -> bool:
    """National, or for the person's structure or one of its ancestors."""
    if not is_active_user(user):
        return False
    if message.structure_id is None:
        return True
    structure = user.structure if user.structure_id else None
    return structure is not None and message.structure_id in (*structure.ancestor_ids, structure.pk)


def get_information_message_abilities(user, message) -> dict[str, bool]:
    writer = can_write_information_for(user, message.structure if message.structure_id else None)
    return {
        "view": writer or is_information_visible_to(user, message),
        "update": writer,
        "publish": writer,
        "delete": writer,
    }
