"""The study tallies (``study.tallies``) give the numbers a live count gives, after every kind
of write that can change them, on the day they are read and on later days."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trienkhai.reporting import engine
from trienkhai.resolutions import services as plans
from trienkhai.study import rollup, services, tallies
from trienkhai.study.models import Attendance, StudyTally, TallyMark, TallyState
from trienkhai.units import services as units
from trienkhai.units.models import Unit

from .test_services_builders import make_study

DAY = datetime.timedelta(days=1)


def live(plan, unit, as_of=None):
    with tallies.counted_live():
        return rollup.study_overview(plan, unit, as_of)


def assert_same(plan, *units_to_read):
    """Each unit's overview (total, own, children) from the tallies equals the live one."""
    for unit in units_to_read:
        read, counted = rollup.study_overview(plan, unit), live(plan, unit)
        assert read.total == counted.total, unit
        assert read.own == counted.own, unit
        assert [n for _u, n in read.children] == [n for _u, n in counted.children], unit


@pytest.fixture
def study(tree):
    study = make_study(tree)
    rollup.study_numbers(study.plan, tree.province)  # the first reading counts the tallies
    return study


def every_reading(study):
    tree = study.tree
    return (tree.province, tree.commune_a, tree.cell_a, tree.commune_b)


@pytest.mark.django_db
def test_the_first_reading_of_the_whole_plan_counts_the_tallies(tree):
    study = make_study(tree)
    # Below the issuer, a plan without tallies is counted live and gets none.
    rollup.study_numbers(study.plan, tree.commune_a)
    assert not TallyState.objects.exists()
    numbers = rollup.study_numbers(study.plan, tree.province)
    state = TallyState.objects.get(plan=study.plan)
    assert state.day == timezone.localdate()
    # one row per unit with members, and per exemption: HL-A1 has an exempt member
    rows = set(StudyTally.objects.filter(plan=study.plan).values_list("unit__code", "exempt"))
    assert rows == {("HL-A", False), ("HL-A1", False), ("HL-A1", True), ("HL-B1", False)}
    assert numbers.members == 6 and numbers.eligible == 5
    assert_same(study.plan, *every_reading(study))


@pytest.mark.django_db
def test_attendance_and_reports_written_through_the_services(study):
    tree, plan = study.tree, study.plan
    session = study.session()
    services.mark_attendance(user=tree.clerk_a, session=session, person=study.an, status="present")
    assert rollup.study_numbers(plan, tree.province).attended == 1
    assert_same(plan, *every_reading(study))
    # "all present except" writes in bulk and marks the roster's units itself
    services.mark_all_present_except(user=tree.clerk_a, session=session, absent=[study.hoa.pk])
    assert rollup.study_numbers(plan, tree.commune_a).attended == 3  # An, Cường, Giang
    assert_same(plan, *every_reading(study))
    report = services.submit_report(user=tree.clerk_a, plan=plan, person=study.an, text="Bài viết")
    assert rollup.study_numbers(plan, tree.province).reports_submitted == 1
    services.review_report(user=study.secretary_a1, report=report, grade="good")
    assert rollup.study_numbers(plan, tree.province).grades["good"] == 1
    assert_same(plan, *every_reading(study))


@pytest.mark.django_db
def test_people_created_moved_exempted_and_leaving(study):
    tree, plan = study.tree, study.plan
    newcomer = units.create_person(user=tree.clerk_a, unit=tree.cell_a, full_name="Mai Văn Tới")
    assert rollup.study_numbers(plan, tree.cell_a).members == 5
    units.update_person(user=tree.clerk_a, person=study.hoa, exempt_from_activity=True)
    assert rollup.study_numbers(plan, tree.cell_a).eligible == 3
    units.update_person(user=tree.clerk_a, person=newcomer, left_on=timezone.localdate() - DAY)
    assert rollup.study_numbers(plan, tree.cell_a).members == 4
    # moved to the other commune: counted there, no longer here
    units.update_person(user=tree.admin, person=study.an, unit=tree.cell_b)
    assert rollup.study_numbers(plan, tree.commune_b).members == 2
    assert rollup.study_numbers(plan, tree.commune_a).members == 4
    assert_same(plan, *every_reading(study))


@pytest.mark.django_db
def test_a_session_rescheduled_or_a_unit_moved(study):
    tree, plan = study.tree, study.plan
    session = study.session()
    services.mark_all_present_except(user=tree.clerk_a, session=session)
    assert rollup.study_numbers(plan, tree.commune_a).attended == 4
    # put off to next week: nobody has studied yet
    services.update_session(user=tree.clerk_a, session=session, starts_at=timezone.now() + 7 * DAY)
    assert rollup.study_numbers(plan, tree.commune_a).attended == 0
    assert_same(plan, *every_reading(study))
    # the cell of commune B moved under commune A: its members count there
    units.move_unit(user=tree.admin, unit=tree.cell_b, new_parent=tree.commune_a)
    moved = Unit.objects.get(pk=tree.commune_a.pk)
    assert rollup.study_numbers(plan, moved).members == 6
    assert_same(plan, Unit.objects.get(pk=tree.province.pk), moved)


@pytest.mark.django_db
def test_sessions_under_a_plan_carrying_it_out_count(study):
    tree, plan = study.tree, study.plan
    own = plans.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="05-KH/ĐU",
        title="Kế hoạch của xã",
        issued_on=timezone.localdate(),
        parent=plan,  # its requirements are the province's
    )
    own = plans.issue_plan(user=tree.head_a, plan=own)
    session = services.schedule_session(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=own,
        title="Hội nghị của xã",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        mode="in_person",
    )
    services.mark_attendance(user=tree.clerk_a, session=session, person=study.an, status="present")
    assert rollup.study_numbers(plan, tree.province).attended == 1
    assert_same(plan, *every_reading(study))


@pytest.mark.django_db
def test_a_later_day_counts_again_what_the_day_changed(study):
    """Tallies counted yesterday, read today: a member whose leaving day is today no longer
    counts, and attendance at a session that started today does, though neither was
    written since."""
    tree, plan = study.tree, study.plan
    today = timezone.localdate()
    units.update_person(user=tree.clerk_a, person=study.hoa, left_on=today)
    session = study.session(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    rollup.study_numbers(plan, tree.province)
    Attendance.objects.create(  # no signal would miss it: written below the services
        session=session, person=study.an, unit=tree.cell_a, status="present", method="roster"
    )
    TallyMark.objects.all().delete()
    StudyTally.objects.filter(plan=plan, unit=tree.cell_a).update(members=4, attended=0)
    TallyState.objects.filter(plan=plan).update(day=today - DAY)
    if timezone.localtime(session.starts_at).date() == today:
        assert rollup.study_numbers(plan, tree.cell_a).attended == 1
    assert rollup.study_numbers(plan, tree.cell_a).members == 3
    assert_same(plan, *every_reading(study))


@pytest.mark.django_db
def test_past_days_are_counted_live_and_the_engine_agrees(study):
    tree, plan = study.tree, study.plan
    services.mark_all_present_except(user=tree.clerk_a, session=study.session())
    week_ago = timezone.localdate() - 7 * DAY
    with CaptureQueriesContext(connection) as ctx:
        past = rollup.study_numbers(plan, tree.province, week_ago)
    assert not any("study_studytally" in q["sql"] for q in ctx.captured_queries)
    assert past == live(plan, tree.province, week_ago).total
    result = engine.compute(plan, tree.province, timezone.localdate())
    with tallies.counted_live():
        counted = engine.compute(plan, tree.province, timezone.localdate())
    assert result.total.study == counted.total.study
    assert [n.numbers.study for n in result.children] == [n.numbers.study for n in counted.children]


@pytest.mark.django_db
def test_an_up_to_date_reading_costs_two_queries_and_marks_are_pruned(study):
    tree, plan = study.tree, study.plan
    waiting = TallyState.objects.get(plan=plan).waiting  # PostgreSQL: transactions running
    with CaptureQueriesContext(connection) as ctx:
        assert tallies.rows(plan, tree.province.path, timezone.localdate()) is not None
    # the state with the last mark, the tallies; and whether the transactions that were
    # running at the last catch-up left marks
    assert len(ctx.captured_queries) == 2 + bool(waiting)
    services.mark_attendance(
        user=tree.clerk_a, session=study.session(), person=study.an, status="present"
    )
    assert TallyMark.objects.exists()
    TallyMark.objects.update(at=timezone.now() - datetime.timedelta(hours=2))
    rollup.study_numbers(plan, tree.province)
    assert not TallyMark.objects.exists()  # taken in by the only plan with tallies


@pytest.mark.django_db
def test_forget_drops_the_tallies(study):
    tree, plan = study.tree, study.plan
    tallies.forget()
    assert not StudyTally.objects.exists() and not TallyState.objects.exists()
    assert rollup.study_numbers(plan, tree.commune_a) == live(plan, tree.commune_a).total
    assert not TallyState.objects.exists()


@pytest.mark.django_db
def test_the_tallies_command_lists_checks_counts_and_forgets(study):
    plan = study.plan
    out = io.StringIO()
    call_command("tallies", stdout=out)
    assert f"{plan.number}: 4 rows for {timezone.localdate():%d/%m/%Y}" in out.getvalue()
    call_command("tallies", "--check", stdout=io.StringIO())
    StudyTally.objects.filter(plan=plan, unit=study.tree.cell_a, exempt=False).update(members=9)
    with pytest.raises(CommandError, match="differ from a live count"):
        call_command("tallies", "--check", stdout=io.StringIO())
    with pytest.raises(CommandError, match="needs --plan"):
        call_command("tallies", "--count")
    out = io.StringIO()
    call_command("tallies", "--count", "--plan", plan.number, stdout=out)
    assert "4 rows counted" in out.getvalue()
    call_command("tallies", "--check", stdout=io.StringIO())  # counted afresh: equal again
    call_command("tallies", "--forget", stdout=io.StringIO())
    assert not TallyState.objects.exists()
    with pytest.raises(CommandError, match="No plan has the number"):
        call_command("tallies", "--plan", "99-KH/XX")
