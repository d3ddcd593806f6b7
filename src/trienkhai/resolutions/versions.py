"""What a plan says, as data, and what changed between two versions of it: the plan's
``Shape`` for the versioning of ``core.versions``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trienkhai.core import numbers
from trienkhai.core.versions import Shape, Snapshot, differences, snapshot
from trienkhai.units.models import Unit

from .models import Plan, Requirement
from .numbers import number_key

REQUIREMENT_KEYS = ("title", "kind", "target_kinds", "target_levels", "due_on", "target_value")


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


class Change(TypedDict):
    """One line of a version's differences, as stored in ``PlanVersion.changes``."""

    what: str
    before: str
    after: str


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content as plain data (kept with each issued version)."""
    data = snapshot(plan, ("number", "title", "issued_on"), issued_on=_iso)
    data["resolutions"] = (
        sorted((r.number for r in plan.resolutions.all()), key=number_key) if plan.pk else []
    )
    data["requirements"] = (
        {
            str(r.pk): snapshot(
                r,
                REQUIREMENT_KEYS,
                target_kinds=sorted,
                target_levels=sorted,
                due_on=_iso,
                target_value=lambda v: str(v) if v is not None else None,
            )
            for r in plan.requirements.filter(withdrawn=False)
        }
        if plan.pk
        else {}
    )
    return data


def _show_target(value: object) -> str:
    """A target stored as its canonical text ("95.00") read as people write it: ``95%``."""
    if value is None or value == "":
        return "—"
    try:
        return numbers.measure(Decimal(str(value))) + "%"
    except ArithmeticError:
        return str(value)


def _show(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def _named(key: str, value: Any) -> Any:
    """Codes of choices (what is required, kinds and levels of units) as their labels."""

    choices = {"kind": Requirement.Kind, "target_kinds": Unit.Kind, "target_levels": Unit.Level}
    if key not in choices or not value:
        return value
    labels = dict(choices[key].choices)
    if isinstance(value, list):
        return [str(labels.get(v, v)) for v in value]
    return str(labels.get(value, value))


def _labels() -> dict[str, str]:
    return {
        "number": _("Number"),
        "title": _("Title"),
        "issued_on": _("Date"),
        "resolutions": _("Documents implemented"),
        "kind": _("What"),
        "target_kinds": _("Kinds of units"),
        "target_levels": _("Levels"),
        "due_on": _("Due by"),
        "target_value": _("Target (%)"),
    }


def _requirement(req: Snapshot) -> str:
    return f"{req['title']} ({_show(req['due_on'])})"


#: A plan's snapshot: its own fields, then its requirements (``plan_snapshot``).
SHAPE = Shape(
    fields=("number", "title", "issued_on", "resolutions"),
    items="requirements",
    item_fields=REQUIREMENT_KEYS,
    labels=_labels,
    show=lambda key, value: (
        _show_target(value) if key == "target_value" else _show(_named(key, value))
    ),
    item_heading=lambda req, label: f"{req['title']}: {label}",
    item_name=_requirement,
    added=lambda: _("Requirement added"),
    removed=lambda: _("Requirement removed"),
)


def snapshot_changes(before: Snapshot, after: Snapshot) -> list[dict[str, Any]]:
    """Human-readable differences: ``[{"what", "before", "after"}]``, stored with the version
    (in the language of the user who made it)."""
    return differences(SHAPE, before, after)
