"""Timing the study numbers at province scale (issue 4, "Performance").

    uv run python -m trienkhai.tooling.timing.study --data-dir /tmp/study-scale
    uv run python -m trienkhai.tooling.timing.study --data-dir /tmp/x --database-url postgres://…

Into the database of ``--data-dir`` (or ``--database-url``) it generates the province scale when
there are no units yet (``builders.ensure_units``), then — once; ``--rebuild`` starts again —
one issued plan with the study rows a province produces: a session per party cell and committee
(~11,000, a few cancelled, a few still to come, ~1,000 make-ups), an attendance row per person
(~230,000) and a learning report from each member who wrote one (~205,000, ``--report-chars`` of
text each). Those rows go in with bulk inserts, not through the services: this measures reading.

Then it prints, as medians of ``--repeat`` runs after one warm-up, the wall time and the CPU
time of this process (SQLite runs in it; on PostgreSQL the server's time is not in it):

* ``study_numbers``, ``study_by_child`` and ``study_overview`` of the whole province, and of
  one commune;
* the floor: the raw SQL GROUP BY queries behind the same numbers (no ORM, no scoping, no
  roll-up; their totals are checked against the roll-up's), and the ratio to it;
* the roster page of a commune-wide session with 2,000 expected members or a few more.

``--person-index`` adds, in this scratch database only, the covering index proposed for
``units.Person``, to time with and without it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time

ROSTER_SIZE = 2_000  # rows of a roster page: the roster timed is a commune's of about as many


def _setup(args) -> None:
    if args.data_dir:
        os.environ["TRIENKHAI_DATA_DIR"] = str(args.data_dir)
    if args.database_url:
        os.environ["TRIENKHAI_DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _median(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


# --- the floor: the same numbers in hand-written SQL ----------------------------------------

FLOOR_SESSIONS = """
SELECT s.unit_id, s.mode, COUNT(*), SUM(s.connection_points), SUM(s.non_member_count)
FROM study_studysession s
WHERE s.plan_id = %s AND s.status = 'held' AND s.starts_at < %s
GROUP BY s.unit_id, s.mode"""
FLOOR_OBLIGATIONS = """
SELECT o.unit_id, r.kind,
       COUNT(*) FILTER (WHERE o.fulfilled_on IS NOT NULL AND o.fulfilled_on <= %s)
FROM resolutions_obligation o JOIN resolutions_requirement r ON r.id = o.requirement_id
WHERE o.plan_id = %s AND NOT o.cancelled AND r.kind IN ('study_session', 'learning_reports')
GROUP BY o.unit_id, r.kind"""
FLOOR_PEOPLE = """
SELECT p.unit_id, p.exempt_from_activity, COUNT(*),
       COUNT(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM study_attendance a JOIN study_studysession s ON s.id = a.session_id
           WHERE a.person_id = p.id AND a.status = 'present' AND s.plan_id = %(plan)s
             AND s.status <> 'cancelled' AND s.starts_at < %(end)s)),
       COUNT(r.id),
       COUNT(r.id) FILTER (WHERE r.due_on = %(due)s AND r.submitted_at >= %(due_end)s),
       COUNT(r.id) FILTER (WHERE r.status = 'returned' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'good' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'fair' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'pass' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'fail' AND r.reviewed_at < %(end)s)
FROM units_person p
LEFT JOIN study_learningreport r
       ON r.person_id = p.id AND r.plan_id = %(plan)s AND r.submitted_at < %(end)s
WHERE p.is_party_member AND (p.left_on IS NULL OR p.left_on > %(day)s)
GROUP BY p.unit_id, p.exempt_from_activity"""


def floor(plan, as_of: datetime.date) -> dict:
    """The GROUP BY queries behind the numbers of the whole database, in plain SQL through
    the cursor: no ORM, no scoping condition, no roll-up. Returns a few totals to check
    against the roll-up."""
    from django.db import connection

    from trienkhai.study.rollup import day_end

    report_due = plan.requirements.get(kind="learning_reports").due_on

    ops = connection.ops
    end = ops.adapt_datetimefield_value(day_end(as_of))
    day = ops.adapt_datefield_value(as_of)
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SESSIONS, [plan.pk, end])
        sessions = cursor.fetchall()
        cursor.execute(FLOOR_OBLIGATIONS, [day, plan.pk])
        cursor.fetchall()
        cursor.execute(
            FLOOR_PEOPLE,
            {
                "plan": plan.pk,
                "end": end,
                "day": day,
                "due": ops.adapt_datefield_value(report_due),
                "due_end": ops.adapt_datetimefield_value(day_end(report_due)),
            },
        )
        people = cursor.fetchall()
    return {
        "sessions_held": sum(r[2] for r in sessions),
        "members": sum(r[2] for r in people),
        "eligible": sum(r[2] for r in people if not r[1]),
        "attended": sum(r[3] for r in people if not r[1]),
        "members_attended": sum(r[3] for r in people),
    }


# --- timing -------------------------------------------------------------------------------------


def _time(func, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``repeat`` calls, after one call to warm the caches."""
    result = func()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), statistics.median(cpus), result


def _roster(plan, repeat: int, out=print):
    """Render the roster of a commune-wide session with 2,000 expected members or a few
    more (a page shows 2,000 rows), found by one GROUP BY on the path prefix."""
    from django.db.models import Count
    from django.db.models.functions import Substr
    from django.test import Client, override_settings
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from trienkhai.core.models import User
    from trienkhai.study import eligibility
    from trienkhai.study.models import StudySession
    from trienkhai.units.models import Person, Unit

    try:
        reverse("study:roster", args=[1])
    except NoReverseMatch:
        out("No roster view yet: not timed.")
        return None
    communes = {u.path: u for u in Unit.objects.filter(depth=2, kind="party_committee")}
    counts = (
        Person.objects.filter(is_party_member=True, exempt_from_activity=False)
        .annotate(commune=Substr("unit__path", 1, 8))
        .values("commune")
        .annotate(n=Count("id"))
        .order_by()
    )
    # The smallest commune with at least 2,000 (a roster page shows 2,000 rows).
    sizes = [c for c in counts if c["commune"] in communes]
    top = min(sizes, key=lambda c: (c["n"] < ROSTER_SIZE, abs(c["n"] - ROSTER_SIZE)))
    unit = communes[top["commune"]]
    session = StudySession.objects.filter(plan=plan, unit=unit, title="Roster timing").first()
    if session is None:
        session = StudySession.objects.create(
            unit=unit,
            plan=plan,
            title="Roster timing",
            starts_at=timezone.now(),
            mode="in_person",
            include_subtree=True,
        )
    expected = eligibility.expected(session).count()
    user, _ = User.objects.get_or_create(username="study-timing-admin", is_superuser=True)
    client = Client()
    # A timing session, not a person: no second factor to type (a superuser would need one).
    with override_settings(TRIENKHAI_REQUIRE_2FA=False):
        client.force_login(user)
    url = reverse("study:roster", args=[session.pk])

    def render():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    wall, cpu, size = _time(render, repeat)
    out(f"Roster of {expected:,} expected members ({unit.name}): {size:,} bytes.")
    return expected, wall, cpu


def run(plan, repeat: int, out=print) -> list[tuple[str, float, float]]:
    from django.db import connection
    from django.utils import timezone

    from trienkhai.study import rollup
    from trienkhai.units.models import Unit

    root = Unit.objects.filter(depth=1).order_by("path").first()
    commune = Unit.objects.filter(depth=2, kind="party_committee").order_by("path").first()
    assert root is not None and commune is not None, "no tree: load the demo first"
    as_of = timezone.localdate()
    rows = []

    def timed(label, func):
        wall, cpu, result = _time(func, repeat)
        rows.append((label, wall, cpu))
        return result

    numbers = timed("study_numbers(plan, province)", lambda: rollup.study_numbers(plan, root))
    timed("study_by_child(plan, province)", lambda: rollup.study_by_child(plan, root))
    timed("study_overview(plan, province)", lambda: rollup.study_overview(plan, root))
    timed("study_numbers(plan, a commune)", lambda: rollup.study_numbers(plan, commune))
    timed("study_by_child(plan, a commune)", lambda: rollup.study_by_child(plan, commune))
    totals = timed("floor: the raw SQL GROUP BYs", lambda: floor(plan, as_of))
    for name, value in totals.items():
        got = getattr(numbers, name)
        if got != value:
            raise AssertionError(f"{name}: roll-up {got} vs floor {value}")
    roster = _roster(plan, repeat, out)
    if roster:
        rows.append((f"roster render, {roster[0]:,} people", roster[1], roster[2]))
    n = numbers
    out(
        f"\nProvince ({connection.vendor}): {n.sessions_held:,} sessions held, "
        f"{n.members:,} members, {n.eligible:,} eligible, {n.attended:,} studied "
        f"({n.attendance_rate.percent:.1f} % of eligible, {n.rate_all_members.percent:.1f} % "
        f"of all, reported {n.rate_reported.percent:.1f} %), reports {n.reports_submitted:,}"
        f"/{n.reports_due:,} ({n.reports_late:,} late), {n.units_without_session:,} units "
        f"without a session, {n.units_missing_reports:,} with missing reports."
    )
    return rows


PERSON_INDEX = "units_person (unit_id, exempt_from_activity, is_party_member, left_on)"


def _person_index(wanted: bool) -> None:
    """Create (or drop) the covering index proposed for ``units.Person`` — in this scratch
    database only, to time with and without it."""
    from django.db import connection

    with connection.cursor() as cursor:
        if wanted:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS study_timing_person_idx ON {PERSON_INDEX}")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("DROP INDEX IF EXISTS study_timing_person_idx")
    print(f"Proposed person index: {'yes' if wanted else 'no'}.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="TRIENKHAI_DATA_DIR to use (SQLite lives there)")
    parser.add_argument("--database-url", help="TRIENKHAI_DATABASE_URL (e.g. a scratch PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the plan's study rows")
    parser.add_argument("--report-chars", type=int, default=1500)
    parser.add_argument(
        "--person-index",
        action="store_true",
        help=f"time with the index the lead is asked to add to units.Person ({PERSON_INDEX})",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("TRIENKHAI_ALLOWED_HOSTS", "testserver,localhost")
    _setup(args)
    from django.db import connection

    from trienkhai.tooling import builders
    from trienkhai.units.models import Unit

    if not Unit.objects.exists():  # any scale already there will do
        builders.ensure_units("province")
    plan = builders.study_plan(rebuild=args.rebuild, report_chars=args.report_chars)
    _person_index(args.person_index)
    rows = run(plan, args.repeat)
    floor_wall = next(w for label, w, _c in rows if label.startswith("floor"))
    floor_cpu = next(c for label, _w, c in rows if label.startswith("floor"))
    print(f"\nMedians of {args.repeat} ({connection.vendor}); ratio = time / floor")
    print(f"{'':40} {'wall ms':>9} {'cpu ms':>8} {'wall ×':>7} {'cpu ×':>6}")
    for label, wall, cpu in rows:
        ratios = ("", "")
        if "province" in label:
            ratios = (f"{wall / floor_wall:.2f}", f"{cpu / floor_cpu:.2f}")
        print(f"{label:40} {wall * 1000:9.1f} {cpu * 1000:8.1f} {ratios[0]:>7} {ratios[1]:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
