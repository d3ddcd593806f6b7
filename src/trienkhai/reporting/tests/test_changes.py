"""The change log written by the database triggers (``reporting/changes.py``): every write to a
table the engine reads, through a service or the ORM (``bulk_create``, ``update()``,
``delete()``), leaves the rows saying which unit's figures of which plan changed — the unit the
engine counts the row under — and nothing for the units beside it."""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from trienkhai.core.models import DataFlag
from trienkhai.inspections import services as inspection_services
from trienkhai.inspections.models import (
    Finding,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    ProgramItem,
    Recommendation,
)
from trienkhai.inspections.tests import conftest as inspections
from trienkhai.outreach import services as outreach_services
from trienkhai.outreach.tests import conftest as outreach
from trienkhai.programs.models import ActionProgram, AnnualReview, Milestone, ProgressUpdate, Task
from trienkhai.programs.services.progress import report_progress
from trienkhai.reporting import changes
from trienkhai.reporting.models import Change
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.study import services as study_services
from trienkhai.study.models import Attendance, LearningReport, StudySession
from trienkhai.tooling.testing import make_user
from trienkhai.units import services as unit_services
from trienkhai.units.models import Person, Unit

from .world import at, d

ROWS, UNIT, PLAN = changes.ROWS, changes.UNIT, changes.PLAN


class Log:
    """The change rows written inside a ``logged()`` block, as (unit, plan, scope)."""

    rows: set[tuple[int, int | None, int]]


@contextmanager
def logged():
    start = Change.objects.aggregate(last=Max("id"))["last"] or 0
    log = Log()
    yield log
    log.rows = set(Change.objects.filter(id__gt=start).values_list("unit_id", "plan_id", "scope"))


# --- the triggers themselves --------------------------------------------------------------------


@pytest.mark.django_db
def test_every_declared_trigger_is_installed_by_the_migrations():
    expected = changes.trigger_names(connection.vendor, apps)
    assert len(expected) >= len(changes.WATCHES)
    assert changes.installed(connection) == expected


def test_the_sql_of_both_vendors_names_real_columns():
    for vendor in ("sqlite", "postgresql"):
        statements = changes.create_sql(vendor, apps)
        assert any("study_attendance" in s for s in statements)
    bad = changes.Watch("units.Person", ("no_such_column",), (changes.Target("{row}.unit_id"),))
    with pytest.raises(LookupError, match="no_such_column"):
        changes._Sql("sqlite", apps).create(bad)


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_nothing(world):
    with logged() as log, pytest.raises(RuntimeError), transaction.atomic():
        Obligation.objects.filter(plan=world.plan).update(fulfilled_on=d(0))
        raise RuntimeError
    assert log.rows == set()


# --- study ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_counts_on_the_persons_home_unit_not_the_sessions(world):
    t, plan = world.tree, world.plan
    session = StudySession.objects.get(unit=t.commune_a)  # S1 at HL-A
    cuong = world.people["cuong"]  # of HL-A1, absent
    with logged() as log:
        study_services.mark_attendance(
            user=t.admin, session=session, person=cuong, status="present", reason="Đến muộn"
        )
    assert (t.cell_a.pk, plan.pk, ROWS) in log.rows
    # The service also looks again at the session's warnings (a flag at HL-A); nothing of B.
    assert log.rows <= {(t.cell_a.pk, plan.pk, ROWS), (t.commune_a.pk, plan.pk, ROWS)}


@pytest.mark.django_db
def test_attendance_bulk_create_update_and_delete(world):
    t, plan = world.tree, world.plan
    session = StudySession.objects.get(unit=t.cell_b)  # S2 at HL-B1
    khoa = world.people["khoa"]
    with logged() as log:
        Attendance.objects.bulk_create(
            [Attendance(unit=t.cell_b, session=session, person=khoa, status="present")]
        )
    assert log.rows == {(t.cell_b.pk, plan.pk, ROWS)}
    with logged() as log:
        Attendance.objects.filter(person=khoa).update(status="absent")
    assert log.rows == {(t.cell_b.pk, plan.pk, ROWS)}
    with logged() as log:
        Attendance.objects.filter(person=khoa).update(method="kiosk")  # not read: not logged
    assert log.rows == set()
    with logged() as log:
        Attendance.objects.filter(person=khoa).delete()
    assert log.rows == {(t.cell_b.pk, plan.pk, ROWS)}


@pytest.mark.django_db
def test_a_session_moved_in_time_logs_its_unit_and_its_attendees_units(world):
    t, plan = world.tree, world.plan
    session = StudySession.objects.get(unit=t.commune_a)  # attendees of HL-A and HL-A1
    with logged() as log:
        StudySession.objects.filter(pk=session.pk).update(starts_at=at(-11))
    assert log.rows == {
        (t.commune_a.pk, plan.pk, ROWS),
        (t.cell_a.pk, plan.pk, ROWS),
    }
    with logged() as log:
        StudySession.objects.filter(pk=session.pk).update(non_member_count=5)
    assert log.rows == {(t.commune_a.pk, plan.pk, ROWS)}  # the attendees' figures do not move
    with logged() as log:
        StudySession.objects.filter(pk=session.pk).update(title="Hội nghị")
    assert log.rows == set()


@pytest.mark.django_db
def test_a_learning_report_submitted_and_graded(world):
    t, plan = world.tree, world.plan
    khoa = world.people["khoa"]
    with logged() as log:
        report = study_services.submit_report(
            user=t.admin, plan=plan, person=khoa, text="Bài thu hoạch của Khoa."
        )
    assert (t.cell_b.pk, plan.pk, ROWS) in log.rows
    # The service may also mark the obligation of the unit owing the reports (HL-B) done.
    assert log.rows <= {(t.cell_b.pk, plan.pk, ROWS), (t.commune_b.pk, plan.pk, ROWS)}
    with logged() as log:
        study_services.review_report(user=t.admin, report=report, grade="good")
    assert log.rows == {(t.cell_b.pk, plan.pk, ROWS)}
    with logged() as log:
        LearningReport.objects.filter(pk=report.pk).update(comment="Tốt.")
    assert log.rows == set()


@pytest.mark.django_db
def test_a_person_moved_logs_both_units_for_every_plan(world):
    t = world.tree
    giang = world.people["giang"]
    with logged() as log:
        unit_services.update_person(user=t.admin, person=giang, unit=t.cell_a)
    assert log.rows == {(t.commune_a.pk, None, ROWS), (t.cell_a.pk, None, ROWS)}
    with logged() as log:
        Person.objects.filter(pk=giang.pk).update(exempt_from_activity=True)
    assert log.rows == {(t.cell_a.pk, None, ROWS)}
    with logged() as log:
        Person.objects.filter(pk=giang.pk).update(birth_year=1980)
    assert log.rows == set()


# --- plans, requirements, obligations --------------------------------------------------------


@pytest.mark.django_db
def test_obligations_update_and_bulk_create(world):
    t, plan = world.tree, world.plan
    with logged() as log:
        Obligation.objects.filter(plan=plan, unit=t.cell_b).update(fulfilled_on=d(-1))
    assert log.rows == {(t.cell_b.pk, plan.pk, ROWS)}
    with logged() as log:
        Obligation.objects.filter(plan=plan, unit=t.cell_b).update(evidence="Công văn 5")
    assert log.rows == set()  # the evidence's text is not counted
    with logged() as log:
        requirement = Requirement.objects.create(
            plan=plan, kind="results_report", title="Báo cáo sơ kết", due_on=d(60)
        )
        Obligation.objects.bulk_create(
            Obligation(unit=u, plan=plan, requirement=requirement, due_on=d(60))
            for u in (t.commune_a, t.cell_a)
        )
    assert log.rows == {
        (t.province.pk, plan.pk, PLAN),  # the requirement: plan-wide, at the issuer
        (t.commune_a.pk, plan.pk, ROWS),
        (t.cell_a.pk, plan.pk, ROWS),
    }


@pytest.mark.django_db
def test_a_plan_linked_under_another_logs_both_plans(world):
    t, plan = world.tree, world.plan
    with logged() as log:
        child = Plan.objects.create(
            unit=t.commune_a, number="05-KH/ĐU", title="Kế hoạch của xã", issued_on=d(-50)
        )
    assert log.rows == {(t.commune_a.pk, child.pk, PLAN)}
    with logged() as log:
        Plan.objects.filter(pk=child.pk).update(parent=plan)
    assert log.rows == {(t.commune_a.pk, child.pk, PLAN), (t.province.pk, plan.pk, PLAN)}
    with logged() as log:
        Plan.objects.filter(pk=child.pk).update(title="Kế hoạch thực hiện của xã")
    assert log.rows == set()


@pytest.mark.django_db
def test_a_plans_documents_are_plan_wide(tree):
    world = outreach.build_world(tree)
    other = outreach.resolution_services.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="66-NQ/TW",
        title="Đổi mới công tác xây dựng và thi hành pháp luật",
        issuing_body="Bộ Chính trị",
        issued_on=datetime.date(2025, 4, 30),
        key_points=[("Pháp luật là nền tảng", False)],
    )
    with logged() as log:
        world.plan.resolutions.add(other)
    assert log.rows == {(tree.province.pk, world.plan.pk, PLAN)}


# --- units ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_unit_moved_logs_it_and_its_subtree_not_its_siblings(world):
    t = world.tree
    with logged() as log:
        unit_services.move_unit(user=t.admin, unit=t.commune_b, new_parent=t.commune_a)
    assert log.rows == {(t.commune_b.pk, None, UNIT), (t.cell_b.pk, None, UNIT)}


@pytest.mark.django_db
def test_a_unit_created_closed_reopened_and_renamed(world):
    t = world.tree
    with logged() as log:
        unit = unit_services.create_unit(
            user=t.admin,
            parent=t.commune_b,
            name="Chi bộ khu phố 2",
            code="HL-B2",
            kind="party_cell",
            level="grassroots",
        )
    assert (unit.pk, None, UNIT) in log.rows
    assert {u for u, _p, scope in log.rows if scope == UNIT} == {unit.pk}
    with logged() as log:
        unit_services.close_unit(user=t.admin, unit=unit, on=timezone.localdate())
    assert (unit.pk, None, UNIT) in log.rows
    with logged() as log:
        Unit.objects.filter(pk=unit.pk).update(name="Chi bộ khu phố số 2")
    assert log.rows == set()
    with logged() as log:
        Unit.objects.filter(pk=unit.pk).update(kind="party_committee")
    assert log.rows == {(unit.pk, None, ROWS)}  # the inspections count committees and cells


# --- programs ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_program_rows_count_on_the_programs_unit(world):
    t, plan = world.tree, world.plan
    p_a = world.programs["P_A"]  # of HL-A
    t1 = world.tasks["t1"]
    own = {(t.commune_a.pk, plan.pk, ROWS)}
    with logged() as log:
        Task.objects.filter(pk=t1.pk).update(target=Decimal(90))
    assert log.rows == own
    with logged() as log:
        Milestone.objects.bulk_create([Milestone(task=t1, order=3, due_on=d(30))])
    assert log.rows == own
    with logged() as log:
        ProgressUpdate.objects.filter(task=t1).update(value=Decimal(65))
    assert log.rows == own
    with logged() as log:
        AnnualReview.objects.create(unit=t.cell_a, program=p_a, year=2024)  # filed by a cell
    assert log.rows == own
    with logged() as log:
        ActionProgram.objects.filter(pk=p_a.pk).update(unit=t.cell_a)
    assert log.rows == own | {(t.cell_a.pk, plan.pk, ROWS)}
    with logged() as log:
        Task.objects.filter(pk=t1.pk).update(title="Phổ cập internet")
    assert log.rows == set()


@pytest.mark.django_db
def test_a_progress_report_through_the_service(world, settings):
    t, plan = world.tree, world.plan
    t3 = world.tasks["t3"]  # of P_A, HL-A
    with logged() as log:
        report_progress(
            user=t.admin, task=t3, period=timezone.localdate(), status="on_track", value=5
        )
    assert log.rows == {(t.commune_a.pk, plan.pk, ROWS)}


# --- data warnings ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_flag_on_an_activity_logs_the_activitys_unit_too(tree):
    world = outreach.build_world(tree)
    with logged() as log:
        activity = outreach.activity(world)  # HL-A
    assert (tree.commune_a.pk, world.plan.pk, ROWS) in log.rows
    assert {u for u, _p, _s in log.rows} <= {tree.commune_a.pk}
    with logged() as log:
        DataFlag.objects.create(
            unit=tree.province,
            plan=world.plan,
            rule="reach_above_population",
            object_type="outreach.activity",
            object_id=activity.pk,
            object_repr=str(activity),
            detected_on=datetime.date(2026, 2, 4),
        )
    assert log.rows == {
        (tree.province.pk, world.plan.pk, ROWS),
        (tree.commune_a.pk, world.plan.pk, ROWS),
    }
    with logged() as log:
        DataFlag.objects.filter(object_id=activity.pk).update(state="dismissed")
    assert log.rows == {
        (tree.province.pk, world.plan.pk, ROWS),
        (tree.commune_a.pk, world.plan.pk, ROWS),
    }


# --- outreach -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_questions_and_answers_count_for_the_plans_of_the_pages_resolution(tree):
    world = outreach.build_world(tree)
    page = outreach.published_page(world)  # HL-A's page on 57-NQ/TW, carried out by the plan
    own = {(tree.commune_a.pk, world.plan.pk, ROWS)}
    with logged() as log:
        question = outreach_services.ask(page=page, text="Chuyển đổi số ở xã bắt đầu từ đâu?")
    assert log.rows == own
    with logged() as log:
        answer = outreach_services.answer_question(
            user=tree.clerk_a, question=question, text="Từ việc phổ cập internet cho mọi hộ."
        )
        outreach_services.approve_answer(user=tree.head_a, answer=answer)
    assert log.rows == own


# --- inspections --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_inspection_rows_count_where_the_engine_counts_them(tree):
    world = inspections.World(
        tree=tree,
        inspector_p=make_user("inspector_p", "inspector", tree.province),
        head_p=make_user("chief_p", "head", tree.province),
        inspector_a=make_user("inspector_a", "inspector", tree.commune_a),
    )
    with logged() as log:
        inspection = inspections.concluded(world)  # by the province, of HL-A, without a plan
    assert log.rows == {(tree.province.pk, None, ROWS), (tree.commune_a.pk, None, ROWS)}
    assert Finding.objects.filter(inspection=inspection, target=tree.commune_a).exists()
    plan = Plan.objects.create(
        unit=tree.province, number="01-KH/UBKT", title="Kế hoạch kiểm tra", issued_on=d(-90)
    )
    with logged() as log:  # the inspection given a plan: its findings, targets … move with it
        Inspection.objects.filter(pk=inspection.pk).update(plan=plan)
    assert log.rows == {
        (tree.province.pk, None, ROWS),
        (tree.province.pk, plan.pk, ROWS),
        (tree.commune_a.pk, None, ROWS),
        (tree.commune_a.pk, plan.pk, ROWS),
    }
    with logged() as log:
        Recommendation.objects.filter(inspection=inspection).update(closed_on=d(0))
        InspectionTarget.objects.filter(inspection=inspection).update(self_report_on=d(0))
    assert log.rows == {(tree.commune_a.pk, plan.pk, ROWS)}
    with logged() as log:
        program = InspectionProgram.objects.create(unit=tree.commune_a, year=2026, title="Kế hoạch")
        item = ProgramItem.objects.create(
            program=program,
            topic="signs",
            subject="Việc thực hiện Kế hoạch",
            plan=plan,
            period_from=d(-90),
            period_to=d(0),
            quarter=3,
        )
    assert log.rows == {(tree.commune_a.pk, plan.pk, ROWS)}
    with logged() as log:
        InspectionProgram.objects.filter(pk=program.pk).update(unit=tree.cell_a)
    assert log.rows == {(tree.commune_a.pk, plan.pk, ROWS), (tree.cell_a.pk, plan.pk, ROWS)}
    assert item.pk


@pytest.mark.django_db
def test_a_finding_counts_on_its_target(tree):
    world = inspections.World(
        tree=tree,
        inspector_p=make_user("inspector_p", "inspector", tree.province),
        head_p=make_user("chief_p", "head", tree.province),
        inspector_a=make_user("inspector_a", "inspector", tree.commune_a),
    )
    inspection = inspections.signed(world)
    with logged() as log:
        inspection_services.add_finding(
            user=world.inspector_p,
            inspection=inspection,
            target=tree.commune_a,
            kind="shortcoming",
            severity="moderate",
            text="Chưa có chỉ tiêu cụ thể.",
        )
    assert log.rows == {(tree.commune_a.pk, None, ROWS)}


@pytest.mark.django_db
def test_postgresql_a_watched_columns_type_can_still_change():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite remakes the table: test_triggers_survive_a_remade_table")
    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("ALTER TABLE study_attendance ALTER COLUMN status TYPE varchar(12)")


# --- SQLite: the triggers outlive Django's remake of a table -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_triggers_survive_a_remade_table():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters a column in place")
    field = Person._meta.get_field("full_name")
    wider = field.clone()
    wider.set_attributes_from_name("full_name")
    wider.max_length = 150
    wider.model = Person
    expected = changes.installed(connection)
    with connection.schema_editor() as editor:
        editor.alter_field(Person, field, wider)  # a remake of units_person
    try:
        assert changes.installed(connection) == expected
        root = Unit.objects.add_root(
            create_kwargs=dict(name="Tỉnh ủy", code="T", kind="party_committee", level="province")
        )
        with logged() as log:
            Person.objects.create(unit=root, full_name="Nguyễn Văn A")
        assert log.rows == {(root.pk, None, ROWS)}
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(Person, wider, field)
