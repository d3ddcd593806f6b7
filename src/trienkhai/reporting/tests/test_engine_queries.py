"""The engine's query count does not grow with the tree; the cache and its data version."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.programs.models import ActionProgram, Milestone, Task
from trienkhai.reporting import engine
from trienkhai.reporting.engine import compute, rollup
from trienkhai.resolutions.models import Obligation
from trienkhai.study.models import Attendance, StudySession
from trienkhai.units import services as units
from trienkhai.units.models import Unit

from .world import PAST, T, at, person, program, update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def grow(world, n: int) -> None:
    """``n`` more cells under commune B, each with members, an obligation of every kind, a
    session attended, a program with a measured task, a milestone and a progress report."""
    tree, plan = world.tree, world.plan
    requirements = list(plan.requirements.all())
    for i in range(n):
        parent = Unit.objects.get(pk=tree.commune_b.pk)
        cell = Unit.objects.add_child(
            parent,
            create_kwargs=dict(
                name=f"Chi bộ tổ {i + 2}",
                code=f"HL-B{i + 2}",
                kind="party_cell",
                level="grassroots",
            ),
        )
        for r in requirements:
            Obligation.objects.create(
                unit=cell, requirement=r, plan=plan, due_on=r.due_on, fulfilled_on=T
            )
        member = person(cell, f"Đảng viên {i}", f"G{i:03}")
        session = StudySession.objects.create(
            unit=cell,
            plan=plan,
            title="Học tập",
            starts_at=at(-4),
            mode="in_person",
            status="held",
        )
        Attendance.objects.create(
            unit=cell, session=session, person=member, status="present", method="roster"
        )
        p = program(cell, plan, f"Chương trình tổ {i}", "approved", T)
        task = Task.objects.create(
            program=p, title="Nhiệm vụ", indicator="x", baseline=Decimal(0), target=Decimal(4)
        )
        Milestone.objects.create(task=task, due_on=T - datetime.timedelta(days=1))
        update(tree, task, datetime.date(2025, 4, 1), "on_track", 0, 1)


@pytest.mark.parametrize("code", ["HL", "HL-B"])
def test_the_number_of_queries_does_not_grow_with_the_tree(world, code):
    def run():
        unit = Unit.objects.get(code=code)
        return lambda: compute(world.plan, unit, T)

    before = queries(run())
    grow(world, 6)
    after = queries(run())

    assert after == before
    # The plans carrying it out, the requirements, the units (with whether each owes learning
    # reports), obligations by bucket (with the timeline and the sessions owed), sessions
    # held, the members (live for a past day, with the report deadlines), programs, tasks,
    # milestones, reviews, data warnings, dissemination activities (with their warnings),
    # questions, answers published, the units below; below the issuer one more (the report
    # obligations above).
    # + 2: the inspections (planned, begun; a plan without any asks nothing more)
    assert before == (19 if code == "HL" else 20)


def test_deeper_levels_cost_no_more_queries(world):
    shallow = queries(lambda: compute(world.plan, world.tree.province, T, depth=1))
    deep = queries(lambda: compute(world.plan, world.tree.province, T, depth=3))
    assert deep == shallow


def test_grown_numbers_add_up(world):
    grow(world, 3)
    r = compute(world.plan, world.tree.province, T)
    b = next(n for n in r.children if n.unit.code == "HL-B").numbers
    assert r.value("programs.tasks", b).numerator == 1 + 3
    assert r.value("study.sessions_held", b).numerator == 1 + 3
    assert b.programs.attainment_sum == pytest.approx(3 * 0.25)


def test_a_second_call_comes_from_the_cache_in_one_query(world, django_assert_num_queries):
    first = rollup(world.plan, world.tree.province, T)
    assert not first.from_cache

    with django_assert_num_queries(1):  # the data version
        second = rollup(world.plan, world.tree.province, T)

    assert second.from_cache
    assert second.computed_at == first.computed_at
    assert second.value("obligations.all.done") == first.value("obligations.all.done")


def test_an_audited_write_anywhere_gives_fresh_numbers(world):
    first = rollup(world.plan, world.tree.province, T)
    units.update_unit(user=world.tree.admin, unit=world.tree.cell_b, short_name="KP1")

    second = rollup(world.plan, world.tree.province, T)

    assert not second.from_cache
    assert second.version > first.version
    assert second.computed_at > first.computed_at


def test_refresh_recomputes_and_the_date_is_part_of_the_key(world):
    rollup(world.plan, world.tree.province, T)
    assert not rollup(world.plan, world.tree.province, T, refresh=True).from_cache
    assert rollup(world.plan, world.tree.province, T).from_cache
    assert not rollup(world.plan, world.tree.province, PAST).from_cache
    assert not rollup(world.plan, world.tree.commune_a, T).from_cache
    assert not rollup(world.plan, world.tree.province, T, depth=2).from_cache


def test_entries_expire(world, monkeypatch):
    """Writes that bypass the services are not in the version: the entry expires."""
    seen = {}
    monkeypatch.setattr(engine.cache, "set", lambda key, value, timeout: seen.update(t=timeout))
    rollup(world.plan, world.tree.province, T)
    assert seen["t"] == engine.CACHE_SECONDS <= 15 * 60


def test_programs_written_later_do_not_count_in_the_past(world):
    ActionProgram.objects.filter(pk=world.programs["P_A"].pk).update(
        first_approved_on=None, created_at=at(-1)
    )
    r = compute(world.plan, world.tree.province, PAST)
    assert r.total.programs.written == 2
