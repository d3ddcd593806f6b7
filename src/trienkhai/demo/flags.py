"""Data warnings in the demo (``core/flags.py``): a few of each rule, entered through the
services that raise them, so that the demo's clerk finds them on the pages where the figures
were entered and the province sees them counted on its dashboard.

The loaders move some dates back after the services ran (learning reports submitted over the
past weeks), write the study rows of most units in bulk and upload results reports before the
programs' progress is written; the rules on those rows are rechecked once everything is in
(``flags.recheck``), so that what the demo shows is what the rules say of the finished data
(a few bulk sessions have more members present than eligible). Then, in the demo commune
(the clerk's):

* a session of one of its cells dated before the commune's plan (``session_before_plan``);
* two learning reports dated before the commune's first session (``report_before_session``);

and across the province: a key cadres' meeting of a cell of the neighbouring commune where
the whole cell is marked present (``attendance_above_eligible``), a measurable task's value
reported beyond its target without evidence, another's turning back over the last three
months (a program reporting monthly: the plan is too recent for three quarters), the same
results report file uploaded by two cells, and a results report of a committee whose program
never reported. Progress is reported by the head of the task's lead unit, as in the demo's
history.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Count, F
from django.utils import timezone

from trienkhai.core import flags
from trienkhai.core.models import DataFlag
from trienkhai.programs import services as program_services
from trienkhai.programs.models import ActionProgram, ProgressUpdate, Task, TaskStatus
from trienkhai.resolutions import services as plan_services
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.study import services as study_services
from trienkhai.study.models import Attendance, LearningReport, StudySession
from trienkhai.study.similarity import FLAG_AT
from trienkhai.units.models import Person, Unit

from .documents import tiny_pdf
from .program_support import stand_in_head

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ADOPTED = (ActionProgram.Status.APPROVED, ActionProgram.Status.IN_EFFECT)
RECHECKED = ("resolutions.obligationdocument", "study.learningreport", "study.studysession")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load_demo_flags(root: Unit, commune: Unit, other: Unit, users: dict, today) -> Counter:
    """Recheck what the loaders moved, add a few of each; returns the open flags by rule."""
    plan_ids = list(Plan.objects.filter(unit__path__prefix=root.path).values_list("pk", flat=True))
    flags.recheck(plan_ids, models=RECHECKED)
    clerk, admin = users["clerk"], users["admin"]
    plan = Plan.objects.filter(unit=commune, status=Plan.Status.ISSUED).first()
    if plan is not None:
        early_cell = _session_before_plan(commune, plan, clerk)
        _early_reports(plan, elsewhere_than=early_cell)
    _key_cadres_meeting(other, admin, today)
    _progress(root, today)
    _documents(root, plan_ids, admin)
    return Counter(
        dict(
            DataFlag.objects.filter(state__in=DataFlag.UNRESOLVED)
            .values_list("rule")
            .annotate(n=Count("id"))
        )
    )


def _session_before_plan(commune: Unit, plan: Plan, clerk) -> Unit | None:
    """A session of one of the commune's cells typed with a date before the plan (not held:
    the commune's study figures stay those of its two sessions)."""
    cell = (
        Unit.objects.filter(path__prefix=commune.path, kind=Unit.Kind.PARTY_CELL)
        .filter(active_to__isnull=True)
        .order_by("-path")
        .first()
    )
    if cell is None:
        return None
    study_services.schedule_session(
        user=clerk,
        unit=cell,
        plan=plan,
        title="Sinh hoạt chi bộ chuyên đề học tập Nghị quyết",
        starts_at=_at(plan.issued_on - 6 * DAY, 19),
        place="Nhà văn hóa thôn",
        mode=StudySession.Mode.IN_PERSON,
        include_subtree=False,
    )
    return cell


def _today_not_before(today) -> datetime.datetime:
    """A moment of today (local), already past: two hours ago, but not on yesterday's date
    when the demo loads just after midnight."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 1)))
    now = timezone.now()
    return min(max(now - 2 * HOUR, start), now - datetime.timedelta(minutes=1))


def _key_cadres_meeting(other: Unit, admin, today) -> None:
    """A key cadres' meeting of a cell of the neighbouring commune (the ``other`` login's)
    where the whole cell is marked present."""
    plan = Plan.objects.filter(unit=other, status=Plan.Status.ISSUED).first()
    cell = (
        Unit.objects.filter(path__prefix=other.path, kind=Unit.Kind.PARTY_CELL)
        .filter(active_to__isnull=True)
        .order_by("path")
        .first()
    )
    if plan is None or cell is None:
        return
    meeting = study_services.schedule_session(
        user=admin,
        unit=cell,
        plan=plan,
        title="Quán triệt Nghị quyết cho cán bộ chủ chốt của chi bộ",
        # Today, after the annual review and the progress reports were written: a meeting
        # entered later must not change the figures they quoted as of their own dates.
        starts_at=_today_not_before(today),
        place="Nhà văn hóa thôn",
        mode=StudySession.Mode.IN_PERSON,
        audience=StudySession.Audience.KEY_CADRES,
        include_subtree=False,
    )
    members = Person.objects.current().filter(unit=cell, is_party_member=True).order_by("pk")
    for person in members:
        study_services.mark_attendance(
            user=admin,
            session=meeting,
            person=person,
            status=Attendance.Status.PRESENT,
            reason="Nhập từ sổ điểm danh giấy",  # entered after the session, as the demo is
        )
    study_services.mark_held(user=admin, session=meeting)


def _early_reports(plan: Plan, elsewhere_than: Unit | None) -> None:
    """Two reports whose submission date was typed before the commune's first session, by
    members of another cell than the session dated before the plan (which, scheduled for a
    date before them, would count as their session), neither a copy nor copied from."""
    first = (
        StudySession.objects.filter(plan=plan, include_subtree=True)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if first is None:
        return
    # (a copy credited to the resolution has no report as its source: NULL, which NOT IN
    # would turn into "exclude everything")
    copies = LearningReport.objects.filter(similarity__gte=FLAG_AT, similar_to__isnull=False)
    # The commune's members' reports, written under its plan or the province's it carries out.
    candidates = (
        LearningReport.objects.filter(
            plan_id__in=[pk for pk in (plan.pk, plan.parent_id) if pk],
            unit__path__prefix=plan.unit.path,
        )
        .exclude(similarity__gte=FLAG_AT)
        .exclude(pk__in=copies.values("similar_to"))
        .exclude(unit=elsewhere_than)
        .order_by("pk")[:40]
    )
    early = 0
    for report in candidates:  # two whose units had no session of their own by then
        was = report.submitted_at
        report.submitted_at = first - 3 * DAY + (early + 1) * HOUR
        LearningReport.objects.filter(pk=report.pk).update(submitted_at=report.submitted_at)
        flags.inspect(report)
        if any(f.rule == "report_before_session" for f in flags.flags_on(report)):
            early += 1
            if early == 2:
                return
        else:  # a session of its own unit came first: not an early report, left as it was
            LearningReport.objects.filter(pk=report.pk).update(submitted_at=was)
            report.submitted_at = was
            flags.inspect(report)


def _reporter(task: Task):
    """The head of the task's lead unit, who reports on it (as the demo's history does)."""
    return stand_in_head(task.lead_unit or task.program.unit)


def _report_again(update: ProgressUpdate, value: Decimal) -> None:
    program_services.report_progress(
        user=_reporter(update.task),
        task=update.task,
        period=update.period_start,
        status=update.status,
        value=value,
        narrative=update.narrative,
        milestone=update.milestone,
        on=update.reported_on,
    )


def _progress(root: Unit, today) -> None:
    """A value beyond its target with no evidence; a value turning back between quarters."""
    measurable = (
        Task.objects.filter(program__unit__path__prefix=root.path, target__isnull=False)
        .exclude(indicator="")
        .filter(baseline__isnull=False, target__gt=0)
    )
    latest = (
        ProgressUpdate.objects.filter(task__in=measurable, value__isnull=False)
        .select_related("task__program__unit", "task__lead_unit", "milestone")
        .exclude(evidence__isnull=False)
        .order_by("task__program__unit__path", "task_id", "-period_start")
    )
    beyond = latest.filter(task__target__gt=F("task__baseline")).first()
    if beyond is not None:
        task = beyond.task
        assert task.target is not None and task.baseline is not None  # filtered above
        _report_again(beyond, task.target + (task.target - task.baseline) / 5)
    _turning_back(measurable, today)


def _turning_back(measurable, today) -> None:
    """A program that reports monthly (the demo's plan is too recent for three quarters):
    a measurable task's value climbs, drops back, climbs again over the last three months."""
    quiet = (
        measurable.filter(program__version__gt=0, program__status__in=ADOPTED)
        .exclude(program__tasks__updates__isnull=False)
        .select_related("program__plan", "program__unit", "lead_unit")
        .order_by("program__unit__path", "pk")
    )
    for task in quiet[:20]:
        program = task.program
        this = today.replace(day=1)
        last = (this - DAY).replace(day=1)
        months = [(last - DAY).replace(day=1), last, this]
        if months[0] < program.plan.issued_on.replace(day=1) or task.baseline is None:
            continue
        assert task.target is not None  # measurable
        ActionProgram.objects.filter(pk=program.pk).update(
            reporting_period=ActionProgram.Period.MONTH
        )
        step = (task.target - task.baseline) / 5
        values = [task.baseline + 2 * step, task.baseline + step / 2, task.baseline + 3 * step]
        reporter = _reporter(task)
        for month, value in zip(months, values, strict=True):
            program_services.report_progress(
                user=reporter,
                task=task,
                period=month,
                status=TaskStatus.ON_TRACK,
                value=round(value, 1),
                narrative="Số liệu tháng theo báo cáo của các thôn.",
                on=min(month + 27 * DAY, today),
            )
        return


def _documents(root: Unit, plan_ids: list[int], admin) -> None:
    """The same results report uploaded by two cells; a committee's results report when its
    program has reported nothing yet."""
    waiting = (
        Obligation.objects.filter(
            plan_id__in=plan_ids,
            requirement__kind=Requirement.Kind.RESULTS_REPORT,
            cancelled=False,
            unit__active_to__isnull=True,
            documents__isnull=True,
        )
        .select_related("unit", "plan", "requirement")
        .order_by("unit__path")
    )
    cells = list(waiting.filter(unit__kind=Unit.Kind.PARTY_CELL)[:2])
    if len(cells) == 2:
        lines = [
            "BÁO CÁO",
            "Kết quả học tập, quán triệt Nghị quyết Hội nghị Trung ương 8",
            "(Một tệp dùng chung cho hai chi bộ — bản demo.)",
        ]
        content = tiny_pdf(lines)
        for obligation in cells:
            plan_services.upload_report(
                user=admin,
                obligation=obligation,
                upload=_file(content, f"Báo cáo kết quả - {obligation.unit.code}.pdf"),
            )
    silent = (
        waiting.filter(unit__kind=Unit.Kind.PARTY_COMMITTEE)
        .exclude(unit__programs__tasks__updates__isnull=False)
        .first()
    )
    if silent is not None:
        content = tiny_pdf(["BÁO CÁO", f"Kết quả thực hiện Nghị quyết — {silent.unit.name}"])
        plan_services.upload_report(
            user=admin,
            obligation=silent,
            upload=_file(content, f"Báo cáo kết quả - {silent.unit.code}.pdf"),
        )


def _file(content: bytes, name: str) -> ContentFile:
    return ContentFile(content, name=name)
