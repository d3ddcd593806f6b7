"""The figures an annual review starts from, computed from the data as of the year's end (or
today, for the current year): tasks by status, indicators against targets, milestones of the
year and those overdue. Stored with the review as plain data so that the approved review keeps
the figures it was approved with."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from .models import Milestone, Task, TaskStatus
from .progress import attainment, with_latest


def review_date(year: int) -> datetime.date:
    today = timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def _num(value):
    return None if value is None else format(value.normalize(), "f")


def review_facts(program, year: int) -> dict:
    """Plain data: ``as_of``, ``tasks`` (counts by status and total), ``task_rows`` (each
    task's status), ``indicators`` (rows with baseline, value, target, attainment %),
    ``milestones_due`` / ``milestones_done`` in the year, ``overdue`` (rows)."""
    as_of = review_date(year)
    tasks = list(
        with_latest(Task.objects.filter(program=program), as_of)
        .select_related("lead_unit")
        .order_by("order", "id")
    )
    counts = dict.fromkeys(TaskStatus.values, 0)
    rows, indicators = [], []
    for task in tasks:
        status = task.latest_status or TaskStatus.NOT_STARTED
        counts[status] += 1
        rows.append(
            {
                "order": task.order,
                "title": task.title,
                "lead": task.lead_unit.name if task.lead_unit_id else "",
                "status": status,
            }
        )
        if task.indicator and task.target is not None:
            indicators.append(
                {
                    "order": task.order,
                    "indicator": task.indicator,
                    "measure": task.measure,
                    "baseline": _num(task.baseline),
                    "value": _num(task.latest_value),
                    "target": _num(task.target),
                    "target_year": task.target_year,
                    "attainment": round(
                        attainment(task.latest_value, task.baseline, task.target) * 100, 1
                    ),
                }
            )
    milestones = (
        Milestone.objects.filter(task__program=program)
        .select_related("task")
        .order_by("task__order", "task_id", "due_on", "order", "id")
    )
    year_start = datetime.date(year, 1, 1)
    in_year = [m for m in milestones if year_start <= m.due_on <= datetime.date(year, 12, 31)]
    overdue = [
        {
            "task": m.task.order,
            "when": m.when_label,
            "deliverable": m.deliverable or (_num(m.expected_value) or ""),
        }
        for m in milestones
        if m.is_overdue(as_of)
    ]
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "tasks": {**counts, "total": len(tasks)},
        "task_rows": rows,
        "indicators": indicators,
        "milestones_due": len(in_year),
        "milestones_done": sum(1 for m in in_year if m.done_on and m.done_on <= as_of),
        "overdue": overdue,
    }


def reviews_due(programs, year: int):
    """Adopted programs owing a review for ``year`` (approved on or before its end)."""
    return programs.filter(first_approved_on__lte=datetime.date(year, 12, 31)).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=datetime.date(year, 1, 1))
    )
