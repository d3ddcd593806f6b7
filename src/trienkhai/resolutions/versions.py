"""What a plan says, as data, and what changed between two versions of it."""

from __future__ import annotations

import datetime
from typing import Any, TypedDict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trienkhai.units.models import Unit

from .models import Plan, Requirement


class Change(TypedDict):
    """One line of a version's differences, as stored in ``PlanVersion.changes``."""

    what: str
    before: str
    after: str


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """The plan's content as plain data (kept with each issued version)."""
    return {
        "number": plan.number,
        "title": plan.title,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "resolutions": sorted(r.number for r in plan.resolutions.all()) if plan.pk else [],
        "requirements": {
            str(r.pk): {
                "title": r.title,
                "kind": r.kind,
                "target_kinds": sorted(r.target_kinds),
                "target_levels": sorted(r.target_levels),
                "due_on": r.due_on.isoformat(),
                "target_value": str(r.target_value) if r.target_value is not None else None,
            }
            for r in plan.requirements.filter(withdrawn=False)
        }
        if plan.pk
        else {},
    }


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


def snapshot_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Human-readable differences: ``[{"what", "before", "after"}]``, stored with the version
    (in the language of the user who made it)."""
    labels = {
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
    changes: list[Change] = []
    for key in ("number", "title", "issued_on", "resolutions"):
        if before.get(key) != after.get(key):
            changes.append(
                {
                    "what": str(labels[key]),
                    "before": _show(before.get(key)),
                    "after": _show(after.get(key)),
                }
            )
    old, new = before.get("requirements", {}), after.get("requirements", {})
    for pk, req in new.items():
        if pk not in old:
            changes.append(
                {
                    "what": _("Requirement added"),
                    "before": "—",
                    "after": f"{req['title']} ({_show(req['due_on'])})",
                }
            )
            continue
        for key, value in req.items():
            if old[pk].get(key) != value:
                changes.append(
                    {
                        "what": f"{req['title']}: {labels.get(key, key)}",
                        "before": _show(_named(key, old[pk].get(key))),
                        "after": _show(_named(key, value)),
                    }
                )
    for pk, req in old.items():
        if pk not in new:
            changes.append(
                {
                    "what": _("Requirement removed"),
                    "before": f"{req['title']} ({_show(req['due_on'])})",
                    "after": "—",
                }
            )
    return changes
