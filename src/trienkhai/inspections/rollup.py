"""The inspection numbers of a plan for a subtree, as of a date, for the rollup engine.

The engine (``reporting/queries.py``, above this app) hands its collector to ``collect``: the
plan, the date, ``within(queryset, lookup)`` (the rows of the scope) and ``bucket`` (unit id →
the numbers its rows add to); each count below is added into the bucket of the unit it belongs
to and summed up the tree by the engine. The same filters list the rows behind every number
(``rows_for``, the page ``inspections:numbers-rows``), so a figure and its rows never differ.

Which rows count: those of the plan and of the plans carrying it out
(``Plan.objects.carrying_out``). An inspection counts at its conducting unit, a finding at the
unit concerned, a recommendation at its addressee, a unit inspected at itself. As of ``day``:

* **planned** — the annual programs' planned inspections and supervisions;
* **started** — inspections and thematic supervisions whose decision was signed by the day;
  **done** — of those, concluded by the day; **within the limit** / **late** — concluded on
  or before / after the time limit (with its extension); **past the limit** — started, not
  concluded by the day, the limit passed;
* **supervisions** — regular supervisions recorded by the day;
* **units inspected** — party committees and cells that were the target of an inspection or
  supervision concluded by the day (over the committees and cells of the subtree; the others
  were never inspected under this plan);
* **findings** by kind and, for shortcomings and violations, by severity — of the
  inspections concluded by the day;
* **recommendations** of the conclusions approved by the day: **done on time** (closed by the
  day, reported done by the deadline), **done late**, **overdue** (not closed, past the
  deadline), **open** (the rest).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit

from .models import Finding, Inspection, InspectionTarget, Kind, ProgramItem, Recommendation

#: The bodies whose inspection is counted (the party organisations: committees and cells).
INSPECTED_KINDS = (Unit.Kind.PARTY_COMMITTEE, Unit.Kind.PARTY_CELL)
FINDING_KINDS = tuple(Finding.Kind.values)
SEVERITIES = tuple(Finding.Severity.values)
STANDINGS = ("open", "done_on_time", "late", "overdue")


def _zeros(keys) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


@dataclass
class InspectionNumbers:
    """Additive counts (a parent's are the sum of its own and its children's)."""

    planned: int = 0
    started: int = 0
    done: int = 0
    within_limit: int = 0
    late: int = 0
    past_limit: int = 0
    supervisions: int = 0
    units: int = 0
    units_inspected: int = 0
    findings: int = 0
    findings_by_kind: dict[str, int] = field(default_factory=lambda: _zeros(FINDING_KINDS))
    findings_by_severity: dict[str, int] = field(default_factory=lambda: _zeros(SEVERITIES))
    recommendations: int = 0
    recommendations_by: dict[str, int] = field(default_factory=lambda: _zeros(STANDINGS))

    def add(self, other: InspectionNumbers) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)

    @property
    def any(self) -> bool:
        """Whether there is anything to show (the plan's pages leave the section out else)."""
        return bool(self.planned or self.started or self.supervisions)


# --- the filters, shared by the counts and the rows pages ---------------------------------------


def _plans(plan: Plan) -> list[int]:
    return Plan.objects.carrying_out(plan)


def planned(plan: Plan) -> QuerySet[ProgramItem]:
    return ProgramItem.objects.filter(plan_id__in=_plans(plan))


def started(plan: Plan, day: datetime.date) -> QuerySet[Inspection]:
    return Inspection.objects.filter(
        plan_id__in=_plans(plan), started_on__lte=day, kind__in=(Kind.INSPECTION, Kind.THEMATIC)
    )


def done(plan: Plan, day: datetime.date) -> QuerySet[Inspection]:
    return started(plan, day).filter(concluded_on__lte=day)


def supervisions(plan: Plan, day: datetime.date) -> QuerySet[Inspection]:
    return Inspection.objects.filter(
        plan_id__in=_plans(plan), kind=Kind.REGULAR, concluded_on__lte=day
    )


def concluded(plan: Plan, day: datetime.date) -> QuerySet[Inspection]:
    return Inspection.objects.filter(plan_id__in=_plans(plan), concluded_on__lte=day)


def findings(plan: Plan, day: datetime.date) -> QuerySet[Finding]:
    return Finding.objects.filter(
        inspection__plan_id__in=_plans(plan), inspection__concluded_on__lte=day
    )


def recommendations(plan: Plan, day: datetime.date) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(
        inspection__plan_id__in=_plans(plan), inspection__concluded_on__lte=day
    )


def standing_q(standing: str, day: datetime.date) -> Q:
    """The recommendations of one standing as of ``day`` (see the module's docstring)."""
    closed = Q(closed_on__lte=day)
    done_by = Q(reported_on__lte=F("due_on"))
    if standing == "done_on_time":
        return closed & done_by
    if standing == "late":
        return closed & ~done_by
    if standing == "overdue":
        return ~closed & Q(due_on__lt=day)
    return ~closed & Q(due_on__gte=day)


def units_counted() -> QuerySet[Unit]:
    return Unit.objects.filter(kind__in=INSPECTED_KINDS)


def inspected_units(plan: Plan, day: datetime.date) -> QuerySet[Unit]:
    targets = InspectionTarget.objects.filter(
        inspection__plan_id__in=_plans(plan), inspection__concluded_on__lte=day
    )
    return units_counted().filter(pk__in=targets.values("unit_id"))


# --- the counts ---------------------------------------------------------------------------------


def collect(collector: Any) -> None:
    """Add the inspection numbers of ``collector.plan`` as of ``collector.day`` into its
    buckets (each ``Numbers`` has ``inspections``): six queries, two without inspections."""
    plan, day, bucket, within = collector.plan, collector.day, collector.bucket, collector.within

    def add(unit_id: int, name: str, n: int = 1, key: str | None = None) -> None:
        numbers = bucket.get(unit_id)
        if numbers is None:
            return
        target = numbers.inspections
        if key is None:
            setattr(target, name, getattr(target, name) + n)
        else:
            counts = getattr(target, name)
            counts[key] = counts.get(key, 0) + n

    for unit_id, n in (
        within(planned(plan), "program__unit")
        .order_by()
        .values_list("program__unit_id")
        .annotate(n=Count("id"))
    ):
        add(unit_id, "planned", n)
    # Every inspection and supervision of the plan that began by the day, in one query; with
    # none, nothing else is asked (two queries for a plan without inspections).
    rows = list(
        within(
            Inspection.objects.filter(plan_id__in=_plans(plan), started_on__lte=day), "unit"
        ).only("unit_id", "kind", "started_on", "limit_days", "extension_days", "concluded_on")
    )
    if not rows:
        return
    for row in rows:
        concluded_by_day = row.concluded_on is not None and row.concluded_on <= day
        if row.kind == Kind.REGULAR:
            if concluded_by_day:
                add(row.unit_id, "supervisions")
            continue
        add(row.unit_id, "started")
        deadline = row.deadline
        if concluded_by_day:
            add(row.unit_id, "done")
            if deadline is not None:
                add(row.unit_id, "within_limit" if row.concluded_on <= deadline else "late")
        elif deadline is not None and deadline < day:
            add(row.unit_id, "past_limit")
    for unit_id, n in (
        within(units_counted(), "pk").order_by().values_list("id").annotate(n=Count("id"))
    ):
        add(unit_id, "units", n)
    for (unit_id,) in within(inspected_units(plan, day), "pk").order_by().values_list("id"):
        add(unit_id, "units_inspected")
    for unit_id, kind, severity, n in (
        within(findings(plan, day), "target")
        .order_by()
        .values_list("target_id", "kind", "severity")
        .annotate(n=Count("id"))
    ):
        add(unit_id, "findings", n)
        add(unit_id, "findings_by_kind", n, kind)
        if severity:
            add(unit_id, "findings_by_severity", n, severity)
    recs = within(recommendations(plan, day), "unit").only(
        "unit_id", "due_on", "reported_on", "closed_on"
    )
    for rec in recs:
        add(rec.unit_id, "recommendations")
        if rec.closed_on is not None and rec.closed_on <= day:
            on_time = rec.reported_on is not None and rec.reported_on <= rec.due_on
            standing = "done_on_time" if on_time else "late"
        else:
            standing = "overdue" if rec.due_on < day else "open"
        add(rec.unit_id, "recommendations_by", 1, standing)


# --- the rows behind each number ----------------------------------------------------------------

#: what → (the kind of rows, a label key for the page)
WHATS = (
    "planned",
    "started",
    "done",
    "within_limit",
    "late",
    "past_limit",
    "supervisions",
    "units",
    "units_inspected",
    "units_never",
    "findings",
    "recommendations",
)


def rows_for(
    what: str, plan: Plan, day: datetime.date, params: dict[str, str]
) -> tuple[str, QuerySet[Any]]:
    """The kind of rows ("items", "inspections", "units", "findings", "recommendations") and
    their queryset (not yet scoped to the reader or the subtree)."""
    if what == "planned":
        return "items", planned(plan)
    if what in ("started", "done", "within_limit", "late", "past_limit"):
        rows = started(plan, day) if what in ("started", "past_limit") else done(plan, day)
        if what in ("within_limit", "late", "past_limit"):
            keep = {
                "within_limit": lambda r: r.within_limit,
                "late": lambda r: r.within_limit is False,
                "past_limit": lambda r: (
                    (r.concluded_on is None or r.concluded_on > day)
                    and r.deadline is not None
                    and r.deadline < day
                ),
            }[what]
            ids = [r.pk for r in rows.only(
                "id", "kind", "started_on", "limit_days", "extension_days", "concluded_on"
            ) if keep(r)]  # fmt: skip
            rows = Inspection.objects.filter(pk__in=ids)
        return "inspections", rows
    if what == "supervisions":
        return "inspections", supervisions(plan, day)
    if what == "units":
        return "units", units_counted()
    if what == "units_inspected":
        return "units", inspected_units(plan, day)
    if what == "units_never":
        return "units", units_counted().exclude(pk__in=inspected_units(plan, day).values("pk"))
    if what == "findings":
        found = findings(plan, day)
        if params.get("kind") in FINDING_KINDS:
            found = found.filter(kind=params["kind"])
        if params.get("severity") in SEVERITIES:
            found = found.filter(severity=params["severity"])
        return "findings", found
    recs = recommendations(plan, day)
    if params.get("standing") in STANDINGS:
        recs = recs.filter(standing_q(params["standing"], day))
    return "recommendations", recs
