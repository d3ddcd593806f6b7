"""How far a plan has got under a unit: completeness and timeliness of its obligations.

Every function here runs a bounded number of GROUP BY queries whatever the size of the
subtree (rule 4 of the house), and takes ``as_of`` so that a past date can be reported.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from trienkhai.units.models import Position, Unit

from .models import Obligation, ObligationStatus, Plan, Requirement
from .models.obligation import ObligationQuerySet

S = ObligationStatus
#: Most urgent first: what is overdue, then what is still open, then what is done.
URGENCY = [S.OVERDUE, S.PENDING, S.LATE, S.ON_TIME, S.CLOSED, S.CANCELLED]


@dataclass
class Tally:
    """Obligations by status. ``owed`` leaves out units closed before the deadline."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, n: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + n

    def __getattr__(self, name: str) -> int:
        if name in S.values:
            return self.counts.get(name, 0)
        raise AttributeError(name)

    @property
    def owed(self) -> int:
        return self.on_time + self.late + self.overdue + self.pending

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def done_rate(self) -> float | None:
        return self.done / self.owed if self.owed else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.owed if self.owed else None


@dataclass
class RequirementProgress:
    requirement: Requirement
    tally: Tally


@dataclass
class ChildProgress:
    unit: Unit
    tally: Tally


def obligations_under(
    plan: Plan, unit: Unit, as_of: datetime.date | None = None
) -> ObligationQuerySet:
    """The plan's obligations in ``unit``'s subtree, with their status as of a date."""
    return (
        Obligation.objects.filter(plan=plan, cancelled=False)
        .within(unit)
        .with_status(as_of or timezone.localdate())
    )


def completeness(
    plan: Plan, unit: Unit, as_of: datetime.date | None = None
) -> list[RequirementProgress]:
    """For each requirement of the plan: how many units under ``unit`` owe it and how many
    are done on time, late, overdue, pending or closed. One GROUP BY query."""
    requirements = list(plan.requirements.filter(withdrawn=False))
    tallies = {r.pk: Tally() for r in requirements}
    rows = (
        obligations_under(plan, unit, as_of)  # type: ignore[misc]  # "status" is annotated by with_status
        .values("requirement_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        if row["requirement_id"] in tallies:
            tallies[row["requirement_id"]].add(row["status"], row["n"])
    return [RequirementProgress(r, tallies[r.pk]) for r in requirements]


def by_child(plan: Plan, unit: Unit, as_of: datetime.date | None = None) -> list[ChildProgress]:
    """The same numbers for each unit directly below ``unit`` (its own obligations and its
    subtree's together), to drill down level by level. Two queries."""
    prefix_len = len(unit.path) + unit.steplen
    rows = (
        obligations_under(plan, unit, as_of)
        .filter(unit__depth__gt=unit.depth)
        .annotate(child_path=Substr("unit__path", 1, prefix_len))
        .values("child_path", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    tallies: dict[str, Tally] = {}
    for row in rows:
        tallies.setdefault(row["child_path"], Tally()).add(row["status"], row["n"])
    children = Unit.objects.filter(path__in=list(tallies)).order_by("sort_key")
    return [ChildProgress(child, tallies[child.path]) for child in children]


def with_urgency(queryset: ObligationQuerySet) -> ObligationQuerySet:
    """Order obligations (annotated with status) most urgent first, then by deadline."""
    rank = Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(URGENCY)),
        output_field=IntegerField(),
    )
    return queryset.annotate(urgency=rank).order_by("urgency", "due_on", "unit__sort_key")


def overdue_under(plan: Plan, unit: Unit, as_of: datetime.date | None = None) -> ObligationQuerySet:
    """The plan's overdue obligations under ``unit`` as of a date, oldest deadline first: the
    rule of ``ObligationQuerySet.with_status`` written as plain column conditions, so that the
    (plan, due_on) index serves it — a dashboard of the whole country pages through them
    without computing the status of every obligation of the plan."""
    day = as_of or timezone.localdate()
    closed_before = Q(
        unit__active_to__isnull=False,
        unit__active_to__lt=F("due_on"),
        unit__active_to__lte=day,
    )
    return (
        Obligation.objects.filter(plan=plan, cancelled=False, due_on__lt=day)
        .filter(Q(fulfilled_on__isnull=True) | Q(fulfilled_on__gt=day))
        .exclude(closed_before)
        .within(unit)
        .annotate(status=Value(S.OVERDUE, output_field=CharField()))
        .select_related("unit", "requirement")
        .order_by("due_on", "id")  # the index's order: the first page needs no sort
    )


def laggards(
    plan: Plan,
    unit: Unit,
    as_of: datetime.date | None = None,
    statuses: Iterable[str] = (S.OVERDUE, S.LATE),
) -> ObligationQuerySet:
    """Obligations under ``unit`` that are overdue or were done late, most urgent first."""
    return with_urgency(
        obligations_under(plan, unit, as_of)  # type: ignore[misc]  # "status": with_status
        .filter(status__in=statuses)
        .select_related("unit", "requirement")
    )


def attach_heads(obligations: Iterable[Obligation]) -> list[Obligation]:
    """Give each obligation of a page its unit's current head (``.head``), in one query."""
    obligations = list(obligations)
    unit_ids = {o.unit_id for o in obligations}
    heads = {
        p.unit_id: p
        for p in Position.objects.filter(
            unit_id__in=unit_ids, is_head=True, ended_on__isnull=True
        ).select_related("person")
    }
    for o in obligations:
        o.head = heads.get(o.unit_id)
    return obligations


def inbox(unit: Unit, as_of: datetime.date | None = None) -> ObligationQuerySet:
    """What ``unit`` itself owes, under every issued plan, most urgent first."""
    today = as_of or timezone.localdate()
    return with_urgency(
        Obligation.objects.filter(unit=unit, cancelled=False)
        .with_status(today)
        .select_related("plan", "plan__unit", "requirement", "unit")
    )
