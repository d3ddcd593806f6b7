"""The three progress rules against figures worked out by hand, as of several dates, for one
program and pooled over two; the rule that applies to a unit; the queries it takes.

Program X (commune A, approved 15/02/2026), every task led by commune A:

====  ===========================  =============================  ===========================
task  indicator                    milestones                     reports (period → on: what)
====  ===========================  =============================  ===========================
T1    baseline 0, target 100       m1 Q1/2026 (30), m2 Q2/2026    Q1 → 31/03: on track 30, m1
                                   (60), m3 Q4/2026 (100)         Q2 → 30/06: on track 55
T2    baseline 50, target 90       —                              Q1 → 31/03: on track 70
                                                                  Q2 → 30/06: at risk (no value)
T3    —                            m4 30/04/2026, m5 30/09/2026   Q2 → 15/05: done
T4    —                            —                              Q1 → 20/03: done
====  ===========================  =============================  ===========================

As of 30/06/2026:
* tasks done: T3, T4 → 2 / 4 = 50 %;
* milestones: m1, m4, m5 done of m1–m5 (tasks without milestones do not count) → 3 / 5 =
  60 %;
* indicators: T1 (55 − 0) / (100 − 0) = 0.55; T2 latest value 70: (70 − 50) / (90 − 50) = 0.5
  → 1.05 / 2 = 52.5 %.
As of 31/03/2026: tasks 1 / 4 (T4) = 25 %; milestones m1 = 1 / 5 = 20 %; indicators
(0.30 + 0.50) / 2 = 40 %. As of 01/03/2026 nothing was reported: 0 / 4, 0 / 5, 0 / 2.

Program Y (commune B): one task, no milestones, reported done on 10/06/2026.
Pooled as of 30/06: tasks 3 / 5 = 60 % (not the mean of 50 % and 100 %); milestones 3 / 5 =
60 % (Y has none); indicators 1.05 / 2 = 52.5 %.
"""

from decimal import Decimal

import pytest
from django.utils import translation

from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, Milestone, Task
from trienkhai.programs.progress import (
    DEFAULT_RULE,
    Progress,
    attainment,
    effective_rule,
    pooled,
    program_progress,
    with_latest,
)

from .conftest import D

# No module-wide django_db mark: the database tests get it through ``world``, and the
# pure ones stay off the database, so the module shares its world (see the root conftest).
JUNE, MARCH, BEFORE = D(2026, 6, 30), D(2026, 3, 31), D(2026, 3, 1)


def scenario_x(world, build):
    x = build.program(world.commune_a, title="Chương trình X")
    t1 = build.task(
        x,
        title="T1",
        indicator="Tỷ lệ",
        baseline="0",
        target="100",
        milestones=[
            {"when": "Q1/2026", "expected_value": "30"},
            {"when": "Q2/2026", "expected_value": "60"},
            {"when": "Q4/2026", "expected_value": "100"},
        ],
    )
    t2 = build.task(x, title="T2", indicator="Số hộ", baseline="50", target="90")
    t3 = build.task(
        x,
        title="T3",
        milestones=[
            {"when": "30/04/2026", "deliverable": "Đề án"},
            {"when": "30/09/2026", "deliverable": "Sơ kết"},
        ],
    )
    t4 = build.task(x, title="T4")
    build.adopt(x, on=D(2026, 2, 15))
    m1 = Milestone.objects.get(task=t1, due_on=D(2026, 3, 31))
    build.report(t1, period=D(2026, 2, 1), on=MARCH, status="on_track", value=30, milestone=m1)
    build.report(t1, period=D(2026, 5, 1), on=JUNE, status="on_track", value=55)
    build.report(t2, period=D(2026, 2, 1), on=MARCH, status="on_track", value=70)
    build.report(t2, period=D(2026, 5, 1), on=JUNE, status="at_risk", narrative="Thiếu vốn")
    build.report(t3, period=D(2026, 5, 1), on=D(2026, 5, 15), status="done")
    build.report(t4, period=D(2026, 3, 1), on=D(2026, 3, 20), status="done")
    return x, (t1, t2, t3, t4)


def scenario_y(world, build):
    y = build.program(world.commune_b, title="Chương trình Y")
    task = build.task(y, title="Y1")
    build.adopt(y, on=D(2026, 3, 1))
    build.report(task, period=D(2026, 5, 1), on=D(2026, 6, 10), status="done")
    return y


@pytest.fixture
def x(world, build):
    return scenario_x(world, build)[0]


def figures(progress: Progress):
    return (round(progress.numerator, 4), progress.denominator, progress.percent)


@pytest.mark.parametrize(
    "rule, as_of, expected",
    [
        ("tasks_done", JUNE, (2, 4, 50.0)),
        ("milestones", JUNE, (3, 5, 60.0)),
        ("indicators", JUNE, (1.05, 2, 52.5)),
        ("tasks_done", MARCH, (1, 4, 25.0)),
        ("milestones", MARCH, (1, 5, 20.0)),
        ("indicators", MARCH, (0.8, 2, 40.0)),
        ("tasks_done", BEFORE, (0, 4, 0.0)),
        ("milestones", BEFORE, (0, 5, 0.0)),
        ("indicators", BEFORE, (0, 2, 0.0)),
    ],
)
def test_each_rule_by_hand(x, rule, as_of, expected):
    result = program_progress(ActionProgram.objects.filter(pk=x.pk), rule, as_of)
    assert set(result) == {x.pk}
    assert figures(result[x.pk]) == expected


def test_the_rule_is_explained_beside_the_percentage(x):
    programs = ActionProgram.objects.filter(pk=x.pk)
    with translation.override("en"):
        tasks = program_progress(programs, "tasks_done", JUNE)[x.pk]
        milestones = program_progress(programs, "milestones", JUNE)[x.pk]
        indicators = program_progress(programs, "indicators", JUNE)[x.pk]
        assert (tasks.rule_label, tasks.explanation) == ("Share of tasks done", "2 of 4 tasks done")
        assert (milestones.rule_label, milestones.explanation) == (
            "Share of milestones done",
            "3 of 5 milestones done",
        )
        assert (indicators.rule_label, indicators.explanation) == (
            "Attainment of indicators",
            "sum of attainments 1,05 over 2 measurable tasks",
        )


def test_the_latest_report_as_of_a_date(x):
    tasks = with_latest(Task.objects.filter(program=x).order_by("order"), JUNE)
    assert [(t.title, t.latest_status, t.latest_value) for t in tasks] == [
        ("T1", "on_track", Decimal(55)),
        ("T2", "at_risk", Decimal(70)),  # the latest value reported, from the quarter before
        ("T3", "done", None),
        ("T4", "done", None),
    ]
    tasks = with_latest(Task.objects.filter(program=x).order_by("order"), MARCH)
    assert [(t.latest_status, t.latest_value) for t in tasks] == [
        ("on_track", Decimal(30)),
        ("on_track", Decimal(70)),
        (None, None),
        ("done", None),
    ]


def test_a_correction_reported_later_counts_from_its_date(world, build, x):
    """T4's done report corrected to *late* on 10/07. A report for a period is replaced, not
    versioned: from then on the figures as of 30/06 no longer count T4 either (the audit log
    keeps what the first report said)."""
    t4 = x.tasks.get(title="T4")
    build.report(
        t4, period=D(2026, 3, 1), on=D(2026, 7, 10), status="late", narrative="Chưa xong thật"
    )
    programs = ActionProgram.objects.filter(pk=x.pk)
    # the corrected report replaced the first: as of 30/06 there is no report of T4 any more
    assert figures(program_progress(programs, "tasks_done", JUNE)[x.pk]) == (1, 4, 25.0)
    assert figures(program_progress(programs, "tasks_done", D(2026, 7, 10))[x.pk]) == (1, 4, 25.0)


def test_pooled_over_two_programs(world, build, x):
    y = scenario_y(world, build)
    programs = ActionProgram.objects.filter(pk__in=[x.pk, y.pk])
    for rule, each, total in [
        ("tasks_done", {x.pk: (2, 4, 50.0), y.pk: (1, 1, 100.0)}, (3, 5, 60.0)),
        ("milestones", {x.pk: (3, 5, 60.0), y.pk: (0, 0, None)}, (3, 5, 60.0)),
        ("indicators", {x.pk: (1.05, 2, 52.5), y.pk: (0, 0, None)}, (1.05, 2, 52.5)),
    ]:
        result = program_progress(programs, rule, JUNE)
        assert {pk: figures(p) for pk, p in result.items()} == each
        assert figures(pooled(result.values(), rule)) == total


def test_a_program_without_tasks_has_no_figure(world, build):
    empty = build.program(world.commune_a, title="Chưa có nhiệm vụ")
    result = program_progress(ActionProgram.objects.filter(pk=empty.pk), "tasks_done", JUNE)
    assert result.get(empty.pk) is None
    assert pooled([], "tasks_done").percent is None


@pytest.mark.parametrize(
    "value, baseline, target, expected",
    [
        (55, 0, 100, 0.55),
        (55, None, 100, 0.55),  # no baseline: from 0
        (70, 50, 90, 0.5),
        (120, 0, 100, 1.0),  # beyond the target: kept at 1
        (40, 50, 90, 0.0),  # below the baseline: kept at 0
        (3, 5, 2, 2 / 3),  # a target below the baseline (reduce poor households 5 → 2 %)
        (None, 0, 100, 0.0),  # nothing reported
        (5, 5, 5, 1.0),  # target equal to baseline: reached or not
        (4, 5, 5, 0.0),
    ],
)
def test_attainment(value, baseline, target, expected):
    assert attainment(value, baseline, target) == pytest.approx(expected)


def test_the_nearest_rule_setting_applies(world):
    assert DEFAULT_RULE == "tasks_done"
    assert effective_rule(world.cell_a) == "tasks_done"
    services.set_progress_rule(user=world.admin, unit=world.province, rule="milestones")
    assert [effective_rule(u) for u in (world.province, world.commune_a, world.cell_a)] == [
        "milestones"
    ] * 3
    services.set_progress_rule(user=world.admin, unit=world.commune_a, rule="indicators")
    assert {
        u.code: effective_rule(u)
        for u in (world.province, world.commune_a, world.cell_a, world.commune_b, world.cell_b)
    } == {
        "HL": "milestones",
        "HL-A": "indicators",
        "HL-A1": "indicators",
        "HL-B": "milestones",
        "HL-B1": "milestones",
    }


def test_effective_rule_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        effective_rule(world.cell_a)


@pytest.mark.parametrize("rule, queries", [("tasks_done", 1), ("milestones", 2), ("indicators", 1)])
def test_program_progress_takes_the_same_queries_for_twice_the_programs(
    world, build, rule, queries, django_assert_num_queries
):
    scenario_x(world, build)
    scenario_y(world, build)
    programs = ActionProgram.objects.all()
    with django_assert_num_queries(queries):
        small = program_progress(programs, rule, JUNE)
    scenario_x(world, build)
    b2 = build.program(world.commune_b, title="Chương trình Y2")
    build.task(b2, milestones=[{"when": "Q3/2026", "deliverable": "x"}])
    build.adopt(b2)
    with django_assert_num_queries(queries):
        large = program_progress(ActionProgram.objects.all(), rule, JUNE)
    assert len(large) == 2 * len(small)
