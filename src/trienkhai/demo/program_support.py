"""The scaffolding of the demo's action programs (:mod:`trienkhai.demo.programs`): a clock that
dates each step on a past day, quarters counted from a program's start, the places a unit's
texts name and the units its tasks name, the accounts of heads who have no demo login,
``ProgramWriter``, which writes a program from its text (:mod:`.program_texts`) through the
services: tasks and roadmap, discussion and approval, progress reports; and ``ProgressHistory``,
which gives the programs written in bulk (:mod:`.program_bulk`) their quarterly reports.
"""

from __future__ import annotations

import datetime
import random
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from trienkhai.core import numbers
from trienkhai.core.access import Role
from trienkhai.core.audit import written_at
from trienkhai.core.querysets import column_of
from trienkhai.programs import services
from trienkhai.programs.models import (
    ActionProgram,
    AnnualReview,
    ProgramComment,
    ProgramVersion,
    ProgressEvidence,
    TaskStatus,
)
from trienkhai.programs.periods import add_months, period_bounds, periods_between
from trienkhai.resolutions.models import KeyPoint, Plan
from trienkhai.study.rollup import study_numbers
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

from .documents import tiny_pdf
from .program_texts import STUDIED_VALUE

DAY = datetime.timedelta(days=1)

# Rows whose creation time the services set to "now": moved back to the day of the step.
_STAMPED = (
    (ActionProgram, "created_at"),
    (ProgramVersion, "approved_at"),
    (ProgramComment, "at"),
    (AnnualReview, "prepared_at"),
    (ProgressEvidence, "uploaded_at"),
)


class Clock:
    """Runs steps "on" a past day: afterwards, the rows they created carry that day."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.marks = self._last()

    @staticmethod
    def _last() -> dict:
        """The highest id of each stamped table, in one query (a step is a handful of
        queries; six more after each would be a third of the demo programs' queries)."""
        qn = connection.ops.quote_name
        parts = [
            f"(SELECT MAX({qn(column_of(model, 'id'))}) FROM {qn(model._meta.db_table)})"
            for model, _ in _STAMPED
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(parts)}")
            row = cursor.fetchone()
        return {model: n or 0 for (model, _), n in zip(_STAMPED, row, strict=True)}

    def day(self, n: int) -> datetime.date:
        return self.today + datetime.timedelta(days=n)

    @contextmanager
    def on(self, day: datetime.date, hour: int = 9):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
        # Audit events are hashed as written (and never updated): they get the day up front.
        with written_at(moment):
            yield
        marks = self._last()
        for model, field in _STAMPED:
            if marks[model] > self.marks[model]:
                model._base_manager.filter(pk__gt=self.marks[model]).update(**{field: moment})
        self.marks = marks


def quarter_start(day: datetime.date, offset: int = 0) -> datetime.date:
    return add_months(period_bounds(day, "quarter")[0], 3 * offset)


def quarter_label(day: datetime.date, offset: int) -> str:
    start = quarter_start(day, offset)
    return f"Q{(start.month - 1) // 3 + 1}/{start.year}"


def quarter_end(day: datetime.date, offset: int) -> datetime.date:
    return quarter_start(day, offset + 1) - DAY


def bare(unit: Unit) -> tuple[str, str]:
    """("xã", "Tân Phong") from "Đảng bộ xã Tân Phong"; ("", name) for other committees."""
    name = unit.name.removeprefix("Đảng bộ ")
    for level in ("xã", "phường"):
        if name.startswith(level + " "):
            return level, name[len(level) + 1 :]
    return "", name


_AREA_WORDS = ("tổ dân phố ", "khu phố ", "thôn ", "bản ", "ấp ", "xóm ", "làng ")


def unit_roster(unit: Unit) -> dict[str, Unit]:
    """The unit ("") and the units directly under it: cells "C1" … in order, the others by
    the last part of their code ("UB", "MT" …)."""
    roster = {"": unit}
    kids = Unit.objects.filter(
        path__prefix=unit.path, depth=unit.depth + 1, active_to__isnull=True
    ).order_by("path")
    cells = 0
    for kid in kids:
        if kid.kind == Unit.Kind.PARTY_CELL:
            cells += 1
            roster[f"C{cells}"] = kid
        else:
            roster[kid.code.rsplit("-", 1)[-1]] = kid
    return roster


def places(unit: Unit, roster: dict[str, Unit], year: int) -> dict[str, str]:
    """The words :mod:`.program_texts` leaves as placeholders, for ``unit``."""
    level, commune = bare(unit)
    cells = [u for key, u in roster.items() if key.startswith("C") and key[1:].isdigit()]
    words = {
        "commune": commune,
        "level": level or "đơn vị",
        "committee": unit.short_name or unit.name.replace("Đảng bộ", "Đảng ủy", 1),
    }
    for i in range(1, 5):
        area = cells[(i - 1) % len(cells)].name.removeprefix("Chi bộ ") if cells else f"thôn {i}"
        name = area
        for word in _AREA_WORDS:
            if area.startswith(word):
                name = area[len(word) :]
                break
        words[f"a{i}"], words[f"n{i}"] = area, name
    for i in range(5):
        words[f"y{i}"] = str(year + i)
    return words


def stand_in_name(unit: Unit) -> str:
    return f"head.{unit.code.lower()}"


def stand_in_head(unit: Unit):
    """The account of the person heading ``unit`` (no password: not a demo login, unless the
    loader gives it one), with the head's role on the unit: the one way the demo gets a head
    who may approve a unit's program where no demo login heads it."""
    return stand_in_heads([unit])[unit.pk]


def stand_in_heads(units) -> dict:
    """``stand_in_head`` for many units at once (unit id → user), in a handful of queries
    whatever their number: the demo's programs need some eighty heads."""
    User = get_user_model()
    units = list(units)
    names = {unit.pk: stand_in_name(unit) for unit in units}
    persons = {}
    for position in (
        Position.objects.filter(unit__in=units, is_head=True, ended_on__isnull=True)
        .select_related("person")
        .order_by("-id")
    ):
        persons[position.unit_id] = position.person  # the first wins
    users = User.objects.in_bulk(list(names.values()), field_name="username")
    new = []
    for unit in units:
        if names[unit.pk] not in users:
            person = persons.get(unit.pk)
            user = User(username=names[unit.pk], first_name=person.full_name if person else "")
            user.set_unusable_password()
            new.append(user)
    if new:
        User.objects.bulk_create(new)
        users = User.objects.in_bulk(list(names.values()), field_name="username")
    mine = {unit.pk: users[names[unit.pk]] for unit in units}
    held = set(
        RoleAssignment.objects.filter(
            unit__in=units, role=Role.HEAD, user__in=list(mine.values())
        ).values_list("unit_id", "user_id")
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, unit_id=unit_id, role=Role.HEAD)
        for unit_id, user in mine.items()
        if (unit_id, user.pk) not in held
    )
    linked = set(
        Person.objects.filter(user__in=list(mine.values())).values_list("user_id", flat=True)
    )
    to_link = []
    for unit_id, user in mine.items():
        person = persons.get(unit_id)
        if person is not None and person.user_id is None and user.pk not in linked:
            person.user = user
            linked.add(user.pk)
            to_link.append(person)
    Person.objects.bulk_update(to_link, ["user"])
    return mine


def minutes(title: str) -> ContentFile:
    pdf = tiny_pdf(["BIEN BAN", title, "(Tai lieu mau cua ban demo.)"], title=title)
    return ContentFile(pdf, name=f"Biên bản - {title[:40]}.pdf")


@dataclass(frozen=True)
class Studied:
    """A figure the product measures, for a report: its value and its text ("92,5%")."""

    value: str | None
    text: str


class ProgramWriter:
    """Writes programs through the services, as ``users`` (the demo logins by name), on days
    counted from ``today``; the demo's cast (:mod:`.programs`) says what to write."""

    def __init__(self, root: Unit, plan: Plan, today: datetime.date, say):
        self.root, self.plan, self.today, self.say = root, plan, today, say
        self.clock = Clock(today)
        self.year = plan.issued_on.year
        self.users = get_user_model().objects.in_bulk(
            ["admin", "clerk", "head", "secretary", "other"], field_name="username"
        )
        self.key_points = {
            f"{kp.resolution.number.split('-')[0]}:{kp.order}": kp
            for kp in KeyPoint.objects.filter(resolution__plans=plan).select_related("resolution")
        }

    def day(self, n: int) -> datetime.date:
        return self.clock.day(n)

    # --- writing a program ------------------------------------------------------------------

    def task(self, user, program, text, roster, words, first_day, parents=(), task=None):
        fill = lambda s: s.format(**words)  # noqa: E731
        last = max((s.quarter for s in text.steps), default=None)
        due = text.due if text.due is not None else last
        return services.save_task(
            user=user,
            program=program,
            task=task,
            key_points=[self.key_points[k] for k in text.key_points],
            coordinating_units=[roster[c] for c in text.coordinating if c in roster],
            milestones=[
                {
                    "when": quarter_label(first_day, s.quarter),
                    "expected_value": s.value,
                    "deliverable": fill(s.text),
                }
                for s in text.steps
            ],
            title=fill(text.title),
            lead_unit=roster.get(text.lead) if text.lead is not None else None,
            due_on=quarter_end(first_day, due) if due is not None else None,
            indicator=fill(text.indicator),
            measure=text.measure,
            baseline=text.baseline,
            target=text.target,
            target_year=self.year + text.years if text.years is not None else None,
            parent_task=parents[text.parent - 1] if parents and text.parent else None,
        )

    def write(self, user, unit, plan, text, *, kind, on, first_day, parents=(), **extra):
        roster = unit_roster(unit)
        words = places(unit, roster, self.year) | extra
        with self.clock.on(self.day(on), 8):
            program = services.create_program(
                user=user,
                unit=unit,
                plan=plan,
                kind=kind,
                title=text.title.format(**words),
                number=text.number,
                field=text.field.format(**words),
                summary=text.summary.format(**words),
            )
            tasks = [
                self.task(user, program, t, roster, words, first_day, parents) for t in text.tasks
            ]
        return program, tasks, words

    def adopt(self, program, *, drafter, approver, dates, approve_on, comments=(), tasks=()):
        with self.clock.on(self.day(dates["discuss"]), 14):
            services.open_discussion(user=drafter, program=program)
        for i, (who, number, text) in enumerate(comments):
            with self.clock.on(self.day(dates["discuss"] + 1 + i), 10):
                services.add_comment(
                    user=self.users[who] if isinstance(who, str) else who,
                    program=program,
                    text=text,
                    task=tasks[number - 1] if number else None,
                )
        with self.clock.on(approve_on, 16):
            services.approve_program(user=approver, program=program, on=approve_on)
        if "effect" in dates:
            effect = max(self.day(dates["effect"]), approve_on)
            with self.clock.on(effect, 8):
                services.put_in_effect(user=drafter, program=program, on=effect)
        program.refresh_from_db()
        return program

    def studied(self, program, on: datetime.date) -> Studied:
        """The share of the program's unit's eligible members who studied its plan by ``on``,
        by the study numbers' one rule (``study.eligibility.studied``)."""
        counted = study_numbers(program.plan, program.unit, on)
        share = numbers.percent(counted.attended, counted.eligible)
        return Studied(
            value=str(share) if share is not None else None,
            text=numbers.share_text(counted.attended, counted.eligible, vietnamese=True),
        )

    def report(self, program, pairs, reporter, words):
        """Progress for the periods since the program took effect: the earlier story for the
        period before the current one, the latest for the current one."""
        effective = program.effective_on or program.approved_on
        periods = periods_between(effective, self.today, program.reporting_period)
        written = 0
        for task, text in pairs:
            if len(periods) >= 2:
                plan = [(periods[-2], text.earlier), (periods[-1], text.latest)]
            else:
                plan = [(periods[-1], text.latest or text.earlier)]
            milestones = list(task.milestones.all())
            for start, story in plan:
                if story is None:
                    continue
                end = period_bounds(start, program.reporting_period)[1]
                if end < self.today:
                    on = min(end + 4 * DAY, self.today)
                else:
                    on = max(start, self.today - 3 * DAY)
                on = max(on, effective)
                value = story.value
                if value == STUDIED_VALUE or "{studied}" in story.narrative:
                    measured, words = self.studied(program, on), dict(words)
                    words["studied"] = measured.text
                    value = measured.value if value == STUDIED_VALUE else value
                narrative = story.narrative.format(**words)
                with self.clock.on(on, 15):
                    services.report_progress(
                        user=reporter(task),
                        task=task,
                        period=start,
                        status=story.status,
                        value=value,
                        narrative=narrative,
                        milestone=milestones[story.milestone]
                        if story.milestone is not None
                        else None,
                        files=[minutes(task.title)] if story.evidence else [],
                        on=on,
                    )
                written += 1
        return written


# --- the quarterly reports of the programs written in bulk ---------------------------------------

ST = TaskStatus
# Why a task is held back, in the words of a commune's report ({v1}, {v2}: its villages,
# {month}: a month of the period).
NARRATIVES = {
    ST.ON_TRACK: (
        "Đã triển khai theo kế hoạch, phân công người phụ trách từng địa bàn.",
        "Đang thực hiện đúng tiến độ; đã làm xong ở {v1}, chuẩn bị nhân rộng.",
        "Đã có kế hoạch chi tiết; bước đầu triển khai ở {v1} và {v2}, người dân hưởng ứng.",
        "Đúng tiến độ; kết quả được cập nhật tại giao ban hằng tháng.",
        "",
    ),
    "recovered": (
        "Đã khắc phục vướng mắc của kỳ trước, công việc trở lại đúng tiến độ.",
        "Đã bố trí được kinh phí và người phụ trách; tiến độ đã bắt kịp kế hoạch.",
    ),
    ST.AT_RISK: (
        "Kinh phí xã hội hóa mới vận động được khoảng một nửa so với dự kiến; đang đề nghị bố "
        "trí thêm từ ngân sách để kịp tiến độ.",
        "Mưa lớn kéo dài trong tháng {month} làm chậm việc triển khai ở {v1}; đã điều chỉnh "
        "lịch, tập trung làm bù trong tháng tới.",
        "Cán bộ phụ trách được điều động sang nhiệm vụ khác sau khi sắp xếp bộ máy, chưa bố trí "
        "được người thay; đã giao tạm cho văn phòng theo dõi.",
        "Trùng thời gian thu hoạch vụ mùa nên người dân ở {v2} tham gia ít; sẽ tổ chức lại vào "
        "buổi tối và ngày nghỉ.",
        "Một số hộ ở {v1} chưa đồng thuận, cần thêm thời gian vận động; Ban Công tác Mặt trận "
        "ở cơ sở đang gặp gỡ từng hộ.",
        "Thiết bị chưa về đủ, đường truyền internet ở {v2} còn chập chờn; đã đề nghị doanh "
        "nghiệp viễn thông hỗ trợ.",
    ),
    ST.LATE: (
        "Chưa tổ chức được do chưa bố trí được kinh phí; mốc đầu tiên đã quá hạn, đề nghị lùi "
        "sang quý sau.",
        "Chậm so với kế hoạch: đơn vị phối hợp chưa cử người tham gia, việc khảo sát ở {v1} mới "
        "làm được một phần. Đã báo cáo Thường trực để chỉ đạo.",
        "Quá mốc đề ra vì phải tập trung cho công tác phòng, chống bão lũ trong tháng {month}; "
        "dự kiến làm xong bước đầu trong tháng tới.",
        "Người phụ trách nghỉ chế độ, chưa có người thay; kế hoạch chi tiết và danh sách ở {v2} "
        "chưa xong, đã quá thời hạn đề ra.",
    ),
    ST.DONE: (
        "Đã hoàn thành; kết quả được công khai tại nhà văn hóa {v2}.",
        "Hoàn thành trước thời hạn; đã sơ kết, rút kinh nghiệm.",
        "Đã hoàn thành, báo cáo kết quả về cấp ủy.",
    ),
}
# Where a task ends up (its latest report), by chance; a quick action (a meeting, a group, a
# contest) is done sooner. "recovered": at risk once, on track since.
FATES = (("done", 0.12), ("late", 0.15), ("at_risk", 0.1), ("recovered", 0.06))
QUICK = re.compile(r"hội nghị|hội thi|nhóm Zalo|Biên soạn|học tập, quán triệt", re.IGNORECASE)
SETTLING_IN = 14  # days after approval before a program has anything to report
DONE_AFTER = 30  # a task is done this many days after approval at the earliest
NAMES_AHEAD = 20  # a milestone is reported reached from this many days before its date
CURRENT_SHARE = 0.9  # programs that already reported on the quarter under way


class ProgressHistory:
    """Quarterly progress reports on programs written in bulk, through ``report_progress``:
    for each quarter since the program was approved (a few days after its end; the quarter
    under way a few days ago, by nine programs in ten, once it has run three weeks), on every
    task, by the head of its lead unit (or of the program's unit: a head may change the units
    under it). Most tasks are on track and reach their first milestone; some are done (every
    milestone reached), some at risk or late, with the reason; measurable tasks move from
    their baseline toward the target. The programs of ``silent`` units never report: their
    milestones fall overdue."""

    def __init__(self, writer: ProgramWriter, heads: dict, seed: str):
        self.w, self.heads = writer, heads
        self.rng = random.Random(seed)
        self.latest: Counter = Counter()  # latest status of each task reported on
        self.written = 0
        self.untold = 0  # tasks of programs that report nothing (silent, or too new)

    def run(self, programs, silent: set[int]) -> int:
        """``programs``: (program, words for its narratives) in a fixed order."""
        for program, words in programs:
            tasks = list(program.tasks.select_related("lead_unit").prefetch_related("milestones"))
            days = self.days(program)
            if program.unit_id in silent or not days:
                self.untold += len(tasks)
                continue
            plans = [self.plan(program, task, days) for task in tasks]
            for i, (start, on) in enumerate(days):
                with self.w.clock.on(on, 15):
                    for task, steps in zip(tasks, plans, strict=True):
                        self.report(program, task, start, on, steps[i], words)
            self.latest.update(steps[-1][0] for steps in plans)
        return self.written

    def days(self, program) -> list[tuple[datetime.date, datetime.date]]:
        """(first day of the quarter, day of its report) for the quarters it reports on."""
        today, rng = self.w.today, self.rng
        first = program.effective_on or program.approved_on
        current = rng.random() < CURRENT_SHARE
        out = []
        for start in periods_between(first, today, program.reporting_period):
            end = period_bounds(start, program.reporting_period)[1]
            if end < today:
                on = min(end + rng.randint(3, 10) * DAY, today - DAY)
            elif current and (today - start).days >= 20:
                on = max(today - rng.randint(1, 8) * DAY, start)
            else:
                continue
            if (on - first).days >= SETTLING_IN:
                out.append((start, on))
        return out

    def plan(self, program, task, days) -> list[tuple[str, bool]]:
        """(status, recovered) for each report, from the task's fate: done only once it has
        had time, late only once its first milestone has passed."""
        rng, first, last = self.rng, program.effective_on or program.approved_on, days[-1][1]
        milestone = min(task.milestones.all(), key=lambda m: m.due_on, default=None)
        could = {
            "done": (last - first).days >= DONE_AFTER,
            "late": milestone is not None and last > milestone.due_on,
            "recovered": len(days) > 1,
            "at_risk": True,
        }
        fate, draw = "on_track", rng.random()
        for name, share in FATES:
            share *= 2.5 if name == "done" and QUICK.search(task.title) else 1
            if could[name] and draw < share:
                fate = name
                break
            draw -= share if could[name] else 0
        steps: list[tuple[str, bool]] = [(ST.ON_TRACK, False) for _ in days]
        if fate in ("done", "at_risk", "late"):
            steps[-1] = ({"done": ST.DONE, "at_risk": ST.AT_RISK, "late": ST.LATE}[fate], False)
        elif fate == "recovered":
            steps[0] = (ST.AT_RISK, False)
            steps[1] = (ST.ON_TRACK, True)
        task.demo_fate = fate
        task.demo_pace = {
            "on_track": rng.uniform(0.85, 1.15),
            "recovered": rng.uniform(0.7, 0.95),
            "at_risk": rng.uniform(0.35, 0.65),
            "late": rng.uniform(0.05, 0.3),
            "done": 1.0,
        }[fate]
        task.demo_reached = False
        task.demo_value = task.baseline or Decimal(0)
        return steps

    def report(self, program, task, start, on, step, words) -> None:
        """One report: the first milestone named as reached once near (not by a task that
        will be late), a reason when held back, the minutes of some done tasks."""
        status, recovered = step
        rng = self.rng
        milestone = None
        first = min(task.milestones.all(), key=lambda m: m.due_on, default=None)
        near = first is not None and on >= first.due_on - NAMES_AHEAD * DAY
        hoped = near and not task.demo_reached and task.demo_fate != "late"
        if hoped and (status == ST.ON_TRACK or (status == ST.AT_RISK and rng.random() < 0.4)):
            milestone, task.demo_reached = first, True
        pool = NARRATIVES["recovered" if recovered else status]
        within = min(on, period_bounds(start, program.reporting_period)[1])  # rain, storms …
        narrative = rng.choice(pool).format(month=within.month, **words)
        files = []
        if status == ST.DONE and rng.random() < 0.3:
            files, narrative = [minutes(task.title)], f"{narrative} Biên bản kèm theo."
        lead = task.lead_unit_id or program.unit_id
        services.report_progress(
            user=self.heads.get(lead) or self.heads[program.unit_id],
            task=task,
            period=start,
            status=status,
            value=self.value(program, task, on, status),
            narrative=narrative,
            milestone=milestone,
            files=files,
            on=on,
        )
        self.written += 1

    def value(self, program, task, on, status):
        """The value reached by ``on``: the share of the time to the due date gone by, at
        the task's pace, never back; the target once done (a count may go one beyond)."""
        if not task.is_measurable:
            return None
        base = task.baseline or Decimal(0)
        whole = Decimal(task.target) - base
        if status == ST.DONE:
            beyond = task.measure != "%" and whole >= 5 and self.rng.random() < 0.4
            value = Decimal(task.target) + beyond
        else:
            first = program.effective_on or program.approved_on
            span = max((task.due_on - first).days, 1) if task.due_on else 365
            share = min(0.9, (on - first).days / span * task.demo_pace)
            value = base + whole * Decimal(str(round(share, 3)))
            step = Decimal("0.1") if task.measure == "%" else Decimal(1)
            value = value.quantize(step, rounding=ROUND_FLOOR)
        task.demo_value = max(task.demo_value, value)
        return task.demo_value
