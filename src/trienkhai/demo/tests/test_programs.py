"""The demo province's action programs: good ones, a copied one, a late one, a draft, one in
discussion, and committees with none — seen by the right people; and behind every obligation
counted as fulfilled, a real program approved by the unit's own head on that day.

The demo is loaded once for the package (``conftest.py``: outside the per-test transactions),
with uploads going to a temporary media folder, and removed at its end.
"""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone

from trienkhai.core.models import AuditEvent, DataFlag
from trienkhai.demo.loader import DEMO_ROOT_CODE, load_demo
from trienkhai.demo.plans import PLAN_NUMBER
from trienkhai.demo.programs import late_committee
from trienkhai.programs.models import (
    ActionProgram,
    AnnualReview,
    Milestone,
    ProgramComment,
    ProgramVersion,
    ProgressEvidence,
    ProgressUpdate,
    Task,
    TaskStatus,
)
from trienkhai.programs.progress import with_latest
from trienkhai.programs.quality import check_quality
from trienkhai.programs.services.workflow import is_head
from trienkhai.resolutions.models import Obligation, ObligationStatus, Plan, Requirement
from trienkhai.units.models import Unit

S = ActionProgram.Status


@pytest.fixture
def demo(demo_logins):
    """The demo province, loaded once for the package (conftest)."""
    return demo_logins


def _user(username):
    return get_user_model().objects.get(username=username)


def _today():
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


def _root():
    return Unit.objects.get(code=DEMO_ROOT_CODE)


def _province_program():
    return ActionProgram.objects.get(unit__code=DEMO_ROOT_CODE)


def _commune(username):
    return _user(username).role_assignments.get().unit


def _program_of(unit):
    return ActionProgram.objects.get(unit=unit, kind=ActionProgram.Kind.PROGRAM)


def _obligation(unit):
    """The unit's obligation to issue a program under the province's plan, with its status."""
    return (
        Obligation.objects.filter(
            unit=unit,
            plan__number=PLAN_NUMBER,
            plan__unit__code=DEMO_ROOT_CODE,
            requirement__kind=Requirement.Kind.ACTION_PROGRAM,
        )
        .with_status()
        .get()
    )


@pytest.mark.django_db
def test_the_province_program_is_approved_on_time_and_in_effect(demo):
    program = _province_program()
    plan = Plan.objects.get(unit=program.unit, number=PLAN_NUMBER)
    due = plan.requirements.get(kind=Requirement.Kind.ACTION_PROGRAM).due_on
    assert program.plan == plan and program.kind == ActionProgram.Kind.PROGRAM
    assert program.status == S.IN_EFFECT and program.approved_by == _user("admin")
    assert plan.issued_on < program.first_approved_on <= program.effective_on < due
    assert program.created_at.date() < program.first_approved_on  # backdated
    # Revised once: version 2, the reason and what changed are kept.
    assert program.version == 2 and program.approved_on > program.first_approved_on
    revision = ProgramVersion.objects.get(program=program, number=2)
    assert "210 km" in revision.reason and revision.changes
    # Twelve measurable tasks, each with a lead unit of the province, a date and a roadmap,
    # covering every key point of the three resolutions.
    quality = check_quality(program)
    assert len(quality.tasks) == 12 and quality.problems == 0
    leads = {t.lead_unit.kind for t in quality.tasks}
    assert {Unit.Kind.GOVERNMENT, Unit.Kind.FRONT, Unit.Kind.MASS_ORG} <= leads
    assert all(t.lead_unit.path.startswith(program.unit.path) for t in quality.tasks)
    assert all(t.milestones.exists() and t.is_measurable for t in quality.tasks)
    assert not program.copy_flagged and program.own_share == 1.0


@pytest.mark.django_db
def test_the_province_reports_progress_every_quarter(demo):
    program = _province_program()
    tasks = list(with_latest(program.tasks.all(), _today()))
    latest = {t.latest_status for t in tasks}
    assert {TaskStatus.DONE, TaskStatus.ON_TRACK, TaskStatus.AT_RISK, TaskStatus.LATE} <= latest
    assert sum(t.latest_status == TaskStatus.AT_RISK for t in tasks) == 1
    assert sum(t.latest_status == TaskStatus.LATE for t in tasks) == 1
    updates = ProgressUpdate.objects.filter(task__program=program)
    assert updates.count() >= len(tasks)
    assert not updates.filter(reported_on__gt=_today()).exists()
    assert not updates.filter(reported_on__lt=program.effective_on).exists()
    troubled = updates.filter(status__in=[TaskStatus.AT_RISK, TaskStatus.LATE])
    assert all(len(u.narrative) > 50 for u in troubled)
    assert ProgressEvidence.objects.filter(update__task__program=program).exists()
    milestones = Milestone.objects.filter(task__program=program)
    assert milestones.filter(done_on__isnull=False).exists()
    assert milestones.overdue(_today()).exists()  # the late task missed its first milestone
    # The annual review: last year's approved when the program is that old, else a draft.
    review = AnnualReview.objects.get(program=program)
    if program.first_approved_on.year < _today().year:
        assert review.year == _today().year - 1 and review.status == "approved"
    else:
        assert review.year == _today().year and review.status == "draft"
    assert review.facts["tasks"]["total"] == 12 and review.results


@pytest.mark.django_db
def test_the_review_and_the_reports_say_the_studied_share_the_dashboard_counts(demo):
    """Issue 12: the review said 97,6 % of members studied while the dashboard said 92,5 %.
    The demo's figures are the product's own, by the study numbers' one rule."""
    from trienkhai.core import numbers
    from trienkhai.study.rollup import study_numbers

    program = _province_program()
    review = AnnualReview.objects.get(program=program)
    reviewed_on = timezone.localdate(
        AuditEvent.objects.filter(object_type="programs.annualreview", object_id=str(review.pk))
        .order_by("at")
        .last()
        .at
    )
    counted = study_numbers(program.plan, program.unit, reviewed_on)
    share = numbers.share_text(counted.attended, counted.eligible, vietnamese=True)
    assert f"kịp thời đến {share} đảng viên" in review.results
    task = program.tasks.get(indicator__startswith="Tỷ lệ đảng viên được học tập")
    for update in ProgressUpdate.objects.filter(task=task, value__isnull=False):
        counted = study_numbers(program.plan, program.unit, update.reported_on)
        assert update.value == numbers.percent(counted.attended, counted.eligible)
        assert numbers.share_text(counted.attended, counted.eligible, vietnamese=True) in (
            update.narrative
        )


@pytest.mark.django_db
def test_tan_phong_writes_its_own_program_and_approves_it_on_time(demo):
    commune = _commune("head")
    program = _program_of(commune)
    assert program.parent == _province_program()
    assert program.plan.unit == commune and program.plan.parent.number == PLAN_NUMBER
    assert program.status == S.IN_EFFECT and program.approved_by == _user("head")
    events = AuditEvent.objects.filter(
        object_type="programs.actionprogram", object_id=str(program.pk)
    )
    assert events.get(verb="create").actor == _user("clerk")
    obligation = _obligation(commune)
    assert obligation.status == ObligationStatus.ON_TIME
    assert obligation.fulfilled_on == program.first_approved_on
    assert program.number in obligation.evidence
    # Its own: local places and numbers, not flagged by the copy check.
    assert program.copy_checked_at is not None
    assert not program.copy_flagged and program.own_share >= 0.5
    quality = check_quality(program)
    assert not (quality.no_owner or quality.no_date or quality.not_measurable)
    cells = Unit.objects.filter(path__prefix=commune.path, kind=Unit.Kind.PARTY_CELL)
    village = cells.order_by("path").first().name.removeprefix("Chi bộ ")
    assert any(village in t.title for t in quality.tasks)
    assert Task.objects.filter(program=program, lead_unit__in=cells).exists()
    assert Task.objects.filter(program=program, parent_task__isnull=False).count() >= 5
    # Discussed before approval; progress reported, one task by the village cell's secretary.
    assert ProgramComment.objects.filter(program=program).count() >= 2
    updates = ProgressUpdate.objects.filter(task__program=program)
    assert updates.filter(reported_by=_user("secretary")).exists()
    assert updates.filter(status=TaskStatus.DONE).exists()


@pytest.mark.django_db
def test_tan_phong_front_and_government_write_plans_by_field(demo):
    commune = _commune("head")
    own = _program_of(commune)
    project = ActionProgram.objects.get(unit__path__prefix=commune.path, kind="project")
    assert project.unit.kind == Unit.Kind.FRONT and project.parent == own
    assert project.status == S.IN_EFFECT and project.field
    assert project.approved_by.role_assignments.get().unit == project.unit  # its own head
    assert not project.copy_flagged
    assert ProgressUpdate.objects.filter(task__program=project).exists()
    # The government's plan is in discussion: the commune's head and clerk commented.
    plan = ActionProgram.objects.get(
        unit__path__prefix=commune.path, kind="plan", unit__kind=Unit.Kind.GOVERNMENT
    )
    assert plan.unit.kind == Unit.Kind.GOVERNMENT and plan.status == S.DISCUSSION
    assert plan.version == 0 and own.number in plan.title
    authors = set(ProgramComment.objects.filter(program=plan).values_list("author__username"))
    assert authors == {("head",), ("clerk",)}
    assert ProgramComment.objects.filter(program=plan, task__isnull=False).exists()
    assert _obligation(plan.unit).status == ObligationStatus.OVERDUE


@pytest.mark.django_db
def test_the_neighbouring_commune_copies_the_province_and_is_flagged(demo):
    commune = _commune("other")
    program = _program_of(commune)
    assert program.status == S.IN_EFFECT and program.version == 1
    assert program.copy_checked_at is not None
    assert program.copy_flagged and program.own_share < 0.5
    province = _province_program()
    copied = Task.objects.filter(program=program, copied_from__isnull=False)
    assert copied.count() >= 8
    assert set(copied.values_list("copied_from__program", flat=True)) == {province.pk}
    assert all("tỉnh" not in t.title for t in copied)  # "tỉnh" became "xã"
    assert _obligation(commune).status == ObligationStatus.ON_TIME
    # The clerk of that commune sees the flag; Tân Phong's program stays out of sight.
    other = _user("other")
    assert ActionProgram.objects.for_user(other).filter(pk=program.pk, copy_flagged=True)
    assert not ActionProgram.objects.for_user(other).filter(unit=_commune("head")).exists()


@pytest.mark.django_db
def test_a_ward_approves_late_and_others_are_still_drafting_or_missing(demo):
    root = _root()
    committees = Unit.objects.filter(depth=root.depth + 1, kind=Unit.Kind.PARTY_COMMITTEE)
    late = [p for p in ActionProgram.objects.filter(unit__in=committees) if p.version]
    late = [p for p in late if _obligation(p.unit).status == ObligationStatus.LATE]
    assert late and late_committee(root) in {p.unit for p in late}
    program = ActionProgram.objects.get(unit=late_committee(root))
    assert program.unit.name.startswith("Đảng bộ phường ")
    assert program.approved_on > _obligation(program.unit).due_on
    assert program.status == S.IN_EFFECT and not program.copy_flagged
    drafts = ActionProgram.objects.filter(unit__in=committees, status=S.DRAFT)
    assert drafts.count() == 1
    draft = drafts.get()
    quality = check_quality(draft)
    assert quality.no_owner and quality.no_date and quality.not_measurable
    assert _obligation(draft.unit).status == ObligationStatus.OVERDUE
    without = committees.exclude(programs__isnull=False)
    overdue = [u for u in without if _obligation(u).status == ObligationStatus.OVERDUE]
    assert overdue


@pytest.mark.django_db
def test_every_program_was_checked_for_copies_and_dated_in_the_past(demo):
    programs = ActionProgram.objects.all()
    assert programs.count() > 60
    assert not programs.filter(copy_checked_at__isnull=True).exists()
    flagged = set(programs.filter(copy_flagged=True).values_list("unit__code", flat=True))
    assert _commune("other").code in flagged and len(flagged) >= 2
    assert not programs.filter(created_at__date__gte=_today()).exists()
    events = AuditEvent.objects.filter(object_type__startswith="programs.")
    assert events.exists() and not events.filter(at__date__gt=_today()).exists()
    assert set(programs.values_list("kind", flat=True)) == {"program", "plan", "project"}


@pytest.mark.django_db
def test_who_sees_which_program(demo):
    head, secretary = _user("head"), _user("secretary")
    commune = _commune("head")
    seen = set(ActionProgram.objects.for_user(head).values_list("unit__code", flat=True))
    assert DEMO_ROOT_CODE in seen and commune.code in seen
    assert _commune("other").code not in seen
    # The village cell's secretary sees the adopted programs above, not the drafts.
    above = ActionProgram.objects.for_user(secretary)
    assert above.filter(unit=commune, status=S.IN_EFFECT).exists()
    assert not above.filter(status__in=[S.DRAFT, S.DISCUSSION]).exists()
    assert not ActionProgram.objects.for_user(_user("guest")).exists()


@pytest.mark.django_db
def test_the_programs_are_loaded_once(demo):
    models = [ActionProgram, Task, Milestone, ProgressUpdate, ProgramComment, AuditEvent]
    before = [m.objects.count() for m in models]
    load_demo()
    assert [m.objects.count() for m in models] == before


# --- every program counted as issued is one -----------------------------------------------------


def _family_obligations():
    """The obligations to issue a program under plan 12-KH/TU and the communes' plans under it."""
    plan = Plan.objects.get(unit__code=DEMO_ROOT_CODE, number=PLAN_NUMBER)
    return Obligation.objects.filter(
        Q(plan=plan) | Q(plan__parent=plan), requirement__kind=Requirement.Kind.ACTION_PROGRAM
    )


@pytest.mark.django_db
def test_every_obligation_counted_as_fulfilled_is_an_approved_program_of_that_day(
    demo, django_assert_num_queries
):
    obligations = _family_obligations()
    with django_assert_num_queries(2):
        done = list(
            obligations.filter(fulfilled_on__isnull=False).values_list(
                "unit_id", "fulfilled_on", "evidence"
            )
        )
        adopted = {
            (unit_id, day): number
            for unit_id, day, number in ActionProgram.objects.filter(version__gt=0).values_list(
                "unit_id", "first_approved_on", "number"
            )
        }
    assert len(done) > 100
    for unit_id, day, evidence in done:
        assert (unit_id, day) in adopted, (unit_id, day, evidence)
        assert evidence.endswith(adopted[unit_id, day])  # the approval wrote it


@pytest.mark.django_db
def test_the_mix_of_programs_on_time_late_and_missing_is_kept(demo):
    plan = Plan.objects.get(unit__code=DEMO_ROOT_CODE, number=PLAN_NUMBER)
    owed = Obligation.objects.filter(plan=plan, requirement__kind=Requirement.Kind.ACTION_PROGRAM)
    statuses = [o.status for o in owed.with_status()]
    on_time, late = statuses.count(ObligationStatus.ON_TIME), statuses.count(ObligationStatus.LATE)
    overdue = statuses.count(ObligationStatus.OVERDUE)
    assert on_time + late + overdue == len(statuses) > 60  # every deadline has passed
    assert 0.6 <= on_time / len(statuses) <= 0.85
    assert 3 <= late <= 15 and 5 <= overdue <= 20
    # Some units owing one have none at all; every adopted one counts.
    missing = owed.filter(fulfilled_on__isnull=True).exclude(unit__programs__isnull=False)
    assert missing.count() >= 5
    adopted = ActionProgram.objects.filter(version__gt=0, unit__in=owed.values("unit"))
    assert adopted.values("unit").distinct().count() == on_time + late


@pytest.mark.django_db
def test_each_unit_s_own_head_approved_its_program(demo):
    programs = ActionProgram.objects.filter(version__gt=0).select_related("unit", "approved_by")
    for program in programs:
        assert is_head(program.approved_by, program.unit), program
        assert program.first_approved_on <= program.approved_on <= _today()
        assert program.created_at.date() < program.first_approved_on
    # Where no demo login heads the unit, the person heading it has an account of their own.
    heads = get_user_model().objects.filter(username__startswith="head.")
    assert heads.count() > 60
    assert heads.filter(person__isnull=False).count() > 60


@pytest.mark.django_db
def test_the_units_write_their_own_programs_and_two_more_copy(demo):
    root = _root()
    cast = {DEMO_ROOT_CODE, _commune("head").code, _commune("other").code}
    bulk = ActionProgram.objects.filter(version__gt=0, approved_by__username__startswith="head.")
    bulk = bulk.exclude(unit__code__in=cast).exclude(unit=late_committee(root))
    bulk = bulk.exclude(unit__code__startswith=_commune("head").code + "-MT")
    honest = bulk.filter(copy_flagged=False)
    assert honest.count() > 60 and not honest.filter(own_share__lt=0.5).exists()
    kinds = set(honest.values_list("kind", flat=True))
    assert kinds == {ActionProgram.Kind.PROGRAM, ActionProgram.Kind.PLAN}
    for program in honest.select_related("unit")[:25]:
        quality = check_quality(program)
        assert 3 <= len(quality.tasks) <= 6
        assert not (quality.no_owner or quality.no_date or quality.not_measurable), program
    # A committee took a neighbouring committee's program, an organisation its committee's.
    copies = list(bulk.filter(copy_flagged=True).select_related("unit"))
    assert len(copies) == 2
    by_depth = {p.unit.depth - root.depth: p for p in copies}
    assert set(by_depth) == {1, 2}
    neighbour = Task.objects.filter(program=by_depth[1], copied_from__isnull=False)
    sources = set(neighbour.values_list("copied_from__program__unit__depth", flat=True))
    assert neighbour.exists() and sources == {root.depth + 1}
    organisation = by_depth[2]
    assert organisation.unit.kind == Unit.Kind.MASS_ORG
    assert set(
        Task.objects.filter(program=organisation, copied_from__isnull=False).values_list(
            "copied_from__program", flat=True
        )
    ) == {organisation.parent_id}


@pytest.mark.django_db
def test_the_heads_a_visitor_tries_have_the_demo_password(demo):
    logins = {login.username: login for login in load_demo()}
    other, late = _commune("other"), late_committee(_root())
    for unit in (other, late):
        login = logins[f"head.{unit.code.lower()}"]
        assert login.unit_code == unit.code and login.person and login.role == "head"
        # A request, as the login form passes one (django-axes checks it for lockouts).
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=login.username, password=login.password)
    # The other heads' accounts have no password: nobody logs in with them.
    quiet = (
        get_user_model()
        .objects.filter(username__startswith="head.")
        .exclude(username__in=list(logins))
    )
    assert quiet.exists() and not any(u.has_usable_password() for u in quiet)


# --- the programs written in bulk report their progress ---------------------------------------


def _bulk_programs():
    """The programs of the units drawn as issuing one, written in bulk (not the cast's)."""
    root = _root()
    cast = {DEMO_ROOT_CODE, _commune("head").code, _commune("other").code}
    bulk = ActionProgram.objects.filter(version__gt=0, approved_by__username__startswith="head.")
    bulk = bulk.exclude(unit__code__in=cast).exclude(unit=late_committee(root))
    return bulk.exclude(unit__code__startswith=_commune("head").code + "-MT")


@pytest.mark.django_db
def test_the_programs_written_in_bulk_report_a_mix_of_progress(demo):
    tasks = list(with_latest(Task.objects.filter(program__in=_bulk_programs()), _today()))
    reported = [t for t in tasks if t.latest_status is not None]
    assert len(tasks) > 250 and 0.4 <= len(reported) / len(tasks) <= 0.95
    latest = Counter(t.latest_status for t in reported)
    assert latest[TaskStatus.ON_TRACK] > len(reported) / 2  # most are on track
    assert 0.03 <= latest[TaskStatus.DONE] / len(reported) <= 0.3
    assert latest[TaskStatus.AT_RISK] and latest[TaskStatus.LATE]
    assert (latest[TaskStatus.AT_RISK] + latest[TaskStatus.LATE]) / len(reported) <= 0.3
    updates = ProgressUpdate.objects.filter(task__program__in=_bulk_programs())
    assert not updates.filter(reported_on__gt=_today()).exists()
    assert not updates.filter(period_start__gt=_today()).exists()
    for update in updates.select_related("task__program").filter(status=TaskStatus.DONE):
        program = update.task.program
        assert update.reported_on > (program.effective_on or program.approved_on)
    # What holds a task back is said, in a sentence or two.
    troubled = updates.filter(status__in=[TaskStatus.AT_RISK, TaskStatus.LATE])
    assert troubled.exists() and all(len(u.narrative) > 50 for u in troubled)
    # Done tasks reached every milestone; on-track tasks past their first step reached it.
    done = [t for t in reported if t.latest_status == TaskStatus.DONE]
    assert not Milestone.objects.filter(task__in=done, done_on__isnull=True).exists()
    on_track = [t.pk for t in reported if t.latest_status == TaskStatus.ON_TRACK]
    assert not Milestone.objects.filter(task__in=on_track).overdue(_today()).exists()
    # Reported by a head of the lead unit, or of the program's unit above it.
    for update in updates.select_related("task__program__unit", "reported_by_unit")[:40]:
        by, unit = update.reported_by, update.reported_by_unit
        assert unit == (update.task.lead_unit or update.task.program.unit)
        assert is_head(by, unit) or is_head(by, update.task.program.unit), update


def flagged_updates() -> set[int]:
    return set(
        DataFlag.objects.filter(
            object_type="programs.progressupdate",
            rule__in=["beyond_target_no_evidence", "value_back_and_forth"],
        ).values_list("object_id", flat=True)
    )


@pytest.mark.django_db
def test_measurable_tasks_move_from_baseline_toward_target(demo):
    measurable = Task.objects.filter(program__in=_bulk_programs(), target__isnull=False)
    assert measurable.exclude(indicator="").count() >= 30
    values = ProgressUpdate.objects.filter(
        task__program__version__gt=0, task__target__isnull=False, value__isnull=False
    ).select_related("task")
    assert values.filter(task__program__in=_bulk_programs()).count() >= 30
    # The demo's data warnings are the exceptions, on purpose and flagged (``demo/flags.py``):
    # a value beyond its target with no evidence, a month that turns back.
    flagged = flagged_updates()
    assert len(flagged) >= 2
    values = values.exclude(task__updates__in=flagged)
    for update in values:
        task = update.task
        low, high = sorted([task.baseline or 0, task.target])
        if update.status == TaskStatus.DONE:
            assert update.value >= low, update
        else:
            assert low <= update.value <= high, (task.indicator, low, high, update.value)
    # Never back: a task's values grow quarter by quarter.
    by_task = {}
    for task_id, value in values.order_by("task", "period_start").values_list("task", "value"):
        assert value >= by_task.get(task_id, value)
        by_task[task_id] = value


@pytest.mark.django_db
def test_a_few_communes_never_report_and_their_milestones_fall_overdue(demo):
    root = _root()
    bulk = _bulk_programs().select_related("unit")
    communes = [p.unit for p in bulk if p.unit.depth == root.depth + 1]
    communes = [u for u in communes if u.kind == Unit.Kind.PARTY_COMMITTEE]
    silent = [
        u
        for u in communes
        if not ProgressUpdate.objects.filter(task__program__unit__path__prefix=u.path).exists()
    ]
    assert 1 <= len(silent) <= 3 and len(silent) < len(communes) / 2
    assert Milestone.objects.filter(task__program__unit__in=silent).overdue(_today()).exists()
    # Across the plan, overdue milestones are few: a minority of those already due.
    milestones = Milestone.objects.filter(task__program__version__gt=0)
    overdue = milestones.overdue(_today()).count()
    due = milestones.filter(due_on__lt=_today()).count()
    assert 0 < overdue < due / 2 and overdue < milestones.count() / 5
