"""How long plans and their rollups take at province scale, and how many queries they run.

Usage, on a scratch database holding a generated province::

    TRIENKHAI_DATA_DIR=/tmp/plan-scale uv run trienkhai migrate
    TRIENKHAI_DATA_DIR=/tmp/plan-scale uv run trienkhai generate --scale province
    TRIENKHAI_DATA_DIR=/tmp/plan-scale uv run python -m trienkhai.tooling.timing.plans

(``TRIENKHAI_DATABASE_URL=postgres://…`` for PostgreSQL.) The script registers a resolution if
needed, drafts and issues a plan whose five requirements fall on every party committee and
cell of the province (about 55,000 obligations at province scale) through the services, and
times ``issue_plan``. It then marks about 80 % of the obligations done with one bulk UPDATE
per requirement (six in ten on time, two late, the rest left open), and times the rollups:
each function runs ``--runs`` times (5 by default) and the median is reported with the
number of queries. The plan is deleted at the end unless ``--keep`` is given; the resolution,
the timing login and the audit events stay (it is a scratch database).

``--issue-only`` stops after ``issue_plan``: at national scale (about 1.4 million obligations,
written into an empty table on a fresh database: issue 21) the rollups are the bench's to time
(``trienkhai bench``), and ``--keep`` spares the plan's deletion through the ORM.

On PostgreSQL the database is ANALYZEd first and the obligation table again after the bulk
update, as autovacuum does soon after such loads; SQLite is left as Django leaves it (no
statistics).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()


def _timed(func, runs: int):
    """((median wall seconds, median CPU seconds of this process), queries of the last run,
    result of the last run). On a busy machine the CPU time is the steadier figure; on
    PostgreSQL it leaves out the server's share."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu, result, queries = [], [], None, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            result = func()
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        queries = len(captured.captured_queries)
    return (statistics.median(wall), statistics.median(cpu)), queries, result


def run(
    *, root_code: str | None, runs: int, keep: bool, issue_only: bool = False, out=sys.stdout
) -> list[tuple]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.db.models.functions import Mod
    from django.utils import timezone

    from trienkhai.core.access import Role
    from trienkhai.resolutions import rollup, services
    from trienkhai.resolutions.models import Obligation, Plan, Requirement, Resolution
    from trienkhai.units.models import Person, RoleAssignment, Unit

    K, R = Unit.Kind, Requirement.Kind
    roots = Unit.objects.filter(code=root_code) if root_code else Unit.objects.filter(depth=1)
    root = roots.order_by("path").first()
    if root is None:
        raise SystemExit("No province here: run `trienkhai generate --scale province` first.")
    units = Unit.objects.filter(path__prefix=root.path).count()
    people = Person.objects.filter(unit__path__prefix=root.path).count()
    vendor = connection.vendor
    if vendor == "postgresql":
        # A freshly generated database has no planner statistics until autovacuum gets to
        # it; measure the steady state instead.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    out.write(
        f"{vendor}: {root.code} {root.name}, {units:,} units, {people:,} people; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
    )

    User = get_user_model()
    user, _ = User.objects.get_or_create(username="plan-timing")
    RoleAssignment.objects.get_or_create(user=user, unit=root, role=Role.ADMIN)
    today = timezone.localdate()

    def day(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    resolution = Resolution.objects.filter(unit=root, number="44-NQ/TW").first()
    if resolution is None:
        resolution = services.register_resolution(
            user=user,
            unit=root,
            kind="resolution",
            number="44-NQ/TW",
            title="Về Chiến lược bảo vệ Tổ quốc trong tình hình mới",
            issuing_body="Ban Chấp hành Trung ương Đảng",
            issued_on=datetime.date(2023, 11, 24),
            term="Khóa XIII",
        )
    number = 900 + Plan.objects.filter(unit=root).count()
    everyone = [K.PARTY_COMMITTEE, K.PARTY_CELL]
    spec = [
        (R.STUDY_SESSION, "Tổ chức học tập, quán triệt", -30, None),
        (R.ATTENDANCE, "Tỷ lệ đảng viên dự học từ 95 %", -30, 95),
        (R.LEARNING_REPORTS, "Nộp bài thu hoạch", -10, None),
        (R.ACTION_PROGRAM, "Ban hành chương trình hành động", 10, None),
        (R.RESULTS_REPORT, "Báo cáo kết quả", 30, None),
    ]
    plan = services.create_plan(
        user=user,
        unit=root,
        number=f"{number}-KH/TU",
        title="Kế hoạch đo thời gian (xóa sau khi đo)",
        issued_on=day(-60),
        resolutions=[resolution],
        requirements=[
            {
                "kind": kind,
                "title": title,
                "target_kinds": everyone,
                "target_levels": [],
                "due_on": day(due),
                "target_value": target,
            }
            for kind, title, due, target in spec
        ],
    )
    rows = []
    try:
        seconds, queries, _ = _timed(lambda: services.issue_plan(user=user, plan=plan), 1)
        owed = Obligation.objects.filter(plan=plan).count()
        rows.append((f"issue_plan ({owed:,} obligations created)", seconds, queries, 1))

        if not issue_only:  # the rollups: province scale (the bench times the nation's)

            def fulfil():
                with transaction.atomic():
                    for requirement in plan.requirements.all():
                        due = requirement.due_on
                        mine = Obligation.objects.filter(requirement=requirement).alias(
                            bucket=Mod("unit_id", 10)
                        )
                        on_time = min(due - datetime.timedelta(days=2), today)
                        late = due + datetime.timedelta(days=3)
                        services.record_evidence_bulk(
                            mine.filter(bucket__lt=6), on=on_time, evidence="timing"
                        )
                        services.record_evidence_bulk(
                            mine.filter(bucket__in=[6, 7]),
                            on=late if late <= today else on_time,
                            evidence="timing",
                        )

            seconds, queries, _ = _timed(fulfil, 1)
            rows.append(("bulk UPDATE: ~80 % done", seconds, queries, 1))
            if vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE resolutions_obligation")

            commune = (
                Unit.objects.filter(
                    path__prefix=root.path,
                    depth=root.depth + 1,
                    kind=K.PARTY_COMMITTEE,
                    name__startswith="Đảng bộ xã",
                )
                .order_by("path")
                .first()
            )
            assert commune is not None, "the demo's province has a commune"
            cell = (
                Unit.objects.filter(path__prefix=commune.path, kind=K.PARTY_CELL)
                .order_by("path")
                .first()
            )
            assert cell is not None, "the demo's first commune has a cell"
            cases = [
                ("completeness(plan, province)", lambda: rollup.completeness(plan, root)),
                ("by_child(plan, province)", lambda: rollup.by_child(plan, root)),
                (
                    "laggards(plan, province)[:50] + attach_heads",
                    lambda: rollup.attach_heads(rollup.laggards(plan, root)[:50]),
                ),
                ("completeness(plan, commune)", lambda: rollup.completeness(plan, commune)),
                ("by_child(plan, commune)", lambda: rollup.by_child(plan, commune)),
                (
                    "laggards(plan, commune)[:50] + attach_heads",
                    lambda: rollup.attach_heads(rollup.laggards(plan, commune)[:50]),
                ),
                ("inbox(commune committee)", lambda: list(rollup.inbox(commune))),
                ("inbox(party cell)", lambda: list(rollup.inbox(cell))),
            ]
            results = {}
            for label, func in cases:
                seconds, queries, result = _timed(func, runs)
                results[label] = result
                rows.append((label, seconds, queries, runs))
            tally = rollup.Tally()
            for progress in results["completeness(plan, province)"]:
                for status, n in progress.tally.counts.items():
                    tally.add(status, n)
            out.write(
                f"plan {plan.number}: {tally.owed:,} owed: {tally.on_time:,} on time, "
                f"{tally.late:,} late, {tally.overdue:,} overdue, {tally.pending:,} pending; "
                f"{len(results['by_child(plan, province)'])} children of the province; "
                f"commune {commune.code}\n"
            )
    finally:
        if not keep:

            def clean_up():
                with transaction.atomic():
                    Obligation.objects.filter(plan=plan).delete()
                    Plan.objects.filter(pk=plan.pk).delete()

            seconds, queries, _ = _timed(clean_up, 1)
            rows.append(("clean-up: delete the plan", seconds, queries, 1))
    width = max(len(r[0]) for r in rows)
    out.write(f"\n{'what':<{width}}  {'wall ms':>9}  {'CPU ms':>9}  {'queries':>7}  runs\n")
    for label, (wall, cpu), queries, n in rows:
        out.write(
            f"{label:<{width}}  {wall * 1000:>9,.1f}  {cpu * 1000:>9,.1f}  {queries:>7}  {n}\n"
        )
    out.write(f"load average at the end: {os.getloadavg()[0]:.1f}\n")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", help="code of the province (default: the first root)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the timing plan")
    parser.add_argument(
        "--issue-only", action="store_true", help="time issue_plan only (national scale)"
    )
    args = parser.parse_args(argv)
    _setup()
    run(root_code=args.root, runs=args.runs, keep=args.keep, issue_only=args.issue_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
