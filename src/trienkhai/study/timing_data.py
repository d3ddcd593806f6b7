"""The study rows a province produces, bulk-inserted for ``study_timing`` (not through the
services: the timing measures reading). See ``study_timing`` for how it is used."""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict

PLAN_NUMBER = "99-KH/TU"
ISSUED_ON = datetime.date(2026, 9, 1)
SESSION_DUE = datetime.date(2026, 10, 15)
REPORT_DUE = datetime.date(2026, 10, 31)
BATCH = 5_000
ROSTER_SIZE = 2_000

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


# --- the data --------------------------------------------------------------------------------


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Rows of plain values straight into ``model``'s table: COPY on PostgreSQL, else
    executemany. Datetimes are adapted the way the backend stores them."""
    from django.db import connection

    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
    prep = [
        i for i, f in enumerate(fields) if f.get_internal_type() in ("DateTimeField", "DateField")
    ]
    column_list = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if prep:
            adapt = {
                "DateTimeField": connection.ops.adapt_datetimefield_value,
                "DateField": connection.ops.adapt_datefield_value,
            }
            kinds = {i: adapt[fields[i].get_internal_type()] for i in prep}
            rows = [
                tuple(kinds[i](v) if i in kinds and v is not None else v for i, v in enumerate(r))
                for r in rows
            ]
        placeholders = ", ".join(["%s"] * len(columns))
        for start in range(0, len(rows), BATCH * 4):
            cursor.executemany(
                f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})",
                rows[start : start + BATCH * 4],
            )


def _local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


SESSION_COLUMNS = [
    "id", "unit_id", "plan_id", "title", "starts_at", "place", "mode", "connection_points",
    "lecturer", "audience", "include_subtree", "non_members_invited", "non_member_count",
    "makeup_for_id", "status",
]  # fmt: skip
ATTENDANCE_COLUMNS = [
    "session_id", "person_id", "unit_id", "status", "method", "recorded_at", "recorded_by_id",
]  # fmt: skip
REPORT_COLUMNS = [
    "unit_id", "plan_id", "person_id", "text", "file", "file_type", "submitted_at", "due_on",
    "entered_by_id", "status", "grade", "reviewer_id", "reviewed_at", "comment",
    "similar_to_resolution",
]  # fmt: skip
GRADES = ["good"] * 35 + ["fair"] * 40 + ["pass"] * 22 + ["fail"] * 3


def build(*, rebuild: bool, report_chars: int, seed: int = 4, out=print):
    """The plan and its study rows (once; again with ``rebuild``). Returns the plan."""
    from django.db import connection, transaction

    from trienkhai.resolutions.models import Plan
    from trienkhai.units.models import Unit

    root = Unit.objects.filter(depth=1).order_by("path").first()
    plan = Plan.objects.filter(unit=root, number=PLAN_NUMBER).first()
    if plan is not None and not rebuild:
        out(f"Reusing plan {plan.number} ({plan.study_sessions.count():,} sessions).")
        return plan
    started = time.perf_counter()
    with transaction.atomic():
        if plan is not None:
            _delete(plan)
        builder = _Builder(root, random.Random(seed), report_chars)
        builder.write()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out(
        f"Built plan {PLAN_NUMBER}: {builder.counts['sessions']:,} sessions "
        f"({builder.counts['makeups']:,} make-ups), {builder.counts['attendance']:,} "
        f"attendance rows, {builder.counts['reports']:,} learning reports "
        f"in {time.perf_counter() - started:,.1f} s."
    )
    return builder.plan


def _delete(plan) -> None:
    from .models import Attendance, LearningReport, StudySession

    LearningReport.objects.filter(plan=plan).delete()
    Attendance.objects.filter(session__plan=plan).delete()
    StudySession.objects.filter(plan=plan).update(makeup_for=None)
    StudySession.objects.filter(plan=plan).delete()
    plan.obligations.all().delete()
    plan.requirements.all().delete()
    plan.delete()


class _Builder:
    """Writes the plan, its obligations (through ``sync_obligations``), then sessions,
    attendance and reports as bulk inserts, and marks the session obligations done."""

    def __init__(self, root, rng, report_chars):
        from django.utils import timezone

        from trienkhai.core.models import User

        self.root, self.rng, self.report_chars = root, rng, report_chars
        self.user, _ = User.objects.get_or_create(username="study-timing")
        self.today = timezone.localdate()
        self.now = _local(self.today, 9)
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
            issued_on=ISSUED_ON,
            status=Plan.Status.ISSUED,
            version=1,
        )
        plan.derive_keys()
        plan.save()
        plan.resolutions.set([resolution])
        K = Requirement.Kind
        for order, (kind, title, due, target) in enumerate(
            [
                (K.STUDY_SESSION, "Tổ chức hội nghị học tập", SESSION_DUE, None),
                (K.ATTENDANCE, "Đảng viên tham gia ≥ 95 %", SESSION_DUE, 95),
                (K.LEARNING_REPORTS, "Viết bài thu hoạch", REPORT_DUE, None),
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
        from trienkhai.units.models import Unit

        from .models import StudySession

        rng, S = self.rng, StudySession.Status
        units = list(Unit.objects.values_list("id", "path", "kind").order_by("path"))
        self.path_of = {pk: path for pk, path, _k in units}
        by_path = {path: pk for pk, path, _k in units}
        holders = {pk for pk, _p, kind in units if kind in ("party_cell", "party_committee")}
        self.next_id = (StudySession.objects.order_by("-id").values_list("id").first() or [0])[0]
        rows, own_session = [], {}
        for pk in sorted(holders):
            r = rng.random()
            if r < 0.02:
                status, day = S.CANCELLED, SESSION_DUE - datetime.timedelta(5)
            elif r < 0.04:
                status, day = S.SCHEDULED, self.today + datetime.timedelta(20)
            elif r < 0.12:
                status, day = S.HELD, SESSION_DUE + datetime.timedelta(rng.randint(1, 16))
            else:
                status, day = S.HELD, ISSUED_ON + datetime.timedelta(rng.randint(9, 43))
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
            starts = _local(day, rng.choice([7, 14]), 30)
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
        from trienkhai.units.models import Person

        from .models import Attendance, StudySession

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
        _insert(StudySession, SESSION_COLUMNS, sessions)
        _insert(Attendance, ATTENDANCE_COLUMNS, rows)
        self.counts.update(sessions=len(sessions), makeups=len(makeups), attendance=len(rows))
        return studied

    def reports(self, studied: set[int]) -> None:
        """97 % of the members who studied write a report (half of the others, a tenth of
        the exempt); 12 % late; two thirds graded, 3 % sent back."""
        from trienkhai.resolutions.models import Obligation

        from .models import LearningReport

        rng, plan = self.rng, self.plan
        owing = set(
            Obligation.objects.filter(plan=plan, requirement__kind="learning_reports").values_list(
                "unit__path", flat=True
            )
        )

        def owes(path):
            return any(path[:i] in owing for i in range(4, len(path) + 1, 4))

        due_of = {pk: REPORT_DUE if owes(path) else None for pk, path in self.path_of.items()}
        rows = []
        for pid, unit_id, member, exempt in self.people:
            chance = 0.1 if exempt else 0.97 if pid in studied else 0.5
            if not member or rng.random() >= chance:
                continue
            late = rng.random() < 0.12
            day = REPORT_DUE + datetime.timedelta(
                rng.randint(1, 20) if late else -rng.randint(0, 40)
            )
            submitted = _local(day, rng.randint(7, 22), rng.randint(0, 59))
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
        _insert(LearningReport, REPORT_COLUMNS, rows)
        self.counts["reports"] = len(rows)

    def fulfil(self, sessions) -> None:
        """The study-session obligations are done on the day of the unit's first session
        held (what ``mark_held`` records)."""
        from django.core.management.color import no_style
        from django.db import connection
        from django.utils import timezone

        from trienkhai.resolutions.models import Obligation
        from trienkhai.resolutions.services import record_evidence_rows

        from .models import Attendance, LearningReport, StudySession

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
