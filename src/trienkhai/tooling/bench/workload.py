"""The benchmark workload (issue 6, "Benchmark"): one plan at a generated scale, with the rows
a province (or the nation) produces under it, written in bulk.

``trienkhai.tooling.builders.workload(scale)`` builds it once into the configured database
and reuses it after; this module writes its rows:

1. the units and people of the scale (``demo.generator.generate``) unless units are there;
2. one plan issued by the root with five requirements — study session, attendance ≥ 95 %,
   learning reports (every party cell and committee), an action program (every committee,
   government, Front, organisation and agency at province and commune level), a results
   report (cells and committees) — and its obligations, through ``sync_obligations`` (one
   ``INSERT … SELECT`` a requirement);
3. the study rows of ``timing.study_rows`` (a session per cell and committee, make-ups,
   attendance for every person, learning reports) on this workload's dates, by extending its
   ``StudyRows``;
4. the action programs: one per unit owing one and the root's own, each with 9–15 tasks
   (key points served, a lead unit, an indicator on about half, two milestones) and quarterly
   progress reports with mixed statuses, some reported late; about one in eight programs
   mostly copied from the one above; annual reviews for a third of the adopted ones;
5. the obligations' evidence dates (most on time, some late, the rest open), then ANALYZE.

Everything below the plan goes in as plain rows (``executemany`` on SQLite, ``COPY`` on
PostgreSQL) with ids chosen here, like the generator: the benchmark measures reading, and the
services would take an hour at national scale. The dates are set back from the day of the
build (``calendar``): the plan is issued at the start of the fifth quarter before the current
one, so that five quarters of progress have ended by today — the dashboard reads no future
date, and the benchmark reads everything as of today.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from trienkhai.demo.bulk import insert_rows
from trienkhai.tooling.timing.study_rows import StudyDates, StudyRows, local

if TYPE_CHECKING:
    from trienkhai.resolutions.models import Plan
    from trienkhai.units.models import Unit


@dataclass(frozen=True)
class Dates(StudyDates):
    """The workload's calendar (see ``calendar``): the study dates and the others."""

    program_due: datetime.date
    results_due: datetime.date
    quarters: list[tuple[datetime.date, datetime.date]]  # (first, last day), all ended


def calendar(today: datetime.date) -> Dates:
    """The plan issued on the first day of the fifth quarter before ``today``'s; sessions
    due 44 days later, learning reports and programs 60, the results report at the end of
    the fourth quarter; progress reported for those five quarters."""
    first_month = (today.month - 1) // 3 * 3 + 1  # of today's quarter
    months = today.year * 12 + first_month - 1 - 15  # five quarters back
    quarters = []
    for n in range(5):
        start = datetime.date((months + 3 * n) // 12, (months + 3 * n) % 12 + 1, 1)
        after = months + 3 * n + 3
        end = datetime.date(after // 12, after % 12 + 1, 1) - datetime.timedelta(days=1)
        quarters.append((start, end))
    issued = quarters[0][0]
    return Dates(
        issued=issued,
        session_due=issued + datetime.timedelta(days=44),
        report_due=issued + datetime.timedelta(days=60),
        program_due=issued + datetime.timedelta(days=60),
        results_due=quarters[3][1],
        quarters=quarters,
    )


PROGRAM_KINDS = ["party_committee", "government", "front", "mass_org", "agency"]
PROGRAM_LEVELS = ["province", "commune"]
TASKS_PER_PROGRAM = (9, 15)
MILESTONES_PER_TASK = 2
# Learning reports are shorter at national scale: 5.4 million of them are held in memory.
REPORT_CHARS = {"small": 600, "province": 600, "national": 120}

KEY_POINTS = [
    "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    "Đẩy mạnh chuyển đổi số trong hoạt động của hệ thống chính trị",
    "Phát triển kinh tế tư nhân thành động lực quan trọng của nền kinh tế",
    "Tinh gọn bộ máy, nâng cao hiệu lực, hiệu quả hoạt động",
    "Bảo đảm quốc phòng, an ninh, giữ vững ổn định chính trị ở cơ sở",
    "Chăm lo đời sống vật chất, tinh thần của nhân dân",
    "Phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
    "Tăng cường công tác kiểm tra, giám sát và kỷ luật đảng",
]
TASK_TITLES = [
    "Tổ chức quán triệt, tuyên truyền nội dung nghị quyết đến toàn thể cán bộ, đảng viên",
    "Rà soát, hoàn thiện quy chế làm việc của cấp ủy",
    "Xây dựng và đưa vào vận hành hệ thống quản lý văn bản điện tử",
    "Nâng tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến",
    "Hỗ trợ phát triển hợp tác xã và hộ kinh doanh",
    "Kiện toàn tổ chức bộ máy các cơ quan, đơn vị",
    "Tăng cường kiểm tra, giám sát việc thực hiện nghị quyết",
    "Phát triển đảng viên mới trong thanh niên, công nhân",
    "Xây dựng mô hình dân vận khéo trên các lĩnh vực",
    "Bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã",
    "Giảm tỷ lệ hộ nghèo theo chuẩn đa chiều",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Thực hiện chương trình xây dựng nông thôn mới nâng cao",
    "Củng cố lực lượng dân quân tự vệ, bảo đảm an ninh trật tự",
    "Sơ kết, đánh giá kết quả thực hiện và đề xuất giải pháp",
]
INDICATORS = [
    ("Tỷ lệ hồ sơ giải quyết trực tuyến", "%", 40, 90),
    ("Tỷ lệ hộ nghèo", "%", 5, 2),
    ("Số đảng viên mới kết nạp", "người", 0, 30),
    ("Tỷ lệ chi bộ sinh hoạt đạt chất lượng tốt", "%", 60, 85),
    ("Số mô hình dân vận khéo", "mô hình", 2, 10),
]
STATUS_WALK = {  # the next quarter's status after this one, with weights
    "not_started": (["not_started", "on_track", "at_risk"], [2, 6, 2]),
    "on_track": (["on_track", "at_risk", "done"], [6, 1, 3]),
    "at_risk": (["on_track", "at_risk", "late"], [4, 3, 3]),
    "late": (["late", "at_risk", "done"], [5, 3, 2]),
    "done": (["done"], [1]),
}


@dataclass
class Workload:
    """What the benchmark reads: the plan, its issuing root, and how many rows of each."""

    scale: str
    plan: Plan
    root: Unit
    counts: dict[str, int] = field(default_factory=dict)
    built: bool = False
    seconds: float = 0.0


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


class WorkloadRows(StudyRows):
    """The study rows with the plan's two other requirements, the programs and the evidence;
    ``dates`` is a ``Dates`` (``calendar`` of the day of the build)."""

    dates: Dates

    def make_plan(self):
        from trienkhai.resolutions import services
        from trienkhai.resolutions.models import KeyPoint, Requirement

        plan = super().make_plan()  # the study requirements and their obligations
        K = Requirement.Kind
        for order, kind, title, kinds, levels, due in (
            (4, K.ACTION_PROGRAM, "Ban hành chương trình hành động", PROGRAM_KINDS,
             PROGRAM_LEVELS, self.dates.program_due),
            (5, K.RESULTS_REPORT, "Báo cáo kết quả thực hiện", ["party_cell", "party_committee"],
             [], self.dates.results_due),
        ):  # fmt: skip
            Requirement.objects.create(
                plan=plan,
                order=order,
                kind=kind,
                title=title,
                target_kinds=kinds,
                target_levels=levels,
                due_on=due,
            )
        services.sync_obligations(plan)  # one INSERT … SELECT for each new requirement
        resolution = plan.resolutions.get()
        for order, text in enumerate(KEY_POINTS, start=1):
            KeyPoint.objects.get_or_create(
                resolution=resolution, order=order, defaults={"text": text, "is_new": order < 3}
            )
        self.key_points = list(resolution.key_points.values_list("id", flat=True))
        return plan

    def write(self) -> None:
        super().write()
        Programs(self).write()
        self.evidence()

    def evidence(self) -> None:
        """Attendance, learning-report and results-report obligations: six in ten done on
        time, two late, the rest open (by unit id, so the same units lag across kinds)."""
        from django.db.models.functions import Mod

        from trienkhai.resolutions.models import Obligation
        from trienkhai.resolutions.services import record_evidence_bulk

        for requirement in self.plan.requirements.filter(
            kind__in=["attendance", "learning_reports", "results_report"]
        ):
            due = requirement.due_on
            on_time, late = due - datetime.timedelta(days=3), due + datetime.timedelta(days=9)
            mine = Obligation.objects.filter(requirement=requirement).alias(
                bucket=Mod("unit_id", 10)
            )
            for day, low, high in ((on_time, 0, 6), (late, 6, 8)):
                record_evidence_bulk(
                    mine.filter(bucket__gte=low, bucket__lt=high), on=day, evidence="bench"
                )


class Programs:
    """The action programs of the units owing one, with tasks, milestones, progress, reviews."""

    def __init__(self, builder: WorkloadRows):
        from trienkhai.programs.models import (
            ActionProgram,
            AnnualReview,
            Milestone,
            ProgressUpdate,
            Task,
        )

        self.b, self.rng, self.plan = builder, builder.rng, builder.plan
        self.dates, self.today = builder.dates, builder.today
        self.user_id = builder.user.pk
        self.ids = {
            m: _next_id(m) for m in (ActionProgram, Task, Milestone, ProgressUpdate, AnnualReview)
        }
        self.rows: dict[str, list] = {k: [] for k in ("programs", "tasks", "milestones")}
        self.rows.update(updates=[], reviews=[], key_points=[], coordinating=[])

    def take(self, model) -> int:
        pk = self.ids[model]
        self.ids[model] += 1
        return pk

    def write(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        from trienkhai.programs.models import (
            ActionProgram,
            AnnualReview,
            Milestone,
            ProgressUpdate,
            Task,
        )
        from trienkhai.programs.services.progress import refresh_reported as copy_latest
        from trienkhai.resolutions.models import Obligation
        from trienkhai.resolutions.services import record_evidence_rows
        from trienkhai.units.models import Unit

        root = self.b.root
        owing = dict(
            Obligation.objects.filter(plan=self.plan, requirement__kind="action_program")
            .values_list("unit__path", "unit_id")
            .order_by("unit__path")
        )
        units = {root.path: root.pk, **owing}  # path order: parents before children
        self.kind_of = dict(Unit.objects.filter(pk__in=units.values()).values_list("pk", "kind"))
        children: dict[str, list[int]] = {}
        for path, pk in units.items():
            children.setdefault(path[:-4], []).append(pk)
        program_of: dict[str, tuple[int, list[int]]] = {}  # path → (program id, task ids)
        approved: dict[int, datetime.date] = {}
        for path, unit_id in units.items():
            parent: tuple[int | None, list[int]] = next(
                (program_of[p] for p in _ancestors(path) if p in program_of), (None, [])
            )
            leads = [unit_id, *children.get(path, [])]
            pk, tasks, approved_on = self.program(unit_id, path == root.path, parent, leads)
            program_of[path] = (pk, tasks)
            if approved_on and unit_id != root.pk:
                approved[unit_id] = approved_on
        r = self.rows
        insert_rows(ActionProgram, PROGRAM_COLUMNS, r["programs"])
        insert_rows(Task, TASK_COLUMNS, r["tasks"])
        insert_rows(Task.key_points.through, ["task_id", "keypoint_id"], r["key_points"])
        insert_rows(Task.coordinating_units.through, ["task_id", "unit_id"], r["coordinating"])
        insert_rows(Milestone, MILESTONE_COLUMNS, r["milestones"])
        insert_rows(ProgressUpdate, UPDATE_COLUMNS, r["updates"])
        copy_latest(Task.objects.filter(program__plan=self.plan))  # Task.reported_status …
        insert_rows(AnnualReview, REVIEW_COLUMNS, r["reviews"])
        record_evidence_rows(
            (self.req_id, unit_id, day, "Chương trình hành động")
            for unit_id, day in approved.items()
        )
        with connection.cursor() as cursor:
            models = [ActionProgram, Task, Milestone, ProgressUpdate, AnnualReview]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        self.b.counts.update(
            {k: len(v) for k, v in r.items()},
            copied=sum(1 for p in r["programs"] if p[19]),
            late_programs=sum(1 for d in approved.values() if d > self.dates.program_due),
            late_updates=self.late_updates,
        )

    @property
    def req_id(self) -> int:
        if not hasattr(self, "_req_id"):
            self._req_id = self.plan.requirements.get(kind="action_program").pk
        return self._req_id

    late_updates = 0

    def program(self, unit_id, is_root, parent, leads):
        """One program's rows; returns (its id, its task ids, the day it was approved)."""
        from trienkhai.core import textvi
        from trienkhai.programs.models import ActionProgram

        rng, plan = self.rng, self.plan
        pk = self.take(ActionProgram)
        r = rng.random()
        d = self.dates
        if is_root or r < 0.75:  # approved by the deadline
            status, approved_on = "in_effect", d.issued + datetime.timedelta(rng.randint(10, 55))
        elif r < 0.87:  # approved late
            status, approved_on = (
                "in_effect",
                d.program_due + datetime.timedelta(rng.randint(3, 60)),
            )
        elif r < 0.95:
            status, approved_on = "discussion", None
        else:
            status, approved_on = "draft", None
        copied = not is_root and rng.random() < 0.12
        own_share = rng.uniform(0.15, 0.45) if copied else rng.uniform(0.6, 1.0)
        title = f"Chương trình hành động thực hiện Kế hoạch số {plan.number}"
        number = f"{pk}-CTr"
        created = local(d.issued + datetime.timedelta(rng.randint(3, 20)), 8)
        self.rows["programs"].append(
            (pk, unit_id, plan.pk, parent[0], "program", number, title, "", "")  # noqa: RUF005
            + ("quarter", status, 1 if approved_on else 0, approved_on, approved_on)
            + (self.user_id if approved_on else None, approved_on, None, None)
            + (round(own_share, 3), copied, self.b.now, textvi.fold(f"{number} {title}"), created)
        )
        tasks = self.tasks(pk, parent[1], leads, approved_on, copied)
        if approved_on and rng.random() < 0.33:
            self.review(pk, unit_id, len(tasks))
        return pk, tasks, approved_on

    def tasks(self, program_id, parent_tasks, leads, approved_on, copied) -> list[int]:
        from trienkhai.programs.models import Task

        rng, ids = self.rng, []
        for order in range(1, rng.randint(*TASKS_PER_PROGRAM) + 1):
            pk = self.take(Task)
            ids.append(pk)
            parent_task = parent_tasks[order - 1] if order <= len(parent_tasks) else None
            indicator, measure, baseline, target = ("", "", None, None)
            if rng.random() < 0.5:
                indicator, measure, baseline, target = rng.choice(INDICATORS)
                baseline, target = Decimal(baseline), Decimal(target)
            lead = rng.choice(leads)
            due = self.dates.results_due
            if rng.random() < 0.4:
                due = datetime.date(due.year + 1, 12, 31)
            title = rng.choice(TASK_TITLES)
            self.rows["tasks"].append(
                (pk, program_id, order, title, parent_task, lead, due)
                + (indicator, measure, baseline, target, 2027 if indicator else None)
                + (
                    (parent_task, round(rng.uniform(85, 100), 1))
                    if copied and parent_task
                    else (None, round(rng.uniform(0, 40), 1))
                )
            )
            for kp in rng.sample(self.b.key_points, rng.randint(1, 2)):
                self.rows["key_points"].append((pk, kp))
            if len(leads) > 1 and rng.random() < 0.3:
                self.rows["coordinating"].append((pk, rng.choice(leads)))
            milestones = self.milestones(pk, baseline, target)
            if approved_on:
                self.updates(pk, lead, approved_on, baseline, target, milestones)
        return ids

    def milestones(self, task_id, baseline, target) -> list[tuple[int, datetime.date]]:
        from trienkhai.programs.models import Milestone

        out = []
        quarters = self.dates.quarters
        for order, (_start, end) in enumerate((quarters[1], quarters[3]), start=1):
            pk = self.take(Milestone)
            expected = None
            if target is not None:
                expected = baseline + (target - baseline) * order / MILESTONES_PER_TASK
            deliverable = "" if expected else "Báo cáo sơ kết"
            self.rows["milestones"].append(
                [pk, task_id, order, end, True, expected, deliverable, None]
            )
            out.append((pk, end))
        return out

    def updates(self, task_id, lead, approved_on, baseline, target, milestones) -> None:
        """A report per quarter from the one the program was approved in; a few skipped,
        one in ten sent late; a *done* report marks the milestone of its quarter done."""
        from trienkhai.programs.models import ProgressUpdate

        rng, status = self.rng, "not_started"
        by_end = {row[3]: row for row in self.rows["milestones"][-len(milestones) :]}
        for n, (start, end) in enumerate(self.dates.quarters):
            if end < approved_on or rng.random() < 0.04:
                continue
            states, weights = STATUS_WALK[status]
            status = rng.choices(states, weights)[0]
            late = rng.random() < 0.1
            reported = end + datetime.timedelta(rng.randint(20, 45) if late else rng.randint(1, 10))
            if reported >= self.today:  # not sent yet
                continue
            self.late_updates += late
            value = None
            if target is not None and status != "not_started":
                value = baseline + (target - baseline) * Decimal(min(n + 1, 4)) / 4
            milestone = by_end.get(end)
            milestone_id = None
            if status == "done" and milestone is not None and milestone[-1] is None:
                milestone[-1], milestone_id = reported, milestone[0]
            self.rows["updates"].append(
                (self.take(ProgressUpdate), task_id, start, end, status, value)  # noqa: RUF005
                + ("Đã triển khai theo kế hoạch", milestone_id, lead, reported, self.user_id)
            )

    def review(self, program_id, unit_id, tasks) -> None:
        from trienkhai.programs.models import AnnualReview

        approved = self.rng.random() < 0.5
        day = datetime.date(self.dates.issued.year, 12, 20)
        if day >= self.today:
            return
        facts = json.dumps({"tasks": tasks})
        self.rows["reviews"].append(
            (
                self.take(AnnualReview),
                unit_id,
                program_id,
                2026,
                "approved" if approved else "draft",
            )
            + (facts, "Kết quả đạt được", "", "", "", "", local(day, 9))
            + ((day, self.user_id) if approved else (None, None))
        )


PROGRAM_COLUMNS = [
    "id", "unit_id", "plan_id", "parent_id", "kind", "number", "title", "field", "summary",
    "reporting_period", "status", "version", "first_approved_on", "approved_on",
    "approved_by_id", "effective_on", "closed_on", "deputy_id", "own_share", "copy_flagged",
    "copy_checked_at", "search_key", "created_at",
]  # fmt: skip
TASK_COLUMNS = [
    "id", "program_id", "order", "title", "parent_task_id", "lead_unit_id", "due_on",
    "indicator", "measure", "baseline", "target", "target_year", "copied_from_id", "copy_score",
]  # fmt: skip
MILESTONE_COLUMNS = [
    "id", "task_id", "order", "due_on", "by_quarter", "expected_value", "deliverable", "done_on",
]  # fmt: skip
UPDATE_COLUMNS = [
    "id", "task_id", "period_start", "period_end", "status", "value", "narrative",
    "milestone_id", "reported_by_unit_id", "reported_on", "reported_by_id",
]  # fmt: skip
REVIEW_COLUMNS = [
    "id", "unit_id", "program_id", "year", "status", "facts", "results", "shortcomings",
    "causes", "lessons", "next_year", "prepared_at", "approved_on", "approved_by_id",
]  # fmt: skip


def _ancestors(path: str) -> list[str]:
    """The paths above ``path``, nearest first."""
    return [path[:end] for end in range(len(path) - 4, 0, -4)]


def delete_programs(plan) -> None:
    """The action programs the workload hung on ``plan``, with their rows."""
    from trienkhai.programs.models import (
        ActionProgram,
        AnnualReview,
        Milestone,
        ProgressUpdate,
        Task,
    )

    programs = ActionProgram.objects.filter(plan=plan)
    AnnualReview.objects.filter(program__in=programs).delete()
    ProgressUpdate.objects.filter(task__program__in=programs).delete()
    Milestone.objects.filter(task__program__in=programs).delete()
    Task.key_points.through.objects.filter(task__program__in=programs).delete()
    Task.coordinating_units.through.objects.filter(task__program__in=programs).delete()
    Task.objects.filter(program__in=programs).update(parent_task=None, copied_from=None)
    Task.objects.filter(program__in=programs).delete()
    programs.update(parent=None)
    programs.delete()
