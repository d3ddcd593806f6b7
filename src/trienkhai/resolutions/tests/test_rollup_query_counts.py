"""The rollup costs the same few queries whatever the size of the tree (rule 4): measured on
the small test tree, then again after adding 5 communes × 20 cells (bulk-created) and their
obligations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.resolutions import rollup, services
from trienkhai.resolutions.models import Obligation
from trienkhai.units.models import Unit

from .test_services_builders import D, fresh, province_plan, req

AS_OF = D(2026, 4, 15)


def bulk_communes(province: Unit, communes: int, cells: int) -> None:
    """``communes`` new communes under the province, each with ``cells`` cells, in two
    INSERTs (paths computed as treebeard would)."""
    start = province.numchild
    new_communes, new_cells = [], []
    for i in range(communes):
        path = Unit._get_path(province.path, province.depth + 1, start + i + 1)
        new_communes.append(
            Unit(
                path=path,
                depth=province.depth + 1,
                numchild=cells,
                name=f"Đảng ủy xã Số {i}",
                code=f"HL-X{i}",
                kind="party_committee",
                level="commune",
            )
        )
        for j in range(cells):
            new_cells.append(
                Unit(
                    path=Unit._get_path(path, province.depth + 2, j + 1),
                    depth=province.depth + 2,
                    numchild=0,
                    name=f"Chi bộ thôn {j}",
                    code=f"HL-X{i}-{j}",
                    kind="party_cell",
                    level="grassroots",
                )
            )
    for unit in new_communes + new_cells:
        unit.derive_keys()
    Unit.objects.bulk_create(new_communes)
    Unit.objects.bulk_create(new_cells, batch_size=500)
    Unit.objects.filter(pk=province.pk).update(numchild=start + communes)


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        result = call()
        if not isinstance(result, list):
            list(result)
    return len(ctx.captured_queries)


def measure(plan, province, commune) -> dict[str, int]:
    return {
        "completeness": count_queries(lambda: rollup.completeness(plan, province, AS_OF)),
        "by_child": count_queries(lambda: rollup.by_child(plan, province, AS_OF)),
        "by_child of a commune": count_queries(lambda: rollup.by_child(plan, commune, AS_OF)),
        "laggards with heads": count_queries(
            lambda: rollup.attach_heads(rollup.laggards(plan, province, AS_OF))
        ),
        "inbox": count_queries(lambda: rollup.inbox(commune, AS_OF)),
    }


@pytest.fixture
def plan(tree):
    return province_plan(
        tree,
        req("study_session", "Học tập", kinds=["party_cell"]),
        req("results_report", "Báo cáo", kinds=["party_committee"], due=D(2026, 4, 30)),
    )


def test_rollup_queries_do_not_grow_with_the_tree(tree, plan):
    province = fresh(tree.province)
    small = measure(plan, province, fresh(tree.commune_a))
    assert small["completeness"] == 2  # the requirements, then one GROUP BY
    assert small["by_child"] == 2  # one GROUP BY, then the child units
    bulk_communes(province, communes=5, cells=20)
    assert services.sync_obligations(plan) == 5 * 20 + 5
    Obligation.objects.filter(unit__code__endswith="-3").update(fulfilled_on=D(2026, 3, 1))
    Obligation.objects.filter(unit__code__endswith="-4").update(fulfilled_on=D(2026, 4, 2))
    large = measure(plan, fresh(tree.province), Unit.objects.get(code="HL-X2"))
    assert large == small


def test_the_large_tree_is_counted_right(tree, plan):
    province = fresh(tree.province)
    bulk_communes(province, communes=5, cells=20)
    services.sync_obligations(plan)
    Obligation.objects.filter(unit__code__endswith="-3").update(fulfilled_on=D(2026, 3, 1))
    [study, report] = rollup.completeness(plan, fresh(tree.province), AS_OF)
    assert (study.tally.owed, study.tally.on_time, study.tally.overdue) == (102, 5, 97)
    assert (report.tally.owed, report.tally.pending) == (7, 7)
    children = rollup.by_child(plan, fresh(tree.province), AS_OF)
    assert len(children) == 7
    assert sum(c.tally.owed for c in children) == 109
    assert Unit.objects.find_problems() == ([], [], [], [], [])
