"""Study in the demo commune: a session its members attended, a make-up session, and learning
reports — some late, some graded, one copied — so the study screens show a lived-in system.

Everything goes through the study services (audit events included); only the submission
times of the reports are moved back afterwards, since a demo loaded today stands for work done
over the past weeks.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from trienkhai.resolutions.models import Plan
from trienkhai.study import services
from trienkhai.study.copy_eval import honest_plan, text_of
from trienkhai.study.eligibility import expected
from trienkhai.study.models import Attendance, Grade, LearningReport, StudySession
from trienkhai.units.models import Unit

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
    services.mark_all_present_except(user=clerk, session=session, absent=absent, excused=excused)
    services.mark_held(user=clerk, session=session, non_member_count=rng.randint(20, 40))
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
        )
    services.mark_held(user=clerk, session=makeup)
    return _reports(commune, plan, clerk, reviewer, rng, today)


def _reports(commune: Unit, plan: Plan, clerk, reviewer, rng, today) -> int:
    cells = Unit.objects.filter(
        path__prefix=commune.path, kind=Unit.Kind.PARTY_CELL, active_to__isnull=True
    ).order_by("path")[:REPORT_CELLS]
    written = []
    for cell in cells:
        members = expected_members(cell)
        for person in members[: int(len(members) * 0.85)]:
            text = text_of(honest_plan(rng))
            if written and rng.random() < 0.04:  # a copied report, for the copy signal
                text = rng.choice(written).text
            report = services.submit_report(user=clerk, plan=plan, person=person, text=text)
            written.append(report)
    for report in written:
        late = rng.random() < 0.15
        day = (report.due_on or today) + datetime.timedelta(
            days=rng.randint(1, 12) if late else -rng.randint(1, 20)
        )
        LearningReport.objects.filter(pk=report.pk).update(submitted_at=_at(day, 20))
    for report in written[: len(written) * 2 // 3]:
        report.refresh_from_db()
        if report.similarity and report.similarity >= 0.5:
            continue  # left for the reviewer to look at
        grade = rng.choices(Grade.values, weights=[45, 35, 17, 3])[0]
        services.review_report(user=reviewer, report=report, grade=grade)
    return len(written)


def expected_members(cell: Unit) -> list:
    from trienkhai.units.models import Person

    return list(
        Person.objects.current()
        .filter(unit=cell, is_party_member=True, exempt_from_activity=False)
        .order_by("sort_key")
    )
