"""The action programs of every other unit that issued one under plan 12-KH/TU.

:mod:`trienkhai.demo.plans` draws who issues its program and when (about seven in ten on
time, a few late, the rest not at all) but records nothing; :mod:`trienkhai.demo.programs`
writes the demo's cast (the province, Tân Phong, the copied commune, the late ward …) and
hands the rest to ``BulkWriter``, so that every obligation counted as fulfilled is backed by a
program one can open, approved on the day it counts from.

Each program goes through the services as its unit's own head would write it (the account
``head.<code>`` of :func:`.program_support.stand_in_head`, no password, unless a demo login
heads the unit): created on a past day, three to five tasks, put to discussion, approved on
the drawn day (the approval is what fulfils the obligation), most put into effect. Their
roadmap: a first step 45 days after approval, and the task done by its due quarter.

Then they report, quarter by quarter (:class:`.program_support.ProgressHistory`): most tasks
on track with their first step reached, some done, some at risk or late with the reason, and
two communes (with their Front, government and organisations) that never report, whose first
steps fall overdue. Tasks whose text names a number to reach (a share of households, so many
groups or classes …) carry it as an indicator, and their reports say how far they got.

The tasks are what an honest commune writes, from the generator the copy check was tuned on
(:mod:`.program_corpus`): concrete actions with the unit's own villages
(its commune's for the Front, the government and the organisations, the communes for the
province's bodies), numbers, dates and who leads, on the key points that fit the kind of unit.
The units of one commune draw different actions, as neighbours who write their own do. Two
are copies, made the way the copy evaluation makes them: the last committee in line takes a
neighbouring committee's program with the names and villages swapped and a few words edited,
and one organisation starts from its committee's program and barely edits it. The copy check
flags both.
"""

from __future__ import annotations

import datetime
import random
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from trienkhai.core.access import Role
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, Task
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.units.models import RoleAssignment, Unit

from . import program_corpus as corpus
from .planner import refresh_statistics
from .plenum import PLENUM
from .program_support import (
    DAY,
    ProgramWriter,
    ProgressHistory,
    bare,
    quarter_end,
    quarter_label,
    stand_in_head,
    stand_in_heads,
)

SEED = "demo-program-bulk-1"
K = Unit.Kind

# The key points of the plan (``"44:7"``: key point 7 of 44-NQ/TW) the generator's topics
# serve.
KEY_POINTS = {
    "study": ("44:7", "43:1"),
    "defense": ("44:5", "44:3"),
    "intellect": ("45:3", "45:5"),
    "front": ("43:5", "43:4"),
    "digital": ("45:6", "44:6"),
    "admin": ("43:4",),
    "party": ("44:7",),
}
# The topics each kind of unit writes on.
FOCUS: dict[str, tuple[str, ...]] = {
    K.PARTY_COMMITTEE: tuple(corpus.LOCAL),
    K.GOVERNMENT: ("admin", "digital", "defense", "intellect"),
    K.FRONT: ("front", "study", "digital"),
    K.MASS_ORG: ("front", "study", "digital", "intellect"),
}
# Actions about the party's own cells and members are for committees only.
PARTY_WORDS = ("chi bộ", "đảng viên")
FIRST_STEPS = (
    "Xây dựng kế hoạch chi tiết, phân công người phụ trách",
    "Làm xong ở {v1}, rút kinh nghiệm trước khi nhân rộng",
    "Khảo sát, lập danh sách, giao việc cho {v1} và {v2}",
)
LAST_STEPS = (
    "Hoàn thành, báo cáo kết quả về {committee}",
    "Sơ kết, công khai kết quả tại nhà văn hóa {v2}",
    "Hoàn thành ở tất cả các thôn, khu dân cư; báo cáo {committee}",
)
# Who leads a committee's task on each topic: its government, its Front, or itself.
LEADS = {"admin": "UB", "digital": "UB", "defense": "UB", "intellect": "UB", "front": "MT"}
_AREA_WORDS = ("thôn ", "bản ", "ấp ", "xóm ", "làng ", "khu phố ", "tổ dân phố ")
FIRST_STEP = 45  # days after approval: the first milestone (a detailed plan, a first village)
SILENT = 2  # communes that never report
# Tasks whose text names the number to reach: (pattern, indicator, measure); the first that
# matches gives the target (group ``t``); a share starts from a baseline below it, a count
# from 0.
MEASURES = tuple(
    (re.compile(pattern, re.IGNORECASE), indicator, measure)
    for pattern, indicator, measure in (
        (r"tỷ lệ tập hợp lên (?P<t>\d+)%", "Tỷ lệ tập hợp phụ nữ vào Hội", "%"),
        (r"hồ sơ trực tuyến đạt (?P<t>\d+)%", "Tỷ lệ hồ sơ nộp trực tuyến", "%"),
        (r"hạn (?:trên|ít nhất) (?P<t>\d+)% hồ sơ", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%"),
        (r"mã QR ở (?P<t>\d+)%", "Tỷ lệ hộ trả tiền qua mã QR", "%"),
        (
            r"(?:có|đạt) (?P<t>\d+)% (?P<who>hộ gia đình|người dân|đảng viên) "
            r"(?P<what>tham gia|được hướng dẫn|hưởng ứng)",
            "Tỷ lệ {who} {what}",
            "%",
        ),
        (
            r"(?:Thành lập|Kiện toàn) (?P<t>\d+) tổ công nghệ số",
            "Số tổ công nghệ số cộng đồng",
            "tổ",
        ),
        (r"(?:Trao|Dành) (?P<t>\d+) suất học bổng", "Số suất học bổng đã trao", "suất"),
        (r"(?:Tặng|Trao) (?P<t>\d+) (?:nhà|căn)", "Số nhà đã bàn giao cho hộ nghèo", "căn"),
        (r"với (?P<t>\d+) camera", "Số camera an ninh đã lắp", "camera"),
        (r"Lắp(?: đặt)? (?P<t>\d+) điểm wifi", "Số điểm wifi miễn phí", "điểm"),
        (r"Số hóa (?P<t>\d+)", "Số sổ, hồ sơ đã số hóa", "hồ sơ"),
        (r"có (?P<t>\d+) sáng kiến", "Số sáng kiến được công nhận", "sáng kiến"),
        (r"(?:Mở|Tổ chức) (?P<t>\d+) lớp", "Số lớp đã mở", "lớp"),
    )
)


@dataclass
class Written:
    program: ActionProgram
    place: corpus.Commune  # the commune its texts name


@dataclass
class Tally:
    """What was written, on time or late against the deadline of plan 12-KH/TU."""

    on_time: int = 0
    late: int = 0
    copies: list[ActionProgram] = field(default_factory=list)
    reports: int = 0
    silent: list[Unit] = field(default_factory=list)  # communes that never report

    @property
    def written(self) -> int:
        return self.on_time + self.late


def area(committee: Unit) -> corpus.Commune:
    """The commune (or the province) a unit's texts name, with its villages (or communes)."""
    level, name = bare(committee)
    kids = Unit.objects.filter(
        path__prefix=committee.path, depth=committee.depth + 1, active_to__isnull=True
    ).order_by("path")
    if committee.depth == 1:  # the province: its communes and wards stand for villages
        level, name = "tỉnh", committee.name.rsplit(" tỉnh ", 1)[-1]
        places = [f"{lvl} {n}" for lvl, n in map(bare, kids) if lvl]
    else:
        places = [
            kid.name.removeprefix("Chi bộ ")
            for kid in kids
            if kid.kind == K.PARTY_CELL and kid.name.removeprefix("Chi bộ ").startswith(_AREA_WORDS)
        ]
    word = "khu phố" if level == "phường" else "thôn"
    for i in range(1, 4):
        if len(places) >= 3:
            break
        places.append(f"{word} {i}")
    return corpus.Commune(name, level or "xã", places)


class BulkWriter:
    """Writes the programs ``issued`` names (unit id → day and number) through ``writer``'s
    clock and key points; ``adopted`` holds the programs already approved (the cast's), by
    unit id, for the programs below to carry out."""

    def __init__(self, writer: ProgramWriter, adopted: dict[int, ActionProgram]):
        self.w = writer
        self.rng = random.Random(SEED)
        self.measure_rng = random.Random(SEED + ":measures")  # self.rng's draws stay as they were
        self.adopted = dict(adopted)
        self.written: dict[int, Written] = {}
        self.used: dict[str, set[str]] = {}  # commune path → actions its units drew
        self.places: dict[str, corpus.Commune] = {}
        self.committees: dict[str, Unit] = {}
        self.heads = {
            a.unit_id: a.user
            for a in RoleAssignment.objects.filter(
                unit__path__prefix=writer.root.path, role=Role.HEAD
            ).select_related("user")
        }
        self.local_plans = {
            p.unit.path: p
            for p in Plan.objects.filter(parent=writer.plan).select_related("unit", "parent")
        }

    # --- who, where, under which plan --------------------------------------------------------

    def committee(self, unit: Unit) -> Unit:
        """The commune (or other committee) directly under the province the unit belongs to,
        or the province for its own bodies."""
        root = self.w.root
        if unit.depth == root.depth + 1 and unit.kind != K.PARTY_COMMITTEE:
            return root
        path = unit.path[: len(root.path) + root.steplen]
        if path not in self.committees:
            self.committees[path] = Unit.objects.get(path=path)
        return self.committees[path]

    def plan_of(self, unit: Unit) -> Plan:
        root = self.w.root
        return self.local_plans.get(unit.path[: len(root.path) + root.steplen], self.w.plan)

    def place_of(self, committee: Unit) -> corpus.Commune:
        if committee.path not in self.places:
            self.places[committee.path] = area(committee)
        return self.places[committee.path]

    def parent_of(self, unit: Unit, day: datetime.date) -> ActionProgram:
        """The program of the nearest unit above approved by ``day`` (the province's at least)."""
        best = None
        for program in self.adopted.values():
            above = program.unit
            if (
                above.pk != unit.pk
                and unit.path.startswith(above.path)
                and program.first_approved_on is not None
                and program.first_approved_on <= day
                and (best is None or above.depth > best.unit.depth)
            ):
                best = program
        assert best is not None, "the province's program is adopted first"
        return best

    def head(self, unit: Unit):
        user = self.heads.get(unit.pk)
        if user is None:
            user = self.heads[unit.pk] = stand_in_head(unit)
        return user

    # --- texts -------------------------------------------------------------------------------

    def task_text(self, action: str, place: corpus.Commune, due_on: datetime.date) -> str:
        """``program_corpus.local_task`` with its dates the task's: the year, quarter and
        day it is to be done by are those of ``due_on``, not drawn at random."""
        rng = self.rng
        slots = corpus.values(rng, place)
        quarter = (due_on.month - 1) // 3
        slots.update(
            y=due_on.year,
            y1=due_on.year + 1,
            month=due_on.month,
            date=f"{due_on - rng.randint(0, 60) * DAY:%d/%m/%Y}",
            q=f"quý {('I', 'II', 'III', 'IV')[quarter]}/{due_on.year}",
        )
        text = corpus.fill(action, slots, rng).rstrip(".")
        for kind in rng.sample(sorted(corpus.MODIFIERS), rng.randint(1, 3)):
            part = corpus.fill(rng.choice(corpus.MODIFIERS[kind]), slots, rng)
            if rng.random() < 0.4:
                text = f"{text}. {part[0].upper()}{part[1:]}"
            else:
                text = f"{text}{rng.choice(['; ', ', '])}{part}"
        return text + "."

    def honest_tasks(self, unit: Unit, place: corpus.Commune, path: str, day) -> list[dict]:
        """Three to five of the unit's own actions (three or four for the Front and the
        organisations), on topics that fit it; actions another unit of the commune drew are
        taken only when the unit's topics have no other left."""
        rng = self.rng
        used = self.used.setdefault(path, set())
        topics = FOCUS.get(unit.kind, FOCUS[K.MASS_ORG])
        party = unit.kind == K.PARTY_COMMITTEE
        if unit.kind in (K.PARTY_COMMITTEE, K.GOVERNMENT):
            wanted = rng.randint(3, 5)
        else:
            wanted = 3 if rng.random() < 0.7 else 4
        fits = {
            topic: [a for a in corpus.LOCAL[topic] if party or not any(w in a for w in PARTY_WORDS)]
            for topic in topics
        }
        chosen: list[Any] = []
        mine: set[Any] = set()
        for topic in (rng.sample(topics, len(topics)) * wanted)[: 4 * wanted]:
            if len(chosen) >= wanted:
                break
            fresh = any(a not in used for t in topics for a in fits[t])
            actions = [a for a in fits[topic] if a not in (used if fresh else mine)]
            if not actions:
                continue
            action = rng.choice(actions)
            used.add(action)
            mine.add(action)
            chosen.append((topic, action))
        order = list(corpus.LOCAL)
        chosen.sort(key=lambda item: order.index(item[0]))
        tasks = []
        for topic, action in chosen:
            due = quarter_end(day, rng.randint(2, 5))
            tasks.append(
                {
                    "title": self.task_text(action, place, due),
                    "key_points": self.key_points(topic),
                    "lead": LEADS.get(topic, "") if party else "",
                    "due_on": due,
                }
            )
        if party and len(tasks) >= 4 and rng.random() < 0.4:
            stock = corpus.fill(rng.choice(corpus.STOCK), corpus.values(rng, place), rng)
            tasks.insert(
                0,
                {
                    "title": stock,
                    "key_points": self.key_points("study" if "học tập" in stock else "party"),
                    "lead": "",
                    "due_on": quarter_end(day, 2),
                },
            )
        return tasks

    def key_points(self, topic: str) -> list:
        return [self.w.key_points[k] for k in KEY_POINTS[topic][: self.rng.randint(1, 2)]]

    def title(self, unit: Unit, parent: ActionProgram | None, plan: Plan) -> str:
        if unit.kind == K.PARTY_COMMITTEE and plan.unit_id == unit.pk:
            return (
                f"Chương trình hành động của Ban Chấp hành {unit.name} thực hiện Kế hoạch số "
                f"{self.w.plan.number} của Ban Thường vụ Tỉnh ủy về {PLENUM}"
            )
        if unit.kind == K.PARTY_COMMITTEE:
            by = plan.unit.short_name or plan.unit.name
            return (
                f"Chương trình hành động của {unit.name} thực hiện Kế hoạch số {plan.number} "
                f"của {by} về {PLENUM}"
            )
        if parent is not None and parent.unit_id != self.w.root.pk:
            above = (
                f"Chương trình hành động số {parent.number} của "
                f"{parent.unit.short_name or parent.unit.name}"
            )
        elif plan.unit_id != self.w.root.pk:
            above = f"Kế hoạch số {plan.number} của {plan.unit.short_name or plan.unit.name}"
        else:
            above = f"Kế hoạch số {plan.number} của Ban Thường vụ Tỉnh ủy"
        return f"Kế hoạch của {unit.name} thực hiện {above} về {PLENUM}"

    # --- writing -----------------------------------------------------------------------------

    def roster(self, unit: Unit) -> dict[str, Unit]:
        """The unit ("") and, for a committee, its government, Front and organisations by the
        last part of their code."""
        roster = {"": unit}
        if unit.kind == K.PARTY_COMMITTEE:
            for kid in Unit.objects.filter(
                path__prefix=unit.path, depth=unit.depth + 1, active_to__isnull=True
            ).exclude(kind__in=[K.PARTY_COMMITTEE, K.PARTY_CELL]):
                roster[kid.code.rsplit("-", 1)[-1]] = kid
        return roster

    def save_tasks(self, user, program, unit, tasks, place, committee, day, existing=()) -> None:
        """Save ``tasks`` (title, key points, lead, due date; ``existing`` tasks are replaced
        in order) with a roadmap of two milestones: the next quarter's and the due one's."""
        rng, roster = self.rng, self.roster(unit)
        words = {
            "v1": place.villages[0],
            "v2": place.villages[1],
            "committee": committee.short_name or committee.name.replace("Đảng bộ", "Đảng ủy", 1),
        }
        existing = list(existing)
        for i, task in enumerate(tasks):
            due = task["due_on"]
            measured = self.measured(task["title"], due)
            milestones = [
                {
                    "when": f"{day + FIRST_STEP * DAY:%d/%m/%Y}",
                    "deliverable": rng.choice(FIRST_STEPS).format(**words),
                },
                {
                    "when": quarter_label(due, 0),
                    "deliverable": rng.choice(LAST_STEPS).format(**words),
                    "expected_value": measured.get("target"),
                },
            ]
            services.save_task(
                user=user,
                program=program,
                task=existing[i] if i < len(existing) else None,
                title=task["title"],
                key_points=task["key_points"],
                lead_unit=roster.get(task["lead"], unit),
                due_on=due,
                milestones=milestones,
                **measured,
            )

    def measured(self, title: str, due: datetime.date) -> dict:
        """The indicator, measure, baseline and target a task's text names (see ``MEASURES``),
        or nothing."""
        for pattern, indicator, measure in MEASURES:
            match = pattern.search(title)
            if match is None or int(match["t"]) == 0:
                continue
            target = int(match["t"])
            share = measure == "%"
            if share and target > 100:
                continue
            base = max(0, target - self.measure_rng.randint(8, 25)) if share else 0
            return {
                "indicator": indicator.format(**match.groupdict()),
                "measure": measure,
                "baseline": Decimal(base),
                "target": Decimal(target),
                "target_year": due.year,
            }
        return {}

    def write(self, unit: Unit, day: datetime.date, number: str, *, copy_of=None) -> Written:
        """One unit's program, approved on ``day``: its own, or ``copy_of`` a neighbour's
        (``Written``) or, with ``copy_of="parent"``, the program above barely edited."""
        rng, w = self.rng, self.w
        committee = self.committee(unit)
        place = self.place_of(committee)
        plan = self.plan_of(unit)
        parent = self.parent_of(unit, day)
        user = self.head(unit)
        draft_on = max(day - rng.randint(9, 20) * DAY, plan.issued_on + DAY)
        discuss_on = draft_on + max(1, (day - draft_on).days * 2 // 3) * DAY
        party = unit.kind == K.PARTY_COMMITTEE
        from_parent = copy_of == "parent"
        with w.clock.on(draft_on, 8):
            program = services.create_program(
                user=user, unit=unit, plan=plan, number=number, parent=parent,
                kind=ActionProgram.Kind.PROGRAM if party else ActionProgram.Kind.PLAN,
                title=self.title(unit, parent, plan), start_from_parent=from_parent,
                summary=(
                    f"Cụ thể hóa các nghị quyết thành việc làm của {unit.short_name or unit.name}"
                    f", có người chủ trì, thời hạn và mốc theo quý; ưu tiên {place.villages[0]} "
                    f"và {place.villages[1]}."
                ),
            )  # fmt: skip
            existing: list[Task] = []
            if from_parent:
                existing = list(program.tasks.prefetch_related("key_points").order_by("order"))
                if len(existing) > 3:  # one task dropped
                    services.remove_task(user=user, task=existing.pop(rng.randrange(len(existing))))
                tasks = [self.edited(task, day, 0.5) for task in existing]
            elif copy_of is not None:
                tasks = self.sibling_copy(copy_of, place, day)
            else:
                tasks = self.honest_tasks(unit, place, committee.path, day)
            self.save_tasks(user, program, unit, tasks, place, committee, day, existing)
        with w.clock.on(discuss_on, 14):
            services.open_discussion(user=user, program=program)
        with w.clock.on(day, 16):
            services.approve_program(user=user, program=program, on=day)
        effect = min(day + rng.randint(0, 4) * DAY, w.today)
        if rng.random() < 0.85:
            with w.clock.on(effect, 8):
                services.put_in_effect(user=user, program=program, on=effect)
        program.refresh_from_db()
        program.unit = unit  # refreshing forgot it; parent_of reads it
        self.adopted[unit.pk] = program
        written = Written(program, place)
        self.written[unit.pk] = written
        return written

    def edited(self, task, day, rate: float, text: str | None = None) -> dict:
        """Another program's task taken over with a few words edited (the copy evaluation's light
        edit), the unit made its lead."""
        return {
            "title": corpus.edit(self.rng, text or task.title, rate),
            "key_points": list(task.key_points.all()),
            "lead": "",
            "due_on": quarter_end(day, self.rng.randint(2, 5)),
        }

    def sibling_copy(self, source: Written, place: corpus.Commune, day) -> list[dict]:
        """A neighbour's tasks made one's own in name only (the copy evaluation's "sibling, own
        places"): its name and villages swapped, numbers changed, a few words edited."""
        rng, old = self.rng, source.place
        out = []
        for task in source.program.tasks.prefetch_related("key_points").order_by("order"):
            text = task.title.replace(f"{old.lvl} {old.name}", f"{place.lvl} {place.name}")
            text = text.replace(old.name, place.name)
            text = corpus.change_numbers(rng, corpus.swap_places(rng, text, old, place))
            out.append(self.edited(task, day, 0.4, text))
        return out

    # --- the whole lot -----------------------------------------------------------------------

    def run(self, issued: dict, skip: set[int]) -> Tally:
        """Write the program of each unit in ``issued`` but those in ``skip``, in the order
        they were approved (so a commune's program is there for its organisations to carry
        out when it came first); the last committee and one organisation copy."""
        units = Unit.objects.in_bulk([pk for pk in issued if pk not in skip])
        order = sorted(units.values(), key=lambda u: (issued[u.pk].on, u.path))
        self.heads.update(stand_in_heads([u for u in order if u.pk not in self.heads]))
        below = self.w.root.depth + 1
        committees = [u for u in order if u.kind == K.PARTY_COMMITTEE and u.depth == below]
        sibling_copier = committees[-1] if len(committees) >= 3 else None
        parent_copier = next(
            (
                u
                for u in order
                if u.kind == K.MASS_ORG
                and u.depth == below + 1
                and any(
                    c.path == u.path[: len(c.path)] and issued[c.pk].on < issued[u.pk].on
                    for c in committees
                    if c != sibling_copier
                )
            ),
            None,
        )
        tally = Tally()
        for unit in order:
            due = issued[unit.pk]
            copy_of: Written | str | None = None
            if unit == sibling_copier:
                sources = [self.written[c.pk] for c in committees if c.pk in self.written]
                copy_of = sources[-1] if sources else None
            elif unit == parent_copier:
                copy_of = "parent"
            written = self.write(unit, due.on, due.number, copy_of=copy_of)
            if copy_of is not None:
                tally.copies.append(written.program)
        due = {}  # under plan 12-KH/TU, or the commune's plan for units it does not reach
        for unit_id, plan_id, day in Obligation.objects.filter(
            plan__in=[self.w.plan, *self.local_plans.values()],
            unit__in=order,
            requirement__kind=Requirement.Kind.ACTION_PROGRAM,
        ).values_list("unit_id", "plan_id", "due_on"):
            if plan_id == self.w.plan.pk or unit_id not in due:
                due[unit_id] = day
        for unit in order:
            late = self.written[unit.pk].program.first_approved_on > due[unit.pk]
            tally.late += late
            tally.on_time += not late
        refresh_statistics()  # thousands of programs, tasks and milestones just written
        self.report(tally)
        return tally

    def silent(self) -> list[Unit]:
        """The communes (committees directly under the province) that never report: drawn
        among those approved long enough ago for their first steps to be overdue (the
        earliest if too few were)."""
        rng, today = random.Random(SEED + ":silent"), self.w.today
        below = self.w.root.depth + 1
        communes = [
            w.program
            for w in self.written.values()
            if w.program.unit.depth == below and w.program.unit.kind == K.PARTY_COMMITTEE
        ]
        communes.sort(key=lambda p: (p.first_approved_on, p.unit.path))
        old = [
            p
            for p in communes
            if p.first_approved_on and (today - p.first_approved_on).days > FIRST_STEP + 5
        ]
        chosen = rng.sample(old, SILENT) if len(old) >= SILENT else communes[:SILENT]
        return [p.unit for p in chosen]

    def report(self, tally: Tally) -> None:
        """Every program written here reports its progress (``ProgressHistory``), but those of
        the silent communes and the units under them."""
        tally.silent = self.silent()
        paths = [u.path for u in tally.silent]
        silent = {
            pk for pk, w in self.written.items() if w.program.unit.path.startswith(tuple(paths))
        }
        history = ProgressHistory(self.w, self.heads, SEED + ":progress")
        programs = []
        for w in self.written.values():
            words = {"v1": w.place.villages[0], "v2": w.place.villages[1]}
            programs.append((w.program, words))
        tally.reports = history.run(programs, silent)
        latest = ", ".join(f"{n} {status}" for status, n in history.latest.most_common())
        self.w.say(
            f"Progress of the {len(self.written)} programs issued by the other units: "
            f"{tally.reports} reports; latest status of the tasks reported on: {latest}; "
            f"{history.untold} tasks not reported on (programs too new, and "
            f"{', '.join(u.name for u in tally.silent)}, which never report)."
        )
