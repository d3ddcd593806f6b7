"""Workloads in the database: the public way to build (or find) them.

The benchmark (``trienkhai bench``), the timings (``timing.study``) and the tests call these
functions, and only these: what they need is a parameter (the scale, the dates, the length of
the learning reports, the seed), never a module global of another module to patch, and the
row writers behind them (``timing.study_rows``, ``bench.workload``) are theirs to change.
Every row goes in through the one bulk inserter, ``trienkhai.demo.bulk``.

* ``ensure_units(scale)``: the units and people of a scale (``demo.generator``), unless the
  database holds units; ``WrongScale`` when those are of another size;
* ``study_plan(...)``: one issued plan with the study rows a province produces;
* ``workload(scale)``: the benchmark's plan — the study rows, two more requirements, the action
  programs with their tasks, milestones, progress and reviews, the evidence — found when it
  is there, built when not; ``find_workload(scale)`` only finds it;
* ``delete_plan(plan)``: a plan built here and everything hung on it.
"""

from __future__ import annotations

import random
import time

from trienkhai.tooling.bench.workload import (
    REPORT_CHARS,
    Workload,
    WorkloadRows,
    calendar,
    delete_programs,
)
from trienkhai.tooling.timing import study_rows
from trienkhai.tooling.timing.study_rows import FIXED_DATES, PLAN_NUMBER, StudyDates, StudyRows


class WrongScale(RuntimeError):
    """The database holds units of another size than the scale asked for."""


def ensure_units(scale: str, *, out=print) -> int:
    """The units and people of ``scale``: generated when the database holds no units, else
    checked to be of that size. Returns the number of units."""
    from trienkhai.demo.generator import generate
    from trienkhai.demo.shapes import SHAPES, expected
    from trienkhai.units.models import Unit

    units = Unit.objects.count()
    if not units:
        generate(scale, stdout=_Stream(out))
        units = Unit.objects.count()
    want = expected(SHAPES[scale])["units"]
    if not 0.8 * want <= units <= 1.2 * want:
        raise WrongScale(
            f"The database holds {units:,} units; scale {scale!r} has about {want:,.0f}. "
            "Point TRIENKHAI_DATA_DIR or TRIENKHAI_DATABASE_URL at an empty database (or one "
            "generated at this scale)."
        )
    return units


def _root():
    from trienkhai.units.models import Unit

    return Unit.objects.filter(depth=1).order_by("path").first()


def study_plan(
    *,
    report_chars: int,
    dates: StudyDates = FIXED_DATES,
    seed: int = 4,
    rebuild: bool = False,
    out=print,
):
    """The study plan (``PLAN_NUMBER``) of the first root and its study rows: reused when it is
    there (unless ``rebuild``), else written. Returns the plan."""
    from trienkhai.resolutions.models import Plan

    root = _root()
    plan = Plan.objects.filter(unit=root, number=PLAN_NUMBER).first()
    if plan is not None and not rebuild:
        out(f"Reusing plan {plan.number} ({plan.study_sessions.count():,} sessions).")
        return plan
    started = time.perf_counter()
    rows = StudyRows(root, random.Random(seed), report_chars=report_chars, dates=dates)
    _write(rows, stale=plan)
    c = rows.counts
    out(
        f"Built plan {PLAN_NUMBER}: {c['sessions']:,} sessions ({c['makeups']:,} make-ups), "
        f"{c['attendance']:,} attendance rows, {c['reports']:,} learning reports "
        f"in {time.perf_counter() - started:,.1f} s."
    )
    return rows.plan


def find_workload(scale: str) -> Workload | None:
    """The benchmark's workload when the database holds it (its plan has programs)."""
    from trienkhai.resolutions.models import Plan

    root = _root()
    if root is None:
        return None
    plan = Plan.objects.filter(unit=root, number=PLAN_NUMBER).first()
    if plan is None or not plan.programs.exists():
        return None
    return Workload(scale=scale, plan=plan, root=root)


def workload(
    scale: str,
    *,
    rebuild: bool = False,
    seed: int = 4,
    out=print,
) -> Workload:
    """The benchmark's workload of ``scale`` in the configured database: reused when it is
    there, else generated (units when there are none) and built, its dates set back from
    today (``bench.workload.calendar``)."""
    from django.utils import timezone

    from trienkhai.resolutions.models import Plan

    started = time.perf_counter()
    ensure_units(scale, out=out)
    existing = find_workload(scale)
    if existing is not None and not rebuild:
        out(f"Reusing the workload: plan {existing.plan.number} of {existing.root.name}.")
        return existing
    root = _root()
    dates = calendar(timezone.localdate())
    rows = WorkloadRows(root, random.Random(seed), report_chars=REPORT_CHARS[scale], dates=dates)
    _write(rows, stale=Plan.objects.filter(unit=root, number=PLAN_NUMBER).first())
    seconds = time.perf_counter() - started
    out(
        f"Built the workload in {seconds:,.1f} s: "
        + ", ".join(f"{n:,} {name}" for name, n in rows.counts.items())
    )
    return Workload(scale, rows.plan, root, rows.counts, built=True, seconds=seconds)


def delete_plan(plan) -> None:
    """A plan built here and everything hung on it: programs, study rows, obligations."""
    delete_programs(plan)
    study_rows.delete(plan)


def _write(rows: StudyRows, *, stale) -> None:
    """Write ``rows`` in one transaction, in place of the ``stale`` plan, then ANALYZE."""
    from django.db import connection, transaction

    with transaction.atomic():
        if stale is not None:
            delete_plan(stale)
        rows.write()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class _Stream:
    """A file-like front for a print-like function (the generator writes to a stream)."""

    def __init__(self, out):
        self.out = out

    def write(self, text: str) -> None:
        self.out(text.rstrip("\n"))
