"""What the live figures cost (issue 20, ``reporting/live.py``): a kept rollup read, and one
write folded in, on a database where ``trienkhai bench`` built its workload.

Usage::

    TRIENKHAI_DATA_DIR=/tmp/bench-province uv run python -m trienkhai.tooling.timing.live \
        [--reads 15] [--writes 5] [--plan 99-KH/TU]

It makes the bench's plan live if it is not, then prints the median CPU and wall time of
``--reads`` kept reads of the plan's root and of its first commune, and of ``--writes``
folds of one write each (an attendance under the commune turned present or absent, its
study tally marked as the services do), with the queries each ran.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from trienkhai.reporting import live  # noqa: E402
from trienkhai.resolutions.models import Plan  # noqa: E402
from trienkhai.study import tallies  # noqa: E402
from trienkhai.study.models import Attendance  # noqa: E402
from trienkhai.units.models import Unit  # noqa: E402


def timed(call, n: int) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds of ``n`` calls, and the queries of the last."""
    wall, cpu = [], []
    queries = 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            started, started_cpu = time.perf_counter(), time.process_time()
            call()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        queries = len(ctx.captured_queries)
    return 1000 * statistics.median(wall), 1000 * statistics.median(cpu), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reads", type=int, default=15)
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--plan", default="99-KH/TU", help="the plan's number (the bench's)")
    args = parser.parse_args()
    plan = Plan.objects.select_related("unit").filter(number=args.plan).first()
    if plan is None:
        raise SystemExit("No bench plan here: run `trienkhai bench --build-only` first.")
    day = timezone.localdate()
    if not live.ready(plan, day):
        started = time.perf_counter()
        state = live.rebuild(plan)
        print(f"built: {state.rows:,} rows in {time.perf_counter() - started:.1f} s")
    root = plan.unit
    mid = (
        Unit.objects.filter(path__startswith=root.path, kind="party_committee", level="commune")
        .order_by("path")
        .first()
    ) or root
    for label, unit in (("root", root), ("commune", mid)):
        wall, cpu, queries = timed(lambda unit=unit: live.rollup(plan, unit, day), args.reads)
        print(f"kept read, {label}: {wall:.1f} ms, {cpu:.1f} ms CPU, {queries} queries")
    row = (
        Attendance.objects.filter(
            session__plan_id__in=Plan.objects.carrying_out(plan),
            unit__path__startswith=mid.path,
        )
        .order_by("pk")
        .first()
    )

    def write_and_fold():
        row.status = "absent" if row.status == "present" else "present"
        Attendance.objects.filter(pk=row.pk).update(status=row.status)
        tallies.mark_units([row.unit_id])
        live.fold()

    wall, cpu, queries = timed(write_and_fold, args.writes)
    print(f"one write folded in: {wall:.1f} ms, {cpu:.1f} ms CPU, {queries} queries")
    wrong = live.verify(plan)
    print("the same as a full count" if not wrong else f"DIFFER: {wrong[:5]}")


if __name__ == "__main__":
    main()
