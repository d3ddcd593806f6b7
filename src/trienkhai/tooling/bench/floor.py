"""The floor of a rollup: the fewest hand-written SQL GROUP BY queries that compute the same
numbers, through ``connection.cursor()`` — no ORM, no query building, no roll-up up the tree.

The benchmark times them beside the engine (``reporting.engine.compute``) and prints the
ratio: what the engine costs on top of the database's own work (building the queries, adding
per-unit rows into buckets, summing them up the tree, the objects it returns). They group by
the unit a row hangs on, the grain the engine needs (learning reports are due under a unit
that owes them, which needs each member's unit). Rows tied to the plan need no condition when
the unit is the plan's issuer (they all lie in its subtree); otherwise, and for people always,
they are kept by ``unit_id IN (units whose path is in the subtree's range)``, as the engine
does (``study.rows._within``).

Query by query (plan P, subtree S, date D), as ``reporting.queries.Collector`` counts:

* obligations per unit, requirement and status as of D (the CASE of
  ``ObligationQuerySet.with_status``), and the counted ones by deadline and evidence date
  (the timeline);
* sessions held by D, per organising unit and mode (count, connection points, non-members);
* members at D, per unit and exemption: how many, how many studied (present at a session of P
  not cancelled, started by D), reports submitted by D, late, returned, graded by grade —
  counted live (``people``), or read from the plan's study tallies (``tallies``) when the
  engine reads them (today);
* programs of P existing at D per unit, status on D, issued, copy flag, years (for reviews due);
* tasks of the programs issued by D per unit and latest reported status, with how many are
  measurable and the sum of their attainment (the latest value between baseline and target) —
  the latest report looked up (``tasks``), or as copied on the task (``tasks_stored``) when the
  engine reads that (today);
* milestones of those programs per unit, and how many are overdue at D;
* approved annual reviews of past years per unit.
"""

from __future__ import annotations

import re

from trienkhai.core.lookups import LAST_PATH_CHAR, PATH_MAX_LENGTH

IN_SUBTREE = (
    "AND {column} IN (SELECT id FROM units_unit WHERE path >= %(low)s AND path <= %(high)s)"
)

OBLIGATION_STATUS = """
       CASE WHEN o.fulfilled_on IS NOT NULL AND o.fulfilled_on <= %(day)s THEN
                CASE WHEN o.fulfilled_on <= o.due_on THEN 'on_time' ELSE 'late' END
            WHEN u.active_to IS NOT NULL AND u.active_to < o.due_on
                 AND u.active_to <= %(day)s THEN 'closed'
            WHEN o.due_on < %(day)s THEN 'overdue'
            ELSE 'pending' END"""

OBLIGATIONS = f"""
SELECT o.unit_id, o.requirement_id, {OBLIGATION_STATUS} AS status, COUNT(*)
FROM resolutions_obligation o JOIN units_unit u ON u.id = o.unit_id
WHERE o.plan_id = %(plan)s AND NOT o.cancelled {{scope:o.unit_id}}
GROUP BY o.unit_id, o.requirement_id, status"""

TIMELINE = f"""
SELECT o.due_on, o.fulfilled_on, COUNT(*)
FROM resolutions_obligation o JOIN units_unit u ON u.id = o.unit_id
WHERE o.plan_id = %(plan)s AND NOT o.cancelled {{scope:o.unit_id}}
  AND {OBLIGATION_STATUS} <> 'closed'
GROUP BY o.due_on, o.fulfilled_on"""

SESSIONS = """
SELECT s.unit_id, s.mode, COUNT(*), SUM(s.connection_points), SUM(s.non_member_count)
FROM study_studysession s
WHERE s.plan_id = %(plan)s AND s.status = 'held' AND s.starts_at < %(end)s {scope:s.unit_id}
GROUP BY s.unit_id, s.mode"""

PEOPLE = """
SELECT p.unit_id, p.exempt_from_activity, COUNT(*),
       COUNT(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM study_attendance a JOIN study_studysession s ON s.id = a.session_id
           WHERE a.person_id = p.id AND a.status = 'present' AND s.plan_id = %(plan)s
             AND s.status <> 'cancelled' AND s.starts_at < %(end)s {narrow:a.person_id})),
       COUNT(r.id),
       COUNT(r.id) FILTER (WHERE r.submitted_at >= %(report_due_end)s),
       COUNT(r.id) FILTER (WHERE r.status = 'returned' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'good' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'fair' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'pass' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'fail' AND r.reviewed_at < %(end)s)
FROM units_person p
LEFT JOIN study_learningreport r
       ON r.person_id = p.id AND r.plan_id = %(plan)s AND r.submitted_at < %(end)s
WHERE p.is_party_member AND (p.left_on IS NULL OR p.left_on > %(day)s) {people:p.unit_id}
GROUP BY p.unit_id, p.exempt_from_activity"""

TALLIES = """
SELECT t.unit_id, t.exempt, t.members, t.attended, t.submitted, t.late, t.returned,
       t.grade_good, t.grade_fair, t.grade_pass, t.grade_fail
FROM study_studytally t
WHERE t.plan_id = %(plan)s {scope:t.unit_id}"""

PROGRAMS = """
SELECT g.unit_id,
       CASE WHEN g.closed_on <= %(day)s THEN 'closed'
            WHEN g.first_approved_on <= %(day)s AND g.effective_on <= %(day)s THEN 'in_effect'
            WHEN g.first_approved_on <= %(day)s THEN 'approved'
            WHEN g.status = 'discussion' THEN 'discussion'
            ELSE 'draft' END AS on_day,
       CASE WHEN g.first_approved_on <= %(day)s THEN 1 ELSE 0 END AS issued,
       g.copy_flagged, {year:g.first_approved_on} AS first_year,
       {year:g.closed_on} AS closed_year, COUNT(*)
FROM programs_actionprogram g
WHERE g.plan_id = %(plan)s AND (g.created_at < %(end)s OR g.first_approved_on <= %(day)s)
  {scope:g.unit_id}
GROUP BY g.unit_id, on_day, issued, g.copy_flagged, first_year, closed_year"""

LATEST = """(SELECT x.{column} FROM programs_progressupdate x
         WHERE x.task_id = t.id AND x.reported_on <= %(day)s{condition}
         ORDER BY x.period_start DESC, x.reported_on DESC, x.id DESC LIMIT 1)"""
ATTAINMENT = """CASE
    WHEN measurable = 0 OR latest_value IS NULL THEN 0.0
    WHEN t = base THEN (CASE WHEN latest_value >= t THEN 1.0 ELSE 0.0 END)
    WHEN (latest_value - base) * 1.0 / (t - base) <= 0 THEN 0.0
    WHEN (latest_value - base) * 1.0 / (t - base) >= 1 THEN 1.0
    ELSE (latest_value - base) * 1.0 / (t - base) END"""
TASKS = f"""
SELECT u, latest_status, COUNT(*), SUM(measurable), SUM({ATTAINMENT}) FROM (
    SELECT g.unit_id AS u,
           COALESCE({LATEST.format(column="status", condition="")}, 'not_started')
               AS latest_status,
           {LATEST.format(column="value", condition=" AND x.value IS NOT NULL")} AS latest_value,
           CASE WHEN t.indicator <> '' AND t.target IS NOT NULL THEN 1 ELSE 0 END AS measurable,
           COALESCE(t.baseline, 0) AS base, t.target AS t
    FROM programs_task t JOIN programs_actionprogram g ON g.id = t.program_id
    WHERE g.plan_id = %(plan)s AND g.first_approved_on <= %(day)s {{scope:g.unit_id}}
) per_task
GROUP BY u, latest_status"""

TASKS_STORED = f"""
SELECT u, latest_status, COUNT(*), SUM(measurable), SUM({ATTAINMENT}) FROM (
    SELECT g.unit_id AS u, t.reported_status AS latest_status, t.reported_value AS latest_value,
           CASE WHEN t.indicator <> '' AND t.target IS NOT NULL THEN 1 ELSE 0 END AS measurable,
           COALESCE(t.baseline, 0) AS base, t.target AS t
    FROM programs_task t JOIN programs_actionprogram g ON g.id = t.program_id
    WHERE g.plan_id = %(plan)s AND g.first_approved_on <= %(day)s {{scope:g.unit_id}}
) per_task
GROUP BY u, latest_status"""

MILESTONES = """
SELECT g.unit_id, COUNT(*),
       COUNT(*) FILTER (WHERE m.due_on < %(day)s AND (m.done_on IS NULL OR m.done_on > %(day)s))
FROM programs_milestone m
JOIN programs_task t ON t.id = m.task_id
JOIN programs_actionprogram g ON g.id = t.program_id
WHERE g.plan_id = %(plan)s AND g.first_approved_on <= %(day)s {scope:g.unit_id}
GROUP BY g.unit_id"""

REVIEWS = """
SELECT g.unit_id, COUNT(*)
FROM programs_annualreview r JOIN programs_actionprogram g ON g.id = r.program_id
WHERE g.plan_id = %(plan)s AND g.first_approved_on <= %(day)s AND r.status = 'approved'
  AND r.approved_on <= %(day)s AND r.year < %(year)s {scope:g.unit_id}
GROUP BY g.unit_id"""

QUERIES = {
    "obligations": OBLIGATIONS,
    "timeline": TIMELINE,
    "sessions": SESSIONS,
    "people": PEOPLE,
    "tallies": TALLIES,
    "programs": PROGRAMS,
    "tasks": TASKS,
    "tasks_stored": TASKS_STORED,
    "milestones": MILESTONES,
    "reviews": REVIEWS,
}
_PLACEHOLDER = re.compile(r"\{(scope|people|narrow|year):([\w.]+)\}")
NARROW = (
    "AND {column} IN (SELECT pp.id FROM units_person pp WHERE pp.unit_id IN "
    "(SELECT id FROM units_unit WHERE path >= %(low)s AND path <= %(high)s))"
)


def _sql(name: str, vendor: str, whole: bool) -> str:
    """The query with its placeholders filled: ``{scope:col}`` restricts rows tied to the
    plan to the subtree (nothing to do for the issuer's whole subtree: they all lie there),
    ``{people:col}`` restricts people always, ``{narrow:col}`` narrows the attendance looked
    up to the subtree's people below the issuer (``study.eligibility.studied`` does the same: on
    PostgreSQL the look-up becomes one hashed set, built from that part only; SQLite probes per
    person, where it only adds work), ``{year:col}``
    is a date's year."""

    def fill(match):
        what, column = match.groups()
        if what == "year":
            if vendor == "postgresql":
                return f"EXTRACT(YEAR FROM {column})"
            return f"CAST(strftime('%%Y', {column}) AS INTEGER)"
        if what == "scope" and whole:
            return ""
        if what == "narrow" and (whole or vendor != "postgresql"):
            return ""  # SQLite probes the index per person: narrowing only adds work
        if what == "narrow":
            return NARROW.format(column=column)
        return IN_SUBTREE.format(column=column)

    return _PLACEHOLDER.sub(fill, QUERIES[name])


def params(plan, path: str, day) -> dict:
    from django.db import connection

    from trienkhai.resolutions.models import Requirement
    from trienkhai.study.scope import day_end

    ops = connection.ops
    due = (
        Requirement.objects.filter(plan=plan, kind="learning_reports")
        .values_list("due_on", flat=True)
        .first()
    )
    return {
        "plan": plan.pk,
        "day": ops.adapt_datefield_value(day),
        "end": ops.adapt_datetimefield_value(day_end(day)),
        "report_due_end": ops.adapt_datetimefield_value(day_end(due)) if due else None,
        "year": day.year,
        "low": path,
        "high": path + LAST_PATH_CHAR * max(PATH_MAX_LENGTH - len(path), 1),
    }


def floor(plan, path: str, day, names=None) -> dict[str, list[tuple]]:
    """Run the floor queries for the subtree at ``path`` as of ``day``; their rows by name.
    ``params`` is computed outside the timed part by :func:`prepare`."""
    return run(prepare(plan, path, day, names))


def prepare(plan, path: str, day, names=None):
    from django.db import connection

    chosen = list(names or QUERIES)
    whole = path == plan.unit.path
    return [(n, _sql(n, connection.vendor, whole)) for n in chosen], params(plan, path, day)


def run(prepared) -> dict[str, list[tuple]]:
    from django.db import connection

    queries, values = prepared
    out = {}
    with connection.cursor() as cursor:
        for name, sql in queries:
            cursor.execute(sql, values)
            out[name] = cursor.fetchall()
    return out


def totals(rows: dict[str, list[tuple]]) -> dict[str, float]:
    """A few totals of the floor's rows, to compare with the engine's ``Rollup.total``."""
    out: dict[str, float] = {}
    if "obligations" in rows:
        out["obligations"] = sum(r[3] for r in rows["obligations"])
        out["obligations_done"] = sum(r[3] for r in rows["obligations"] if r[2] in DONE)
    for name in ("people", "tallies"):
        if name in rows:
            out["members"] = sum(r[2] for r in rows[name])
            out["members_attended"] = sum(r[3] for r in rows[name])
    if "sessions" in rows:
        out["sessions_held"] = sum(r[2] for r in rows["sessions"])
    if "programs" in rows:
        out["programs_written"] = sum(r[-1] for r in rows["programs"])
        out["programs_issued"] = sum(r[-1] for r in rows["programs"] if r[2])
        tasks = rows.get("tasks", rows.get("tasks_stored", []))
        out["tasks"] = sum(r[2] for r in tasks)
        out["measurable"] = sum(r[3] or 0 for r in tasks)
        out["attainment"] = round(sum(float(r[4] or 0) for r in tasks), 3)
        out["milestones"] = sum(r[1] for r in rows["milestones"])
        out["milestones_overdue"] = sum(r[2] for r in rows["milestones"])
        out["reviews_approved"] = sum(r[1] for r in rows["reviews"])
    return out


DONE = ("on_time", "late")


def engine_totals(result) -> dict[str, float]:
    """The same totals from a ``Rollup`` (or the interim rollup's pair)."""
    if isinstance(result, tuple):  # interim: (completeness, study overview)
        progress, overview = result
        tallies = [p.tally for p in progress]
        study, programs = overview.total, None
    else:
        tallies = list(result.total.obligations.values())
        study, programs = result.total.study, result.total.programs
    out: dict[str, float] = {
        "obligations": sum(t.owed + t.closed for t in tallies),
        "obligations_done": sum(t.done for t in tallies),
        "members": study.members,
        "members_attended": study.members_attended,
        "sessions_held": study.sessions_held,
    }
    if programs is not None:
        out.update(
            programs_written=programs.written,
            programs_issued=programs.issued,
            tasks=programs.tasks,
            measurable=programs.measurable,
            attainment=round(programs.attainment_sum, 3),
            milestones=programs.milestones,
            milestones_overdue=programs.milestones_overdue,
            reviews_approved=programs.reviews_approved,
        )
    return out
