"""What the change log's triggers cost (issue 20, ``reporting/changes.py``): bulk writes timed
with the triggers and without them.

Usage, on a scratch database (SQLite, or PostgreSQL through ``TRIENKHAI_DATABASE_URL``)::

    TRIENKHAI_DATA_DIR=/tmp/changes-cost uv run trienkhai migrate
    TRIENKHAI_DATA_DIR=/tmp/changes-cost uv run python -m trienkhai.tooling.timing.change_log \
        [--obligations 100000] [--attendance 50000] [--rounds 2]

It builds (once) a root with 100 units, a plan with enough requirements for ``--obligations``
obligations (one per requirement and unit), ``--attendance`` people spread over the units and
one session of the plan; then, ``--rounds`` times, alternately without and with the triggers:

* ``obligations insert``: ``bulk_create`` of every obligation (batches of 2,000) — a trigger
  with no look-up (the row's own unit and plan);
* ``obligations update``: one ``UPDATE`` of all of them (``fulfilled_on``);
* ``obligations delete``: ``queryset.delete()`` of all of them;
* ``obligations INSERT…SELECT``: the same rows in one statement (the database's own cost,
  without the ORM's);
* ``attendance insert``: ``bulk_create`` of one attendance per person — a trigger with two
  look-ups (the person's home unit, the session's plan);

each in its own transaction, committed; the rounds alternate which comes first, and the rows
are deleted between them with the triggers off. It prints each phase's wall time, with and
without, and the ratio; the change rows it made are deleted. On a shared machine the wall
times drift apart by more than the triggers cost; on PostgreSQL ``--explain`` measures the
triggers' own time instead: ``EXPLAIN ANALYZE`` of the ``INSERT … SELECT``, an ``UPDATE`` and
a ``DELETE`` of the obligations (rolled back), which reports the time spent in each trigger.
"""

from __future__ import annotations

import argparse
import datetime
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from trienkhai.reporting import changes  # noqa: E402
from trienkhai.reporting.models import Change  # noqa: E402
from trienkhai.resolutions.models import Obligation, Plan, Requirement  # noqa: E402
from trienkhai.study.models import Attendance, StudySession  # noqa: E402
from trienkhai.units.models import Person, Unit  # noqa: E402

UNITS = 100
DAY = datetime.date(2026, 6, 30)


def triggers(on: bool) -> None:
    with connection.schema_editor() as editor:
        (changes.install if on else changes.remove)(apps, editor)


def world(obligations: int, people: int):
    root = Unit.objects.filter(code="CHG").first()
    if root is None:
        root = Unit.objects.add_root(
            create_kwargs=dict(name="Tỉnh ủy", code="CHG", kind="party_committee", level="province")
        )
        for i in range(UNITS - 1):
            root = Unit.objects.get(pk=root.pk)
            Unit.objects.add_child(
                root,
                create_kwargs=dict(
                    name=f"Chi bộ {i}", code=f"CHG-{i}", kind="party_cell", level="grassroots"
                ),
            )
    units = list(Unit.objects.filter(path__startswith=root.path).order_by("path"))
    plan = Plan.objects.filter(unit=root, number="1-KH/CHG").first()
    if plan is None:
        plan = Plan.objects.create(unit=root, number="1-KH/CHG", title="Kế hoạch", issued_on=DAY)
    needed = -(-obligations // len(units))
    have = Requirement.objects.filter(plan=plan).count()
    Requirement.objects.bulk_create(
        Requirement(plan=plan, kind="results_report", title=f"Báo cáo {i}", due_on=DAY)
        for i in range(have, needed)
    )
    requirements = list(Requirement.objects.filter(plan=plan).order_by("id")[:needed])
    have = Person.objects.filter(unit__in=units).count()
    Person.objects.bulk_create(
        (
            Person(unit=units[i % len(units)], full_name=f"Đảng viên {i}", sort_key=f"{i:08}")
            for i in range(have, people)
        ),
        batch_size=2000,
    )
    session = StudySession.objects.filter(plan=plan).first() or StudySession.objects.create(
        unit=root,
        plan=plan,
        title="Hội nghị",
        starts_at=timezone.now(),
        mode="in_person",
    )
    return plan, units, requirements, session


def _insert_select_sql(plan, requirements) -> tuple[str, list]:
    table = Obligation._meta.db_table
    return (
        f"INSERT INTO {table} (unit_id, requirement_id, plan_id, due_on, evidence, cancelled)"
        f" SELECT u.id, r.id, r.plan_id, r.due_on, '', %s FROM {Requirement._meta.db_table} r"
        f" CROSS JOIN {Unit._meta.db_table} u WHERE r.plan_id = %s AND r.id BETWEEN %s AND %s"
        f" AND u.path LIKE %s",
        [False, plan.pk, requirements[0].pk, requirements[-1].pk, plan.unit.path + "%"],
    )


def insert_select(plan, requirements) -> None:
    """The same obligations in one ``INSERT … SELECT``: the database's own cost, without
    Python's."""
    with connection.cursor() as cursor:
        cursor.execute(*_insert_select_sql(plan, requirements))


def explain(plan, requirements, rounds: int) -> None:
    """PostgreSQL: the time the change triggers take inside each statement (rolled back)."""
    table = Obligation._meta.db_table
    statements = (
        ("INSERT … SELECT", None),
        ("UPDATE", f"UPDATE {table} SET fulfilled_on = %s WHERE plan_id = %s"),
        ("DELETE", f"DELETE FROM {table} WHERE plan_id = %s"),
    )
    for _round in range(rounds):
        with transaction.atomic(), connection.cursor() as cursor:
            for label, sql in statements:
                if sql is None:
                    sql, params = _insert_select_sql(plan, requirements)
                else:
                    params = [DAY, plan.pk] if label == "UPDATE" else [plan.pk]
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                doc = cursor.fetchone()[0]
                doc = doc[0] if isinstance(doc, list) else doc
                mine = [t for t in doc.get("Triggers", []) if t["Trigger Name"].startswith("rep")]
                total = doc["Execution Time"] / 1000
                spent = sum(t["Time"] for t in mine) / 1000
                calls = sum(t["Calls"] for t in mine)
                print(
                    f"  {label:16} {total:6.2f} s, of which the change trigger {spent:5.2f} s"
                    f" ({calls:,} rows, {spent / max(calls, 1) * 1e6:.1f} µs a row):"
                    f" ratio {total / (total - spent):4.2f}"
                )
            transaction.set_rollback(True)


def timed(label: str, results: dict, on: bool, work) -> None:
    start = time.perf_counter()
    with transaction.atomic():
        work()
    results.setdefault(label, {}).setdefault(on, []).append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--obligations", type=int, default=100_000)
    parser.add_argument("--attendance", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--explain", action="store_true", help="PostgreSQL: the triggers' time")
    args = parser.parse_args()
    if args.explain:
        plan, _units, requirements, _session = world(args.obligations, 0)
        print(f"{connection.vendor}: {args.obligations:,} obligations, triggers on")
        explain(plan, requirements[: -(-args.obligations // UNITS)], args.rounds)
        return
    triggers(False)
    try:
        plan, units, requirements, session = world(args.obligations, args.attendance)
        people = list(
            Person.objects.filter(unit__in=units)
            .order_by("id")
            .values_list("pk", "unit_id")[: args.attendance]
        )
        rows = [
            Obligation(unit=u, plan=plan, requirement=r, due_on=DAY)
            for r in requirements
            for u in units
        ][: args.obligations]
        results: dict[str, dict[bool, list[float]]] = {}
        for _round in range(args.rounds):
            for on in (False, True) if _round % 2 == 0 else (True, False):
                triggers(on)

                def insert(rows=rows):
                    Obligation.objects.bulk_create(rows, batch_size=2000)

                timed("obligations insert", results, on, insert)
                timed(
                    "obligations update",
                    results,
                    on,
                    lambda: Obligation.objects.filter(plan=plan).update(fulfilled_on=DAY),
                )
                timed(
                    "obligations delete",
                    results,
                    on,
                    lambda: Obligation.objects.filter(plan=plan).delete(),
                )
                timed(
                    "obligations INSERT…SELECT",
                    results,
                    on,
                    lambda: insert_select(plan, requirements),
                )
                timed(
                    "attendance insert",
                    results,
                    on,
                    lambda: Attendance.objects.bulk_create(
                        (
                            Attendance(
                                unit_id=unit_id,
                                session=session,
                                person_id=pk,
                                status="present",
                                method="roster",
                            )
                            for pk, unit_id in people
                        ),
                        batch_size=2000,
                    ),
                )
                logged = Change.objects.count()
                triggers(False)
                with transaction.atomic():
                    Obligation.objects.filter(plan=plan).delete()
                    Attendance.objects.filter(session=session).delete()
                    Change.objects.all().delete()
                for row in rows:
                    row.pk = None
                    row._state.adding = True
                print(f"round {_round + 1}, triggers {'on' if on else 'off'}: {logged:,} logged")
    finally:
        triggers(True)
    print(f"{connection.vendor}: {args.obligations:,} obligations, {len(people):,} attendance")
    for label, by in results.items():
        off, on_ = min(by[False]), min(by[True])
        print(f"  {label:26} without {off:7.2f} s   with {on_:7.2f} s   ratio {on_ / off:5.2f}")


if __name__ == "__main__":
    main()
