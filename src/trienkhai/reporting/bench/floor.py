"""The floor of a rollup: the fewest hand-written SQL GROUP BY queries that compute the same
numbers, through ``connection.cursor()`` — no ORM, no scoping, no roll-up up the tree.

The benchmark times them beside the engine and prints the ratio: what the engine costs on top
of the database's own work (building queries, scoping, adding per-unit rows into the child
buckets, the Python objects it returns). They group by the unit a row hangs on, the grain the
engine needs (learning reports are due under a unit that owes them, which needs each member's
unit), and are restricted to the unit's subtree with the same path range the ORM uses
(``core.lookups.PathPrefix``), so a mid-level unit's floor reads only its subtree.

Query by query (plan P, subtree S, date D):

* obligations: per unit, requirement and status as of D (the CASE of
  ``ObligationQuerySet.with_status``);
* sessions held by D, per organising unit and mode (count, connection points, non-members);
* members now, per unit and exemption: how many, how many studied (present at a session of P
  not cancelled, started by D), reports submitted by D, late, returned, graded by grade;
* programs of P per unit, status and copy flag;
* tasks of those programs per program unit and latest reported status as of D, with how many
  are measurable and how many reached their target;
* milestones per program unit: due by D, done by D;
* progress reports per program unit: how many, how many sent more than 15 days after the
  period ended.
"""

from __future__ import annotations

from trienkhai.core.lookups import LAST_PATH_CHAR, PATH_MAX_LENGTH

IN_SUBTREE = "{alias}.path >= %(low)s AND {alias}.path <= %(high)s"

OBLIGATIONS = """
SELECT o.unit_id, o.requirement_id,
       CASE WHEN o.fulfilled_on IS NOT NULL AND o.fulfilled_on <= %(day)s THEN
                CASE WHEN o.fulfilled_on <= o.due_on THEN 'on_time' ELSE 'late' END
            WHEN u.active_to IS NOT NULL AND u.active_to < o.due_on
                 AND u.active_to <= %(day)s THEN 'closed'
            WHEN o.due_on < %(day)s THEN 'overdue'
            ELSE 'pending' END AS status,
       COUNT(*)
FROM resolutions_obligation o JOIN units_unit u ON u.id = o.unit_id
WHERE o.plan_id = %(plan)s AND NOT o.cancelled AND {subtree}
GROUP BY o.unit_id, o.requirement_id, status"""

SESSIONS = """
SELECT s.unit_id, s.mode, COUNT(*), SUM(s.connection_points), SUM(s.non_member_count)
FROM study_studysession s JOIN units_unit u ON u.id = s.unit_id
WHERE s.plan_id = %(plan)s AND s.status = 'held' AND s.starts_at < %(end)s AND {subtree}
GROUP BY s.unit_id, s.mode"""

PEOPLE = """
SELECT p.unit_id, p.exempt_from_activity, COUNT(*),
       COUNT(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM study_attendance a JOIN study_studysession s ON s.id = a.session_id
           WHERE a.person_id = p.id AND a.status = 'present' AND s.plan_id = %(plan)s
             AND s.status <> 'cancelled' AND s.starts_at < %(end)s)),
       COUNT(r.id),
       COUNT(r.id) FILTER (WHERE r.submitted_at >= %(report_due_end)s),
       COUNT(r.id) FILTER (WHERE r.status = 'returned' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'good' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'fair' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'pass' AND r.reviewed_at < %(end)s),
       COUNT(r.id) FILTER (WHERE r.grade = 'fail' AND r.reviewed_at < %(end)s)
FROM units_person p
JOIN units_unit u ON u.id = p.unit_id
LEFT JOIN study_learningreport r
       ON r.person_id = p.id AND r.plan_id = %(plan)s AND r.submitted_at < %(end)s
WHERE p.is_party_member AND (p.left_on IS NULL OR p.left_on > %(day)s) AND {subtree}
GROUP BY p.unit_id, p.exempt_from_activity"""

PROGRAMS = """
SELECT g.unit_id, g.status, g.copy_flagged, COUNT(*)
FROM programs_actionprogram g JOIN units_unit u ON u.id = g.unit_id
WHERE g.plan_id = %(plan)s AND {subtree}
GROUP BY g.unit_id, g.status, g.copy_flagged"""

TASKS = """
SELECT g.unit_id, latest.status, COUNT(*),
       COUNT(*) FILTER (WHERE t.indicator <> '' AND t.target IS NOT NULL),
       COUNT(*) FILTER (WHERE latest.value IS NOT NULL AND (
           (t.target >= t.baseline AND latest.value >= t.target)
           OR (t.target < t.baseline AND latest.value <= t.target)))
FROM programs_task t
JOIN programs_actionprogram g ON g.id = t.program_id
JOIN units_unit u ON u.id = g.unit_id
LEFT JOIN programs_progressupdate latest ON latest.task_id = t.id
     AND latest.period_start = (
         SELECT MAX(x.period_start) FROM programs_progressupdate x
         WHERE x.task_id = t.id AND x.reported_on <= %(day)s)
WHERE g.plan_id = %(plan)s AND {subtree}
GROUP BY g.unit_id, latest.status"""

MILESTONES = """
SELECT g.unit_id, COUNT(*) FILTER (WHERE m.due_on <= %(day)s),
       COUNT(*) FILTER (WHERE m.done_on IS NOT NULL AND m.done_on <= %(day)s),
       COUNT(*) FILTER (WHERE m.due_on < %(day)s
                        AND NOT (m.done_on IS NOT NULL AND m.done_on <= %(day)s))
FROM programs_milestone m
JOIN programs_task t ON t.id = m.task_id
JOIN programs_actionprogram g ON g.id = t.program_id
JOIN units_unit u ON u.id = g.unit_id
WHERE g.plan_id = %(plan)s AND {subtree}
GROUP BY g.unit_id"""

UPDATES = """
SELECT g.unit_id, COUNT(*), COUNT(*) FILTER (WHERE p.reported_on > p.period_end + {grace})
FROM programs_progressupdate p
JOIN programs_task t ON t.id = p.task_id
JOIN programs_actionprogram g ON g.id = t.program_id
JOIN units_unit u ON u.id = g.unit_id
WHERE g.plan_id = %(plan)s AND p.reported_on <= %(day)s AND {subtree}
GROUP BY g.unit_id"""

QUERIES = {
    "obligations": OBLIGATIONS,
    "sessions": SESSIONS,
    "people": PEOPLE,
    "programs": PROGRAMS,
    "tasks": TASKS,
    "milestones": MILESTONES,
    "updates": UPDATES,
}


def _sql(name: str, vendor: str) -> str:
    sql = QUERIES[name].replace("{subtree}", IN_SUBTREE.format(alias="u"))
    # A date plus 15 days, in each dialect (dates are ISO text on SQLite).
    grace = "INTERVAL '15 days'" if vendor == "postgresql" else "0"
    if vendor != "postgresql":
        sql = sql.replace("p.period_end + {grace}", "date(p.period_end, '+15 days')")
    return sql.replace("{grace}", grace)


def params(plan, path: str, day) -> dict:
    from django.db import connection

    from trienkhai.resolutions.models import Requirement
    from trienkhai.study.rows import day_end

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
    return [(n, _sql(n, connection.vendor)) for n in chosen], params(plan, path, day)


def run(prepared) -> dict[str, list[tuple]]:
    from django.db import connection

    queries, values = prepared
    out = {}
    with connection.cursor() as cursor:
        for name, sql in queries:
            cursor.execute(sql, values)
            out[name] = cursor.fetchall()
    return out
