"""The rollup against numbers worked out by hand, on a small tree with closed units, late work
and different as-of dates.

Province plan 12-KH/TU (10/01/2026):
  r1 "Học tập"  every party cell, due 31/03     r2 "Báo cáo"  commune committees, due 30/04

  unit     r1 evidence        closed       |  unit   r2 evidence
  HL-A1    20/03 (on time)                 |  HL-A   05/05 (late)
  HL-A21   05/04 (late)                    |  HL-B   —
  HL-B1    —                               |
  HL-B2    —                  15/03        |
  HL-B3    —                  10/04        |
"""

import pytest

from trienkhai.resolutions import rollup, services
from trienkhai.resolutions.models import Obligation
from trienkhai.resolutions.models import ObligationStatus as S
from trienkhai.resolutions.rollup import Tally
from trienkhai.units.models import Unit

from .test_services_builders import D, add_unit, fresh, grow, province_plan, req


@pytest.fixture
def plan(tree):
    grow(tree)
    add_unit(tree.commune_b, "HL-B2", "Chi bộ khu phố 2", "party_cell", "grassroots")
    add_unit(tree.commune_b, "HL-B3", "Chi bộ khu phố 3", "party_cell", "grassroots")
    plan = province_plan(
        tree,
        req("study_session", "Học tập", kinds=["party_cell"], due=D(2026, 3, 31)),
        req(
            "results_report",
            "Báo cáo",
            kinds=["party_committee"],
            levels=["commune"],
            due=D(2026, 4, 30),
        ),
    )
    Unit.objects.filter(code="HL-B2").update(active_to=D(2026, 3, 15))
    Unit.objects.filter(code="HL-B3").update(active_to=D(2026, 4, 10))
    for code, kind, on in [
        ("HL-A1", "study_session", D(2026, 3, 20)),
        ("HL-A21", "study_session", D(2026, 4, 5)),
        ("HL-A", "results_report", D(2026, 5, 5)),
    ]:
        services.record_evidence(
            unit=Unit.objects.get(code=code), plan=plan, kind=kind, on=on, evidence="x"
        )
    return plan


def counts(tally: Tally) -> dict:
    return {k: v for k, v in tally.counts.items() if v}


def table(progress) -> dict:
    return {p.requirement.title: counts(p.tally) for p in progress}


def test_before_the_deadline_everything_is_pending(tree, plan):
    assert table(rollup.completeness(plan, tree.province, as_of=D(2026, 3, 10))) == {
        "Học tập": {S.PENDING: 5},
        "Báo cáo": {S.PENDING: 2},
    }


def test_the_day_after_the_study_deadline(tree, plan):
    progress = rollup.completeness(plan, tree.province, as_of=D(2026, 4, 1))
    assert table(progress) == {
        "Học tập": {S.ON_TIME: 1, S.OVERDUE: 3, S.CLOSED: 1},  # A21's evidence is not in yet
        "Báo cáo": {S.PENDING: 2},
    }
    assert progress[0].tally.owed == 4


def test_mid_april(tree, plan):
    [study, report] = rollup.completeness(plan, tree.province, as_of=D(2026, 4, 15))
    assert counts(study.tally) == {S.ON_TIME: 1, S.LATE: 1, S.OVERDUE: 2, S.CLOSED: 1}
    t = study.tally
    assert (t.owed, t.done, t.done_rate, t.on_time_rate) == (4, 2, 0.5, 0.25)
    assert (t.pending, t.cancelled) == (0, 0)
    assert counts(report.tally) == {S.PENDING: 2}


def test_after_every_deadline(tree, plan):
    assert table(rollup.completeness(plan, tree.province, as_of=D(2026, 5, 10))) == {
        "Học tập": {S.ON_TIME: 1, S.LATE: 1, S.OVERDUE: 2, S.CLOSED: 1},
        "Báo cáo": {S.LATE: 1, S.OVERDUE: 1},
    }


def test_a_commune_sees_its_own_subtree_only(tree, plan):
    assert table(rollup.completeness(plan, fresh(tree.commune_a), as_of=D(2026, 4, 15))) == {
        "Học tập": {S.ON_TIME: 1, S.LATE: 1},
        "Báo cáo": {S.PENDING: 1},
    }
    assert table(rollup.completeness(plan, fresh(tree.commune_b), as_of=D(2026, 4, 15))) == {
        "Học tập": {S.OVERDUE: 2, S.CLOSED: 1},
        "Báo cáo": {S.PENDING: 1},
    }


def test_a_requirement_nobody_owes_shows_zeros(tree, plan):
    [study, report] = rollup.completeness(plan, fresh(tree.cell_a), as_of=D(2026, 4, 15))
    assert counts(study.tally) == {S.ON_TIME: 1}
    assert (report.tally.owed, report.tally.done_rate, report.tally.on_time_rate) == (0, None, None)


def test_by_child_drills_down_one_level(tree, plan):
    children = rollup.by_child(plan, tree.province, as_of=D(2026, 4, 15))
    assert [(c.unit.code, counts(c.tally)) for c in children] == [
        ("HL-B", {S.OVERDUE: 2, S.CLOSED: 1, S.PENDING: 1}),  # phường Bình Minh < xã An Phú
        ("HL-A", {S.ON_TIME: 1, S.LATE: 1, S.PENDING: 1}),
    ]
    assert [c.tally.owed for c in children] == [3, 3]


def test_by_child_of_a_commune_leaves_out_its_own_obligation(tree, plan):
    children = rollup.by_child(plan, fresh(tree.commune_a), as_of=D(2026, 4, 15))
    assert [(c.unit.code, counts(c.tally)) for c in children] == [
        ("HL-A1", {S.ON_TIME: 1}),
        ("HL-A2", {S.LATE: 1}),  # its cell HL-A21, summed into the grassroots committee
    ]


def test_laggards_are_the_overdue_then_the_late(tree, plan):
    rows = rollup.laggards(plan, tree.province, as_of=D(2026, 4, 15))
    assert [(o.unit.code, o.status) for o in rows] == [
        ("HL-B1", S.OVERDUE),
        ("HL-B3", S.OVERDUE),  # closed after the deadline: still overdue
        ("HL-A21", S.LATE),
    ]


def test_laggards_later_with_their_heads(tree, plan):
    rows = rollup.attach_heads(rollup.laggards(plan, tree.province, as_of=D(2026, 5, 10)))
    assert [(o.unit.code, o.status, o.due_on.month) for o in rows] == [
        ("HL-B1", S.OVERDUE, 3),
        ("HL-B3", S.OVERDUE, 3),
        ("HL-B", S.OVERDUE, 4),
        ("HL-A21", S.LATE, 3),
        ("HL-A", S.LATE, 4),
    ]
    heads = {o.unit.code: o.head and o.head.person.full_name for o in rows}
    assert heads == {
        "HL-B1": None,
        "HL-B3": None,
        "HL-B": None,
        "HL-A21": None,
        "HL-A": "Nguyễn Văn An",
    }


def test_laggards_of_one_status(tree, plan):
    rows = rollup.laggards(plan, tree.province, as_of=D(2026, 4, 15), statuses=[S.LATE])
    assert [o.unit.code for o in rows] == ["HL-A21"]


def test_a_cancelled_requirement_drops_out_of_every_number(tree, plan):
    keep = plan.requirements.get(title="Học tập")
    services.update_plan(
        user=tree.admin,
        plan=plan,
        reason="Bỏ báo cáo",
        requirements=[
            {"id": keep.pk, **{n: getattr(keep, n) for n in services.REQUIREMENT_FIELDS}}
        ],
    )
    as_of = D(2026, 5, 10)
    assert list(table(rollup.completeness(plan, tree.province, as_of=as_of))) == ["Học tập"]
    assert [c.tally.owed for c in rollup.by_child(plan, tree.province, as_of=as_of)] == [2, 2]
    assert "HL-B" not in {o.unit.code for o in rollup.laggards(plan, tree.province, as_of=as_of)}


# --- the inbox ------------------------------------------------------------------------------


def test_the_inbox_puts_the_most_urgent_first(tree):
    plan = province_plan(
        tree,
        req("study_session", "Đã xong đúng hạn", due=D(2026, 3, 31)),
        req("learning_reports", "Xong muộn", due=D(2026, 3, 31)),
        req("action_program", "Quá hạn", due=D(2026, 4, 5)),
        req("results_report", "Còn hạn xa", due=D(2026, 4, 30)),
        req("attendance", "Còn hạn gần", due=D(2026, 4, 20)),
    )
    for kind, on in [("study_session", D(2026, 3, 20)), ("learning_reports", D(2026, 4, 10))]:
        services.record_evidence(unit=tree.cell_a, plan=plan, kind=kind, on=on, evidence="x")
    rows = list(rollup.inbox(fresh(tree.cell_a), as_of=D(2026, 4, 15)))
    assert [(o.requirement.title, o.status) for o in rows] == [
        ("Quá hạn", S.OVERDUE),
        ("Còn hạn gần", S.PENDING),
        ("Còn hạn xa", S.PENDING),
        ("Xong muộn", S.LATE),
        ("Đã xong đúng hạn", S.ON_TIME),
    ]
    assert {o.plan.number for o in rows} == {"12-KH/TU"}


def test_the_inbox_holds_only_the_units_own_counted_obligations(tree):
    plan = province_plan(tree, req(), req("results_report", kinds=["party_committee"]))
    assert [o.unit.code for o in rollup.inbox(fresh(tree.commune_a), as_of=D(2026, 2, 1))] == [
        "HL-A"
    ]
    Obligation.objects.filter(plan=plan, unit=tree.commune_a).update(cancelled=True)
    assert not rollup.inbox(fresh(tree.commune_a), as_of=D(2026, 2, 1)).exists()


def test_the_inbox_defaults_to_today(tree, monkeypatch):
    province_plan(tree)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 4, 1))
    [row] = rollup.inbox(fresh(tree.cell_a))
    assert row.status == S.OVERDUE


@pytest.mark.parametrize(
    "as_of", [D(2026, 3, 1), D(2026, 4, 15), D(2026, 5, 10), D(2026, 7, 1), D(2027, 1, 1)]
)
@pytest.mark.parametrize("where", ["province", "commune_a", "commune_b"])
def test_overdue_under_is_the_overdue_status_in_plain_conditions(tree, plan, as_of, where):
    unit = getattr(tree, where)
    by_status = rollup.laggards(plan, unit, as_of=as_of, statuses=(S.OVERDUE,))
    plain = rollup.overdue_under(plan, unit, as_of=as_of)
    assert sorted(o.pk for o in plain) == sorted(o.pk for o in by_status)
    assert [o.due_on for o in plain] == sorted(o.due_on for o in plain)
