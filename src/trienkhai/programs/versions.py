"""What a program says, as data, and what changed between two approved versions.

Each approved version keeps a snapshot; the approval screen compares the program as it is now
with the last approved snapshot, task by task (matched by id, so a reworded task shows as a
change, a new one as added). The mechanism is ``core.versions``; this module declares the
program's ``Shape``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from trienkhai.core import numbers
from trienkhai.core.versions import Shape, differences, snapshot

from .models import Task

PROGRAM_KEYS = ("kind", "number", "title", "field", "summary", "reporting_period")
TASK_KEYS = (
    "title",
    "key_points",
    "lead_unit",
    "coordinating_units",
    "due_on",
    "indicator",
    "measure",
    "baseline",
    "target",
    "target_year",
    "milestones",
)


def _num(value) -> str | None:
    """``90`` for 90.00, ``12.5`` for 12.50: how a number reads in a difference."""
    return None if value is None else format(Decimal(str(value)).normalize(), "f")


def milestone_label(milestone) -> str:
    """``Q2/2026: 70`` or ``31/12/2026: Báo cáo tổng kết`` (or both, value last). The same
    whatever the language of the user who approves: snapshots made in Vietnamese and in
    English must compare equal when nothing changed."""
    what = " ".join(filter(None, [milestone.deliverable, _num(milestone.expected_value)]))
    due = milestone.due_on
    when = f"Q{(due.month - 1) // 3 + 1}/{due.year}" if milestone.by_quarter else f"{due:%d/%m/%Y}"
    return f"{when}: {what}"


def task_snapshot(task) -> dict:
    """One task as plain data; uses the prefetched relations (no query per task when the
    program was loaded with ``program_for_snapshot``)."""
    return {
        "order": task.order,
        "title": task.title,
        "key_points": sorted(
            f"{kp.resolution.number} · {kp.order}" for kp in task.key_points.all()
        ),
        "lead_unit": task.lead_unit.name if task.lead_unit_id else None,
        "coordinating_units": sorted(u.name for u in task.coordinating_units.all()),
        "due_on": task.due_on.strftime("%d/%m/%Y") if task.due_on else None,
        "indicator": task.indicator,
        "measure": task.measure,
        "baseline": _num(task.baseline),
        "target": _num(task.target),
        "target_year": task.target_year,
        "milestones": [milestone_label(m) for m in task.milestones.all()],
    }


def program_snapshot(program) -> dict:

    tasks = (
        Task.objects.filter(program=program)
        .select_related("lead_unit")
        .prefetch_related("key_points__resolution", "coordinating_units", "milestones")
    )
    data = snapshot(program, PROGRAM_KEYS)
    data["tasks"] = {str(t.pk): task_snapshot(t) for t in tasks}
    return data


#: Snapshot keys holding a number, stored as its canonical text ("4.2"), read as people write it.
NUMBER_KEYS = frozenset({"baseline", "target"})


def _show(value, key: str = "") -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if key in NUMBER_KEYS:
        try:
            return numbers.measure(Decimal(str(value)))
        except ArithmeticError:
            pass
    return str(value)


def labels() -> dict[str, str]:
    return {
        "kind": _("Kind"),
        "number": _("Number"),
        "title": _("Title"),
        "field": _("Field"),
        "summary": _("Purpose and requirements"),
        "reporting_period": _("Progress reported"),
        "key_points": _("Key points served"),
        "lead_unit": _("Lead unit"),
        "coordinating_units": _("Coordinating units"),
        "due_on": _("To be completed by"),
        "indicator": _("Indicator"),
        "measure": _("Measure"),
        "baseline": _("Baseline"),
        "target": _("Target"),
        "target_year": _("Target year"),
        "milestones": _("Milestones"),
    }


#: A program's snapshot: its own fields, then its tasks (``program_snapshot``).
SHAPE = Shape(
    fields=PROGRAM_KEYS,
    items="tasks",
    item_fields=TASK_KEYS,
    labels=labels,
    show=lambda key, value: _show(value, key),
    item_heading=lambda task, label: f"{_('Task')} {task['order']}: {label}",
    item_name=lambda task: task["title"],
    added=lambda: _("Task added"),
    removed=lambda: _("Task removed"),
)


def snapshot_changes(before: dict, after: dict) -> list[dict]:
    """``[{"what", "before", "after"}]`` for every difference, in the current language."""
    return differences(SHAPE, before, after)
