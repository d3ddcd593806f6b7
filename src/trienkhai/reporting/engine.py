"""The rollup engine: every indicator of a plan for a unit, its units below, as of a date.

API (the dashboard, the Excel/Word exports and the benchmark build on this)
---------------------------------------------------------------------------
``rollup(plan, unit=None, as_of=None, *, depth=1, refresh=False) -> Rollup``
    Cached (see "Caching" below). ``unit`` defaults to the plan's issuer, ``as_of`` to today
    (``datetime.date``; evidence dated after it does not count). ``depth`` is how many levels
    below ``unit`` get their own ``Node`` (1: the units directly below). ``refresh=True``
    recomputes and replaces the cached copy. It does NOT check permissions: callers pass a
    unit the user may see (views: ``resolutions.scope.progress_unit``).
``compute(plan, unit, as_of, *, depth=1) -> Rollup``
    The same without the cache (benchmarks, tests).
``data_version() -> int``
    The number the cache keys carry (the newest audit event's id).

``Rollup`` fields
    ``plan``, ``unit``, ``as_of`` (date), ``depth``, ``computed_at`` (aware datetime: when
    these figures were computed; show it with them), ``version`` (data version they were
    computed at), ``from_cache`` (bool), ``kinds`` (the plan's requirement kinds, in
    ``Requirement.Kind`` order), ``targets`` (kind → the highest target value in %, or None),
    ``total`` (``Numbers`` of ``unit`` and everything under it), ``own`` (``Numbers`` of the
    rows on ``unit`` itself), ``children`` (list of ``Node``: the units directly below, in
    Vietnamese order, closed ones included; ``Node.unit``, ``Node.numbers`` (its subtree),
    ``Node.children`` (deeper levels when ``depth`` > 1)), ``timeline`` (list of
    ``TimelinePoint(day, due, done, on_time)``: counted obligations due by the day and done
    by it, cumulative, for the chart of obligations met over time).
    Methods: ``value(key, numbers=None) -> Value`` (``numbers`` defaults to ``total``),
    ``indicators(group=None) -> list[Indicator]`` (those that apply to this plan),
    ``applies(indicator)``, ``nodes()`` (every node, depth first), ``age`` (timedelta).

``Numbers`` (``numbers.py``)
    ``obligations`` (kind → ``resolutions.rollup.Tally``; ``tally(kind=None)`` sums every
    kind), ``study`` (``study.rollup.StudyNumbers``), ``programs`` (``ProgramNumbers``:
    written, by_status, issued, flagged, tasks, tasks_by_status, measurable, attainment_sum,
    milestones, milestones_overdue, reviews_due, reviews_approved).

``Value(numerator, denominator=None)`` with ``ratio`` and ``percent`` (None without a
denominator). Indicators: ``indicators.CATALOGUE`` (key → ``Indicator``: ``label``,
``group``, ``numerator``/``denominator`` (definitions), ``format`` (count/percent),
``better`` (high/low), ``rows`` (where the rows behind it are), ``value(numbers)``). Keys:
``obligations.<kind|all>.<owed|done|on_time|late|overdue|pending>``; ``study.<sessions_held|
connection_points|members|eligible|attended|members_attended|rate_reported|not_attended|
non_member_attendances|reports_due|reports_submitted|reports_on_time|reports_late|
reports_missing|reports_graded|units_without_session|units_missing_reports>``;
``programs.<due|units_issued|issued|on_time|late|overdue|written|flagged|
status.<program status>|tasks|tasks.<task status>|milestones_overdue|attainment|reviews>``.

How it computes
---------------
``queries.Collector`` runs one GROUP BY per kind of row, grouped by unit id, and adds each
row into the bucket of the unit it lies under at the depth asked for; here the buckets are
summed up the tree in one pass over their paths (a bucket adds into each node above it, at
most ``depth`` of them, and into the total). Nineteen queries for any subtree (twenty below
the plan's issuer; the inspections' two grow to six when the plan has any:
``inspections/rollup.py``); a cache hit costs one.

Caching
-------
A computed ``Rollup`` is kept in Django's cache under (plan, plan version, unit, as_of, depth,
data version). The data version is ``max(AuditEvent.id)``: every write in the application goes
through a service that appends an audit event in the same transaction, so any change —
anywhere — gives new keys and the next request recomputes. It is one primary-key lookup,
whatever the size of the tree. A per-subtree version would keep more hits under heavy writing
elsewhere, but the subtree's events do not see changes recorded on the units above it (a plan
revised at the province changes every commune's obligations), and scanning a subtree's events
costs as much as the rollup it would save; the rollup itself is fast, so correctness wins.
Writes that bypass the services (the generator, bulk loads, a transaction whose event id is
lower than one already committed) are not seen by the version, so entries also expire after
``CACHE_SECONDS``; and every figure is shown with ``computed_at`` ("figures as of 10:42") and
a refresh button when it came from the cache, so an old number never appears without its age.
The default cache is per process (LocMemCache); a shared cache (database, Redis) works as is.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions.models import Plan, Requirement
from trienkhai.units.models import Unit

from .indicators import CATALOGUE, INSPECTIONS, OUTREACH, PROGRAMS, STUDY, Indicator
from .numbers import Numbers, Value
from .queries import Collector

#: How long a computed rollup may be served from the cache at most (seconds).
CACHE_SECONDS = 15 * 60
CACHE_PREFIX = "trienkhai:rollup:1"


@dataclass
class Node:
    """A unit below the rollup's unit with the numbers of its subtree."""

    unit: Unit
    numbers: Numbers = field(default_factory=Numbers)
    children: list[Node] = field(default_factory=list)


@dataclass(frozen=True)
class TimelinePoint:
    day: datetime.date
    due: int  # counted obligations due on or before ``day``
    done: int  # done (evidence dated) on or before ``day``
    on_time: int  # of those, done by their deadline


@dataclass
class Rollup:
    plan: Plan
    unit: Unit
    as_of: datetime.date
    depth: int
    computed_at: datetime.datetime
    version: int
    kinds: tuple[str, ...]
    targets: dict[str, float | None]
    total: Numbers
    own: Numbers
    children: list[Node]
    timeline: list[TimelinePoint]
    from_cache: bool = False
    #: Read from the live rows (``live.py``) rather than counted.
    live: bool = False

    def value(self, key: str, numbers: Numbers | None = None) -> Value:
        return CATALOGUE[key].value(self.total if numbers is None else numbers)

    def applies(self, indicator: Indicator) -> bool:
        """Whether the indicator belongs on this plan's pages: the plan requires its kind, or
        there is something to count (sessions held, programs written) all the same."""
        if not indicator.requires or set(indicator.requires) & set(self.kinds):
            return True
        if indicator.group == STUDY:
            return self.total.study.sessions_held > 0
        if indicator.group == PROGRAMS:
            return self.total.programs.written > 0
        if indicator.group == INSPECTIONS:
            return self.total.inspections.any
        if indicator.group == OUTREACH:
            return self.total.outreach.activities + self.total.outreach.questions > 0
        return False

    def indicators(self, group: str | None = None) -> list[Indicator]:
        return [
            i for i in CATALOGUE.values() if (group is None or i.group == group) and self.applies(i)
        ]

    def nodes(self) -> Iterator[Node]:
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def age(self) -> datetime.timedelta:
        return timezone.now() - self.computed_at


def data_version() -> int:
    return AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0


def cache_key(plan: Plan, unit: Unit, as_of: datetime.date, depth: int, version: int) -> str:
    return (
        f"{CACHE_PREFIX}:{plan.pk}:{plan.version}:{unit.pk}:{as_of.isoformat()}:{depth}:{version}"
    )


def rollup(
    plan: Plan,
    unit: Unit | None = None,
    as_of: datetime.date | None = None,
    *,
    depth: int = 1,
    refresh: bool = False,
) -> Rollup:
    """Every indicator of ``plan`` for ``unit``'s subtree and its units below, cached."""
    unit = unit or plan.unit
    day = as_of or timezone.localdate()
    if not refresh:
        from . import live  # live reads through this module's Rollup

        kept = live.rollup(plan, unit, day, depth=depth)
        if kept is not None:
            return kept
    version = data_version()
    key = cache_key(plan, unit, day, depth, version)
    if not refresh:
        hit = cache.get(key)
        if hit is not None:
            hit.from_cache = True
            return hit
    result = compute(plan, unit, day, depth=depth, version=version)
    cache.set(key, result, CACHE_SECONDS)
    return result


def compute(
    plan: Plan,
    unit: Unit | None = None,
    as_of: datetime.date | None = None,
    *,
    depth: int = 1,
    version: int | None = None,
) -> Rollup:
    """The same as ``rollup`` without the cache."""
    unit = unit or plan.unit
    day = as_of or timezone.localdate()
    depth = max(1, depth)
    computed_at = timezone.now()
    collector = Collector(plan, unit, day, depth).run()
    kinds, targets = _kinds_and_targets(collector.requirements)
    children, total, own = _sum_up(unit, depth, collector.buckets)
    return Rollup(
        plan=plan,
        unit=unit,
        as_of=day,
        depth=depth,
        computed_at=computed_at,
        version=data_version() if version is None else version,
        kinds=kinds,
        targets=targets,
        total=total,
        own=own,
        children=children,
        timeline=timeline(plan, day, collector.due_dates),
    )


def kinds_and_targets(plan: Plan) -> tuple[tuple[str, ...], dict[str, float | None]]:
    """The plan's requirement kinds (in ``Requirement.Kind`` order) and the highest target of
    each, withdrawn requirements left out: one query."""
    return _kinds_and_targets(
        plan.requirements.order_by().values_list("id", "kind", "target_value", "withdrawn")
    )


def _kinds_and_targets(requirements) -> tuple[tuple[str, ...], dict[str, float | None]]:
    targets: dict[str, float | None] = {}
    for _pk, kind, target, withdrawn in requirements:
        if withdrawn:
            continue
        best = targets.get(kind)
        if target is not None and (best is None or float(target) > best):
            targets[kind] = float(target)
        else:
            targets.setdefault(kind, best)
    return tuple(k for k in Requirement.Kind.values if k in targets), targets


def _sum_up(unit: Unit, depth: int, buckets: dict[str, Numbers]):
    """The one pass up the tree: each bucket (a unit's own rows, or a whole subtree at the
    depth limit) adds into the nodes above it and into the total."""
    step = unit.steplen
    units = Unit.objects.filter(
        path__prefix=unit.path, depth__gt=unit.depth, depth__lte=unit.depth + depth
    ).order_by("depth", "sort_key", "path")
    nodes: dict[str, Node] = {}
    children: list[Node] = []
    for u in units:
        node = nodes[u.path] = Node(u)
        parent = nodes.get(u.path[:-step])
        (parent.children if parent is not None else children).append(node)
    total = Numbers()
    top = len(unit.path)
    for key, bucket in buckets.items():
        total.add(bucket)
        for end in range(top + step, len(key) + 1, step):
            above = nodes.get(key[:end])
            if above is not None:
                above.numbers.add(bucket)
    own = buckets[unit.path].copy() if unit.path in buckets else Numbers()
    return children, total, own


def timeline(plan: Plan, day: datetime.date, due_dates) -> list[TimelinePoint]:
    """Cumulative obligations due and done at points from the plan's date to ``day``: weekly
    over two months or less, else at the end of each month (at most 24 points, the last on
    ``day``)."""
    if not due_dates:
        return []
    start = min(plan.issued_on, *(d for d, _f, _n in due_dates))
    if start >= day:
        points = [day]
    elif (day - start).days <= 62:
        points = []
        d = start + datetime.timedelta(days=7)
        while d < day:
            points.append(d)
            d += datetime.timedelta(days=7)
        points.append(day)
    else:
        points = []
        year, month = start.year, start.month
        while True:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            end = datetime.date(year, month, 1) - datetime.timedelta(days=1)
            if end >= day:
                break
            points.append(end)
        points = [*points[-23:], day]
    out = []
    for p in points:
        due = done = on_time = 0
        for due_on, fulfilled_on, n in due_dates:
            if due_on <= p:
                due += n
            if fulfilled_on is not None and fulfilled_on <= p and fulfilled_on <= day:
                done += n
                if fulfilled_on <= due_on:
                    on_time += n
        out.append(TimelinePoint(p, due, done, on_time))
    return out
