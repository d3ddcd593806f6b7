"""Issue 21: writing obligations never rescans the obligations table (PostgreSQL plans).

A new plan is issued while PostgreSQL believes the obligations table empty (it is, and was
just analysed). The old ``INSERT … SELECT … WHERE NOT EXISTS (obligations)`` was then planned
as a Nested Loop Anti Join whose inner side is a Seq Scan of the obligations — rerun for
every unit, over the rows the statement itself had written: quadratic, tens of minutes for
a national plan. Each statement that writes the obligations is EXPLAINed at the moment it
runs (same connection, same transaction, same statistics), and no plan may scan the
obligations table on the inner side of a nested loop. No timing: the plan is the contract.
"""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.db.models import Exists, F, OuterRef

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import services
from trienkhai.resolutions.models import Obligation
from trienkhai.units.models import Unit

from .test_services_builders import D, draft, fresh, req

TABLE = Obligation._meta.db_table
WRITES = re.compile(rf'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?{TABLE}"?\s', re.IGNORECASE)
COMMUNES, CELLS = 100, 300  # 30,000 cells and 100 committees under the province


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are PostgreSQL's; SQLite runs the same INSERT … ON CONFLICT")


def add_communes(province: Unit, communes: int, cells: int) -> int:
    """``communes`` committees under the province with ``cells`` cells each, in one
    ``INSERT … SELECT FROM unnest(…)`` (paths as treebeard makes them; the search and sort
    keys plain, no name is searched here); returns how many units."""
    rows = []
    for i in range(communes):
        path = Unit._get_path(province.path, province.depth + 1, province.numchild + i + 1)
        rows.append((path, province.depth + 1, cells, f"T21-{i}", "party_committee", "commune"))
        for j in range(cells):
            cell_path = Unit._get_path(path, province.depth + 2, j + 1)
            rows.append(
                (cell_path, province.depth + 2, 0, f"T21-{i}-{j}", "party_cell", "grassroots")
            )
    paths, depths, numchild, codes, kinds, levels = (
        list(column) for column in zip(*rows, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Unit._meta.db_table} (path, depth, numchild, name, short_name, code, "
            "kind, level, search_key, sort_key) "
            "SELECT p, d, n, 'Đơn vị ' || c, '', c, k, l, lower(c), p FROM unnest("
            "%s::varchar[], %s::int[], %s::int[], %s::varchar[], %s::varchar[], %s::varchar[]"
            ") AS u(p, d, n, c, k, l)",
            [paths, depths, numchild, codes, kinds, levels],
        )
    Unit.objects.filter(pk=province.pk).update(numchild=province.numchild + communes)
    return len(rows)


def rescans(node: dict, table: str, inner: bool = False) -> list[str]:
    """The whole-table scans (Seq Scan) of ``table`` on the inner side of a nested loop in an
    EXPLAIN (FORMAT JSON) plan node: run again for every outer row. (An index scan there is
    one lookup per row, the linear kind.)"""
    found = []
    if inner and node.get("Relation Name") == table and node["Node Type"] == "Seq Scan":
        found.append(node["Node Type"])
    for child in node.get("Plans", []):
        nested = node["Node Type"] == "Nested Loop" and child["Parent Relationship"] == "Inner"
        found += rescans(child, table, inner or nested)
    return found


def reads(node: dict, table: str) -> int:
    """How many times a plan scans ``table`` (the target of an UPDATE is scanned once; an
    INSERT … SELECT needs no scan of its own table at all)."""
    scan = node.get("Relation Name") == table and node["Node Type"].endswith("Scan")
    return scan + sum(reads(child, table) for child in node.get("Plans", []))


def explain(cursor, sql: str, params) -> dict:
    cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
    document = cursor.fetchone()[0]
    return (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]


class Explained:
    """An ``execute_wrapper`` that EXPLAINs each statement writing the obligations just
    before it runs: the plan it runs with, on the table as it is at that moment."""

    def __init__(self):
        self.plans: list[tuple[str, dict]] = []

    def __call__(self, execute, sql, params, many, context):
        if WRITES.match(sql) and not many:
            self.plans.append((sql, explain(context["cursor"], sql, params)))
        return execute(sql, params, many, context)


def estimated_rows(table: str) -> float:
    with connection.cursor() as cursor:
        return explain(cursor, f"SELECT * FROM {table}", [])["Plan Rows"]


@pytest.fixture
def empty_obligations(tree):
    """Tens of thousands of units, an obligations table that is empty on disk too (the
    rolled-back rows of earlier tests would make the planner guess it full), analysed."""
    units = add_communes(fresh(tree.province), COMMUNES, CELLS)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE} CASCADE")  # undone with the test's transaction
        cursor.execute(f"ANALYZE {Unit._meta.db_table}, {TABLE}")
    assert units == COMMUNES * (CELLS + 1)
    assert estimated_rows(TABLE) <= 1  # what the planner believes: nothing there
    return units


def test_the_old_anti_join_is_what_these_statistics_make_quadratic(tree, empty_obligations):
    """The control: planned on these statistics, the anti-join the write used to run scans
    the obligations inside a nested loop, so the test below can catch it coming back."""
    plan = draft(tree.admin, tree.province, req(kinds=["party_cell", "party_committee"]))
    requirement = plan.requirements.get()
    owed = Exists(Obligation.objects.filter(requirement=requirement, unit_id=OuterRef("pk")))
    missing = (
        services.target_units(requirement, plan)
        .exclude(owed)
        .annotate(owing_unit=F("pk"))
        .values_list("owing_unit", flat=True)
    )
    sql, params = missing.query.sql_with_params()
    with connection.cursor() as cursor:
        assert rescans(explain(cursor, sql, params), TABLE) == ["Seq Scan"]


def test_issuing_on_an_empty_obligations_table_never_rescans_it(tree, empty_obligations):
    plan = draft(
        tree.admin,
        tree.province,
        req(kinds=["party_cell", "party_committee"]),
        req("results_report", "Báo cáo kết quả", kinds=["party_committee"]),
    )
    explained = Explained()
    with connection.execute_wrapper(explained):
        services.issue_plan(user=tree.admin, plan=plan)
    inserts = [sql for sql, _ in explained.plans if sql.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 2  # one INSERT … SELECT a requirement
    scans = {sql: rescans(p, TABLE) for sql, p in explained.plans}
    assert {sql: found for sql, found in scans.items() if found} == {}
    assert all("ON CONFLICT" in sql for sql in inserts)
    assert [reads(p, TABLE) for sql, p in explained.plans if sql in inserts] == [0, 0]
    owed = empty_obligations + 4  # the new units and the tree's two communes and two cells
    committees = COMMUNES + 2
    assert Obligation.objects.filter(plan=plan).count() == owed + committees
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.ISSUE)
    assert event.after["obligations"] == owed + committees


def test_issuing_again_after_a_new_version_keeps_the_obligations_and_their_count(
    tree, empty_obligations
):
    """A revision narrows the first requirement to the cells: the committees' obligations are
    cancelled, then widened again, reopened — with nothing inserted twice; each statement
    scans the obligations at most once, for the rows it updates."""
    plan = draft(tree.admin, tree.province, req(kinds=["party_cell", "party_committee"]))
    services.issue_plan(user=tree.admin, plan=plan)
    requirement = plan.requirements.get()
    total = Obligation.objects.filter(plan=plan).count()
    assert total == empty_obligations + 4
    explained = Explained()
    fields = {"id": requirement.pk, **req(kinds=["party_cell"])}
    with connection.execute_wrapper(explained):
        services.update_plan(user=tree.admin, plan=plan, requirements=[fields], reason="Chi bộ")
        assert services.sync_obligations(plan) == 0
    cancelled = Obligation.objects.filter(plan=plan, cancelled=True)
    assert cancelled.count() == COMMUNES + 2
    fields["target_kinds"] = ["party_cell", "party_committee"]
    with connection.execute_wrapper(explained):
        services.update_plan(user=tree.admin, plan=plan, requirements=[fields], reason="Lại")
    assert not cancelled.exists()
    assert Obligation.objects.filter(plan=plan).count() == total
    scans = {sql: rescans(p, TABLE) for sql, p in explained.plans}
    assert {sql: found for sql, found in scans.items() if found} == {}
    expected = {sql: 0 if sql.startswith("INSERT") else 1 for sql, _ in explained.plans}
    assert {sql: reads(p, TABLE) for sql, p in explained.plans} == expected
    assert sum(sql.startswith("UPDATE") for sql in expected) >= 3  # deadlines, cancel, reopen


def test_evidence_and_a_unit_attached_update_the_obligations_without_reading_them_again(
    tree, empty_obligations
):
    """``record_evidence`` and ``attach_new_unit`` filter by requirements, units and plans
    in subqueries: each UPDATE scans the obligations once, for the rows it writes."""
    plan = draft(tree.admin, tree.province, req(kinds=["party_cell", "party_committee"]))
    services.issue_plan(user=tree.admin, plan=plan)
    commune = Unit.objects.get(code="T21-0")
    explained = Explained()
    with connection.execute_wrapper(explained):
        everywhere = services.record_evidence(
            unit=fresh(tree.province),
            plan=plan,
            kind="study_session",
            on=D(2026, 3, 1),
            evidence="Hội nghị",
            subtree=True,
        )
        earlier = services.record_evidence(
            unit=commune, plan=plan, kind="study_session", on=D(2026, 2, 1), evidence="Sớm"
        )
        services.attach_new_unit(commune)  # not moved: nothing of the province's is cancelled
    assert (everywhere, earlier) == (empty_obligations + 4, 1)
    assert not Obligation.objects.filter(plan=plan, cancelled=True).exists()
    assert Obligation.objects.get(unit=commune).fulfilled_on == D(2026, 2, 1)
    assert [reads(p, TABLE) for _, p in explained.plans] == [1, 1, 1]
    assert [rescans(p, TABLE) for _, p in explained.plans] == [[], [], []]
