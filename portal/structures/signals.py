"""Signals the structures app sends. Feature apps listen to them; the core never imports feature apps.

- ``structure_moved(structure, old_path)``: sent inside the transaction, after a structure (and its subtree) got a
  new parent. The paths of the whole subtree are already rewritten.
"""

from django.dispatch import Signal

structure_moved = Signal()
