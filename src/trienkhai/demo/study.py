"""Study in the demo commune: a session its members attended, a make-up session, and learning
reports — some late, some graded, one copied — so the study screens show a lived-in system.

Everything goes through the study services (audit events included); only the submission
times of the reports are moved back afterwards, since a demo loaded today stands for work done
over the past weeks.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.resolutions.services import record_evidence
from trienkhai.study import checks, services
from trienkhai.study.eligibility import expected
from trienkhai.study.models import Attendance, Grade, LearningReport, StudySession
from trienkhai.units.models import Person, RoleAssignment, Unit

from .documents import tiny_docx, tiny_pdf
from .plenum import RESOLUTIONS
from .report_writer import honest_plan, text_of

SEED = 44
REPORT_CELLS = 2  # cells whose members write their reports in the demo


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def load_demo_study(commune: Unit, clerk, reviewer, today: datetime.date) -> int:
    """Give ``commune`` its study records under its own plan; returns the reports written.
    Does nothing when the commune already held a session (idempotent)."""
    plan = Plan.objects.filter(unit=commune, status=Plan.Status.ISSUED).first()
    if plan is None or StudySession.objects.filter(unit=commune).exists():
        return 0
    rng = random.Random(SEED)
    session = services.schedule_session(
        user=clerk,
        unit=commune,
        plan=plan,
        title=f"Hội nghị học tập, quán triệt các nghị quyết Hội nghị Trung ương 8 ({plan.number})",
        starts_at=_at(today - datetime.timedelta(days=80), 8),
        place="Hội trường Ủy ban nhân dân xã",
        mode=StudySession.Mode.MIXED,
        connection_points=3,
        lecturer="Báo cáo viên Ban Tuyên giáo và Dân vận Tỉnh ủy",
        include_subtree=True,
        non_members_invited=True,
    )
    people = list(expected(session).values_list("pk", flat=True))
    absent = set(rng.sample(people, max(1, len(people) // 25)))
    excused = set(rng.sample(sorted(set(people) - absent), max(1, len(people) // 50)))
    services.mark_all_present_except(
        user=clerk,
        session=session,
        absent=absent,
        excused=excused,
        reason="Nhập từ sổ điểm danh giấy",
    )
    services.mark_held(user=clerk, session=session, non_member_count=rng.randint(20, 40))
    _check_each_cell(session)
    makeup = services.schedule_session(
        user=clerk,
        unit=commune,
        plan=plan,
        title="Học bù cho đảng viên vắng hội nghị",
        starts_at=_at(today - datetime.timedelta(days=73), 14),
        place="Nhà văn hóa thôn",
        mode=StudySession.Mode.IN_PERSON,
        include_subtree=True,
        makeup_for=session,
    )
    people_by_pk = {p.pk: p for p in expected(session)}
    for pk in sorted(excused | set(list(absent)[: len(absent) // 2])):
        services.mark_attendance(
            user=clerk,
            session=makeup,
            person=people_by_pk[pk],
            status=Attendance.Status.PRESENT,
            reason="Nhập từ sổ điểm danh giấy",
        )
    services.mark_held(user=clerk, session=makeup)
    _check_each_cell(makeup)
    written = _reports(commune, plan, clerk, reviewer, rng, today)
    _carry_up(plan)
    return written


def _check_each_cell(session: StudySession) -> None:
    """The attendance check once per cell, as a roster change after the session runs it.
    ``mark_held`` runs it for the whole audience at once, where it counts the members under
    the shortest of the obligations' paths only — one cell of a commune-wide session — and so
    leaves the other cells undone whatever their rows say (reported to be fixed in
    ``study.services._check_attendance_target``; harmless once it is)."""
    cells = Unit.objects.filter(
        path__prefix=session.unit.path, kind=Unit.Kind.PARTY_CELL, active_to__isnull=True
    )
    for cell in cells.order_by("path"):
        services._check_attendance_target(session, cell)


def _carry_up(plan: Plan) -> None:
    """``mark_held`` records a session under its plan and the plans that plan carries out
    (``record_evidence``), but the attendance and report checks of the study services fulfil
    the obligations of the session's own plan only. The same evidence is recorded up the
    chain here, so that the province's plan counts what the commune did under its own."""
    done = Obligation.objects.filter(
        plan=plan,
        cancelled=False,
        fulfilled_on__isnull=False,
        requirement__kind__in=[Requirement.Kind.ATTENDANCE, Requirement.Kind.LEARNING_REPORTS],
    ).select_related("unit", "requirement")
    for obligation in done:
        assert obligation.fulfilled_on is not None  # filtered above
        record_evidence(
            unit=obligation.unit,
            plan=plan,
            kind=obligation.requirement.kind,
            on=obligation.fulfilled_on,
            evidence=obligation.evidence,
        )


def _reports(commune: Unit, plan: Plan, clerk, reviewer, rng, today) -> int:
    cells = Unit.objects.filter(
        path__prefix=commune.path, kind=Unit.Kind.PARTY_CELL, active_to__isnull=True
    ).order_by("path")[:REPORT_CELLS]
    written: list[LearningReport] = []
    copied_from: dict[int, int] = {}
    for cell in cells:
        members = expected_members(cell)
        for person in members[: int(len(members) * 0.85)]:
            text = text_of(honest_plan(rng))
            source = None
            if written and rng.random() < 0.04:  # a copied report, for the copy signal
                source = rng.choice(written)
                text = source.text
            report = services.submit_report(user=clerk, plan=plan, person=person, text=text)
            if source is not None:
                copied_from[report.pk] = source.pk
            written.append(report)
        if cell == cells[0]:
            written.extend(_uploaded_reports(members[int(len(members) * 0.85) :], plan, clerk))
    submitted: dict[int, datetime.datetime] = {}
    for report in written:  # in the order written: a copy comes after its source
        late = rng.random() < 0.15
        day = (report.due_on or today) + datetime.timedelta(
            days=rng.randint(1, 12) if late else -rng.randint(1, 20)
        )
        at = _at(day, 20)
        if report.pk in copied_from:
            at = max(at, submitted[copied_from[report.pk]] + datetime.timedelta(hours=1))
        submitted[report.pk] = at
        LearningReport.objects.filter(pk=report.pk).update(submitted_at=at)
    # Checked here, now that their dates are set (the checks queued at submission would only
    # run when the load commits, after the grading below).
    checks.check_all(LearningReport.objects.filter(pk__in=[r.pk for r in written]))
    for report in written[: len(written) * 2 // 3]:
        report.refresh_from_db()
        if report.similarity and report.similarity >= 0.5:
            continue  # left for the reviewer to look at
        grade = rng.choices(Grade.values, weights=[45, 35, 17, 3])[0]
        services.review_report(user=reviewer, report=report, grade=grade)
    return len(written)


def _uploaded_reports(people: list, plan: Plan, clerk) -> list[LearningReport]:
    """Two reports handed in as files: a Word file copying passages of the resolution's full
    text that nobody typed as key points, and a scan with no text (the check says so)."""
    body = [part for doc in RESOLUTIONS for part in doc.get("body", ())]
    if len(people) < 2 or not body:
        return []
    copied = SimpleUploadedFile(
        "bai-thu-hoach.docx",
        tiny_docx(["Bài thu hoạch học tập Nghị quyết.", *body[:4], "Tôi xin hứa thực hiện."]),
    )
    scan = SimpleUploadedFile("bai-thu-hoach-scan.pdf", tiny_pdf([]))
    return [
        services.submit_report(user=clerk, plan=plan, person=people[0], upload=copied),
        services.submit_report(user=clerk, plan=plan, person=people[1], upload=scan),
    ]


def expected_members(cell: Unit) -> list:

    return list(
        Person.objects.current()
        .filter(unit=cell, is_party_member=True, exempt_from_activity=False)
        .order_by("sort_key")
    )


CHECKIN_TITLE = "Sinh hoạt chuyên đề (thử điểm danh bằng mã QR)"


def prepare_checkin(now: datetime.datetime | None = None):
    """What a newcomer needs to try QR check-in, at every start of the demo: a session of
    the demo commune whose check-in is open now (scheduled when none is) and a fresh PIN for
    the member login's person (only its hash is kept, so a new one each start). Returns
    (session, person, PIN), or None when the demo's logins are not there."""
    now = now or timezone.now()
    roles = RoleAssignment.objects.filter(user__username="clerk").select_related("unit", "user")
    role = roles.first()
    person = Person.objects.select_related("unit").filter(user__username="member").first()
    if role is None or person is None:
        return None
    plan = Plan.objects.filter(unit=role.unit, status=Plan.Status.ISSUED).first()
    if plan is None:
        return None
    clerk, commune = role.user, role.unit
    session = next(
        (
            s
            for s in StudySession.objects.filter(unit=commune, title=CHECKIN_TITLE)
            if s.checkin_open(now)
        ),
        None,
    )
    if session is None:
        session = services.schedule_session(
            user=clerk,
            unit=commune,
            plan=plan,
            title=CHECKIN_TITLE,
            starts_at=now.replace(second=0, microsecond=0) - datetime.timedelta(minutes=15),
            duration=180,
            place="Hội trường Ủy ban nhân dân xã",
            mode=StudySession.Mode.IN_PERSON,
            include_subtree=True,
        )
    pin = services.issue_pin(user=clerk, person=person)
    return session, person, pin
