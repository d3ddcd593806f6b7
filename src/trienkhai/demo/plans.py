"""The demo province's plan for the 8th plenum of the 13th Central Committee (issue 3).

``load_demo_plans(root, admin_user)`` gives the demo province what the article describes: the
plenum's resolutions registered at the province, the Standing Committee's plan ``12-KH/TU``
(study, attendance, learning reports, action programs with a roadmap, a results report), and
under it a plan of every committee directly under the province (communes, wards, agency
committees), pre-filled from the province's and with earlier deadlines. Then the units below
do their part: about seven in ten on time, one or two late, the rest not at all; some results
reports are uploaded; two village cells are merged into a neighbour during the plan.

The plans, reports and merges go through the services, acting as the people who would do them,
so permissions are checked and the audit log is real: the administrator registers and issues at
the province; in a commune where someone holds the clerk or head role (the demo's Tân Phong),
the clerk drafts and the head issues, elsewhere the administrator stands in; a cell's secretary
uploads the cell's report. Study is drawn here and written as rows — sessions, attendance,
make-up sessions, learning reports — in bulk by :mod:`trienkhai.demo.study_bulk`, which records
the evidence those rows show with ``record_evidence`` (the call the study services make), so
that every session, attendance and report counted can be opened; Tân Phong's are written
through the services by :mod:`trienkhai.demo.study`. Action programs are not recorded here: who
issues one and when is drawn with the rest (``Plan.programs_issued`` on the returned plan) and
:mod:`trienkhai.demo.programs` writes each as a real program, whose approval fulfils the
obligation — so every program counted as issued can be opened.

Dates are relative to the day of loading, so the demo always shows a plan in progress: dated
100 days ago, study due 60 days ago, action programs 20 days ago, the results report in 25 days.
The random choices use a fixed seed: the same province always gets the same story.
"""

from __future__ import annotations

import datetime
import random
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.resolutions import rollup, services
from trienkhai.resolutions.models import Obligation, Plan, Requirement, Resolution
from trienkhai.units import services as unit_services
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

from . import study_bulk
from .documents import tiny_docx, tiny_pdf
from .generator import _big_sqlite_cache
from .plenum import CENTRAL_COMMITTEE, PLENUM, PLENUM_DAY, RESOLUTIONS

K = Unit.Kind
L = Unit.Level
R = Requirement.Kind

PLAN_NUMBER = "12-KH/TU"
SEED = "demo-plans-14"

# The shares of units that do a task on time and late; the rest do not do it at all.
ON_TIME, LATE = 0.72, 0.14
# Late work arrives at most this many days after the deadline.
LATE_BY = 25
# The share of results reports already uploaded, where nobody of the unit has a login.
REPORTS_UPLOADED = 0.4
# Files are written one by one; a province-scale tree would otherwise upload thousands.
MAX_UPLOADS = 60

# --- what the plan requires ------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """The plan's dates, counted from the day the demo is loaded."""

    today: datetime.date

    def days(self, n: int) -> datetime.date:
        return self.today + datetime.timedelta(days=n)

    @property
    def plan_on(self) -> datetime.date:
        return self.days(-100)

    @property
    def merged_on(self) -> datetime.date:
        """When two village cells merge into their neighbours: before the study deadline."""
        return self.days(-70)


# kind, title, kinds of units, levels, deadline (days from loading), target %
PROVINCE_REQUIREMENTS = [
    (
        R.STUDY_SESSION,
        "Tổ chức hội nghị nghiên cứu, học tập, quán triệt các nghị quyết và những điểm mới",
        [K.PARTY_COMMITTEE, K.PARTY_CELL],
        [],
        -60,
        None,
    ),
    (
        R.ATTENDANCE,
        "Tỷ lệ đảng viên dự học tập đạt từ 95 % trở lên (không tính đảng viên miễn sinh hoạt)",
        [K.PARTY_CELL],
        [],
        -60,
        Decimal("95"),
    ),
    (
        R.LEARNING_REPORTS,
        "Đảng viên viết bài thu hoạch; chi bộ tổng hợp, đánh giá và nộp về cấp ủy cấp trên",
        [K.PARTY_CELL],
        [],
        -45,
        None,
    ),
    (
        R.ACTION_PROGRAM,
        "Ban hành chương trình hành động, kế hoạch thực hiện có lộ trình, sát chức năng, nhiệm "
        "vụ và điều kiện thực tế (cấp ủy, chính quyền, Mặt trận và các tổ chức chính trị - xã hội)",
        [K.PARTY_COMMITTEE, K.GOVERNMENT, K.FRONT, K.MASS_ORG],
        [L.PROVINCE, L.COMMUNE],
        -20,
        None,
    ),
    (
        R.RESULTS_REPORT,
        "Báo cáo kết quả học tập, quán triệt, tuyên truyền và xây dựng chương trình hành động "
        "về Ban Thường vụ Tỉnh ủy",
        [K.PARTY_COMMITTEE],
        [L.COMMUNE],
        25,
        None,
    ),
]

# How a committee directly under the province adapts each requirement for the units below
# it: title, kinds, levels, and how many days before the province's deadline.
LOCAL_REQUIREMENTS: dict[str, tuple[Any, ...]] = {
    R.STUDY_SESSION: (
        "Các chi bộ, đảng bộ cơ sở tổ chức học tập, quán triệt nghị quyết cho toàn thể đảng viên",
        [K.PARTY_COMMITTEE, K.PARTY_CELL],
        [],
        5,
    ),
    R.ATTENDANCE: (
        "Tỷ lệ đảng viên dự học tập đạt từ 95 % trở lên; tổ chức học bù cho đảng viên vắng mặt",
        [K.PARTY_CELL],
        [],
        5,
    ),
    R.LEARNING_REPORTS: (
        "Chi bộ thu bài thu hoạch của đảng viên, đánh giá và nộp về Đảng ủy",
        [K.PARTY_CELL],
        [],
        5,
    ),
    R.ACTION_PROGRAM: (
        "Đảng bộ cơ sở, chính quyền, Mặt trận và các đoàn thể xây dựng kế hoạch thực hiện theo "
        "lĩnh vực, có lộ trình cụ thể",
        [K.PARTY_COMMITTEE, K.GOVERNMENT, K.FRONT, K.MASS_ORG],
        [],
        5,
    ),
    R.RESULTS_REPORT: (
        "Chi bộ, đảng bộ cơ sở báo cáo kết quả thực hiện về Đảng ủy",
        [K.PARTY_COMMITTEE, K.PARTY_CELL],
        [],
        10,
    ),
}

STUDY_TITLE = (
    f"Kế hoạch nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện {PLENUM}"
)
LOCAL_TITLE = (
    f"Kế hoạch thực hiện Kế hoạch số {PLAN_NUMBER} của Ban Thường vụ Tỉnh ủy về nghiên cứu, "
    f"học tập, quán triệt, tuyên truyền và triển khai thực hiện {PLENUM}"
)


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


class _Holders:
    """Who holds which role on exactly which unit of the province, read once."""

    def __init__(self, root: Unit):
        self.users: dict[tuple[int, str], object] = {}
        for assignment in (
            RoleAssignment.objects.filter(unit__path__prefix=root.path)
            .select_related("user")
            .order_by("-id")
        ):
            self.users[assignment.unit_id, assignment.role] = assignment.user  # the first wins

    def __call__(self, unit: Unit, role: str):
        return self.users.get((unit.pk, role))


# --- the writes --------------------------------------------------------------------------------


def _register_resolutions(root: Unit, admin) -> list:
    resolutions = []
    for doc in RESOLUTIONS:
        existing = Resolution.objects.filter(unit=root, number=doc["number"]).first()
        if existing is not None:  # registered by someone already: the plan implements it
            resolutions.append(existing)
            continue
        document = None
        if doc.get("pdf"):
            lines = [
                "BAN CHAP HANH TRUNG UONG DANG",
                f"So {doc['number']}",
                "NGHI QUYET",
                doc["title"],
                f"Ha Noi, ngay {_d(PLENUM_DAY)}",
                "",
                *(wrapped for part in doc.get("body", ()) for wrapped in textwrap.wrap(part, 88)),
                "",
                "Ban sao minh hoa cua ban demo trienkhai - khong phai van ban goc.",
            ]
            pdf = tiny_pdf(lines, title=f"Nghị quyết {doc['number']}")
            document = ContentFile(pdf, name=f"{doc['number'].replace('/', '-')}.pdf")
        resolutions.append(
            services.register_resolution(
                user=admin,
                unit=root,
                kind="resolution",
                number=doc["number"],
                title=doc["title"],
                issuing_body=CENTRAL_COMMITTEE,
                issued_on=PLENUM_DAY,
                term="Khóa XIII",
                summary=doc["summary"],
                key_points=doc["key_points"],
                document=document,
            )
        )
    return resolutions


def _province_plan(root: Unit, admin, resolutions, t: Timeline) -> Plan:
    plan = services.create_plan(
        user=admin,
        unit=root,
        number=PLAN_NUMBER,
        title=STUDY_TITLE,
        issued_on=t.plan_on,
        resolutions=resolutions,
        requirements=[
            {
                "kind": kind,
                "title": title,
                "target_kinds": list(kinds),
                "target_levels": list(levels),
                "due_on": t.days(due),
                "target_value": target,
            }
            for kind, title, kinds, levels, due, target in PROVINCE_REQUIREMENTS
        ],
    )
    return services.issue_plan(user=admin, plan=plan)


def _local_plan(committee: Unit, parent: Plan, admin, holder: _Holders, number: int) -> Plan:
    """The committee's own plan: the province's requirements, adapted, earlier deadlines."""
    requirements = services.requirements_from_parent(parent)
    for req in requirements:
        title, kinds, levels, lead = LOCAL_REQUIREMENTS[req["kind"]]
        req.update(
            title=title,
            target_kinds=list(kinds),
            target_levels=list(levels),
            due_on=req["due_on"] - datetime.timedelta(days=lead),
        )
    drafter = holder(committee, Role.CLERK) or admin
    issuer = holder(committee, Role.HEAD) or admin
    plan = services.create_plan(
        user=drafter,
        unit=committee,
        parent=parent,
        number=f"{number}-KH/ĐU",
        title=LOCAL_TITLE,
        issued_on=parent.issued_on + datetime.timedelta(days=4 + number % 9),
        requirements=requirements,
    )
    plan = services.issue_plan(user=issuer, plan=plan)
    plan.parent = parent  # keep the chain in memory: record_evidence walks it
    return plan


def _merge_cells(committees: list[Unit], admin, t: Timeline, holder: _Holders) -> list[Unit]:
    """Two village cells merge into their neighbours during the plan (the last cell of the
    last two communes where nobody has a login): members move, the secretary's term ends,
    the cell closes. What it owed from then on is not counted."""
    merged: list[Unit] = []
    if not committees:
        return merged
    with_logins = {
        unit.path[: len(committees[0].path)]
        for unit in Unit.objects.filter(pk__in={unit_id for unit_id, _ in holder.users})
    }
    candidates = [
        c
        for c in committees
        if c.name.startswith(("Đảng bộ xã ", "Đảng bộ phường ")) and c.path not in with_logins
    ]
    for commune in candidates[-2:]:
        cells = list(
            Unit.objects.filter(
                path__prefix=commune.path,
                depth=commune.depth + 1,
                kind=K.PARTY_CELL,
                active_to__isnull=True,
            ).order_by("path")
        )
        if len(cells) < 2:
            continue
        target, cell = cells[-2], cells[-1]
        for position in Position.objects.filter(unit=cell, ended_on__isnull=True):
            unit_services.end_position(user=admin, position=position, on=t.merged_on)
        for person in Person.objects.filter(unit=cell).select_related("unit"):
            unit_services.update_person(user=admin, person=person, unit=target)
        merged.append(unit_services.close_unit(user=admin, unit=cell, on=t.merged_on))
    return merged


def _when(rng, start: datetime.date, due: datetime.date, t: Timeline) -> datetime.date | None:
    """When a unit did a task due on ``due`` that it could start on ``start``: on time, late
    or (None) not yet."""
    draw = rng.random()
    if draw < ON_TIME:
        start = min(start, due)
        return start + datetime.timedelta(days=rng.randint(0, (due - start).days))
    last = min(due + datetime.timedelta(days=LATE_BY), t.days(-1))
    if draw < ON_TIME + LATE and last > due:
        return due + datetime.timedelta(days=rng.randint(1, (last - due).days))
    return None


@dataclass(frozen=True)
class ProgramIssued:
    """A unit that issues its action program: the day its head approves it, and its number."""

    on: datetime.date
    number: str


# How the organisations number their plans: the last part of their code → the issuer's mark.
_ORG_MARKS = {"DT": "ĐTN", "PN": "HLHPN", "ND": "HND", "CB": "CCB", "LD": "CĐ"}


def _program_number(unit: Unit, rng) -> str:
    n = rng.randint(3, 60)
    if unit.kind == K.PARTY_COMMITTEE:
        return f"{n:02d}-CTr/ĐU"
    if unit.kind == K.GOVERNMENT:
        return f"{n + 100}/KH-UBND"
    if unit.kind == K.FRONT:
        return f"{n:02d}/KH-MTTQ-BTT"
    return f"{n:02d}-KH/{_ORG_MARKS.get(unit.code.rsplit('-', 1)[-1], 'ĐT')}"


def _record_evidence(
    root: Unit, plans: list[Plan], nearest, t: Timeline, rng, admin, skip: tuple[str, ...]
) -> tuple[int, dict[int, ProgramIssued], str]:
    """Each unit does what it owes, or not; returns how many obligations were fulfilled, who
    issues its action program when (left to :mod:`trienkhai.demo.programs`), and a line on
    the study rows written.

    Study is drawn here and written as rows by :mod:`trienkhai.demo.study_bulk`, which
    records the evidence the rows show; units under ``skip`` (the demo commune, whose study
    :mod:`trienkhai.demo.study` writes through the services) are drawn but not written, so
    that the draws of the other units and of the programs stay the same."""
    issued: dict[int, ProgramIssued] = {}
    owed: dict[int, dict[str, datetime.date]] = {}
    for unit_id, kind, due in Obligation.objects.filter(
        plan__in=plans, cancelled=False
    ).values_list("unit_id", "requirement__kind", "due_on"):
        kinds = owed.setdefault(unit_id, {})
        kinds[kind] = min(due, kinds.get(kind, due))  # the nearest plan's, the earliest
    eligible = dict(
        Person.objects.filter(
            unit__path__prefix=root.path,
            unit__kind=K.PARTY_CELL,
            is_party_member=True,
            exempt_from_activity=False,
            left_on__isnull=True,
        )
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    writer = study_bulk.StudyWriter(root, admin, t.today)
    extra = writer.rng  # draws the old story did not make, so that its own stay the same
    units = Unit.objects.filter(pk__in=list(owed), active_to__isnull=True).order_by("path")
    for unit in units:
        kinds, plan = owed[unit.pk], nearest(unit)
        start = plan.issued_on + datetime.timedelta(days=3)
        story = None
        if R.STUDY_SESSION in kinds:
            held = _when(rng, start, kinds[R.STUDY_SESSION], t)
            if held:
                points = 0 if unit.kind == K.PARTY_CELL else rng.randint(2, 9)
                story = study_bulk.Story(unit, plan, held, points)
        members = eligible.get(unit.pk, 0)
        if story and members and R.ATTENDANCE in kinds:
            draw = rng.random()
            if draw < 0.8:  # at or above the target at the session itself
                story.absent = rng.randint(0, members // 20)
            elif draw < 0.92:  # below it; a make-up session brings it above
                story.absent = rng.randint(members // 20 + 1, members // 8 + 1)
                again = story.held + datetime.timedelta(days=rng.randint(7, 21))
                story.makeup_on = min(again, t.days(-1))
                story.still_absent = rng.randint(0, members // 25)
            else:  # below it, and no make-up session
                story.absent = extra.randint(members // 20 + 1, members // 8 + 1)
        if story and members and R.LEARNING_REPORTS in kinds:
            after = max(start, story.held + datetime.timedelta(days=5))
            on = _when(rng, after, kinds[R.LEARNING_REPORTS], t)
            if on and on >= story.held:  # handed in on that day, or a few never were
                short = rng.randint(0, members // 15)
                story.reports_on = on
                story.reports_missing = short if extra.random() < study_bulk.MISSING_SHARE else 0
            elif extra.random() < 0.5:  # never handed in; some members wrote theirs
                story.reports_share = extra.uniform(0.3, 0.9)
        if story and not unit.path.startswith(skip):
            writer.add(story)
        if R.ACTION_PROGRAM in kinds:
            on = _when(rng, start + datetime.timedelta(days=10), kinds[R.ACTION_PROGRAM], t)
            if on:
                issued[unit.pk] = ProgramIssued(on, _program_number(unit, rng))
    study_due = dict(
        Requirement.objects.filter(plan__in=plans, kind=R.STUDY_SESSION).values_list(
            "plan_id", "due_on"
        )
    )

    def held_on(unit: Unit, plan: Plan) -> datetime.date | None:
        start = plan.issued_on + datetime.timedelta(days=3)
        return _when(extra, start, study_due[plan.pk], t)

    writer.add_bodies(held_on, nearest, skip)
    marked = writer.write()
    return marked, issued, writer.summary()


def _report_file(obligation: Obligation, rng, as_docx: bool) -> ContentFile:
    unit = obligation.unit
    is_cell = unit.kind == K.PARTY_CELL
    lines = [
        unit.name.upper(),
        f"Số {rng.randint(20, 90)}-BC/{'CB' if is_cell else 'ĐU'}",
        "BÁO CÁO",
        f"Kết quả học tập, quán triệt và triển khai thực hiện {PLENUM}",
        f"Thực hiện {obligation.plan.number}: {obligation.requirement.title}",
        "(Tài liệu mẫu của bản demo.)",
    ]
    code = unit.code
    if as_docx:
        return ContentFile(tiny_docx(lines), name=f"Báo cáo kết quả NQTW8 - {code}.docx")
    return ContentFile(tiny_pdf(lines), name=f"Báo cáo kết quả NQTW8 - {code}.pdf")


def _upload_reports(plans: list[Plan], admin, rng, holder: _Holders) -> int:
    """Results reports uploaded so far: every one whose unit has its own head login (the
    demo cell's secretary), and some of those where nobody has a login (the administrator
    stands in), at most ``MAX_UPLOADS`` in all. Units with a clerk login (the demo communes)
    have theirs still to do."""
    obligations = (
        Obligation.objects.filter(
            plan__in=plans,
            requirement__kind=R.RESULTS_REPORT,
            cancelled=False,
            unit__active_to__isnull=True,
        )
        .select_related("unit", "plan", "requirement")
        .order_by("unit__path", "plan_id")
    )
    uploaded = 0
    for obligation in obligations:
        if holder(obligation.unit, Role.CLERK):
            continue
        head = holder(obligation.unit, Role.HEAD)
        if head is None and (rng.random() >= REPORTS_UPLOADED or uploaded >= MAX_UPLOADS):
            continue
        upload = _report_file(obligation, rng, as_docx=uploaded % 3 == 2)
        services.upload_report(user=head or admin, obligation=obligation, upload=upload)
        uploaded += 1
    return uploaded


def load_demo_plans(root: Unit, admin_user, stdout=None, *, today=None) -> Plan | None:
    """Give the demo province its plan for the 8th plenum; returns it, or None when the
    province already has one (loading is idempotent). The plan returned carries
    ``programs_issued`` (unit id → ``ProgramIssued``: who issues its action program, on which
    day, under which number), for :func:`trienkhai.demo.programs.load_demo_programs` to write
    in the same load; it is not stored."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    existing = Plan.objects.filter(unit=root, number=PLAN_NUMBER).first()
    if existing is not None:
        say(f"The plan {PLAN_NUMBER} is already loaded.")
        return None
    with _big_sqlite_cache():
        return _load(root, admin_user, say, today or timezone.localdate())


def _load(root: Unit, admin_user, say, today: datetime.date) -> Plan:
    t = Timeline(today)
    rng = random.Random(SEED)
    resolutions = _register_resolutions(root, admin_user)
    plan = _province_plan(root, admin_user, resolutions, t)
    committees = list(
        Unit.objects.filter(
            path__prefix=root.path,
            depth=root.depth + 1,
            kind=K.PARTY_COMMITTEE,
            active_to__isnull=True,
        ).order_by("path")
    )
    # Each committee numbers its documents itself; distinct numbers read better in lists.
    numbers = rng.sample(range(18, 18 + 2 * len(committees) + 30), len(committees))
    holder = _Holders(root)
    local = {
        c.path: _local_plan(c, plan, admin_user, holder, n)
        for c, n in zip(committees, numbers, strict=True)
    }
    merged = _merge_cells(committees, admin_user, t, holder)
    prefix = len(root.path) + root.steplen

    def nearest(unit: Unit) -> Plan:
        if unit.depth > root.depth + 1:
            return local.get(unit.path[:prefix], plan)
        return plan

    plans = [plan, *local.values()]
    # The commune where the demo's clerk and head work studies through the services.
    by_services = tuple(
        c.path for c in committees if holder(c, Role.CLERK) and holder(c, Role.HEAD)
    )
    done, issued, studied = _record_evidence(root, plans, nearest, t, rng, admin_user, by_services)
    reports = _upload_reports(plans, admin_user, rng, holder)
    tally = rollup.Tally()
    for progress in rollup.completeness(plan, root):
        for status, n in progress.tally.counts.items():
            tally.add(status, n)
    say(
        f"Plan {PLAN_NUMBER} and {len(local)} plans below it: {done:,} obligations fulfilled, "
        f"{reports} reports uploaded, {len(merged)} cells merged, {len(issued)} action programs "
        f"to write. Study: {studied}. Province rollup before the programs: "
        f"{tally.on_time} on time, "
        f"{tally.late} late, {tally.overdue} overdue, {tally.pending} pending, "
        f"{tally.closed} not counted (closed)."
    )
    # Not stored: read by demo.programs in the same load (not a field: a demo-only attribute).
    plan.programs_issued = issued  # type: ignore[attr-defined]
    return plan
