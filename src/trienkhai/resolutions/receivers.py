"""What the resolutions app does when the unit tree changes (see ``units.signals``)."""

from typing import Any

from trienkhai.units.models import Unit
from trienkhai.units.signals import unit_moved, unit_opened

from .services import attach_new_unit


def _owes_plans_above(sender: type[Unit], unit: Unit, **kwargs: Any) -> None:
    """A unit that appears under an issued plan — opened there, or moved there with its
    subtree — owes what the plan requires of units like it."""
    attach_new_unit(unit)


def connect() -> None:
    unit_opened.connect(_owes_plans_above, sender=Unit, dispatch_uid="resolutions.unit_opened")
    unit_moved.connect(_owes_plans_above, sender=Unit, dispatch_uid="resolutions.unit_moved")
