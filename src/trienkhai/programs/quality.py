"""Quality checks shown while a program is edited and on the approval screen, and the
coverage matrix the level above reads: which key points the units below left uncovered.

The press's complaint is programs copied from above, vague and unquantified: tasks with no
owner, no date, nothing measurable, and key points no task serves. None of these blocks
approval — the head decides — but each is listed by name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from trienkhai.core.access import Action
from trienkhai.core.querysets import STEPLEN
from trienkhai.resolutions.models import KeyPoint, Plan
from trienkhai.units.models import Unit

from .models import ActionProgram, CoverageScope, Task
from .services.drafting import program_key_points


@dataclass
class ProgramQuality:
    tasks: list[Task]
    no_owner: list[Task] = field(default_factory=list)
    no_date: list[Task] = field(default_factory=list)
    not_measurable: list[Task] = field(default_factory=list)
    uncovered: list = field(default_factory=list)  # key points no task serves

    @property
    def problems(self) -> int:
        return (
            len(self.no_owner) + len(self.no_date) + len(self.not_measurable) + len(self.uncovered)
        )


def check_quality(program: ActionProgram) -> ProgramQuality:
    """Four queries whatever the number of tasks."""
    tasks = list(
        program.tasks.select_related("lead_unit", "copied_from__program__unit").prefetch_related(
            "key_points", "milestones"
        )
    )
    quality = ProgramQuality(tasks=tasks)
    served: set[int] = set()
    for task in tasks:
        milestones = list(task.milestones.all())
        served.update(kp.pk for kp in task.key_points.all())
        if not task.lead_unit_id:
            quality.no_owner.append(task)
        if task.due_on is None and not milestones:
            quality.no_date.append(task)
        measurable = task.is_measurable or any(
            m.expected_value is not None or m.deliverable for m in milestones
        )
        if not measurable:
            quality.not_measurable.append(task)
    scopes = coverage_scopes(program.plan)
    quality.uncovered = [
        kp
        for kp in program_key_points(program)
        .select_related("resolution")
        .order_by("resolution__number", "order")
        if kp.pk not in served and (not scopes.get(kp.pk) or program.unit.kind in scopes[kp.pk])
    ]
    return quality


#: A cell of the matrix for a unit that does not answer for the key point.
NOT_REQUIRED = "not_required"


def coverage_scopes(plan: Plan) -> dict[int, list[str]]:
    """Key point id → the kinds of units that answer for it under ``plan``: the choice of the
    plan itself or, failing that, of the nearest plan above it. Absent: every kind."""
    chain = plan.and_plans_above()  # the plan first, then the plans above it
    order = {pk: i for i, pk in enumerate(chain)}
    found: dict[int, tuple[int, list[str]]] = {}
    for scope in CoverageScope.objects.filter(plan_id__in=chain):
        rank = order[scope.plan_id]
        if scope.key_point_id not in found or rank < found[scope.key_point_id][0]:
            found[scope.key_point_id] = (rank, list(scope.kinds))
    return {kp: kinds for kp, (_rank, kinds) in found.items() if kinds}


@dataclass
class Coverage:
    """Key points × units directly below: how many tasks of each unit's adopted programs (in
    its subtree) serve each key point; ``None`` where the unit has no adopted program yet;
    ``NOT_REQUIRED`` where the level above said the unit's kind does not answer for it."""

    key_points: list
    units: list[Unit]
    cells: dict = field(default_factory=dict)  # (unit_id, key_point_id) -> tasks
    programs: dict = field(default_factory=dict)  # unit_id -> programs counted
    scopes: dict = field(default_factory=dict)  # key_point_id -> kinds that answer for it

    def required(self, unit: Unit, key_point) -> bool:
        kinds = self.scopes.get(key_point.pk)
        return not kinds or unit.kind in kinds

    def row(self, key_point) -> list[int | str | None]:
        return [
            NOT_REQUIRED
            if not self.required(u, key_point)
            else (self.cells.get((u.pk, key_point.pk), 0) if self.programs.get(u.pk) else None)
            for u in self.units
        ]


def coverage_matrix(user, plan, unit: Unit) -> Coverage:
    """Bounded: key points, children, and one GROUP BY over the subtree's tasks."""

    key_points = list(
        KeyPoint.objects.filter(resolution__plans__in=plan.and_plans_above())
        .distinct()
        .select_related("resolution")
        .order_by("resolution__number", "order")
    )
    children = list(
        Unit.objects.for_user(user, Action.VIEW)
        .filter(path__prefix=unit.path, depth=unit.depth + 1)
        .order_by("sort_key")
    )
    coverage = Coverage(key_points=key_points, units=children, scopes=coverage_scopes(plan))
    by_path = {child.path: child.pk for child in children}
    if not children:
        return coverage
    width = len(unit.path) + STEPLEN
    programs = (
        ActionProgram.objects.for_user(user, Action.VIEW)
        .filter(
            plan_id__in=set(plan.and_plans_above())
            | set(Plan.objects.carrying_out(plan, fresh=True))
        )
        .filter(unit__path__prefix=unit.path, version__gt=0)  # adopted: drafts cover nothing
        .exclude(unit=unit)
    )
    for row in (
        programs.annotate(branch=Substr("unit__path", 1, width))
        .values("branch")
        .annotate(n=Count("id"))
    ):
        coverage.programs[by_path.get(row["branch"])] = row["n"]
    tasks = (
        Task.objects.filter(program__in=programs)
        .annotate(branch=Substr("program__unit__path", 1, width))
        .values("branch", "key_points")
        .annotate(n=Count("id", distinct=True))
    )
    cells: defaultdict[tuple[object, object], int] = defaultdict(int)
    for row in tasks:
        if row["key_points"] is not None:
            cells[(by_path.get(row["branch"]), row["key_points"])] += row["n"]
    coverage.cells = dict(cells)
    return coverage
