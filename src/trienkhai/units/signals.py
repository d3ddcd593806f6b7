"""What the units app tells the apps above it when the tree changes.

Dependencies flow one way (core ← units ← resolutions ← …): the units app never calls the apps
built on it. When a change of the tree matters to them, it sends one of these signals, inside
the service's transaction, and the app that cares connects a receiver in its ``AppConfig.ready``
— the one mechanism for a lower layer to reach a higher one. Receivers call that app's own
services; they hold no rules of their own.

``unit_opened`` (``sender=Unit``, ``unit=``): a unit was created. Plans above it that are
already issued make it owe what they require of units like it (``resolutions``).

``unit_moved`` (``sender=Unit``, ``unit=`` the moved unit): a unit and its subtree were moved
under another parent. Treebeard rewrites the paths with one ``UPDATE`` and no ``save()``, so
the apps that keep something per subtree listen to this: the plans above the new place
(``resolutions``), the study tallies (``study``).
"""

from django.dispatch import Signal

unit_opened = Signal()
unit_moved = Signal()
