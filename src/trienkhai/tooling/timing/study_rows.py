"""The study rows a province produces under one plan, bulk-inserted (not through the services:
the timings and the benchmark measure reading): a session per party cell and committee, a few
cancelled or still to come, make-ups, an attendance row per person, learning reports.

``StudyRows(root, rng, report_chars=…, dates=…).write()`` writes them; its dates are a
parameter (``StudyDates``), so that the benchmark's workload (``bench.workload``) sets them
back from the day of the build while the study timing keeps fixed ones. Build it through
``trienkhai.tooling.builders.study_plan``, which also finds an existing plan and cleans up.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from trienkhai.demo.bulk import insert_rows
from trienkhai.demo.study_bulk import ATTENDANCE_COLUMNS, REPORT_COLUMNS

PLAN_NUMBER = "99-KH/TU"


@dataclass(frozen=True)
class StudyDates:
    """When the plan was issued and when its sessions and learning reports were due."""

    issued: datetime.date
    session_due: datetime.date
    report_due: datetime.date


FIXED_DATES = StudyDates(
    issued=datetime.date(2026, 9, 1),
    session_due=datetime.date(2026, 10, 15),
    report_due=datetime.date(2026, 10, 31),
)

SENTENCES = [
    "Qua nghiên cứu, học tập nghị quyết, bản thân nhận thức sâu sắc hơn về vị trí, vai trò "
    "của công tác xây dựng Đảng trong tình hình mới.",
    "Nghị quyết đặt ra yêu cầu đổi mới mạnh mẽ phương thức lãnh đạo, nâng cao năng lực cầm "
    "quyền và sức chiến đấu của tổ chức cơ sở đảng.",
    "Là đảng viên sinh hoạt tại chi bộ, tôi xác định phải gương mẫu thực hiện nhiệm vụ được "
    "giao, giữ gìn phẩm chất đạo đức, lối sống.",
    "Tôi sẽ tích cực tuyên truyền, vận động gia đình và nhân dân nơi cư trú thực hiện tốt chủ "
    "trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Liên hệ bản thân, còn có lúc chưa chủ động nghiên cứu tài liệu, cần khắc phục trong thời "
    "gian tới.",
    "Đề xuất chi bộ tăng cường sinh hoạt chuyên đề, gắn việc học tập nghị quyết với xây dựng "
    "chương trình hành động cụ thể.",
    "Chuyển đổi số là yêu cầu tất yếu, mỗi cán bộ, đảng viên phải nâng cao kỹ năng số để phục "
    "vụ người dân tốt hơn.",
    "Phát triển kinh tế tư nhân trở thành một động lực quan trọng nhất của nền kinh tế quốc "
    "gia theo tinh thần nghị quyết.",
]


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour:minute`` in the project's time zone (the rows' times of day)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


SESSION_COLUMNS = [
    "id", "unit_id", "plan_id", "title", "starts_at", "place", "mode", "connection_points",
    "lecturer", "audience", "include_subtree", "non_members_invited", "non_member_count",
    "makeup_for_id", "status",
]  # fmt: skip
GRADES = ["good"] * 35 + ["fair"] * 40 + ["pass"] * 22 + ["fail"] * 3


def delete(plan) -> None:
    """The plan, its requirements and obligations, and its study rows."""
    from trienkhai.study.models import Attendance, LearningReport, StudySession

    LearningReport.objects.filter(plan=plan).delete()
    Attendance.objects.filter(session__plan=plan).delete()
    StudySession.objects.filter(plan=plan).update(makeup_for=None)
    StudySession.objects.filter(plan=plan).delete()
    plan.obligations.all().delete()
    plan.requirements.all().delete()
    plan.delete()


class StudyRows:
    """Writes the plan, its obligations (through ``sync_obligations``), then sessions,
    attendance and reports as bulk inserts, and marks the session obligations done."""

    def __init__(self, root, rng, *, report_chars: int, dates: StudyDates = FIXED_DATES):
        from django.utils import timezone

        from trienkhai.core.models import User

        self.root, self.rng, self.report_chars, self.dates = root, rng, report_chars, dates
        self.user, _ = User.objects.get_or_create(username="study-timing")
        self.today = timezone.localdate()
        self.now = local(self.today, 9)
        self.counts: dict[str, int] = {}

    def write(self) -> None:
        self.plan = self.make_plan()
        sessions, session_of = self.sessions()
        studied = self.attendance(sessions, session_of)
        self.reports(studied)
        self.fulfil(sessions)

    def make_plan(self):
        from trienkhai.resolutions.models import Plan, Requirement, Resolution
        from trienkhai.resolutions.services import sync_obligations

        root = self.root
        resolution, _ = Resolution.objects.get_or_create(
            unit=root,
            number="99-NQ/TW",
            defaults=dict(
                kind="resolution",
                title="Nghị quyết đo thời gian",
                issuing_body="Ban Chấp hành Trung ương",
                issued_on=datetime.date(2026, 6, 1),
            ),
        )
        plan = Plan(
            unit=root,
            number=PLAN_NUMBER,
            title="Kế hoạch học tập, quán triệt (đo thời gian)",
            issued_on=self.dates.issued,
            status=Plan.Status.ISSUED,
            version=1,
        )
        plan.derive_keys()
        plan.save()
        plan.resolutions.set([resolution])
        K, d = Requirement.Kind, self.dates
        for order, (kind, title, due, target) in enumerate(
            [
                (K.STUDY_SESSION, "Tổ chức hội nghị học tập", d.session_due, None),
                (K.ATTENDANCE, "Đảng viên tham gia ≥ 95 %", d.session_due, 95),
                (K.LEARNING_REPORTS, "Viết bài thu hoạch", d.report_due, None),
            ],
            start=1,
        ):
            Requirement.objects.create(
                plan=plan,
                order=order,
                kind=kind,
                title=title,
                target_kinds=["party_cell", "party_committee"],
                target_levels=[],
                due_on=due,
                target_value=target,
            )
        sync_obligations(plan)
        return plan

    def sessions(self):
        """One session per cell and committee (2 % cancelled, 2 % still to come, 8 % held
        after the deadline). The people of a government, Front or organisation attend their
        committee's. Returns the session rows and, per unit, the id of its session."""
        from trienkhai.study.models import StudySession
        from trienkhai.units.models import Unit

        rng, S, d = self.rng, StudySession.Status, self.dates
        units = list(Unit.objects.values_list("id", "path", "kind").order_by("path"))
        self.path_of = {pk: path for pk, path, _k in units}
        by_path = {path: pk for pk, path, _k in units}
        holders = {pk for pk, _p, kind in units if kind in ("party_cell", "party_committee")}
        self.next_id = (StudySession.objects.order_by("-id").values_list("id").first() or [0])[0]
        rows, own_session = [], {}
        for pk in sorted(holders):
            r = rng.random()
            if r < 0.02:
                status, day = S.CANCELLED, d.session_due - datetime.timedelta(5)
            elif r < 0.04:
                status, day = S.SCHEDULED, self.today + datetime.timedelta(20)
            elif r < 0.12:
                status, day = S.HELD, d.session_due + datetime.timedelta(rng.randint(1, 16))
            else:
                status, day = S.HELD, d.issued + datetime.timedelta(rng.randint(9, 43))
            m = rng.random()
            mode, points = "in_person", 0
            if m > 0.9:
                mode, points = "online", rng.randint(1, 5)
            elif m > 0.75:
                mode, points = "mixed", rng.randint(1, 3)
            invited = rng.random() < 0.3
            others = rng.randint(1, 20) if invited and status == S.HELD else 0
            self.next_id += 1
            own_session[pk] = self.next_id
            starts = local(day, rng.choice([7, 14]), 30)
            rows.append(
                [self.next_id, pk, self.plan.pk, "Hội nghị học tập, quán triệt", starts]  # noqa: RUF005
                + ["Hội trường", mode, points, "", "all_members", False, invited, others]
                + [None, status]
            )
        session_of = {}
        for pk, path, _kind in units:
            p = path
            while by_path[p] not in holders:
                p = p[:-4]
            session_of[pk] = own_session[by_path[p]]
        return rows, session_of

    def attendance(self, sessions, session_of) -> set[int]:
        """A row per current person at their unit's session (none for sessions still to
        come; some marked before a session was cancelled); make-up sessions for 15 % of the
        sessions with absentees. Returns who studied."""
        from trienkhai.study.models import Attendance, StudySession
        from trienkhai.units.models import Person

        rng, plan = self.rng, self.plan
        by_id = {row[0]: row for row in sessions}
        self.people = list(
            Person.objects.filter(left_on__isnull=True).values_list(
                "id", "unit_id", "is_party_member", "exempt_from_activity"
            )
        )
        rows, absentees, studied = [], defaultdict(list), set()
        for pid, unit_id, member, exempt in self.people:
            sid = session_of[unit_id]
            status = by_id[sid][-1]
            mark, r = "absent", rng.random()
            if status == "scheduled" or (status == "cancelled" and r < 0.5):
                continue
            if status == "cancelled" or (member and not exempt and r < 0.95):
                mark = "present"
            elif member and not exempt:
                mark = "excused" if r < 0.98 else "absent"
            elif r < (0.35 if exempt else 0.6):
                mark = "present"
            rows.append((sid, pid, unit_id, mark, "roster", self.now, self.user.pk))
            if mark == "present" and status == "held":
                studied.add(pid)
            elif member and not exempt and status == "held":
                absentees[sid].append((pid, unit_id))
        makeups = []
        for sid, missing in absentees.items():
            if rng.random() >= 0.15:
                continue
            main = by_id[sid]
            self.next_id += 1
            starts = main[4] + datetime.timedelta(days=7)
            makeups.append(
                [self.next_id, main[1], plan.pk, "Học bù", starts, "Hội trường", "in_person"]  # noqa: RUF005
                + [0, "", "all_members", False, False, 0, sid, "held"]
            )
            for pid, home in missing:
                if rng.random() < 0.8:
                    rows.append(
                        (self.next_id, pid, home, "present", "roster", self.now, self.user.pk)
                    )
                    studied.add(pid)
        sessions.extend(makeups)
        insert_rows(StudySession, SESSION_COLUMNS, sessions)
        insert_rows(Attendance, ATTENDANCE_COLUMNS, rows)
        self.counts.update(sessions=len(sessions), makeups=len(makeups), attendance=len(rows))
        return studied

    def reports(self, studied: set[int]) -> None:
        """97 % of the members who studied write a report (half of the others, a tenth of
        the exempt); 12 % late; two thirds graded, 3 % sent back."""
        from trienkhai.resolutions.models import Obligation
        from trienkhai.study.models import LearningReport

        rng, plan, due = self.rng, self.plan, self.dates.report_due
        owing = set(
            Obligation.objects.filter(plan=plan, requirement__kind="learning_reports").values_list(
                "unit__path", flat=True
            )
        )

        def owes(path):
            return any(path[:i] in owing for i in range(4, len(path) + 1, 4))

        due_of = {pk: due if owes(path) else None for pk, path in self.path_of.items()}
        rows = []
        for pid, unit_id, member, exempt in self.people:
            chance = 0.1 if exempt else 0.97 if pid in studied else 0.5
            if not member or rng.random() >= chance:
                continue
            late = rng.random() < 0.12
            day = due + datetime.timedelta(rng.randint(1, 20) if late else -rng.randint(0, 40))
            submitted = local(day, rng.randint(7, 22), rng.randint(0, 59))
            status, grade, reviewed, r = "submitted", "", None, rng.random()
            if r < 0.03:
                status, reviewed = "returned", submitted + datetime.timedelta(days=3)
            elif r < 0.68:
                status, grade = "graded", rng.choice(GRADES)
                reviewed = submitted + datetime.timedelta(days=3)
            text = " ".join(rng.choice(SENTENCES) for _ in range(self.report_chars // 120 + 1))
            rows.append(
                (unit_id, plan.pk, pid, text[: self.report_chars], "", "", submitted)  # noqa: RUF005
                + (due_of[unit_id], self.user.pk, status, grade)
                + (self.user.pk if reviewed else None, reviewed, "", False)
            )
        insert_rows(LearningReport, REPORT_COLUMNS, rows)
        self.counts["reports"] = len(rows)

    def fulfil(self, sessions) -> None:
        """The study-session obligations are done on the day of the unit's first session
        held (what ``mark_held`` records)."""
        from django.core.management.color import no_style
        from django.db import connection
        from django.utils import timezone

        from trienkhai.resolutions.models import Obligation
        from trienkhai.resolutions.services import record_evidence_rows
        from trienkhai.study.models import Attendance, LearningReport, StudySession

        first_held: dict[int, datetime.date] = {}
        for row in sessions:
            if row[-1] == "held":
                day = timezone.localtime(row[4]).date()
                first_held[row[1]] = min(day, first_held.get(row[1], day))
        record_evidence_rows(
            (requirement_id, unit_id, first_held[unit_id], "Hội nghị học tập")
            for requirement_id, unit_id in Obligation.objects.filter(
                plan=self.plan, requirement__kind="study_session"
            ).values_list("requirement_id", "unit_id")
            if unit_id in first_held
        )
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [StudySession, Attendance, LearningReport]
            ):
                cursor.execute(sql)
