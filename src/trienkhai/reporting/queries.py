"""The GROUP BY queries behind the rollup engine, grouped by the unit a row hangs on.

``Collector(plan, unit, day, depth).run()`` reads the units of the subtree (id → path, one
query), then one GROUP BY per kind of row — obligations, study sessions, members with their
attendance and learning report, programs, tasks, milestones, annual reviews — each grouped by
*unit id*, and adds every row into the bucket of the unit it lies under at the depth asked for
(``path[:limit]``): a unit shallower than the limit keeps its own rows, a unit at the limit
gathers its whole subtree. The engine then sums the buckets up the tree in one pass. A query
or two per kind of row, whatever the size of the subtree.

Obligations are the exception: there is one per unit and requirement (over a million for a
national plan), so the database sums them by bucket itself (``key``, the unit's path cut at
the limit) instead of returning a row per unit.

Study numbers are counted by ``study.rollup``'s own pass (the same queries the study screens
use, so the two can never disagree; the members' figures from the study tallies as of today);
only its obligations are asked as the engine needs them (``_StudyPass``).

Evidence dated after ``day`` does not count: obligations take their status as of ``day``,
sessions and reports count when held or submitted by the end of it, progress reports when
reported on or before it, milestones when done on or before it, programs when approved by it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, ExtractYear, Substr

from trienkhai.core.models import DataFlag
from trienkhai.inspections import rollup as inspection_rollup
from trienkhai.outreach import numbers as outreach_numbers
from trienkhai.programs.models import (
    ActionProgram,
    AnnualReview,
    Milestone,
    ProgressUpdate,
    Task,
    TaskStatus,
)
from trienkhai.resolutions.models import Obligation, ObligationStatus, Plan, Requirement
from trienkhai.study import rollup as study_rollup
from trienkhai.study import tallies
from trienkhai.study.rows import (
    _ancestor_paths,
    _report_obligations,
    day_end,
    held_sessions,
    scope_path,
    subtree,
)
from trienkhai.units.models import Unit

from .numbers import Numbers

Kind = Requirement.Kind
S = ObligationStatus
NOT_DONE = (S.PENDING, S.OVERDUE)
DONE = (S.ON_TIME, S.LATE)
NOT_COUNTED = (S.CLOSED, S.CANCELLED)


def _date(value):
    """A date from the cursor: SQLite gives ISO text, PostgreSQL a date (or None)."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def fetch(queryset) -> list[tuple]:
    """Rows of a ``values_list`` queryset straight from the cursor (see ``study.rollup._rows``:
    the ORM's per-value converters cost more than the roll-up); none for a condition that
    can match nothing (``IN ()``)."""
    try:
        return study_rollup._rows(queryset)
    except EmptyResultSet:
        return []


class _StudyPass(study_rollup._Pass):
    """The study roll-up into the engine's buckets. The obligations it needs are asked of the
    database already summed where it can: the units owing learning reports (their members owe
    one), and per bucket the units owing a session and those without one."""

    def __init__(self, collector: Collector):
        self.collector = collector
        self.plan, self.unit, self.path = collector.plan, collector.unit, collector.path
        self.day = collector.day
        self.end = day_end(collector.day)
        self.step = collector.unit.steplen
        self.units = collector.units
        self.bucket = {pk: numbers.study for pk, numbers in collector.bucket.items()}

    def sessions(self) -> None:
        """As ``study.rollup._Pass.sessions``, summed by bucket in the database (a national
        plan has a session in nearly every cell)."""
        rows = (
            held_sessions(self.plan, self.unit, self.day)
            .annotate(key=Substr("unit__path", 1, self.collector.limit))
            .order_by()
            .values_list("key", "mode")
            .annotate(
                n=Count("id"), points=Sum("connection_points"), others=Sum("non_member_count")
            )
        )
        for key, mode, n, points, others in fetch(rows):
            numbers = self.collector.buckets.get(key)
            if numbers is None:
                continue
            b = numbers.study
            b.sessions_by_mode[mode] = b.sessions_by_mode.get(mode, 0) + n
            b.connection_points += points
            b.non_member_attendances += others

    def obligations(self) -> set[str]:
        """As ``study.rollup._Pass.obligations``: the paths of the units owing learning
        reports (in the subtree, or above it under the plan); the units owing a session and
        those without one (a pending or overdue session obligation), counted per bucket."""
        owes: set[str] = set()
        if self.path != self.plan.unit.path:  # units between the issuer and the subtree
            owes.update(
                _report_obligations(self.plan)
                .filter(unit__path__in=_ancestor_paths(self.path))
                .values_list("unit__path", flat=True)
            )
        collector = self.collector
        owes.update(collector.owing_reports)
        if collector.session_units is not None:  # counted with the obligations
            sessions = [(key, n, without) for key, (n, without) in collector.session_units.items()]
        else:  # several session requirements: a unit owing two counts once
            sessions = fetch(
                collector.kind_rows(Kind.STUDY_SESSION)
                .values_list("key")
                .annotate(
                    owing=Count("unit_id", distinct=True, filter=Q(status__in=NOT_DONE + DONE)),
                    without=Count("unit_id", distinct=True, filter=Q(status__in=NOT_DONE)),
                )
            )
        for key, owing, without in sessions:
            numbers = collector.buckets.get(key)
            if numbers is not None:
                numbers.study.units_owing_session += owing
                numbers.study.units_without_session += without
        return owes


def program_status(day: datetime.date) -> Case:
    """A program's status on ``day``, from its dates: closed, in effect, approved; before its
    first approval, the current status when it is in discussion, else draft (the dates of a
    discussion are not kept)."""
    approved = Q(first_approved_on__lte=day)
    return Case(
        When(closed_on__lte=day, then=Value(ActionProgram.Status.CLOSED)),
        When(approved & Q(effective_on__lte=day), then=Value(ActionProgram.Status.IN_EFFECT)),
        When(approved, then=Value(ActionProgram.Status.APPROVED)),
        When(status=ActionProgram.Status.DISCUSSION, then=Value(ActionProgram.Status.DISCUSSION)),
        default=Value(ActionProgram.Status.DRAFT),
        output_field=CharField(),
    )


def programs_on(plan: Plan, day: datetime.date, programs=None):
    """The programs of ``plan`` that existed on ``day``: created by the end of it, or
    approved by it (a paper program entered later still counts from its approval)."""
    programs = ActionProgram.objects.all() if programs is None else programs
    return programs.filter(plan__in=Plan.objects.carrying_out(plan)).filter(
        Q(created_at__lt=day_end(day)) | Q(first_approved_on__lte=day)
    )


def latest_updates(day: datetime.date):
    """Progress reports of the outer task reported by ``day``, the latest period first."""
    return ProgressUpdate.objects.filter(task=OuterRef("pk"), reported_on__lte=day).order_by(
        "-period_start", "-reported_on", "-id"
    )


def task_facts(tasks, day: datetime.date, *, stored: bool = False):
    """Tasks annotated with ``latest_status`` (not started without a report), ``latest_value``
    (the value of the latest report that has one), ``measurable`` (1/0) and ``base`` (the
    baseline, 0 when not given). ``stored``: as of today, read from the copies on the task
    (``Task.reported_status``/``reported_value``) rather than looked up in the reports."""
    latest_status: Combinable
    latest_value: Combinable
    if stored:
        latest_status, latest_value = F("reported_status"), F("reported_value")
    else:
        latest = latest_updates(day)
        latest_status = Coalesce(
            Subquery(latest.values("status")[:1]), Value(TaskStatus.NOT_STARTED)
        )
        latest_value = Subquery(latest.filter(value__isnull=False).values("value")[:1])
    return tasks.annotate(
        latest_status=latest_status,
        latest_value=latest_value,
        measurable=Case(
            When(~Q(indicator="") & Q(target__isnull=False), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        base=Coalesce("baseline", Value(0), output_field=DecimalField()),
    )


#: The attainment of one task, in SQL over the columns of ``task_facts`` (``latest_value``,
#: ``base``, ``t`` the target): the share of the way from baseline to target, between 0 and 1;
#: a target equal to the baseline is attained when the value equals it. The same rule as
#: ``programs.progress.attainment`` (the progress screens), which the rows page uses per
#: task. ``* 1.0`` keeps SQLite from dividing integers.
RATIO_SQL = "(latest_value - base) * 1.0 / (t - base)"
ATTAINMENT_SQL = f"""CASE
    WHEN measurable = 0 OR latest_value IS NULL THEN 0.0
    WHEN t = base THEN (CASE WHEN latest_value = t THEN 1.0 ELSE 0.0 END)
    WHEN {RATIO_SQL} <= 0 THEN 0.0
    WHEN {RATIO_SQL} >= 1 THEN 1.0
    ELSE {RATIO_SQL} END"""


class Collector:
    """One roll-up: per-unit rows from the database, added into the buckets of the units at
    or above the depth limit (see the module's docstring)."""

    def __init__(self, plan: Plan, unit: Unit, day: datetime.date, depth: int = 1):
        self.plan, self.unit, self.day = plan, unit, day
        Plan.objects.carrying_out(plan, fresh=True)  # the plans whose rows count
        self.path = scope_path(plan, unit)
        self.limit = len(unit.path) + max(depth, 1) * unit.steplen
        self.units: dict[int, str] = {}  # id → path, in path order
        self.bucket: dict[int, Numbers] = {}  # id → the bucket its rows go to
        self.buckets: dict[str, Numbers] = {}  # path (at most ``limit`` long) → bucket
        self.due_dates: list[tuple] = []  # (due_on, fulfilled_on, n) for the timeline
        self.owing_reports: set[str] = set()  # paths of the units owing learning reports
        #: bucket key → [units owing the plan's one study session, those without one yet]
        self.session_units: dict[str, list[int]] | None = None
        #: (id, kind, target value, withdrawn) of every requirement of the plan.
        self.requirements = list(
            plan.requirements.order_by().values_list("id", "kind", "target_value", "withdrawn")
        )
        self.kind_of = {pk: kind for pk, kind, _t, _w in self.requirements}

    def run(self) -> Collector:
        if self.path is None:  # the plan does not reach this unit
            return self
        # The units, each with whether it owes the plan's learning reports (its members owe
        # one): read with the units rather than as a list of a quarter of a million ids.
        reports = [pk for pk, kind, _t, _w in self.requirements if kind == Kind.LEARNING_REPORTS]
        owes = Exists(
            Obligation.objects.filter(
                unit=OuterRef("pk"), requirement_id__in=reports, cancelled=False
            )
        )
        rows = (
            Unit.objects.filter(subtree(self.path))
            .annotate(owes=owes if reports else Value(False))
            .order_by("path")
            .values_list("id", "path", "owes")
        )
        buckets, limit = self.buckets, self.limit
        for pk, path, owes_reports in fetch(rows):
            self.units[pk] = path
            if owes_reports:
                self.owing_reports.add(path)
            key = path[:limit]
            bucket = buckets.get(key)
            if bucket is None:
                bucket = buckets[key] = Numbers()
            self.bucket[pk] = bucket
        self.obligations()
        _StudyPass(self).run()
        self.programs()
        self.tasks()
        self.milestones()
        self.reviews()
        self.flags()
        inspection_rollup.collect(self)
        self.outreach()
        return self

    def within(self, queryset, lookup: str):
        """Rows of the scope: no condition when it is the plan's whole subtree (every row of
        the plan lies there; rows of other units are skipped when added), else ``unit IN
        (units of the subtree)``, as ``study.rows._within``."""
        if self.path == self.plan.unit.path:
            return queryset
        assert self.path is not None  # run() stops before reading rows otherwise
        units = Unit.objects.filter(subtree(self.path)).values("pk")
        return queryset.filter(**{f"{lookup}__in": units})

    def _obligations(self):
        return self.within(
            Obligation.objects.filter(plan=self.plan, cancelled=False), "unit"
        ).with_status(self.day)

    def keyed(self, queryset):
        """``queryset`` (of obligations) with ``key``: the path of the bucket each row goes to
        (its unit's path cut at the depth limit, as the buckets are keyed)."""
        return queryset.annotate(key=Substr("unit__path", 1, self.limit)).order_by()

    def kind_rows(self, kind: str):
        """The obligations of one kind of requirement, keyed."""
        ids = [pk for pk, k, _t, _w in self.requirements if k == kind]
        return self.keyed(self._obligations().filter(requirement_id__in=ids))

    def obligations(self) -> None:
        """Obligations by bucket, requirement and status as of the day, summed by the
        database (grouped by requirement: its kind is known, a join fewer), with their
        deadline and date of evidence: one pass over the obligations gives the buckets, the
        timeline (``due_dates``) and, when the plan asks for one study session, the units
        owing it per bucket (``session_units``; one obligation per unit and requirement)."""
        kind_of = self.kind_of
        sessions = [pk for pk, kind, _t, _w in self.requirements if kind == Kind.STUDY_SESSION]
        one_session = sessions[0] if len(sessions) == 1 else None
        session_units: dict[str, list[int]] = {}
        self.session_units = session_units if one_session else None
        dates: dict[tuple, int] = {}
        rows = fetch(
            self.keyed(self._obligations())
            .values_list("key", "requirement_id", "status", "due_on", "fulfilled_on")
            .annotate(n=Count("id"))
        )
        for key, requirement_id, status, due_on, fulfilled_on, n in rows:
            if status not in NOT_COUNTED:
                when = (_date(due_on), _date(fulfilled_on))
                dates[when] = dates.get(when, 0) + n
            bucket = self.buckets.get(key)
            if bucket is None:
                continue
            bucket.obligations[kind_of[requirement_id]].add(status, n)
            if status not in NOT_COUNTED:
                bucket.dates[when] = bucket.dates.get(when, 0) + n
            if requirement_id == one_session and status not in NOT_COUNTED:
                owing = session_units.setdefault(key, [0, 0])
                owing[0] += n
                owing[1] += n if status in NOT_DONE else 0
        self.due_dates = [(due_on, done, n) for (due_on, done), n in dates.items()]

    def programs(self) -> None:
        day = self.day
        rows = fetch(
            self.within(programs_on(self.plan, day), "unit")
            .annotate(
                on_day=program_status(day),
                issued=Case(
                    When(first_approved_on__lte=day, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
                first_year=ExtractYear("first_approved_on"),
                closed_year=ExtractYear("closed_on"),
            )
            .order_by()
            .values_list("unit_id", "on_day", "issued", "copy_flagged", "first_year", "closed_year")
            .annotate(n=Count("id"))
        )
        for unit_id, status, issued, flagged, first_year, closed_year, n in rows:
            bucket = self.bucket.get(unit_id)
            if bucket is None:
                continue
            p = bucket.programs
            p.written += n
            p.by_status[status] = p.by_status.get(status, 0) + n
            p.flagged += n if flagged else 0
            if issued:
                p.issued += n
                last = day.year - 1
                if closed_year is not None:
                    last = min(last, int(closed_year))
                p.reviews_due += n * max(0, last - int(first_year) + 1)

    def tasks(self) -> None:
        """Tasks of the programs issued by the day, by latest status, with the measurable ones
        and the sum of their attainment, aggregated per unit in one statement: as of today from
        the latest report copied on each task, for a past day with a per-task subquery (two
        correlated look-ups on the progress reports' (task, period) index)."""
        day = self.day
        tasks = task_facts(
            self.within(
                Task.objects.filter(
                    program__plan__in=Plan.objects.carrying_out(self.plan),
                    program__first_approved_on__lte=day,
                ),
                "program__unit",
            ),
            day,
            stored=tallies.stored_for(day),
        ).annotate(u=F("program__unit_id"), t=F("target"))
        inner = tasks.order_by().values_list(
            "u", "latest_status", "measurable", "base", "t", "latest_value"
        )
        sql, params = inner.query.sql_with_params()
        outer = (
            f"SELECT u, latest_status, COUNT(*), SUM(measurable), SUM({ATTAINMENT_SQL}) "
            f"FROM ({sql}) per_task GROUP BY u, latest_status"
        )
        with connections[inner.db].cursor() as cursor:
            cursor.execute(outer, params)
            rows = cursor.fetchall()
        for unit_id, status, n, measurable, attained in rows:
            bucket = self.bucket.get(unit_id)
            if bucket is None:
                continue
            p = bucket.programs
            p.tasks += n
            p.tasks_by_status[status] = p.tasks_by_status.get(status, 0) + n
            p.measurable += int(measurable or 0)
            p.attainment_sum += float(attained or 0)

    def milestones(self) -> None:
        day = self.day
        overdue = Q(due_on__lt=day) & (Q(done_on__isnull=True) | Q(done_on__gt=day))
        rows = fetch(
            self.within(
                Milestone.objects.filter(
                    task__program__plan__in=Plan.objects.carrying_out(self.plan),
                    task__program__first_approved_on__lte=day,
                ),
                "task__program__unit",
            )
            .order_by()
            .values_list("task__program__unit_id")
            .annotate(
                n=Count("id"),
                overdue=Count("id", filter=overdue),
                done=Count("id", filter=Q(done_on__lte=day)),
            )
        )
        for unit_id, n, late, done in rows:
            bucket = self.bucket.get(unit_id)
            if bucket is not None:
                bucket.programs.milestones += n
                bucket.programs.milestones_overdue += late
                bucket.programs.milestones_done += done

    def reviews(self) -> None:
        day = self.day
        rows = fetch(
            self.within(approved_reviews(self.plan, day), "program__unit")
            .order_by()
            .values_list("program__unit_id")
            .annotate(n=Count("id"))
        )
        for unit_id, n in rows:
            bucket = self.bucket.get(unit_id)
            if bucket is not None:
                bucket.programs.reviews_approved += n

    def flags(self) -> None:
        """Data warnings not yet reviewed, by unit: one GROUP BY on the (plan, unit, state)
        index."""
        rows = fetch(
            self.within(unresolved_flags(self.plan, self.day), "unit")
            .order_by()
            .values_list("unit_id")
            .annotate(n=Count("id"))
        )
        for unit_id, n in rows:
            bucket = self.bucket.get(unit_id)
            if bucket is not None:
                bucket.flags += n

    def outreach(self) -> None:
        """Dissemination activities by unit and channel (with their unreviewed warnings), the
        questions of the public pages of the plan's resolutions (read with their two dates,
        to count the days each answer took) and the answers published: three queries."""
        known = Q(audience_size__isnull=False)
        flagged = outreach_numbers.flagged_activities(self.plan, self.day).filter(
            object_id=OuterRef("pk")
        )
        rows = fetch(
            self.within(outreach_numbers.activities_on(self.plan, self.day), "unit")
            .annotate(is_flagged=Exists(flagged))
            .order_by()
            .values_list("unit_id", "channel")
            .annotate(
                n=Count("id"),
                total_reach=Sum("reach"),
                known_reach=Coalesce(Sum("reach", filter=known), 0),
                known_population=Coalesce(Sum("audience_size", filter=known), 0),
                flagged_n=Count("id", filter=Q(is_flagged=True)),
            )
        )
        for unit_id, channel, n, reach, reach_known, population, n_flagged in rows:
            if (bucket := self.bucket.get(unit_id)) is None:
                continue
            o = bucket.outreach
            o.activities += n
            o.by_channel[channel] = o.by_channel.get(channel, 0) + n
            o.reach += reach
            o.reach_known += reach_known
            o.population += population
            o.flagged += n_flagged
        questions = self.within(outreach_numbers.questions_on(self.plan, self.day), "unit")
        end = outreach_numbers.day_end(self.day)
        for unit_id, state, asked, done in questions.order_by().values_list(
            "unit_id", "state", "asked_at", "answered_at"
        ):
            if (bucket := self.bucket.get(unit_id)) is None:
                continue
            o = bucket.outreach
            o.questions += 1
            if state in outreach_numbers.ANSWERED and done is not None and done <= end:
                o.answered += 1
                days = outreach_numbers.days_taken(asked, done)
                o.answer_days[days] = o.answer_days.get(days, 0) + 1
        published = fetch(
            self.within(outreach_numbers.answers_on(self.plan, self.day), "unit")
            .order_by()
            .values_list("unit_id")
            .annotate(n=Count("id"))
        )
        for unit_id, n in published:
            if (bucket := self.bucket.get(unit_id)) is not None:
                bucket.outreach.published += n


def unresolved_flags(plan: Plan, day: datetime.date, rows=None):
    """The data warnings of ``plan`` (and the plans carrying it out) detected by ``day`` and
    still open or explained (not yet accepted or dismissed): ``flags.unresolved``."""
    rows = DataFlag.objects.all() if rows is None else rows
    return rows.filter(
        plan_id__in=Plan.objects.carrying_out(plan),
        state__in=DataFlag.UNRESOLVED,
        detected_on__lte=day,
    )


def approved_reviews(plan: Plan, day: datetime.date, reviews=None):
    """Annual reviews of past years (before ``day``'s year) of the programs approved by
    ``day``, approved by ``day``: the numerator of ``programs.reviews``."""
    reviews = AnnualReview.objects.all() if reviews is None else reviews
    return reviews.filter(
        program__plan__in=Plan.objects.carrying_out(plan),
        program__first_approved_on__lte=day,
        status=AnnualReview.Status.APPROVED,
        approved_on__lte=day,
        year__lt=day.year,
    )
