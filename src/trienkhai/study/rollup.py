"""The study numbers of a plan under a unit (issue 4, "Numbers"), and the rows behind each.

``study_numbers(plan, unit)`` covers the unit and its whole subtree; ``study_by_child`` gives
the same numbers for each unit directly below; ``study_overview`` gives both at once. Each
runs the same six queries (seven below the plan's issuer) whatever the size of the subtree
(rule 4 of the house): the children, the units of the subtree, the report deadlines, and one
GROUP BY per kind of row (sessions, obligations, members with their attendance and report),
grouped by the *unit* the row hangs on; then one pass in Python over those per-unit rows adds
each into the bucket of the child it lies under. Per unit rather than per child prefix
because "a member owes a learning report" depends on which unit above the member owes
reports, which needs the member's full unit path.

The functions named after a number (``eligible_people``, ``attended_people``,
``missing_report_people``, ``units_without_session`` …) return the rows behind it, as
querysets the screens page through; the tests check that each count equals its number.

Every number is about *people now*, at ``as_of`` (today by default):

* **members** are the party members who had not left by ``as_of`` (``left_on`` empty or
  later), counted under their current home unit — a member who moved after studying counts
  where they are now, as having studied; **eligible** members are those not exempt from
  activity (exemption and home unit are kept as they are now, not as they were).
* a member **attended** (has studied the plan) when present at a session of the plan or of a
  plan carrying it out that was not cancelled and had started by the end of ``as_of`` — a
  make-up session counts like any other (``eligibility.studied``, the one definition the
  roster, the attendance target and the member's own page use too). ``attended`` counts
  eligible members only, so it never exceeds ``eligible``; ``members_attended`` counts
  exempt members who came too.
* three rates, each a :class:`Ratio` with its numerator and denominator (rule 7):
  ``attendance_rate`` = attended / eligible (what the attendance target is checked against),
  ``rate_all_members`` = members attended / all members, and ``rate_reported`` = members
  attended / eligible, the figure results reports print, which passes 100 % when exempt
  members came (DOMAIN.md: 102.57 % of eligible vs 92.30 % of all).
* **sessions held** are sessions marked held that started by the end of ``as_of``, counted
  where the organising unit is, by mode; with their online connection points and the
  non-member attendances entered on them.
* learning reports are **due** from eligible members at or under a unit that owes the plan's
  learning reports (a non-cancelled ``learning_reports`` obligation on their unit or a unit
  above it). **Submitted** counts due members with a report submitted by the end of
  ``as_of`` (a report sent back to be rewritten still counts: it was written, see
  ``reports_returned``); it is **late** when submitted after the day it was due (in local
  time, as ``LearningReport.is_late``); **missing** = due − submitted. Grades count reports
  graded by the end of ``as_of``.
* **units without a session**: units in the subtree whose ``study_session`` obligation is not
  done by ``as_of`` (pending or overdue; units closed before the deadline do not count).
  **Units with missing reports**: units in the subtree owing learning reports with at least
  one due member under them who has not submitted.

Only the units the plan addresses count: a plan of a commune viewed from the province covers
that commune's subtree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.db import connections
from django.db.models import (
    Count,
    Q,
    Sum,
)

from trienkhai.resolutions.models import Obligation, ObligationStatus, Plan, Requirement
from trienkhai.units.models import Unit

from . import tallies
from .eligibility import studied
from .models import Grade, LearningReport, StudySession
from .rows import (
    _ancestor_paths,
    _as_of,
    _late_q,
    _report_obligations,
    _with_report,
    _within,
    attended_people,
    day_end,
    eligible_people,
    held_sessions,
    member_people,
    missing_report_people,
    not_attended_people,
    reports_due_people,
    scope_path,
    submitted_reports,
    subtree,
    units_missing_reports,
    units_without_session,
)

Kind = Requirement.Kind
MODES = list(StudySession.Mode.values)
GRADES = list(Grade.values)
NOT_DONE = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)
DONE = (ObligationStatus.ON_TIME, ObligationStatus.LATE)


@dataclass(frozen=True)
class Ratio:
    """A rate with what it is made of, so a screen can show "95 / 100 (95,0 %)"."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        return None if self.value is None else 100 * self.value


def _modes() -> dict[str, int]:
    return dict.fromkeys(MODES, 0)


def _grades() -> dict[str, int]:
    return dict.fromkeys(GRADES, 0)


@dataclass
class StudyNumbers:
    """The study indicators of a plan for one unit's subtree. Plain counts; everything
    derived (rates, missing, on time) is a property, so sums of these stay consistent."""

    sessions_by_mode: dict[str, int] = field(default_factory=_modes)
    connection_points: int = 0
    non_member_attendances: int = 0
    members: int = 0
    eligible: int = 0
    attended: int = 0
    members_attended: int = 0
    reports_due: int = 0
    reports_submitted: int = 0
    reports_late: int = 0
    reports_returned: int = 0
    grades: dict[str, int] = field(default_factory=_grades)
    units_owing_session: int = 0
    units_without_session: int = 0
    units_owing_reports: int = 0
    units_missing_reports: int = 0

    def add(self, other: StudyNumbers) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def sessions_held(self) -> int:
        return sum(self.sessions_by_mode.values())

    @property
    def exempt(self) -> int:
        return self.members - self.eligible

    @property
    def exempt_attended(self) -> int:
        return self.members_attended - self.attended

    @property
    def not_attended(self) -> int:
        return self.eligible - self.attended

    @property
    def attendance_rate(self) -> Ratio:
        """Eligible members who studied / eligible members (at most 100 %)."""
        return Ratio(self.attended, self.eligible)

    @property
    def rate_all_members(self) -> Ratio:
        """Members who studied, exempt ones included / all members."""
        return Ratio(self.members_attended, self.members)

    @property
    def rate_reported(self) -> Ratio:
        """Members who studied, exempt ones included / eligible members: the figure results
        reports print; above 100 % when exempt members came."""
        return Ratio(self.members_attended, self.eligible)

    @property
    def reports_on_time(self) -> int:
        return self.reports_submitted - self.reports_late

    @property
    def reports_missing(self) -> int:
        return self.reports_due - self.reports_submitted

    @property
    def reports_graded(self) -> int:
        return sum(self.grades.values())

    @property
    def report_rate(self) -> Ratio:
        return Ratio(self.reports_submitted, self.reports_due)

    @property
    def units_with_session(self) -> int:
        return self.units_owing_session - self.units_without_session


@dataclass
class StudyOverview:
    """The numbers of a unit's subtree, of the rows of the unit itself, and of each child."""

    unit: Unit
    total: StudyNumbers
    own: StudyNumbers
    children: list[tuple[Unit, StudyNumbers]]


__all__ = [
    "Ratio",
    "StudyNumbers",
    "StudyOverview",
    "attended_people",
    "day_end",
    "eligible_people",
    "held_sessions",
    "member_people",
    "missing_report_people",
    "not_attended_people",
    "reports_due_people",
    "scope_path",
    "studied",
    "study_by_child",
    "study_numbers",
    "study_overview",
    "submitted_reports",
    "subtree",
    "units_missing_reports",
    "units_without_session",
]


# --- the numbers -------------------------------------------------------------------------------


def _rows(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset, straight from the cursor: the ORM's per-value
    converters (``int(value)`` on every count) cost more than the roll-up itself here. The
    values are plain integers and strings (booleans as 0/1 on SQLite)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def study_overview(plan: Plan, unit: Unit, as_of=None) -> StudyOverview:
    """The numbers of ``unit``'s subtree, of its own rows, and of each unit directly below
    it, from one set of queries: six (seven below the plan's issuer), whatever the size of
    the subtree."""
    day = _as_of(as_of)
    path = scope_path(plan, unit)
    own = StudyNumbers()
    children = list(Unit.objects.get_children(unit).order_by("sort_key", "path"))
    buckets = {child.path: StudyNumbers() for child in children}
    if path is not None:
        buckets[unit.path] = own
        _Pass(plan, unit, path, day, buckets).run()
    total = StudyNumbers()
    for numbers in buckets.values():
        total.add(numbers)
    return StudyOverview(unit, total, own, [(c, buckets[c.path]) for c in children])


class _Pass:
    """One roll-up: per-unit rows from the database, each added into the bucket of the
    child of ``unit`` it lies under (or ``unit``'s own)."""

    def __init__(self, plan, unit, path, day, buckets):
        self.plan, self.unit, self.path, self.day = plan, unit, path, day
        Plan.objects.carrying_out(plan, fresh=True)  # the plans whose rows count
        self.end = day_end(day)
        self.step = unit.steplen
        child_len = len(unit.path) + self.step
        # The units of the subtree, in path order (parents before children).
        self.units = dict(Unit.objects.filter(subtree(path)).values_list("id", "path"))
        self.bucket = {pk: buckets[p[:child_len]] for pk, p in self.units.items()}

    def run(self) -> None:
        self.sessions()
        owes = self.obligations()
        self.people(owes)

    def sessions(self) -> None:
        """Sessions held, by organising unit and mode."""
        rows = (
            held_sessions(self.plan, self.unit, self.day)
            .order_by()
            .values_list("unit_id", "mode")
            .annotate(
                n=Count("id"), points=Sum("connection_points"), others=Sum("non_member_count")
            )
        )
        for unit_id, mode, n, points, others in _rows(rows):
            b = self.bucket[unit_id]
            b.sessions_by_mode[mode] = b.sessions_by_mode.get(mode, 0) + n
            b.connection_points += points
            b.non_member_attendances += others

    def obligations(self) -> set[str]:
        """Count the units owing a session and those without one; return the paths of the
        units owing learning reports (in the subtree, or above it under the plan)."""
        plan = self.plan
        rows = (
            _within(
                Obligation.objects.filter(
                    plan=plan,
                    cancelled=False,
                    requirement__kind__in=[Kind.STUDY_SESSION, Kind.LEARNING_REPORTS],
                ),
                plan,
                self.unit,
            )
            .with_status(self.day)
            .order_by()
            .values_list("unit_id", "requirement__kind", "status")
        )
        owes: set[str] = set()
        if self.path != plan.unit.path:  # units between the issuer and the subtree
            above = _ancestor_paths(self.path)
            owes.update(
                _report_obligations(plan)
                .filter(unit__path__in=above)
                .values_list("unit__path", flat=True)
            )
        without: dict[int, bool] = {}  # unit id → no session yet
        for unit_id, kind, status in _rows(rows):
            if kind == Kind.LEARNING_REPORTS:
                owes.add(self.units[unit_id])
            elif status in NOT_DONE:
                without[unit_id] = True
            elif status in DONE:
                without.setdefault(unit_id, False)
        for unit_id, no_session in without.items():
            b = self.bucket[unit_id]
            b.units_owing_session += 1
            b.units_without_session += no_session
        return owes

    def people(self, owes: set[str]) -> None:
        """Members, whether they studied, and their learning report, by home unit and by
        exemption (``people_counts``): from the plan's tallies when it is read for today
        (``study.tallies``), else counted live."""
        rows = tallies.rows(self.plan, self.path, self.day)
        if rows is None:
            query = people_counts(
                member_people(self.plan, self.unit, self.day), self.plan, self.day, self.unit
            )
            rows = _rows(query)
        # Who owes reports: a unit owing them, or under one (one pass in path order).
        above = any(p in owes for p in _ancestor_paths(self.path))
        due_paths: dict[str, bool] = {}
        for p in self.units.values():
            due_paths[p] = p in owes or due_paths.get(p[: -self.step], above)
        missing: set[str] = set()
        for unit_id, exempt, members, attended, submitted, late, returned, *grades in rows:
            b = self.bucket.get(unit_id)
            if b is None:  # a tally of a unit since moved out of the plan's reach
                continue
            b.members += members
            b.members_attended += attended
            if exempt:
                continue
            b.eligible += members
            b.attended += attended
            unit_path = self.units[unit_id]
            if not due_paths[unit_path]:
                continue
            b.reports_due += members
            b.reports_submitted += submitted
            b.reports_late += late
            b.reports_returned += returned
            for g, n in zip(GRADES, grades, strict=True):
                b.grades[g] += n
            if submitted < members:
                missing.add(unit_path)
        self.report_units(owes, missing)

    def report_units(self, owes: set[str], missing: set[str]) -> None:
        """Units owing reports, and those with a due member missing under them: one pass
        up the tree (children before parents) marks every unit above a missing member."""
        top = len(self.path)
        for pk, unit_path in reversed(self.units.items()):
            if unit_path in missing and len(unit_path) > top:
                missing.add(unit_path[: -self.step])
            if unit_path in owes:
                b = self.bucket[pk]
                b.units_owing_reports += 1
                b.units_missing_reports += unit_path in missing


def people_counts(people, plan: Plan, day, unit: Unit | None = None, units=None):
    """``people`` (members) grouped by home unit and exemption, with how many studied the
    plan, reports submitted by the end of ``day``, late, returned and graded by grade: the
    rows of ``_Pass.people`` and of the tallies. Grouping by exemption keeps it out of every
    count's condition. The report is joined only when submitted by the end of ``day``: its
    columns are null otherwise. ``unit`` or ``units`` (a queryset of units) narrow the
    attendance looked up to the people counted (see ``studied``)."""
    end = day_end(day)
    reviewed = Q(report__reviewed_at__lt=end)
    return (
        _with_report(people, plan, end)
        .order_by()
        .values_list("unit_id", "exempt_from_activity")
        .annotate(
            members=Count("id"),
            attended=Count("id", filter=studied(plan, day, unit, units=units)),
            submitted=Count("report__id"),
            late=Count("report__id", filter=_late_q(plan, "report__")),
            returned=Count(
                "report__id",
                filter=reviewed & Q(report__status=LearningReport.Status.RETURNED),
            ),
            **{
                f"grade_{g}": Count("report__id", filter=reviewed & Q(report__grade=g))
                for g in GRADES
            },
        )
    )


def study_numbers(plan: Plan, unit: Unit, as_of=None) -> StudyNumbers:
    """The study numbers of ``unit`` and everything under it."""
    return study_overview(plan, unit, as_of).total


def study_by_child(plan: Plan, unit: Unit, as_of=None) -> list[tuple[Unit, StudyNumbers]]:
    """The study numbers of each unit directly below ``unit`` (with its subtree), in
    Vietnamese alphabetical order; the rows of ``unit`` itself are in
    ``study_overview(...).own``."""
    return study_overview(plan, unit, as_of).children
