"""The change log: what changed, written by database triggers (issue 20, live rollups).

Every write to a table the rollup engine reads appends, in the same transaction, rows to
``reporting_change`` (``models.Change``) saying which unit's figures of which plan must be
folded in again. Triggers rather than services or signals because the rows are written by
many paths — the services, ``bulk_create``, ``queryset.update()``/``delete()``, the demo
generator's bulk inserter, the imports, raw SQL — and a trigger sees them all, commits with
the write and rolls back with it.

What a row says (``Change``): ``unit_id`` — the unit whose *own* rows changed, i.e. the unit
the engine groups that row under (not always the row's ``unit_id``: a task counts on its
program's unit, an attendance on the person's home unit); ``plan_id`` — the plan the row
belongs to when the row knows it, else NULL (any plan). The figures of the plans the plan
carries out (its parent, grandparent …: ``Plan.objects.carrying_out``) change too; the
reader follows ``Plan.parent``. ``scope`` — 0 ``ROWS``: rows of that unit changed; 1 ``UNIT``:
the unit itself changed in a way that moves figures between subtrees (created, deleted,
moved: its path changed — every unit of a moved subtree logs its own row —, closed or
reopened: its active dates changed); 2 ``PLAN``: a plan-wide change (a plan created or
deleted, given another issuer or linked under another plan, its requirements or the documents
it carries out changed): ``unit_id`` is the plan's issuer, ``plan_id`` the plan.

On UPDATE both the old and the new row are logged (a row moved from one unit or plan to
another changes both), once when they say the same; an UPDATE that changes none of the
columns the engine reads (``Watch.columns``) logs nothing (the triggers' ``WHEN``).

What is watched (table → the unit the row counts on → the plan; ``person.unit`` is the
person's home unit now, ``program.*`` the row's action program's, ``inspection.plan`` the
plan of the row's inspection):

==========================  ====================================  ===========================
table                       unit the row counts on                plan
==========================  ====================================  ===========================
units_unit                  itself, scope 1 (created, deleted,    NULL
                            path or active dates changed);
                            scope 0 when its kind changes
                            (the inspections count committees
                            and cells)
units_person                its unit (old and new)                NULL (every plan)
resolutions_plan            its issuer, scope 2; on UPDATE also   the plan; the parent
                            the old and new parent's issuer
resolutions_requirement     the plan's issuer, scope 2            its plan
resolutions_plan_resolutions  the plan's issuer, scope 2          its plan
resolutions_obligation      its unit                              its plan
study_studysession          its (organising) unit; when its       its plan
                            plan, status or start changes also
                            the home units of its attendees
study_attendance            person.unit                           the session's plan
study_learningreport        person.unit                           its plan
programs_actionprogram      its unit (its tasks, milestones and   its plan
                            reviews count there too)
programs_task               program.unit                          program.plan
programs_milestone          program.unit (through its task)       program.plan
programs_progressupdate     program.unit (through its task)       program.plan
programs_annualreview       program.unit                          program.plan
core_dataflag               its unit; for a flag on an activity   its plan
                            also the activity's unit
inspections_inspection      its (conducting) unit; when its plan  its plan
                            or conclusion date changes also the
                            units of its targets, findings and
                            recommendations
inspections_inspectiontarget  its unit                            inspection.plan
inspections_finding         its target unit                       inspection.plan
inspections_recommendation  its unit (the addressee)              inspection.plan
inspections_programitem     the inspection program's unit         its plan
inspections_inspectionprogram  (UPDATE of its unit only) old and  its items' plans
                            new unit
outreach_activity           its unit                              its plan
outreach_question           its unit                              each plan carrying out
                                                                  the page's resolution
outreach_answer             its unit                              the same
outreach_publicpage         (UPDATE of its resolution only) the   each plan carrying out
                            plans' issuers, scope 2               the old or new resolution
==========================  ====================================  ===========================

Not watched: the study tallies (``StudyTally``, ``TallyState``, ``TallyMark``). The engine
reads ``StudyTally`` for today, but a tally is a copy of the rows above (people, attendance,
reports), rewritten when it is read: its sources are watched, and watching the copy would
log every catch-up as a change.

The declarations (``WATCHES``) are SQL fragments with ``{row}`` (``NEW`` or ``OLD``) and
``{app.Model}`` placeholders: the table names are read from the models when the SQL is made
(``install``, from a migration's app registry), and every column named in ``Watch.columns``
is checked against the model. Each target is one ``INSERT … SELECT DISTINCT`` in the trigger:
scalar subqueries and joins, no CTE (SQLite's trigger bodies). SQLite gets one trigger per
event (UPDATE with its ``WHEN``); PostgreSQL one plpgsql function and one trigger per table,
the UPDATE's test inside the function (a ``WHEN`` on the trigger would forbid any later
change of the type of the columns it names). Change a declaration → add a migration that
runs ``install`` again (it drops what it installs first). SQLite drops a table's triggers
when Django remakes the table (most ``AlterField``s): ``core/sqlite`` keeps every trigger
across a remake, and the tests check that every declared trigger is installed after the
migrations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ROWS, UNIT, PLAN = 0, 1, 2
INSERT, UPDATE, DELETE = "INSERT", "UPDATE", "DELETE"
EVENTS = (INSERT, UPDATE, DELETE)
CHANGE = "reporting.Change"
PREFIX = "reporting_change__"


@dataclass(frozen=True)
class Target:
    """One kind of log row a write makes: SQL for its unit and plan over ``{row}``; with
    ``source`` (``FROM … WHERE …``) one row per match (the attendees of a session); only on
    ``events``; on UPDATE only when one of ``columns`` changed (default: the watch's)."""

    unit: str
    plan: str = "NULL"
    scope: int = ROWS
    source: str = ""
    events: tuple[str, ...] = EVENTS
    columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Watch:
    """A watched table (``model``, "app.Model"), the columns the engine reads from it and
    what its writes log."""

    model: str
    columns: tuple[str, ...]
    targets: tuple[Target, ...]


def watch(model: str, columns: str, unit: str, plan: str = "NULL", *more: Target, scope=ROWS):
    return Watch(model, tuple(columns.split()), (Target(unit, plan, scope), *more))


def _via_program(column: str, link: str = "task_id") -> str:
    """A column of the action program of the row's task (``link``) or program."""
    if link == "program_id":
        return f"(SELECT {column} FROM {{programs.ActionProgram}} WHERE id = {{row}}.program_id)"
    return (
        f"(SELECT p.{column} FROM {{programs.ActionProgram}} p JOIN {{programs.Task}} t"
        f" ON t.program_id = p.id WHERE t.id = {{row}}.{link})"
    )


PERSON_UNIT = "(SELECT unit_id FROM {units.Person} WHERE id = {row}.person_id)"
INSPECTION_PLAN = "(SELECT plan_id FROM {inspections.Inspection} WHERE id = {row}.inspection_id)"
PLAN_ISSUER = "(SELECT unit_id FROM {resolutions.Plan} WHERE id = {row}.plan_id)"
#: The plans carrying out the resolution of the row's public page (questions, answers).
PAGE_PLANS = (
    "FROM {resolutions.Plan_resolutions} pr JOIN {outreach.PublicPage} pg"
    " ON pg.resolution_id = pr.resolution_id WHERE pg.id = {row}.page_id"
)
#: ``DataFlag.object_type`` of a flag on an activity (``Activity._meta.label_lower``).
ACTIVITY_TYPE = "outreach.activity"


def _inspection_rows(table: str, column: str) -> Target:
    return Target(
        f"x.{column}",
        "{row}.plan_id",
        source=f"FROM {{inspections.{table}}} x WHERE x.inspection_id = {{row}}.id",
        events=(UPDATE,),
        columns=("plan_id", "concluded_on"),
    )


WATCHES: tuple[Watch, ...] = (
    Watch(
        "units.Unit",
        ("path", "active_from", "active_to", "kind"),
        (
            Target("{row}.id", scope=UNIT, columns=("path", "active_from", "active_to")),
            Target("{row}.id", events=(UPDATE,), columns=("kind",)),
        ),
    ),
    watch("units.Person", "unit_id is_party_member exempt_from_activity left_on", "{row}.unit_id"),
    Watch(
        "resolutions.Plan",
        ("unit_id", "parent_id"),
        (
            Target("{row}.unit_id", "{row}.id", PLAN),
            Target(
                "(SELECT unit_id FROM {resolutions.Plan} WHERE id = {row}.parent_id)",
                "{row}.parent_id",
                PLAN,
                events=(UPDATE,),
            ),
        ),
    ),
    watch(
        "resolutions.Requirement",
        "plan_id kind due_on target_value withdrawn",
        PLAN_ISSUER,
        "{row}.plan_id",
        scope=PLAN,
    ),
    watch(
        "resolutions.Plan_resolutions",
        "plan_id resolution_id",
        PLAN_ISSUER,
        "{row}.plan_id",
        scope=PLAN,
    ),
    watch(
        "resolutions.Obligation",
        "unit_id plan_id requirement_id due_on fulfilled_on cancelled",
        "{row}.unit_id",
        "{row}.plan_id",
    ),
    watch(
        "study.StudySession",
        "unit_id plan_id status starts_at mode connection_points non_member_count",
        "{row}.unit_id",
        "{row}.plan_id",
        Target(
            "p.unit_id",
            "{row}.plan_id",
            source="FROM {study.Attendance} a JOIN {units.Person} p ON p.id = a.person_id"
            " WHERE a.session_id = {row}.id",
            events=(UPDATE,),
            columns=("plan_id", "status", "starts_at"),
        ),
    ),
    watch(
        "study.Attendance",
        "session_id person_id status",
        PERSON_UNIT,
        "(SELECT plan_id FROM {study.StudySession} WHERE id = {row}.session_id)",
    ),
    watch(
        "study.LearningReport",
        "person_id plan_id submitted_at due_on status grade reviewed_at",
        PERSON_UNIT,
        "{row}.plan_id",
    ),
    watch(
        "programs.ActionProgram",
        "unit_id plan_id status first_approved_on effective_on closed_on copy_flagged created_at",
        "{row}.unit_id",
        "{row}.plan_id",
    ),
    watch(
        "programs.Task",
        "program_id indicator baseline target reported_status reported_value",
        _via_program("unit_id", "program_id"),
        _via_program("plan_id", "program_id"),
    ),
    watch(
        "programs.Milestone",
        "task_id due_on done_on",
        _via_program("unit_id"),
        _via_program("plan_id"),
    ),
    watch(
        "programs.ProgressUpdate",
        "task_id period_start status value reported_on",
        _via_program("unit_id"),
        _via_program("plan_id"),
    ),
    watch(
        "programs.AnnualReview",
        "program_id year status approved_on",
        _via_program("unit_id", "program_id"),
        _via_program("plan_id", "program_id"),
    ),
    watch(
        "core.DataFlag",
        "unit_id plan_id state detected_on object_type object_id",
        "{row}.unit_id",
        "{row}.plan_id",
        Target(
            "(SELECT unit_id FROM {outreach.Activity} WHERE id = {row}.object_id)",
            "{row}.plan_id",
            source=f"WHERE {{row}}.object_type = '{ACTIVITY_TYPE}'",
        ),
    ),
    watch(
        "inspections.Inspection",
        "unit_id plan_id kind started_on limit_days extension_days concluded_on",
        "{row}.unit_id",
        "{row}.plan_id",
        _inspection_rows("InspectionTarget", "unit_id"),
        _inspection_rows("Finding", "target_id"),
        _inspection_rows("Recommendation", "unit_id"),
    ),
    watch(
        "inspections.InspectionTarget", "unit_id inspection_id", "{row}.unit_id", INSPECTION_PLAN
    ),
    watch(
        "inspections.Finding",
        "target_id inspection_id kind severity",
        "{row}.target_id",
        INSPECTION_PLAN,
    ),
    watch(
        "inspections.Recommendation",
        "unit_id inspection_id due_on reported_on closed_on",
        "{row}.unit_id",
        INSPECTION_PLAN,
    ),
    watch(
        "inspections.ProgramItem",
        "program_id plan_id",
        "(SELECT unit_id FROM {inspections.InspectionProgram} WHERE id = {row}.program_id)",
        "{row}.plan_id",
    ),
    Watch(
        "inspections.InspectionProgram",
        ("unit_id",),
        (
            Target(
                "{row}.unit_id",
                "i.plan_id",
                source="FROM {inspections.ProgramItem} i WHERE i.program_id = {row}.id",
                events=(UPDATE,),
            ),
        ),
    ),
    watch(
        "outreach.Activity",
        "unit_id plan_id channel held_on reach audience_size",
        "{row}.unit_id",
        "{row}.plan_id",
    ),
    Watch(
        "outreach.Question",
        ("unit_id", "page_id", "state", "asked_at", "answered_at"),
        (Target("{row}.unit_id", "pr.plan_id", source=PAGE_PLANS),),
    ),
    Watch(
        "outreach.Answer",
        ("unit_id", "page_id", "state", "published_at"),
        (Target("{row}.unit_id", "pr.plan_id", source=PAGE_PLANS),),
    ),
    Watch(
        "outreach.PublicPage",
        ("resolution_id",),
        (
            Target(
                "p.unit_id",
                "p.id",
                PLAN,
                source="FROM {resolutions.Plan} p JOIN {resolutions.Plan_resolutions} pr"
                " ON pr.plan_id = p.id WHERE pr.resolution_id = {row}.resolution_id",
                events=(UPDATE,),
            ),
        ),
    ),
)


# --- the SQL -----------------------------------------------------------------------------------

_LABEL = re.compile(r"\{(\w+\.\w+)\}")


class _Sql:
    """The SQL of the watches for one vendor, with the table names of ``apps``."""

    def __init__(self, vendor: str, apps: Any):
        if vendor not in ("sqlite", "postgresql"):
            raise ValueError(f"no change triggers for {vendor}")
        self.vendor, self.apps = vendor, apps
        self.change = self.table(CHANGE)

    def model(self, label: str):
        return self.apps.get_model(label)

    def table(self, label: str) -> str:
        return self.model(label)._meta.db_table

    def fill(self, sql: str, row: str) -> str:
        return _LABEL.sub(lambda m: self.table(m.group(1)), sql.replace("{row}", row))

    def check(self, w: Watch) -> None:
        columns = {f.column for f in self.model(w.model)._meta.concrete_fields}
        named = set(w.columns).union(*(t.columns or () for t in w.targets))
        if missing := named - columns:
            raise LookupError(f"{w.model} has no column {', '.join(sorted(missing))}")

    def changed(self, columns) -> str:
        differ = "IS NOT" if self.vendor == "sqlite" else "IS DISTINCT FROM"
        return " OR ".join(f"OLD.{c} {differ} NEW.{c}" for c in columns)

    def insert(self, w: Watch, t: Target, event: str) -> str:
        rows = ("OLD", "NEW") if event == UPDATE else ("NEW",) if event == INSERT else ("OLD",)
        selects = " UNION ALL ".join(
            f"SELECT CAST({self.fill(t.unit, row)} AS BIGINT) AS unit_id, "
            f"CAST({self.fill(t.plan, row)} AS BIGINT) AS plan_id, {t.scope} AS scope"
            + (f" {self.fill(t.source, row)}" if t.source else "")
            for row in rows
        )
        where = "unit_id IS NOT NULL"
        if event == UPDATE and t.columns is not None and set(t.columns) != set(w.columns):
            where += f" AND ({self.changed(t.columns)})"
        return (
            f"INSERT INTO {self.change} (unit_id, plan_id, scope) SELECT DISTINCT unit_id,"
            f" plan_id, scope FROM ({selects}) AS changed WHERE {where}"
        )

    def body(self, w: Watch, event: str) -> list[str]:
        return [self.insert(w, t, event) for t in w.targets if event in t.events]

    def name(self, w: Watch, suffix: str = "") -> str:
        return f"{PREFIX}{self.table(w.model)}{suffix}"

    def triggers(self, w: Watch) -> list[str]:
        """The names of the triggers of ``w`` (what ``create`` makes)."""
        events = [e for e in EVENTS if self.body(w, e)]
        if self.vendor == "sqlite":
            return [self.name(w, "_" + e[:3].lower()) for e in events]
        return [self.name(w)]

    def create(self, w: Watch) -> list[str]:
        self.check(w)
        table = self.table(w.model)
        when = self.changed(w.columns)
        if self.vendor == "sqlite":
            statements = []
            for event in EVENTS:
                if body := self.body(w, event):
                    condition = f" WHEN {when}" if event == UPDATE else ""
                    statements.append(
                        f"CREATE TRIGGER {self.name(w, '_' + event[:3].lower())} AFTER {event}"
                        f" ON {table} FOR EACH ROW{condition} BEGIN " + "; ".join(body) + "; END"
                    )
            return statements
        # PostgreSQL: the UPDATE's test is in the function, not in the trigger's WHEN, which
        # would make the columns it names depend on the trigger ("cannot alter type of a
        # column used in a trigger definition" for any later change of their type).
        function = self.name(w)
        branches = []
        events = [e for e in EVENTS if self.body(w, e)]
        for event in events:
            body = self.body(w, event)
            if event == UPDATE:
                body = [f"IF NOT ({when}) THEN RETURN NULL; END IF", *body]
            branches.append(f"TG_OP = '{event}' THEN " + "; ".join(body) + ";")
        return [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN IF {' ELSIF '.join(branches)} END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER {function} AFTER {' OR '.join(events)} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]

    def drop(self, w: Watch) -> list[str]:
        table = self.table(w.model)
        if self.vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {self.name(w, '_' + e[:3].lower())}" for e in EVENTS]
        function = self.name(w)
        return [
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"DROP FUNCTION IF EXISTS {function}()",
        ]


def create_sql(vendor: str, apps: Any) -> list[str]:
    """Every statement that installs the triggers (after dropping those of the same names)."""
    sql = _Sql(vendor, apps)
    return drop_sql(vendor, apps) + [s for w in WATCHES for s in sql.create(w)]


def drop_sql(vendor: str, apps: Any) -> list[str]:
    sql = _Sql(vendor, apps)
    return [s for w in WATCHES for s in sql.drop(w)]


def trigger_names(vendor: str, apps: Any) -> set[str]:
    """The names of the triggers ``install`` makes."""
    sql = _Sql(vendor, apps)
    return {name for w in WATCHES for name in sql.triggers(w)}


def installed(connection) -> set[str]:
    """The names of the change triggers installed in ``connection``'s database."""
    if connection.vendor == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    with connection.cursor() as cursor:
        cursor.execute(query)
        return {name for (name,) in cursor.fetchall() if name.startswith(PREFIX)}


def install(apps, schema_editor) -> None:
    """Install (or replace) every change trigger: a migration's ``RunPython``."""
    for statement in create_sql(schema_editor.connection.vendor, apps):
        schema_editor.execute(statement, params=None)


def remove(apps, schema_editor) -> None:
    """Drop every change trigger: the reverse of ``install``."""
    for statement in drop_sql(schema_editor.connection.vendor, apps):
        schema_editor.execute(statement, params=None)
