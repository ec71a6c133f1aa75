"""Signals the groups app sends, for the apps that follow groups (Nextcloud shares, Keycloak groups, agenda...).

All are sent inside the transaction that made the change, with plain ids so that receivers can work in bulk:
- ``group_created(group_id)``: a group was created (automatic groups included).
- ``group_updated(group_id, fields)``: these fields changed (``name``, ``type``, ``plugins``, ``description``...).
- ``groups_deleting(group_ids)``: these groups are about to be deleted (their rows still exist).
- ``memberships_changed(group_ids, user_ids)``: some of these people's roles in these groups changed (joined,
  left, promoted, demoted, automatic upkeep). Receivers read the current rows.
"""

from django.dispatch import Signal

group_created = Signal()
group_updated = Signal()
groups_deleting = Signal()
memberships_changed = Signal()
