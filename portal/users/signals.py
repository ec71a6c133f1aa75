"""Signals the users app sends. Feature apps listen to them (groups, lookup...); the core never imports them.

All are sent inside the transaction that made the change, with plain ids so that receivers can work in bulk SQL:
- ``users_created(user_ids)``: new accounts (first sign-in, ``import_users``, the API). Bulk imports send it once
  per batch. Receivers give the new users what they need (a Nextcloud instance, a default personal space...).
- ``users_structure_changed(user_ids)``: these users' ``structure`` changed (or was set, or cleared).
- ``structure_request_decided(user_ids, structure_id, accepted)``: a structure admin accepted or refused requests.
- ``structure_requested(user_id, structure_id)``: a person asked to join a structure that needs validation.
- ``structures_left_without_admin(structure_ids)``: a move dropped the last admin role of these structures.
"""

from django.dispatch import Signal

users_created = Signal()
users_structure_changed = Signal()
structure_request_decided = Signal()
structure_requested = Signal()
structures_left_without_admin = Signal()
