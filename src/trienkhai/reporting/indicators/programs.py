"""Action programs: issued, approved on time, tasks, milestones, progress, reviews."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from trienkhai.programs.models import ActionProgram, TaskStatus

from ..numbers import Value
from .base import COUNT, HIGH, LOW, PERCENT, PROGRAMS, _add
from .obligations import _share

# --- action programs -----------------------------------------------------------------------------

AP = "action_program"
DUE_PROGRAMS = _("action-program obligations owed (units closed before the deadline left out)")
WRITTEN_TEXT = _("programs of the plan created or approved by the date, drafts included")
ISSUED_TASKS = _("tasks of the programs approved at least once by the date")


def _programs(key, label, numerator, denominator, fmt, get, rows, better=HIGH):
    _add(f"programs.{key}", label, PROGRAMS, numerator, denominator, fmt, get, rows, better, (AP,))


def _obligation_rows(status):
    return ("reporting", {"what": "obligations", "kind": AP, "status": status})


_programs(
    "due",
    _("Programs due"),
    DUE_PROGRAMS,
    None,
    COUNT,
    lambda n: Value(n.tally(AP).owed),
    _obligation_rows("owed"),
)
_programs(
    "issued",
    _("Programs issued"),
    _("programs approved at least once by the date (of any unit of the subtree, each field)"),
    None,
    COUNT,
    lambda n: Value(n.programs.issued),
    ("reporting", {"what": "programs", "status": "issued"}),
)
_programs(
    "units_issued",
    _("Units that issued their program"),
    _("action-program obligations done (a program approved) by the date"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "done"),
    _obligation_rows("done"),
)
_programs(
    "on_time",
    _("Programs approved on time"),
    _("action-program obligations done by their deadline"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "on_time"),
    _obligation_rows("on_time"),
)
_programs(
    "late",
    _("Programs approved late"),
    _("action-program obligations done after their deadline"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "late"),
    _obligation_rows("late"),
    LOW,
)
_programs(
    "overdue",
    _("Programs overdue"),
    _("action-program obligations past their deadline with no approved program"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "overdue"),
    _obligation_rows("overdue"),
    LOW,
)
_programs(
    "written",
    _("Programs written"),
    WRITTEN_TEXT,
    None,
    COUNT,
    lambda n: Value(n.programs.written),
    ("reporting", {"what": "programs"}),
)
_programs(
    "flagged",
    _("Programs flagged as copied"),
    _("programs the copy check marked as mostly copied"),
    WRITTEN_TEXT,
    PERCENT,
    lambda n: Value(n.programs.flagged, n.programs.written),
    ("reporting", {"what": "programs", "status": "flagged"}),
    LOW,
)
for _status, _label in ActionProgram.Status.choices:
    _programs(
        f"status.{_status}",
        format_lazy(_("Programs: {status}"), status=_label),
        _("programs in this status on the date (discussion read from the current status)"),
        WRITTEN_TEXT,
        PERCENT,
        lambda n, s=_status: Value(n.programs.by_status.get(s, 0), n.programs.written),
        ("reporting", {"what": "programs", "status": _status}),
        LOW if _status in ("draft", "discussion") else HIGH,
    )
_programs(
    "tasks",
    _("Tasks"),
    ISSUED_TASKS,
    None,
    COUNT,
    lambda n: Value(n.programs.tasks),
    ("reporting", {"what": "tasks"}),
)
TASK_BETTER = {"not_started": LOW, "on_track": HIGH, "at_risk": LOW, "late": LOW, "done": HIGH}
for _status, _label in TaskStatus.choices:
    _programs(
        f"tasks.{_status}",
        format_lazy(_("Tasks: {status}"), status=_label),
        _("tasks whose latest progress report by the date has this status (none: not started)"),
        ISSUED_TASKS,
        PERCENT,
        lambda n, s=_status: Value(n.programs.tasks_by_status.get(s, 0), n.programs.tasks),
        ("reporting", {"what": "tasks", "status": _status}),
        TASK_BETTER[_status],
    )
_programs(
    "milestones_overdue",
    _("Milestones overdue"),
    _("milestones dated before the date and not done by it"),
    _("milestones of the tasks of programs approved by the date"),
    PERCENT,
    lambda n: Value(n.programs.milestones_overdue, n.programs.milestones),
    ("reporting", {"what": "milestones", "status": "overdue"}),
    LOW,
)
_programs(
    "attainment",
    _("Indicator attainment"),
    _(
        "sum over measurable tasks of min(1, max(0, (latest value − baseline) / (target − "
        "baseline))), the latest value reported by the date (none: 0)"
    ),
    _("tasks with an indicator and a target"),
    PERCENT,
    lambda n: Value(round(n.programs.attainment_sum, 6), n.programs.measurable),
    ("reporting", {"what": "tasks", "status": "measurable"}),
)
# Progress by the rule the administrator chose (``programs.progress``): the same sums as the
# program pages (``programs/progress.py``), pooled over the subtree. The dashboard shows the
# one of the unit's rule, named in its label, so that anyone can redo the division.
_programs(
    "progress.tasks_done",
    _("Progress (rule: share of tasks done)"),
    _("tasks whose latest progress report by the date says done"),
    ISSUED_TASKS,
    PERCENT,
    lambda n: Value(n.programs.tasks_by_status.get("done", 0), n.programs.tasks),
    ("reporting", {"what": "tasks", "status": "done"}),
)
_programs(
    "progress.milestones",
    _("Progress (rule: share of milestones done)"),
    _("milestones done by the date"),
    _("milestones of the tasks of programs approved by the date"),
    PERCENT,
    lambda n: Value(n.programs.milestones_done, n.programs.milestones),
    ("reporting", {"what": "milestones", "status": "done"}),
)
_programs(
    "progress.indicators",
    _("Progress (rule: attainment of indicators)"),
    _(
        "sum over measurable tasks of min(1, max(0, (latest value − baseline) / (target − "
        "baseline))), the latest value reported by the date (none: 0)"
    ),
    _("tasks with an indicator and a target"),
    PERCENT,
    lambda n: Value(round(n.programs.attainment_sum, 6), n.programs.measurable),
    ("reporting", {"what": "tasks", "status": "measurable"}),
)
#: The progress indicator of each rule (``programs.models.program.ProgressRule``).
PROGRESS_BY_RULE = {
    "tasks_done": "programs.progress.tasks_done",
    "milestones": "programs.progress.milestones",
    "indicators": "programs.progress.indicators",
}


_programs(
    "reviews",
    _("Annual reviews approved"),
    _("annual reviews of past years approved by the date"),
    _("one review per program approved by the date per past calendar year until it closed"),
    PERCENT,
    lambda n: Value(n.programs.reviews_approved, n.programs.reviews_due),
    ("reporting", {"what": "reviews"}),
)
