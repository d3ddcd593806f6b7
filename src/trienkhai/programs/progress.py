"""How far programs have got, by the rule the administrator chose, in numbers people can
reproduce.

Every percentage is a numerator over a denominator, both shown beside it with the rule's name:

* **tasks done** — tasks whose latest progress report (reported on or before the date) says
  *done*, over all tasks;
* **milestones** — milestones done by the date over all milestones (a milestone is done by
  the first report that names it or says its task is done); tasks without milestones do not
  count under this rule, so that the figure is the plain count a reader can check;
* **indicators** — for each measurable task (an indicator with a target), its attainment
  ``(latest value − baseline) / (target − baseline)`` kept within 0…1 (baseline 0 when none
  was given; a task with no value reported scores 0); the numerator is the sum of the
  attainments, the denominator the number of measurable tasks.

For a subtree the numerators and denominators of its programs are added up (pooled), so that
a unit's figure is reproducible from its programs' figures. Each function runs a fixed number
of queries, whatever the number of programs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.querysets import ancestor_paths

from .models import Milestone, ProgressRuleSetting, ProgressUpdate, Task, TaskStatus
from .models.program import ProgressRule

DEFAULT_RULE = ProgressRule.TASKS_DONE


@dataclass
class Progress:
    rule: str
    numerator: float = 0.0
    denominator: float = 0.0

    def add(self, other: Progress) -> None:
        self.numerator += other.numerator
        self.denominator += other.denominator

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        rate = self.rate
        return None if rate is None else round(rate * 100, 1)

    @property
    def rule_label(self) -> str:
        return str(ProgressRule(self.rule).label)

    @property
    def explanation(self) -> str:
        """The sum behind the percentage, in words: "12 of 40 tasks done"."""
        if self.rule == ProgressRule.TASKS_DONE:
            return _("%(n)s of %(d)s tasks done") % {
                "n": int(self.numerator),
                "d": int(self.denominator),
            }
        if self.rule == ProgressRule.MILESTONES:
            return _("%(n)s of %(d)s milestones done") % {
                "n": int(self.numerator),
                "d": int(self.denominator),
            }
        return _("sum of attainments %(n)s over %(d)s measurable tasks") % {
            "n": f"{self.numerator:.2f}".replace(".", ","),
            "d": int(self.denominator),
        }


def effective_rule(unit) -> str:
    """The rule set at the nearest unit at or above ``unit`` (one query)."""
    setting = (
        ProgressRuleSetting.objects.filter(unit__path__in=ancestor_paths(unit.path, True))
        .order_by("-unit__depth")
        .values_list("rule", flat=True)
        .first()
    )
    return setting or DEFAULT_RULE


def with_latest(tasks, as_of: datetime.date):
    """Annotate each task with its latest report as of a date: ``latest_status`` (None when
    nothing was reported: *not started*) and ``latest_value`` (the latest value reported)."""
    reports = ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lte=as_of)
    latest = reports.order_by("-period_start", "-reported_on", "-id")
    valued = latest.filter(value__isnull=False)
    return tasks.annotate(
        latest_status=Subquery(latest.values("status")[:1]),
        latest_value=Subquery(valued.values("value")[:1]),
    )


def attainment(value, baseline, target) -> float:
    """How far a measurable task got from its baseline to its target, within 0…1."""
    if value is None or target is None:
        return 0.0
    base = baseline if baseline is not None else Decimal(0)
    value, base, target = Decimal(value), Decimal(base), Decimal(target)
    if target == base:
        return 1.0 if value == target else 0.0
    return float(min(Decimal(1), max(Decimal(0), (value - base) / (target - base))))


def program_progress(
    programs, rule: str, as_of: datetime.date | None = None
) -> dict[int, Progress]:
    """Progress of each program in the queryset ``programs`` (by id), two queries at most."""
    as_of = as_of or timezone.localdate()
    out: dict[int, Progress] = defaultdict(lambda: Progress(rule))
    tasks = with_latest(Task.objects.filter(program__in=programs), as_of)
    rows = tasks.values_list(
        "pk", "program_id", "latest_status", "latest_value", "baseline", "target", "indicator"
    )
    task_program = {}
    for pk, program_id, status, value, baseline, target, indicator in rows:
        task_program[pk] = program_id
        progress = out[program_id]
        if rule == ProgressRule.TASKS_DONE:
            progress.denominator += 1
            progress.numerator += status == TaskStatus.DONE
        elif rule == ProgressRule.INDICATORS and indicator and target is not None:
            progress.denominator += 1
            progress.numerator += attainment(value, baseline, target)
    if rule == ProgressRule.MILESTONES:
        for task_id, done_on in Milestone.objects.filter(task__program__in=programs).values_list(
            "task_id", "done_on"
        ):
            progress = out[task_program[task_id]]
            progress.denominator += 1
            progress.numerator += done_on is not None and done_on <= as_of
    return dict(out)


def pooled(progresses, rule: str) -> Progress:
    total = Progress(rule)
    for progress in progresses:
        total.add(progress)
    return total
