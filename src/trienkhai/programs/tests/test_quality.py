"""Quality checks of a program (no owner, no date, nothing measurable, key points no task
serves) and the coverage matrix the level above reads (key points × units below), counted by
hand; both in a fixed number of queries."""

import pytest

from trienkhai.programs.models import ActionProgram
from trienkhai.programs.quality import check_quality, coverage_matrix
from trienkhai.resolutions import services as resolution_services

from .conftest import PLAN_DATE, D, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_tasks(world, build, draft_a):
    """draft_a's A1 (all good) and A2 (led by the cell, no date, nothing measurable), plus A3
    (no lead unit, a dated deliverable) and A4 (a roadmap but no due date: dated enough)."""
    build.task(
        draft_a,
        title="A3",
        lead_unit=None,
        due_on=D(2026, 9, 30),
        milestones=[{"when": "Q3/2026", "deliverable": "Báo cáo"}],
    )
    build.task(
        draft_a,
        title="A4",
        key_points=[world.kp2],
        milestones=[{"when": "Q4/2026", "expected_value": "12"}],
    )
    return fresh(draft_a)


def titles(tasks):
    return [t.title for t in tasks]


def test_each_problem_is_listed_by_name(world, four_tasks):
    quality = check_quality(four_tasks)
    assert titles(quality.tasks) == [
        "Bảo đảm nước sạch cho các hộ dân trong xã",
        "Kiện toàn chi bộ thôn 1",
        "A3",
        "A4",
    ]
    assert titles(quality.no_owner) == ["A3"]
    assert titles(quality.no_date) == ["Kiện toàn chi bộ thôn 1"]
    assert titles(quality.not_measurable) == ["Kiện toàn chi bộ thôn 1"]
    assert quality.uncovered == [world.kp3]
    assert quality.problems == 4


def test_a_program_without_tasks_leaves_every_key_point_uncovered(world, build):
    quality = check_quality(build.program(world.commune_a))
    assert quality.tasks == [] and quality.uncovered == [world.kp1, world.kp2, world.kp3]
    assert quality.problems == 3


def test_key_points_of_the_plans_above_count_too(world):
    """A commune plan implementing the province's plan: its program serves the key points of
    both plans' documents."""
    plan = resolution_services.create_plan(
        user=world.clerk_b,
        unit=world.commune_b,
        number="03-KH/ĐU",
        title="Kế hoạch của phường",
        issued_on=PLAN_DATE,
        parent=world.plan,
        resolutions=[world.other_resolution],
    )
    plan = resolution_services.issue_plan(user=world.head_b, plan=plan)
    from trienkhai.programs import services

    program = services.create_program(
        user=world.clerk_b, unit=world.commune_b, plan=plan, title="Chương trình của phường"
    )
    quality = check_quality(program)
    assert set(quality.uncovered) == {world.kp1, world.kp2, world.kp3, world.foreign_kp}


def test_check_quality_takes_the_same_queries_for_twice_the_tasks(
    world, build, draft_a, django_assert_num_queries
):
    # tasks, their key points, their milestones, the plan, the plan's key points, who answers
    program = fresh(draft_a)
    with django_assert_num_queries(6):
        check_quality(program)
    for i in range(2):
        build.task(draft_a, milestones=[{"when": "Q3/2026", "deliverable": f"Báo cáo {i}"}])
    program = fresh(draft_a)
    with django_assert_num_queries(6):
        quality = check_quality(program)
    assert len(quality.tasks) == 4


# --- coverage matrix -----------------------------------------------------------------------


def adopted(*programs):
    """Count these programs as adopted (a version approved): the matrix counts no draft. The
    approval's workflow is tested elsewhere; here only its mark matters."""
    ActionProgram.objects.filter(pk__in=[p.pk for p in programs]).update(version=1)
    return programs


@pytest.fixture
def covered(world, build, draft_a):
    """Commune A: program A (A1 kp1, A2 kp2) and its cell's program (C1 kp1 + kp3), both
    adopted. Commune B: nothing yet."""
    cell = build.program(world.cell_a, user=world.clerk_a, title="Chương trình của chi bộ")
    build.task(cell, user=world.clerk_a, title="C1", key_points=[world.kp1, world.kp3])
    return adopted(draft_a, cell)


def test_a_draft_covers_nothing(world, build, draft_a):
    coverage = coverage_matrix(world.head_p, world.plan, world.province)
    assert coverage.programs == {}


def rows(coverage):
    return {kp.order: coverage.row(kp) for kp in coverage.key_points}


def test_key_points_by_unit_below(world, covered):
    coverage = coverage_matrix(world.head_p, world.plan, world.province)
    assert coverage.key_points == [world.kp1, world.kp2, world.kp3]
    # units in Vietnamese order: "Đảng ủy phường …" before "Đảng ủy xã …"
    assert coverage.units == [world.commune_b, world.commune_a]
    assert rows(coverage) == {1: [None, 2], 2: [None, 1], 3: [None, 1]}
    assert coverage.programs == {world.commune_a.pk: 2}


def test_a_unit_whose_program_carries_out_its_own_plan_counts(world, build, covered):
    """Commune B's program carries out B's plan, which implements the province's plan."""
    plan = resolution_services.create_plan(
        user=world.clerk_b,
        unit=world.commune_b,
        number="03-KH/ĐU",
        title="Kế hoạch của phường",
        issued_on=PLAN_DATE,
        parent=world.plan,
    )
    plan = resolution_services.issue_plan(user=world.head_b, plan=plan)
    program = build.program(world.commune_b, plan=plan)
    build.task(program, title="B1", key_points=[world.kp2])
    build.task(program, title="B2", key_points=[world.kp2])
    adopted(program)
    coverage = coverage_matrix(world.head_p, world.plan, world.province)
    assert rows(coverage) == {1: [0, 2], 2: [2, 1], 3: [0, 1]}
    assert coverage.programs == {world.commune_a.pk: 2, world.commune_b.pk: 1}


def test_a_commune_reads_its_cells_and_no_sibling(world, build, covered):
    coverage = coverage_matrix(world.clerk_a, world.plan, world.commune_a)
    assert coverage.units == [world.cell_a]
    assert rows(coverage) == {1: [1], 2: [0], 3: [1]}
    b = build.program(world.commune_b)
    build.task(b, key_points=[world.kp1])
    adopted(b)
    coverage = coverage_matrix(world.clerk_b, world.plan, world.province)
    assert coverage.units == [world.commune_b]  # commune A is not shown to commune B
    assert rows(coverage) == {1: [1], 2: [0], 3: [0]}


def test_a_unit_with_no_unit_below(world):
    coverage = coverage_matrix(world.clerk_a, world.plan, world.cell_a)
    assert coverage.units == [] and rows(coverage) == {1: [], 2: [], 3: []}


def test_coverage_takes_the_same_queries_for_twice_the_programs(
    world, build, covered, django_assert_num_queries
):
    def measure():
        fresh_user = type(world.head_p).objects.get(pk=world.head_p.pk)
        with django_assert_num_queries(7) as ctx:  # + who answers for which key point
            coverage_matrix(fresh_user, world.plan, world.province)
        return ctx

    measure()
    for unit in (world.commune_b, world.cell_b):
        program = build.program(unit, user=world.clerk_b)
        build.task(program, user=world.clerk_b, key_points=[world.kp2])
        build.task(program, user=world.clerk_b, key_points=[world.kp3])
        adopted(program)
    other = build.program(world.commune_a, title="Đề án khác")
    build.task(other, key_points=[world.kp1, world.kp2])
    adopted(other)
    assert ActionProgram.objects.exclude(unit=world.province).count() == 5
    measure()
