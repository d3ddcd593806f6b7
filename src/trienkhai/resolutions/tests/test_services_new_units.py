"""Units opened or moved during a plan owe what the plan requires of units like them, while
its deadline has not passed; a unit opened after a deadline never owes it."""

import pytest

from trienkhai.resolutions import rollup, services
from trienkhai.resolutions.models import Obligation
from trienkhai.units import services as units

from .test_services_builders import DUE, D, commune_plan, fresh, grow, owing, province_plan, req


@pytest.fixture
def today(monkeypatch):
    def freeze(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)

    return freeze


def new_cell(tree, parent=None, code="HL-A9", **extra):
    return units.create_unit(
        user=tree.clerk_a,
        parent=fresh(parent or tree.commune_a),
        name="Chi bộ thôn 9",
        code=code,
        kind="party_cell",
        level="grassroots",
        **extra,
    )


def test_a_cell_opened_before_the_deadline_owes(tree, today):
    plan = commune_plan(tree)
    today(D(2026, 2, 1))
    cell = new_cell(tree)
    obligation = Obligation.objects.get(unit=cell)
    assert (obligation.plan, obligation.due_on, obligation.fulfilled_on) == (plan, DUE, None)


def test_a_cell_opened_on_the_deadline_still_owes(tree, today):
    commune_plan(tree)
    today(DUE)
    assert Obligation.objects.filter(unit=new_cell(tree)).count() == 1


def test_a_cell_opened_after_the_deadline_owes_nothing(tree, today):
    commune_plan(tree)
    today(D(2026, 4, 1))
    assert not Obligation.objects.filter(unit=new_cell(tree)).exists()


def test_a_new_unit_owes_every_plan_above_it_that_names_its_kind(tree, today):
    wide = grow(tree)
    province = province_plan(
        tree, req(kinds=["party_cell"]), req("results_report", kinds=["front"])
    )
    commune = commune_plan(tree, req("learning_reports", kinds=["party_cell"]))
    today(D(2026, 2, 1))
    cell = new_cell(tree, parent=wide.school, code="HL-A22")
    assert set(Obligation.objects.filter(unit=cell).values_list("plan", "requirement__kind")) == {
        (province.pk, "study_session"),
        (commune.pk, "learning_reports"),
    }


def test_a_unit_of_another_kind_or_level_owes_nothing(tree, today):
    commune_plan(tree, req(kinds=["party_cell"], levels=["grassroots"]))
    today(D(2026, 2, 1))
    gov = units.create_unit(
        user=tree.clerk_a,
        parent=fresh(tree.commune_a),
        name="UBND xã",
        code="HL-AUB",
        kind="government",
        level="commune",
    )
    assert not Obligation.objects.filter(unit=gov).exists()


def test_a_draft_plan_asks_nothing_of_a_new_unit(tree, today):
    from .test_services_builders import draft

    draft(tree.clerk_a, tree.commune_a)
    today(D(2026, 2, 1))
    assert not Obligation.objects.filter(unit=new_cell(tree)).exists()


def test_a_plan_edit_after_the_deadline_does_not_reach_a_unit_opened_after_it(tree, today):
    plan = commune_plan(tree)
    today(D(2026, 4, 1))
    cell = new_cell(tree, active_from=D(2026, 4, 1))
    services.update_plan(user=tree.head_a, plan=plan, title="Sửa tên", reason="Sửa tên")
    assert not Obligation.objects.filter(unit=cell).exists()


def test_a_cell_moved_from_b_to_a_owes_as_plan_and_keeps_the_provinces(tree, today):
    province = province_plan(tree)
    commune_a = commune_plan(tree, req("learning_reports", due=D(2026, 4, 30)))
    today(D(2026, 2, 1))
    moved = units.move_unit(user=tree.admin, unit=tree.cell_b, new_parent=fresh(tree.commune_a))
    assert moved.path.startswith(tree.commune_a.path)
    assert owing(commune_a) == {"HL-A1", "HL-B1"}
    assert Obligation.objects.filter(plan=province, unit=tree.cell_b).count() == 1
    [b] = rollup.completeness(province, fresh(tree.commune_b), as_of=D(2026, 4, 1))
    [a] = rollup.completeness(province, fresh(tree.commune_a), as_of=D(2026, 4, 1))
    assert (b.tally.owed, a.tally.owed) == (0, 2)


def test_a_cell_moved_after_the_deadline_owes_nothing_new(tree, today):
    commune_a = commune_plan(tree)
    today(D(2026, 4, 1))
    units.move_unit(user=tree.admin, unit=tree.cell_b, new_parent=fresh(tree.commune_a))
    assert owing(commune_a) == {"HL-A1"}


def test_a_committee_moved_with_its_cells_brings_them_under_the_plan(tree, today):
    wide = grow(tree)
    plan = commune_plan(tree, number="03-KH/ĐU")
    b_school = units.create_unit(
        user=tree.clerk_b,
        parent=fresh(tree.commune_b),
        name="Đảng ủy Bệnh viện",
        code="HL-B2",
        kind="party_committee",
        level="grassroots",
    )
    b_cell = units.create_unit(
        user=tree.clerk_b,
        parent=fresh(b_school),
        name="Chi bộ khoa Nội",
        code="HL-B21",
        kind="party_cell",
        level="grassroots",
    )
    today(D(2026, 2, 1))
    units.move_unit(user=tree.admin, unit=b_school, new_parent=fresh(tree.commune_a))
    assert owing(plan) == {"HL-A1", wide.school_cell.code, b_cell.code}
