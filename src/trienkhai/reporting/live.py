"""Live figures: every unit's subtree figures of a plan, kept up to date as the work is written.

The engine (``engine.py``) counts a subtree from its rows: exact, but its cost grows with the
subtree (seconds for the nation). Here, for a plan made live (``rebuild``), each unit's
figures for today are kept in a row (``LiveFigures``), so that a dashboard reads the rows of
the units it shows and nothing else.

How they stay exact
-------------------
Every write to a table the engine reads leaves a ``Change`` row (the unit whose own rows
changed) in the same transaction, by a database trigger: services, bulk writes, imports and
the generator alike. ``fold`` reads the changes and, for each live plan:

* finds the units whose own rows changed, keeps the highest of them (a changed unit under a
  changed unit is counted with it), and when many share a parent, counts the parent instead;
* counts each of those subtrees again with the engine itself (``compute``: the same queries,
  so the two cannot disagree), at the depth that covers the changed units and their
  children, and writes their rows;
* adds the difference (new total less the stored one) into every unit above, up to the
  plan's issuer (``_fold_up``): figures are sums, so a parent's total moves by exactly its
  child's difference. The one count that is not a sum of the units' own rows — a unit owing
  learning reports counts among the "units with missing reports" when a member anywhere
  below it has not written theirs — is worked out again at each unit above from its new
  totals (reports due > reports submitted, since everything below a unit owing reports owes
  them too).

A change of structure or of the plan itself (a unit moved, closed, created; the plan
revised or linked) is not folded: the plan stops being live and its rows are built again
(``rebuild``, a background task or ``trienkhai rollups rebuild``); meanwhile dashboards use
the engine. So do past dates, and a new day until the nightly rebuild ran (statuses such as
"overdue" move with the date, not with a write). **Never wrong, only slower**, as the study
tallies (``study/tallies.py``), which this generalises.

The reader folds what is pending before it reads (``rollup``), so a dashboard reflects a
write the moment it commits; the worker folds every second so that the reader rarely has to.
Two folds at once are safe: the changes are read and deleted in one transaction, and
counting a subtree again is idempotent (the difference is then zero). While a plan is being
built, changes are read but kept, to be folded once its rows are complete.

``verify(plan)`` compares every stored row with the engine's count; ``trienkhai rollups
verify`` runs it.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections import defaultdict
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.tasks import task
from django.utils import timezone

from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit

from . import engine
from .figures import Flat, differs, flatten, plus, unflatten
from .models import Change, LiveFigures, LivePlan
from .numbers import Numbers

#: Past this many subtrees to count in one fold, changed units sharing a parent are counted
#: with their parent (one count of the parent's subtree costs about as much as one of a child).
MOST_ROOTS = 32
#: Changes read in one fold (the rest wait for the next).
BATCH = 20_000
DUE, SUBMITTED = "study.reports_due", "study.reports_submitted"
MISSING = "study.units_missing_reports"


def enabled() -> bool:
    """``TRIENKHAI_LIVE_ROLLUPS`` (default on): dashboards read live plans' rows."""
    return getattr(settings, "TRIENKHAI_LIVE_ROLLUPS", True)


def automatic() -> bool:
    """``TRIENKHAI_LIVE_ROLLUPS_AUTO`` (default on): a plan read for today and not live yet is
    built in the background (at once with the immediate task backend). The tests turn it off
    and build the plans they want live."""
    return enabled() and getattr(settings, "TRIENKHAI_LIVE_ROLLUPS_AUTO", True)


def today() -> datetime.date:
    return timezone.localdate()


@task
def build(plan_id: int) -> int:
    """The background job: make ``plan_id`` live (again); returns the rows kept."""
    plan = Plan.objects.filter(pk=plan_id).select_related("unit").first()
    if plan is None or not plan.is_issued:
        return 0
    if LivePlan.objects.filter(
        plan=plan, day=today(), plan_version=plan.version, state=LivePlan.State.READY
    ).exists():
        return 0
    return rebuild(plan).rows


#: How often the worker folds the changes in (the readers fold what is left before reading).
KEEP_EVERY = datetime.timedelta(seconds=5)


@task
def keep(repeat: bool = False) -> int:
    """The worker's round: fold the pending changes in, build again the plans kept for an
    earlier day (statuses move with the date) or an earlier version, and, with ``repeat``,
    queue the next round ``KEEP_EVERY`` later. Returns the changes folded."""
    behind = [
        state.plan
        for state in LivePlan.objects.select_related("plan__unit")
        if state.state == LivePlan.State.READY
        and (state.day != today() or state.plan_version != state.plan.version)
    ]
    folded = fold()
    for plan in behind:
        plan.refresh_from_db()
        rebuild(plan)
    if repeat:
        schedule()
    return folded


def schedule(after: datetime.timedelta = KEEP_EVERY) -> bool:
    """Queue the next ``keep`` round unless one is waiting; only on a backend that defers
    (the database worker), as ``notifications.tasks.schedule``."""
    from django.tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=keep.module_path, status="READY").exists():
        return False
    keep.using(run_after=timezone.now() + after).enqueue(repeat=True)
    return True


#: With the immediate task backend (no worker: the build would run in the request that
#: queued it), only plans of at most this many units are built on their own; larger ones
#: wait for ``trienkhai rollups rebuild`` or a worker.
IMMEDIATE_MOST = 2_000


def build_later(plan_id: int) -> None:
    """Queue ``build`` once the transaction commits (a change of structure, a new day)."""
    from django.tasks import default_task_backend

    if not automatic():
        return
    if not default_task_backend.supports_defer:
        plan = Plan.objects.filter(pk=plan_id).select_related("unit").first()
        if plan is None or (
            Unit.objects.filter(path__startswith=plan.unit.path)[: IMMEDIATE_MOST + 1].count()
            > IMMEDIATE_MOST
        ):
            return
    transaction.on_commit(lambda: build.enqueue(plan_id))


# --- building --------------------------------------------------------------------------------


def rebuild(plan: Plan, day: datetime.date | None = None) -> LivePlan:
    """Count every unit of ``plan`` with the engine and store the rows; the plan is live
    (``READY``) for ``day`` (today) once they are all written."""
    day = day or timezone.localdate()
    started = time.monotonic()
    # The changes logged so far are in what the engine counts now: the fold skips them for
    # this plan. (On PostgreSQL a transaction still open now may hold an older id and commit
    # after the count read its tables; what it wrote then waits for the next build or
    # ``rollups verify``: the one gap, see docs/architecture.md.)
    since = Change.objects.aggregate(m=Max("id"))["m"] or 0
    live, _ = LivePlan.objects.update_or_create(
        plan=plan,
        defaults={
            "day": day,
            "plan_version": plan.version,
            "state": LivePlan.State.BUILDING,
            "since": since,
        },
    )
    issuer = plan.unit
    result = _full_count(plan, day)
    rows = [_row(plan, issuer, result.total, result.own)]
    rows += [_row(plan, node.unit, node.numbers, _own(node)) for node in result.nodes()]
    rows = [row for row in rows if row.figures or row.owes_reports]
    with transaction.atomic():
        LiveFigures.objects.filter(plan=plan).delete()
        LiveFigures.objects.bulk_create(rows, batch_size=2_000)
        live.state, live.built_at = LivePlan.State.READY, timezone.now()
        live.build_seconds, live.rows = time.monotonic() - started, len(rows)
        live.save()
    return live


def _full_count(plan: Plan, day: datetime.date) -> engine.Rollup:
    """The engine's count of every unit of the plan (a node for each, to the deepest)."""
    issuer = plan.unit
    deepest = (
        Unit.objects.filter(path__startswith=issuer.path).aggregate(d=Max("depth"))["d"]
        or issuer.depth
    )
    return engine.compute(plan, issuer, day, depth=max(1, deepest - issuer.depth))


def _own(node: engine.Node) -> Numbers | None:
    """A node's own rows (its numbers less its children's), when its children were counted."""
    if not node.children:
        return None
    rest = Numbers()
    for child in node.children:
        rest.add(child.numbers)
    return unflatten(plus(flatten(node.numbers), flatten(rest), -1))


def _row(plan: Plan, unit: Unit, total: Numbers, own: Numbers | None) -> LiveFigures:
    owes = bool(own.study.units_owing_reports) if own is not None else _owes_alone(total)
    return LiveFigures(plan=plan, unit=unit, figures=flatten(total), owes_reports=owes)


def _owes_alone(total: Numbers) -> bool:
    """A unit without children counted: its own rows are its total."""
    return bool(total.study.units_owing_reports)


# --- folding the changes in -------------------------------------------------------------------


def fold(day: datetime.date | None = None) -> int:
    """Fold the pending changes into every live plan; returns how many changes were read.

    A plan whose rows are for another day or version, or that a change of structure
    concerns, stops being live (``stale``) and is left for ``rebuild``."""
    day = day or timezone.localdate()
    with transaction.atomic():
        changes = list(
            Change.objects.order_by("id").values_list("id", "unit_id", "plan_id", "scope")[:BATCH]
        )
        if not changes:
            return 0
        lives = list(LivePlan.objects.select_for_update().select_related("plan__unit"))
        building = any(lp.state == LivePlan.State.BUILDING for lp in lives)
        paths = dict(Unit.objects.filter(pk__in={c[1] for c in changes}).values_list("pk", "path"))
        for live in lives:
            if live.state != LivePlan.State.READY:
                continue
            plan = live.plan
            if live.day != day or live.plan_version != plan.version:
                _stale(live)
                continue
            carrying = set(Plan.objects.carrying_out(plan, fresh=True))
            issuer = plan.unit.path
            dirty: set[str] = set()
            structural = False
            for pk, unit_id, plan_id, scope in changes:
                if pk <= live.since:  # counted by the build
                    continue
                path = paths.get(unit_id)
                if scope == Change.Scope.UNIT:  # moved, closed, created, deleted: anywhere
                    structural = True
                    break
                if scope == Change.Scope.PLAN:  # this plan, or one issued in its subtree
                    if plan_id in carrying or path is None or path.startswith(issuer):
                        structural = True
                        break
                    continue
                if plan_id is not None and plan_id not in carrying:
                    continue
                if path is not None and path.startswith(issuer):
                    dirty.add(path)
            if structural:
                _stale(live)
            elif dirty:
                _refresh(plan, day, dirty)
        if not building:
            Change.objects.filter(id__lte=changes[-1][0]).delete()
    return len(changes)


def _stale(live: LivePlan) -> None:
    """Stop using a plan's rows until they are built again (its figures come from the
    engine meanwhile), and queue the build."""
    plan_id = live.plan_id
    LiveFigures.objects.filter(plan_id=plan_id).delete()
    live.delete()
    build_later(plan_id)


def roots(
    dirty: set[str], steplen: int, most: int = MOST_ROOTS, top_len: int | None = None
) -> dict[str, int]:
    """The subtrees to count again: the highest changed units (path → how many levels below
    it to count, 1: its children), gathered under their parents while there are more than
    ``most`` of them — never above the plan's issuer (whose path is ``top_len`` long)."""
    top_len = steplen if top_len is None else top_len
    top: dict[str, int] = {}
    for path in sorted(dirty, key=len):
        if not any(path.startswith(p) for p in top):
            top[path] = 1
    while len(top) > most:
        deepest = max(len(p) for p in top)
        if deepest <= top_len:
            break
        gathered: dict[str, int] = {}
        for path, depth in top.items():
            if len(path) == deepest:
                parent = path[:-steplen]
                gathered[parent] = max(gathered.get(parent, 0), depth + 1)
            else:
                gathered[path] = max(gathered.get(path, 0), depth)
        top = {}
        for path in sorted(gathered, key=len):
            if not any(path.startswith(p) for p in top):
                top[path] = gathered[path]
            else:  # under a gathered parent: count deep enough for it
                above = next(p for p in top if path.startswith(p))
                levels = (len(path) - len(above)) // steplen + gathered[path]
                top[above] = max(top[above], levels)
    return top


def _refresh(plan: Plan, day: datetime.date, dirty: set[str]) -> None:
    issuer = plan.unit
    units = {u.path: u for u in Unit.objects.filter(path__in=list(dirty))}
    for path, depth in roots(dirty, issuer.steplen, top_len=len(issuer.path)).items():
        unit = units.get(path) or Unit.objects.get(path=path)
        result = engine.compute(plan, unit, day, depth=depth)
        stored = _stored(plan, [unit.pk, *(n.unit.pk for n in result.nodes())])
        new_total = flatten(result.total)
        old_total = stored.get(unit.pk, (None, {}))[1]
        _save(plan, unit, new_total, bool(result.own.study.units_owing_reports), stored)
        for node in result.nodes():
            # A node whose children were not counted is not a changed unit (the depth covers
            # those and their children): whether it owes reports is what was stored.
            own = _own(node)
            if own is not None:
                owes = bool(own.study.units_owing_reports)
            elif node.unit.pk in stored:
                owes = stored[node.unit.pk][2]
            else:
                owes = not node.unit.numchild and _owes_alone(node.numbers)
            _save(plan, node.unit, flatten(node.numbers), owes, stored)
        _fold_up(plan, unit, plus(new_total, old_total, -1))


def _stored(plan: Plan, unit_ids: list[int]) -> dict[int, tuple[int, Flat, bool]]:
    """unit id → (row id, figures, owes) of the stored rows among ``unit_ids``."""
    return {
        unit_id: (pk, figures, owes)
        for pk, unit_id, figures, owes in LiveFigures.objects.filter(
            plan=plan, unit_id__in=unit_ids
        ).values_list("pk", "unit_id", "figures", "owes_reports")
    }


def _save(plan: Plan, unit: Unit, figures: Flat, owes: bool, stored) -> None:
    row = stored.get(unit.pk)
    if row is None:
        if figures:
            LiveFigures.objects.create(plan=plan, unit=unit, figures=figures, owes_reports=owes)
    elif figures or owes:
        if row[1] != figures or row[2] != owes:
            LiveFigures.objects.filter(pk=row[0]).update(figures=figures, owes_reports=owes)
    else:
        LiveFigures.objects.filter(pk=row[0]).delete()


def _fold_up(plan: Plan, unit: Unit, delta: Flat) -> None:
    """Add ``delta`` into every unit above ``unit`` up to the plan's issuer, working out at
    each one owing learning reports whether a member is missing below it."""
    if not delta:
        return
    issuer, step = plan.unit.path, unit.steplen
    above = [unit.path[:end] for end in range(len(issuer), len(unit.path), step)]
    if not above:
        return
    rows = {
        path: (pk, figures, owes)
        for pk, path, figures, owes in LiveFigures.objects.filter(
            plan=plan, unit__path__in=above
        ).values_list("pk", "unit__path", "figures", "owes_reports")
    }
    ids = dict(Unit.objects.filter(path__in=above).values_list("path", "pk"))
    for path in reversed(above):  # the parent first, the issuer last
        pk, old, owes = rows.get(path, (None, {}, False))
        old = cast(Flat, old)
        new = plus(old, delta)
        if owes:
            was = old.get(DUE, 0) > old.get(SUBMITTED, 0)
            now = new.get(DUE, 0) > new.get(SUBMITTED, 0)
            if was != now:
                turn: Flat = {MISSING: 1 if now else -1}
                new, delta = plus(new, turn), plus(delta, turn)
        if pk is None:
            if new:
                LiveFigures.objects.create(
                    plan=plan, unit_id=ids[path], figures=new, owes_reports=owes
                )
        elif new or owes:
            LiveFigures.objects.filter(pk=pk).update(figures=new)
        else:
            LiveFigures.objects.filter(pk=pk).delete()
        if not delta:
            return


# --- reading ----------------------------------------------------------------------------------


def ready(plan: Plan, day: datetime.date) -> bool:
    return LivePlan.objects.filter(
        plan=plan, day=day, plan_version=plan.version, state=LivePlan.State.READY
    ).exists()


def rollup(plan: Plan, unit: Unit, day: datetime.date, *, depth: int = 1) -> engine.Rollup | None:
    """The rollup of ``unit`` read from the live rows, after folding what is pending; ``None``
    when the plan is not live for ``day`` or ``unit`` lies outside its issuer's subtree (the
    engine answers then; a plan read for today that is not live is queued to be built)."""
    if not enabled() or not unit.path.startswith(plan.unit.path) or day != today():
        return None
    state = LivePlan.objects.filter(plan=plan).first()
    if state is None:
        if plan.is_issued:
            build_later(plan.pk)
        return None
    if state.state != LivePlan.State.READY:
        return None
    if state.day != day or state.plan_version != plan.version:
        with transaction.atomic():
            _stale(state)
        return None
    if Change.objects.exists():
        while fold(day) == BATCH:  # a backlog (nobody read for a while): all of it
            pass
        if not ready(plan, day):
            return None
    computed_at = timezone.now()
    depth = max(1, depth)
    units = list(
        Unit.objects.filter(
            path__startswith=unit.path, depth__gt=unit.depth, depth__lte=unit.depth + depth
        ).order_by("depth", "sort_key", "path")
    )
    figures = dict(
        LiveFigures.objects.filter(
            plan=plan, unit_id__in=[unit.pk, *(u.pk for u in units)]
        ).values_list("unit_id", "figures")
    )
    nodes: dict[str, engine.Node] = {}
    children: list[engine.Node] = []
    step = unit.steplen
    for u in units:
        node = nodes[u.path] = engine.Node(u, unflatten(figures.get(u.pk, {})))
        parent = nodes.get(u.path[:-step])
        (parent.children if parent is not None else children).append(node)
    total_flat = figures.get(unit.pk, {})
    below: Flat = {}
    for node in children:
        below = plus(below, figures.get(node.unit.pk, {}))
    total = unflatten(total_flat)
    kinds, targets = engine.kinds_and_targets(plan)
    return engine.Rollup(
        plan=plan,
        unit=unit,
        as_of=day,
        depth=depth,
        computed_at=computed_at,
        # What the dashboard keeps its drawn numbers under (``views``): the same figures, the
        # same drawing, whenever they were read.
        version=_drawing(figures, units),
        kinds=kinds,
        targets=targets,
        total=total,
        own=unflatten(plus(total_flat, below, -1)),
        children=children,
        timeline=engine.timeline(plan, day, [(d, f, n) for (d, f), n in total.dates.items()]),
        live=True,
    )


def _drawing(figures: dict, units: list[Unit]) -> int:
    """A number that changes when the figures or the units shown do (names, closures)."""
    shown = [(u.pk, u.name, u.short_name, u.active_to) for u in units]
    text = repr((sorted(figures.items()), shown))
    return int(hashlib.blake2b(text.encode(), digest_size=6).hexdigest(), 16)


# --- checking ---------------------------------------------------------------------------------


def verify(plan: Plan) -> list[tuple[Unit, list[str]]]:
    """Every unit whose stored figures differ from the engine's count (after folding what is
    pending), with the names that differ; empty when all agree or the plan is not live."""
    day = timezone.localdate()
    fold(day)
    if not ready(plan, day):
        return []
    issuer = plan.unit
    result = _full_count(plan, day)
    stored = dict(LiveFigures.objects.filter(plan=plan).values_list("unit_id", "figures"))
    wrong = []
    counted = [(issuer, result.total), *((n.unit, n.numbers) for n in result.nodes())]
    seen = set()
    for unit, numbers in counted:
        seen.add(unit.pk)
        names = differs(flatten(numbers), stored.get(unit.pk, {}))
        if names:
            wrong.append((unit, names))
    extra = defaultdict(list)
    for unit_id, figures in stored.items():
        if unit_id not in seen and figures:
            extra[unit_id] = sorted(figures)
    for unit in Unit.objects.filter(pk__in=list(extra)):
        wrong.append((unit, extra[unit.pk]))
    return wrong
