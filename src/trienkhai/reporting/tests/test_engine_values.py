"""Indicator values against values computed by hand on the world of ``world.py``."""

from __future__ import annotations

import pytest

from trienkhai.reporting.engine import compute
from trienkhai.reporting.indicators import CATALOGUE
from trienkhai.reporting.numbers import Value
from trienkhai.study.rollup import study_overview

from .world import PAST, T

pytestmark = pytest.mark.django_db


def counts(tally) -> dict:
    return {k: v for k, v in tally.counts.items() if v}


def child(result, code):
    return next(n for n in result.children if n.unit.code == code).numbers


def test_obligations_by_kind_as_of_t(world, tree):
    r = compute(world.plan, tree.province, T)

    t = r.total
    # HL-A2 closed before the session and report deadlines: not owed.
    assert counts(t.tally("study_session")) == {"on_time": 2, "late": 1, "overdue": 1, "closed": 1}
    assert counts(t.tally("learning_reports")) == {
        "on_time": 1,
        "late": 1,
        "overdue": 2,
        "closed": 1,
    }
    assert counts(t.tally("action_program")) == {"on_time": 1, "overdue": 1}
    assert counts(t.tally("results_report")) == {"pending": 2}
    assert counts(t.tally()) == {"on_time": 4, "late": 2, "overdue": 4, "pending": 2, "closed": 2}
    assert r.value("obligations.all.done") == Value(6, 12)
    assert r.value("obligations.all.on_time") == Value(4, 12)
    assert r.value("obligations.study_session.overdue") == Value(1, 4)
    assert r.value("obligations.results_report.owed") == Value(2)

    a, b = child(r, "HL-A"), child(r, "HL-B")
    assert r.value("obligations.all.done", a) == Value(4, 6)
    assert r.value("obligations.all.overdue", a) == Value(1, 6)
    assert r.value("obligations.all.done", b) == Value(2, 6)
    assert r.value("obligations.all.overdue", b) == Value(3, 6)
    assert counts(a.tally("study_session")) == {"on_time": 2, "closed": 1}


def test_obligations_as_of_a_past_date(world, tree):
    """At T-20 nothing of the sessions and reports was done yet, HL-A2 was still open, and
    the action program was due that very day (not overdue)."""
    r = compute(world.plan, tree.province, PAST)

    assert counts(r.total.tally("study_session")) == {"pending": 5}
    assert counts(r.total.tally("learning_reports")) == {"pending": 5}
    assert counts(r.total.tally("action_program")) == {"on_time": 1, "pending": 1}
    assert r.value("obligations.all.done") == Value(1, 14)


def test_study_numbers(world, tree):
    r = compute(world.plan, tree.province, T)

    assert r.value("study.sessions_held") == Value(2)
    assert r.value("study.connection_points") == Value(2)
    assert r.value("study.non_member_attendances") == Value(3)
    # Dũng is exempt: in members, not in eligible; he came, so 4 of 6 members studied.
    assert r.value("study.eligible") == Value(5, 6)
    assert r.value("study.attended") == Value(3, 5)
    assert r.value("study.members_attended") == Value(4, 6)
    assert r.value("study.rate_reported") == Value(4, 5)
    assert r.value("study.not_attended") == Value(2, 5)
    assert r.value("study.reports_submitted") == Value(3, 5)
    assert r.value("study.reports_on_time") == Value(2, 3)
    assert r.value("study.reports_late") == Value(1, 3)
    assert r.value("study.reports_missing") == Value(2, 5)
    assert r.value("study.reports_graded") == Value(1, 3)
    assert r.value("study.units_without_session") == Value(1, 4)
    assert r.value("study.units_missing_reports") == Value(4, 5)

    a = child(r, "HL-A")
    assert r.value("study.attended", a) == Value(2, 3)
    assert r.value("study.members_attended", a) == Value(3, 4)
    assert r.value("study.reports_missing", a) == Value(1, 3)

    past = compute(world.plan, tree.province, PAST)
    assert past.value("study.sessions_held") == Value(0)
    assert past.value("study.attended") == Value(0, 5)
    assert past.value("study.reports_submitted") == Value(0, 5)


@pytest.mark.parametrize("day", [T, PAST])
@pytest.mark.parametrize("code", ["HL", "HL-A", "HL-A1"])
def test_study_numbers_are_those_of_the_study_screens(world, tree, code, day):
    """The engine counts study through ``study.rollup``'s pass: the same numbers, per child
    and in total, whatever the unit (at, or below, the plan's issuer)."""
    from trienkhai.units.models import Unit

    unit = Unit.objects.get(code=code)
    r = compute(world.plan, unit, day)
    overview = study_overview(world.plan, unit, day)

    assert r.total.study == overview.total
    assert r.own.study == overview.own
    assert [(n.unit, n.numbers.study) for n in r.children] == overview.children


def test_programs_as_of_t(world, tree):
    r = compute(world.plan, tree.province, T)
    p = r.total.programs

    assert p.written == 4
    assert {k: v for k, v in p.by_status.items() if v} == {
        "discussion": 1,
        "approved": 1,
        "in_effect": 1,
        "closed": 1,
    }
    assert r.value("programs.due") == Value(2)
    assert r.value("programs.issued") == Value(3)  # a cell's project and a closed one too
    assert r.value("programs.units_issued") == Value(1, 2)
    assert r.value("programs.on_time") == Value(1, 2)
    assert r.value("programs.overdue") == Value(1, 2)
    assert r.value("programs.flagged") == Value(1, 4)
    assert r.value("programs.tasks") == Value(6)
    assert {k: v for k, v in p.tasks_by_status.items() if v} == {
        "not_started": 2,
        "at_risk": 1,
        "late": 1,
        "done": 2,
    }
    assert r.value("programs.tasks.done") == Value(2, 6)
    assert r.value("programs.milestones_overdue") == Value(2, 4)
    # t1 (60-40)/(80-40) = 0.5; t3 12 of 10 → 1; t4 (4-5)/(2-5) = 1/3; t6 no report → 0.
    attainment = r.value("programs.attainment")
    assert attainment.denominator == 4
    assert attainment.numerator == pytest.approx(0.5 + 1 + 1 / 3)
    assert r.value("programs.reviews") == Value(1, 2)

    a, b = child(r, "HL-A"), child(r, "HL-B")
    assert r.value("programs.tasks", a) == Value(5)
    assert r.value("programs.attainment", a).numerator == pytest.approx(0.5 + 1 + 1 / 3)
    assert r.value("programs.attainment", b) == Value(0.0, 1)
    assert r.value("programs.milestones_overdue", b) == Value(1, 1)
    assert r.value("programs.flagged", b) == Value(1, 2)


def test_programs_as_of_a_past_date(world, tree):
    """At T-20 P_B did not exist, P_A was approved but not yet in effect, t3 had no report
    and t1's latest was on track at 50; milestone m1 was done, m2 not due yet."""
    r = compute(world.plan, tree.province, PAST)
    p = r.total.programs

    assert p.written == 3
    assert {k: v for k, v in p.by_status.items() if v} == {"approved": 2, "closed": 1}
    assert {k: v for k, v in p.tasks_by_status.items() if v} == {
        "not_started": 3,
        "on_track": 2,
        "done": 1,
    }
    assert p.attainment_sum == pytest.approx(0.25 + 1 / 3)
    assert r.value("programs.milestones_overdue") == Value(1, 4)
    assert r.value("programs.flagged") == Value(0, 3)


def test_own_rows_and_deeper_levels(world, tree):
    r = compute(world.plan, tree.commune_a, T, depth=2)

    assert [n.unit.code for n in r.children] == ["HL-A1", "HL-A2"]
    a1, a2 = (n.numbers for n in r.children)
    assert r.children[0].children == []
    assert counts(a2.tally()) == {"closed": 2}
    assert counts(a1.tally()) == {"on_time": 1, "overdue": 1}
    # Commune A's own rows: its four obligations and Giang.
    assert counts(r.own.tally()) == {"on_time": 3, "pending": 1}
    assert r.own.study.members == 1
    assert r.value("programs.tasks", r.own) == Value(4)

    province = compute(world.plan, tree.province, T, depth=3)
    codes = [n.unit.code for n in province.nodes()]
    # Vietnamese order of the names: "Đảng ủy phường …" before "Đảng ủy xã …".
    assert codes == ["HL-B", "HL-B1", "HL-A", "HL-A1", "HL-A2"]
    node_a = province.children[1]
    assert node_a.numbers.tally().counts == r.total.tally().counts
    assert node_a.numbers.programs == r.total.programs


def test_a_unit_the_plan_does_not_reach_has_nothing(world, tree):
    from trienkhai.resolutions import services as plans

    commune_plan = plans.issue_plan(
        user=tree.admin,
        plan=plans.create_plan(
            user=tree.admin,
            unit=tree.commune_b,
            number="3-KH/ĐU",
            title="Kế hoạch của phường",
            issued_on=T,
            requirements=[
                {
                    "kind": "results_report",
                    "title": "Báo cáo",
                    "target_kinds": ["party_cell"],
                    "target_levels": [],
                    "due_on": T,
                }
            ],
        ),
    )
    r = compute(commune_plan, tree.commune_a, T)

    assert r.total.tally().owed == 0
    assert r.total.study.members == 0
    assert [n.unit.code for n in r.children] == ["HL-A1", "HL-A2"]


def test_the_indicators_that_apply(world, tree):
    r = compute(world.plan, tree.province, T)
    keys = {i.key for i in r.indicators()}

    assert "obligations.attendance.owed" not in keys  # the plan has no attendance target
    assert {"obligations.all.done", "study.attended", "programs.attainment"} <= keys
    assert all(i.key in CATALOGUE for i in r.indicators())
    assert {i.group for i in r.indicators()} == {"obligations", "study", "programs", "flags"}


def test_every_indicator_has_a_definition_and_reads_every_world(world, tree):
    r = compute(world.plan, tree.province, T)
    for indicator in CATALOGUE.values():
        value = r.value(indicator.key)
        assert str(indicator.label) and str(indicator.numerator)
        assert (indicator.denominator is None) == (indicator.format == "count")
        assert value.denominator is None or value.denominator >= 0
