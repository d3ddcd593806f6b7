"""Live figures (``live.py``): read from the kept rows, they equal the engine's count at every
unit, after every kind of write folded in; a change of structure makes the plan fall back to
the engine until it is built again."""

from __future__ import annotations

import pytest
from django.utils import timezone

from trienkhai.core.models import DataFlag
from trienkhai.reporting import engine, live
from trienkhai.reporting.figures import differs, flatten, plus, unflatten
from trienkhai.reporting.models import Change, LiveFigures, LivePlan
from trienkhai.resolutions.models import Obligation
from trienkhai.study import tallies
from trienkhai.study.models import Attendance, LearningReport
from trienkhai.units.models import Unit

from .world import at, make_world

pytestmark = pytest.mark.django_db


def changed(*units):
    """The database's triggers logged a write on these units' own rows."""
    logged = set(Change.objects.values_list("unit_id", flat=True))
    assert {u.pk for u in units} <= logged


def same(plan, unit):
    """The live rollup of ``unit`` equals the engine's count: total, own rows, children and
    timeline."""
    today = timezone.localdate()
    kept = engine.rollup(plan, unit, today)
    counted = engine.compute(plan, unit, today)
    assert kept.live
    assert differs(flatten(kept.total), flatten(counted.total)) == [], unit
    assert differs(flatten(kept.own), flatten(counted.own)) == [], unit
    assert [n.unit.pk for n in kept.children] == [n.unit.pk for n in counted.children]
    for mine, theirs in zip(kept.children, counted.children, strict=True):
        assert differs(flatten(mine.numbers), flatten(theirs.numbers)) == []
    assert kept.timeline == counted.timeline
    assert kept.kinds == counted.kinds and kept.targets == counted.targets


def everywhere(world):
    tree = world.tree
    for unit in (tree.province, tree.commune_a, tree.commune_b, tree.cell_a, tree.cell_b):
        unit.refresh_from_db()
        same(world.plan, unit)
    assert live.verify(world.plan) == []


@pytest.fixture
def world(tree):
    world = make_world(tree)
    Change.objects.all().delete()
    live.rebuild(world.plan)
    return world


def test_the_figures_flatten_and_come_back():
    world_numbers = engine.Numbers()
    world_numbers.study.members = 3
    world_numbers.programs.attainment_sum = 0.25
    world_numbers.outreach.answer_days[4] = 2
    world_numbers.obligations["study_session"].add("late", 2)
    assert unflatten(flatten(world_numbers)) == world_numbers
    assert plus(flatten(world_numbers), flatten(world_numbers), -1) == {}


def test_a_rebuilt_plan_reads_the_engine_s_figures_at_every_unit(world):
    state = LivePlan.objects.get(plan=world.plan)
    assert state.state == LivePlan.State.READY and state.rows > 0
    everywhere(world)


def test_a_dashboard_reads_the_rows_of_the_units_it_shows(world, django_assert_max_num_queries):
    tree = world.tree
    with django_assert_max_num_queries(6):
        kept = engine.rollup(world.plan, tree.province, timezone.localdate())
    assert kept.live and kept.total.study.members > 0


def test_writes_are_folded_in(world):
    tree, people = world.tree, world.people
    # Cường, absent at S1, attends after all; Khoa submits his report.
    Attendance.objects.filter(person=people["cuong"]).update(status="present")
    changed(tree.cell_a)
    everywhere(world)
    LearningReport.objects.create(
        unit_id=people["khoa"].unit_id,
        plan=world.plan,
        person=people["khoa"],
        text="Bài thu hoạch.",
        submitted_at=at(-1),
        due_on=timezone.localdate(),
        entered_by=tree.admin,
    )
    changed(tree.cell_b)
    everywhere(world)
    # An obligation done, a data warning raised on a commune.
    Obligation.objects.filter(
        plan=world.plan, unit=tree.commune_b, requirement__kind="action_program"
    ).update(fulfilled_on=timezone.localdate())
    changed(tree.commune_b)
    everywhere(world)
    flagged = set(DataFlag.objects.filter(plan=world.plan).values_list("unit_id", flat=True))
    DataFlag.objects.filter(plan=world.plan).update(state=DataFlag.State.ACCEPTED)
    changed(*Unit.objects.filter(pk__in=flagged))
    everywhere(world)
    assert not Change.objects.exists()


def test_the_missing_reports_turn_at_the_units_above(world):
    """Every member under a unit owing learning reports owes one: when the last one missing
    below a unit is written, that unit leaves the units with missing reports."""
    tree, people = world.tree, world.people
    before = engine.compute(world.plan, tree.province, timezone.localdate()).total.study
    for who in ("cuong", "khoa", "an", "binh", "giang"):
        person = people[who]
        if LearningReport.objects.filter(person=person, plan=world.plan).exists():
            continue
        LearningReport.objects.create(
            unit_id=person.unit_id,
            plan=world.plan,
            person=person,
            text="Bài thu hoạch.",
            submitted_at=at(-1),
            due_on=timezone.localdate(),
            entered_by=tree.admin,
        )
        changed(Unit.objects.get(pk=person.unit_id))
        everywhere(world)
    after = engine.compute(world.plan, tree.province, timezone.localdate()).total.study
    assert after.units_missing_reports < before.units_missing_reports


def test_a_change_of_structure_falls_back_to_the_engine_until_rebuilt(world):
    tree = world.tree
    Unit.objects.filter(pk=tree.cell_b.pk).update(active_to=timezone.localdate())
    assert Change.objects.filter(unit_id=tree.cell_b.pk, scope=Change.Scope.UNIT).exists()
    kept = engine.rollup(world.plan, tree.province, timezone.localdate())
    assert not kept.live
    assert not LivePlan.objects.filter(plan=world.plan).exists()
    assert not LiveFigures.objects.filter(plan=world.plan).exists()
    live.rebuild(world.plan)
    everywhere(world)


def test_another_day_or_version_falls_back(world):
    LivePlan.objects.filter(plan=world.plan).update(day=timezone.localdate().replace(year=2000))
    assert not engine.rollup(world.plan, world.tree.province, timezone.localdate()).live
    live.fold()  # the worker's fold lets the rows go
    assert not LivePlan.objects.filter(plan=world.plan).exists()


def test_a_past_date_is_counted(world):
    day = timezone.localdate().replace(year=timezone.localdate().year - 1)
    assert not engine.rollup(world.plan, world.tree.province, day).live


def test_the_subtrees_to_count_gather_under_their_parents():
    assert live.roots({"0001", "00010002", "0002"}, 4) == {"0001": 1, "0002": 1}
    many = {f"0001{i:04d}" for i in range(1, 6)}
    assert live.roots(many, 4, most=3) == {"0001": 2}
    deep = {"000100010001", "00010002", "00020001"}
    assert live.roots(deep, 4, most=2) == {"0001": 3, "0002": 2}
    # never above the plan's issuer
    assert live.roots({"00010001", "00010002"}, 4, most=1, top_len=8) == {
        "00010001": 1,
        "00010002": 1,
    }


def test_a_plan_read_for_today_is_made_live_in_the_background(tree, settings):
    settings.TRIENKHAI_LIVE_ROLLUPS_AUTO = True
    world = make_world(tree)
    today = timezone.localdate()
    first = engine.rollup(world.plan, tree.province, today)
    assert not first.live  # counted by the engine; the build is queued after the commit
    live.build.call(world.plan.pk)  # what the worker (or the immediate backend) runs
    assert engine.rollup(world.plan, tree.province, today).live


def test_the_command_verifies_rebuilds_and_folds(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("rollups", "verify", stdout=out)
    assert "the same as a full count" in out.getvalue()
    LiveFigures.objects.filter(plan=world.plan, unit=world.tree.cell_a).update(
        figures={"study.members": 999}
    )
    with pytest.raises(CommandError, match="differ"):
        call_command("rollups", "verify", "--plan", world.plan.number, stdout=StringIO())
    out = StringIO()
    call_command("rollups", "rebuild", "--plan", world.plan.number, stdout=out)
    assert "units kept" in out.getvalue()
    call_command("rollups", "verify", "--plan", world.plan.number, stdout=StringIO())
    Attendance.objects.filter(person=world.people["cuong"]).update(status="present")
    out = StringIO()
    call_command("rollups", "fold", stdout=out)
    assert "changes folded: 1" in out.getvalue()
    call_command("rollups", "verify", stdout=StringIO())
    with pytest.raises(CommandError, match="No plan"):
        call_command("rollups", "rebuild", "--plan", "999-KH/XX", stdout=StringIO())


def test_the_worker_s_round_folds_and_builds_a_new_day_again(world):
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    LivePlan.objects.filter(plan=world.plan).update(day=yesterday)
    Attendance.objects.filter(person=world.people["cuong"]).update(status="present")
    assert live.keep.call() >= 1
    state = LivePlan.objects.get(plan=world.plan)
    assert state.day == timezone.localdate() and state.state == LivePlan.State.READY
    everywhere(world)


def test_the_dashboard_says_its_figures_are_live(world, client):
    from django.urls import reverse

    client.force_login(world.tree.admin)
    page = client.get(
        reverse("reporting:dashboard", args=[world.plan.pk]) + f"?unit={world.tree.province.pk}"
    )
    assert page.status_code == 200
    assert "cập nhật theo từng lần nhập liệu" in page.content.decode()


def test_the_dashboard_shows_a_write_at_once(world, client):
    from django.urls import reverse

    client.force_login(world.tree.admin)
    url = reverse("reporting:dashboard", args=[world.plan.pk]) + f"?unit={world.tree.province.pk}"
    before = client.get(url).context["result"]
    Attendance.objects.filter(person=world.people["cuong"]).update(status="present")
    tallies.mark_units([world.people["cuong"].unit_id])  # as the check-in services do
    after = client.get(url).context["result"]
    assert after.live and after.total.study.attended == before.total.study.attended + 1
    assert after.version != before.version  # the numbers are drawn again


def test_changes_made_while_a_plan_is_built_are_kept_for_it(world):
    """A fold during a build reads the log but leaves it: once the rows are complete, the
    next fold counts what was written meanwhile."""
    LivePlan.objects.filter(plan=world.plan).update(state=LivePlan.State.BUILDING)
    Attendance.objects.filter(person=world.people["cuong"]).update(status="present")
    tallies.mark_units([world.people["cuong"].unit_id])
    assert live.fold() == 1
    assert Change.objects.count() == 1  # kept
    assert not engine.rollup(world.plan, world.tree.province, timezone.localdate()).live
    LivePlan.objects.filter(plan=world.plan).update(state=LivePlan.State.READY)
    everywhere(world)
    assert not Change.objects.exists()


def test_live_figures_can_be_turned_off(world, settings):
    settings.TRIENKHAI_LIVE_ROLLUPS = False
    assert not engine.rollup(world.plan, world.tree.province, timezone.localdate()).live
