"""Signals the units app sends for changes Django's model signals do not see.

``unit_moved`` (``sender=Unit``, ``unit=`` the moved unit): a unit and its subtree were moved
under another parent. Treebeard rewrites the paths with one ``UPDATE`` and no ``save()``, so
code that keeps something per subtree (the study tallies) listens to this instead.
"""

from django.dispatch import Signal

unit_moved = Signal()
