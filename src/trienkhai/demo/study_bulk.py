"""The demo province's study as rows: sessions, attendance, make-up sessions and learning
reports, so that every study number the dashboard shows can be opened.

:mod:`trienkhai.demo.plans` draws the story of each party committee and cell with the seed it
has always used (when it held its session, how many members missed it, whether a make-up
session followed, when its learning reports were all in) and hands it here as a
:class:`Story`; :class:`StudyWriter` turns the stories into rows. The province's own members
and those of the government, the Front, the organisations and the agencies study too, at
sessions of their own (no obligation hangs on those units), drawn here with a seed of this
module. The demo commune is left out: :mod:`trienkhai.demo.study` writes its rows through the
study services.

The rows are inserted in bulk (``bulk.insert_rows``: ``executemany``, ``COPY`` on
PostgreSQL), not through the study services: ``submit_report`` runs the copy check against the
commune's earlier reports for each of some 2,000 reports (1.4 s of CPU for one commune's 250
on the development machine, some 12 s for the province), where the whole of this module takes
about 1 s. What the services do besides writing rows is done here once, from the rows written:

* the evidence, with ``resolutions.services.record_evidence`` (the call ``mark_held`` makes,
  which also fulfils the plans the unit's plan carries out) on the day the rows say: a session
  held → the organiser's ``study_session`` obligations on its date; the first session (the
  make-up included) by which the unit's studied share of eligible members reached the target
  → its ``attendance`` obligations, as ``_check_attendance_target`` decides; the day the last
  of its due members submitted → its ``learning_reports`` obligations, as
  ``_check_reports_complete`` decides. A unit that does not get there has nothing recorded;
* the copy check (``study.checks.check_all``) of every report, in this process, earliest first:
  the few copied from a neighbour are flagged, the others get their figure, and none shows
  "not checked" (the province's ~2,100 reports: 5.5 s of CPU, 57 queries).

Nobody entered these rows through a screen, so they have no audit events; the administrator
stands in as the clerk who entered the paper rosters and reports and as the reviewer.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.resolutions.services import record_evidence
from trienkhai.study import checks
from trienkhai.study.models import Attendance, CheckState, Grade, LearningReport, StudySession
from trienkhai.study.similarity import sentences
from trienkhai.units.models import Person, Position, Unit

from .bulk import insert_rows
from .report_writer import COPY_KINDS, honest_plan, text_of

K = Unit.Kind
R = Requirement.Kind
S = Attendance.Status
M = StudySession.Mode

# The columns of the attendance and learning-report rows this module (and the tooling's
# workloads) hand to ``bulk.insert_rows``, in the order of the rows' values.
ATTENDANCE_COLUMNS = [
    "session_id", "person_id", "unit_id", "status", "method", "recorded_at", "recorded_by_id",
]  # fmt: skip
REPORT_COLUMNS = [
    "unit_id", "plan_id", "person_id", "text", "file", "file_type", "submitted_at", "due_on",
    "entered_by_id", "status", "grade", "reviewer_id", "reviewed_at", "comment",
    "similar_to_resolution",
]  # fmt: skip

SEED = "demo-study-rows-1"
ROUND = "các nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII"
# Of the cells that handed their reports in, the share where a few members never wrote theirs.
MISSING_SHARE = 0.1
# Exempt members are not expected, but some come anyway (results reports then pass 100 %).
EXEMPT_COME = 0.4
# Reports copied from a neighbour in the same cell (for the copy signal): how many, and how.
COPIES = ("light edit", "no diacritics", "reordered")
GRADE_WEIGHTS = [45, 35, 17, 3]  # good, fair, pass, not passed
COMMENTS = [
    "Bài viết còn chung chung, chưa liên hệ với nhiệm vụ của bản thân; đề nghị viết lại.",
    "Chưa trả lời câu hỏi thứ hai về trách nhiệm của đảng viên; đề nghị bổ sung.",
]


@dataclass
class Story:
    """What one unit did, as drawn. Counts are of the unit's eligible members."""

    unit: Unit
    plan: Plan  # the nearest plan: the unit's sessions and reports are held under it
    held: datetime.date  # the day of its session
    points: int = 0  # online connection points (committees)
    absent: int = 0  # missed the session (half of them excused)
    makeup_on: datetime.date | None = None
    still_absent: int = 0  # of those, missed the make-up session too
    reports_on: datetime.date | None = None  # the day the last report came in
    reports_missing: int = 0  # with ``reports_on``: members who never wrote theirs
    reports_share: float = 0.0  # without it: the share that wrote theirs all the same


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _place(unit: Unit) -> str:
    name = unit.name
    if unit.kind == K.PARTY_CELL:
        for lead in ("Chi bộ thôn ", "Chi bộ khu phố ", "Chi bộ tổ dân phố "):
            if name.startswith(lead):
                return "Nhà văn hóa " + name.removeprefix("Chi bộ ")
        return "Phòng họp " + name.removeprefix("Chi bộ ")
    if unit.kind == K.PARTY_COMMITTEE:
        return "Hội trường " + (unit.short_name or name.replace("Đảng bộ", "Đảng ủy", 1))
    return "Phòng họp " + (unit.short_name or name)


def _title(unit: Unit, plan: Plan) -> str:
    if unit.kind == K.PARTY_CELL:
        return f"Sinh hoạt chi bộ học tập, quán triệt {ROUND} ({plan.number})"
    if unit.kind == K.PARTY_COMMITTEE:
        return f"Hội nghị học tập, quán triệt {ROUND} ({plan.number})"
    audiences: dict[str, str] = {
        K.GOVERNMENT: "cán bộ, công chức",
        K.AGENCY: "cán bộ, công chức, viên chức",
        K.FRONT: "cán bộ Mặt trận",
    }
    audience = audiences.get(unit.kind, "cán bộ, hội viên")
    return f"Quán triệt {ROUND} cho {audience} ({plan.number})"


class StudyWriter:
    """Collects the stories, then writes their rows and records the evidence (``write``)."""

    def __init__(self, root: Unit, admin, today: datetime.date):
        self.root, self.admin, self.today = root, admin, today
        self.rng = random.Random(SEED)  # the details: who was absent, what each one wrote
        self.stories: list[Story] = []
        self.counts: dict[str, int] = defaultdict(int)

    def add(self, story: Story) -> None:
        self.stories.append(story)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['sessions']} sessions held ({c['makeups']} make-ups), {c['attendance']:,} "
            f"attendance rows, {c['reports']:,} learning reports ({c['copies']} copied)"
        )

    # --- the people -----------------------------------------------------------------------

    def _people(self) -> dict[int, tuple[list[int], list[int]]]:
        """Unit id → (its eligible members, its exempt members), current people only."""
        people: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for pk, unit_id, exempt in (
            Person.objects.current()
            .filter(unit__path__prefix=self.root.path, is_party_member=True)
            .order_by("sort_key", "id")
            .values_list("id", "unit_id", "exempt_from_activity")
        ):
            people[unit_id][exempt].append(pk)
        return people

    def add_bodies(self, held_on: Callable[[Unit, Plan], datetime.date | None], nearest, skip):
        """The province's own members and those of the government, Front, organisations and
        agencies study at sessions of their units (``held_on`` draws the day, or None);
        units under ``skip`` (path prefixes) are left out."""
        with_members = {pk for pk, (eligible, _exempt) in self._people().items() if eligible}
        bodies = Unit.objects.filter(
            path__prefix=self.root.path, active_to__isnull=True, pk__in=with_members
        ).exclude(kind__in=[K.PARTY_CELL, K.PARTY_COMMITTEE])
        for unit in [self.root, *bodies.order_by("path")]:
            if unit.path.startswith(skip):
                continue
            plan = nearest(unit)
            held = held_on(unit, plan)
            if held:
                points = 0
                if unit.pk == self.root.pk:  # the province's conference, online to the communes
                    points = Unit.objects.get_children(unit).filter(kind=K.PARTY_COMMITTEE).count()
                self.add(Story(unit, plan, held, points))

    # --- the rows ---------------------------------------------------------------------------

    def write(self) -> int:
        """Write every story's rows; record the evidence; return the obligations fulfilled."""
        people = self._people()
        heads = dict(
            Position.objects.filter(
                unit__path__prefix=self.root.path, is_head=True, ended_on__isnull=True
            ).values_list("unit_id", "person__full_name")
        )
        main, makeups = self._sessions(heads)
        rows, steps = [], {}
        for story in self.stories:
            eligible, exempt = people.get(story.unit.pk, ([], []))
            session = main[story.unit.pk]
            rows += self._roster(story, session, makeups.get(story.unit.pk), eligible)
            rows += self._exempt(session, exempt)
            steps[story.unit.pk] = self._steps(story, len(eligible))
        insert_rows(Attendance, ATTENDANCE_COLUMNS, rows)
        self.counts["attendance"] = len(rows)
        complete = self._reports(people)
        return self._evidence(main, steps, complete)

    def _evidence(self, main, steps, complete) -> int:
        """Record what the rows show, as the study services would have on the way."""
        owes: dict[int, set[str]] = defaultdict(set)
        targets: dict[int, float] = {}
        kinds = [R.STUDY_SESSION, R.ATTENDANCE, R.LEARNING_REPORTS]
        for unit_id, kind, target in Obligation.objects.filter(
            unit_id__in=[s.unit.pk for s in self.stories],
            requirement__kind__in=kinds,
            cancelled=False,
        ).values_list("unit_id", "requirement__kind", "requirement__target_value"):
            owes[unit_id].add(kind)
            if kind == R.ATTENDANCE:  # every plan's target must be met on the day recorded
                targets[unit_id] = max(targets.get(unit_id, 0.0), float(target or 100))
        marked = 0
        for story in self.stories:
            unit, owed = story.unit, owes.get(story.unit.pk, set())

            def record(kind, on, evidence, subtree=False, unit=unit, plan=story.plan):
                return record_evidence(
                    unit=unit, plan=plan, kind=kind, on=on, evidence=evidence, subtree=subtree
                )

            session = main[unit.pk]
            if R.STUDY_SESSION in owed:
                evidence = _("Session: %(title)s") % {"title": session.title}
                marked += record(R.STUDY_SESSION, story.held, evidence, session.include_subtree)
            if R.ATTENDANCE in owed:
                for day, done, total in steps[unit.pk]:
                    if done * 100 >= total * targets[unit.pk]:
                        evidence = _("Attendance %(done)d/%(total)d") % {
                            "done": done,
                            "total": total,
                        }
                        marked += record(R.ATTENDANCE, day, evidence)
                        break
            if R.LEARNING_REPORTS in owed and unit.pk in complete:
                evidence = _("All learning reports submitted")
                marked += record(R.LEARNING_REPORTS, complete[unit.pk], evidence)
        return marked

    def _sessions(self, heads):
        """One held session per story, and the make-up sessions; unit id → the session."""
        rng, main, makeups = self.rng, {}, {}
        for story in self.stories:
            unit = story.unit
            cell, committee = unit.kind == K.PARTY_CELL, unit.kind == K.PARTY_COMMITTEE
            if cell:
                invited, others = rng.random() < 0.3, rng.randint(2, 12)
                head = heads.get(unit.pk)
                lecturer = f"{head}, Bí thư chi bộ" if head else "Bí thư chi bộ"
            elif committee:
                invited, others = True, rng.randint(10, 40)
                lecturer = "Báo cáo viên Ban Tuyên giáo và Dân vận Tỉnh ủy"
            else:
                invited = unit.kind == K.MASS_ORG or rng.random() < 0.5
                others = rng.randint(5, 30) if unit.kind == K.MASS_ORG else rng.randint(3, 15)
                lecturer = "Báo cáo viên cấp ủy cùng cấp"
            main[unit.pk] = StudySession(
                unit=unit,
                plan=story.plan,
                title=_title(unit, story.plan),
                starts_at=_at(story.held, 19 if cell else 8, 30 if cell else 0),
                place=_place(unit),
                mode=M.MIXED if story.points else M.IN_PERSON,
                connection_points=story.points,
                lecturer=lecturer,
                include_subtree=cell,  # a cell has nobody below; a body's session is its own
                non_members_invited=invited,
                non_member_count=others if invited else 0,
                status=StudySession.Status.HELD,
            )
        StudySession.objects.bulk_create(main.values())
        for story in self.stories:
            if story.makeup_on:
                first = main[story.unit.pk]
                makeups[story.unit.pk] = StudySession(
                    unit=story.unit,
                    plan=story.plan,
                    title="Học bù cho đảng viên vắng buổi học tập, quán triệt",
                    starts_at=_at(story.makeup_on, 14),
                    place=first.place,
                    mode=M.IN_PERSON,
                    lecturer=first.lecturer,
                    include_subtree=first.include_subtree,
                    makeup_for=first,
                    status=StudySession.Status.HELD,
                )
        StudySession.objects.bulk_create(makeups.values())
        self.counts["sessions"] = len(main) + len(makeups)
        self.counts["makeups"] = len(makeups)
        return main, makeups

    def _row(self, session, pk, unit_id, status, late_minutes=None):
        if late_minutes is None:  # the clerk typed the paper roster in after the session
            method, by, minutes = Attendance.Method.ROSTER, self.admin.pk, 150
        else:  # checked in with their member code on the way in
            method, by, minutes = Attendance.Method.MEMBER_CODE, None, late_minutes
        at = session.starts_at + datetime.timedelta(minutes=minutes)
        return (session.pk, pk, unit_id, status, method, at, by)

    def _roster(self, story: Story, session, makeup, eligible: list[int]) -> list[tuple]:
        """The eligible members at the session (absent and excused ones too), and those who
        came to the make-up session; sets ``story.absent`` to what was written."""
        rng, unit_id = self.rng, story.unit.pk
        if not story.absent and story.unit.kind != K.PARTY_CELL:
            story.absent = sum(rng.random() < 0.04 for _ in eligible)
        missing = rng.sample(eligible, min(story.absent, len(eligible)))
        story.absent = len(missing)
        excused = set(missing[: len(missing) // 2])
        absent = set(missing) - excused
        rows = []
        for pk in eligible:
            if pk in excused or pk in absent:
                rows.append(
                    self._row(session, pk, unit_id, S.EXCUSED if pk in excused else S.ABSENT)
                )
            elif rng.random() < 0.15:
                rows.append(self._row(session, pk, unit_id, S.PRESENT, rng.randint(-20, 10)))
            else:
                rows.append(self._row(session, pk, unit_id, S.PRESENT))
        if makeup is not None:
            came = sorted(missing, key=lambda pk: pk not in excused)  # the excused first
            came = came[: max(0, len(missing) - story.still_absent)]
            story.still_absent = len(missing) - len(came)
            rows += [self._row(makeup, pk, unit_id, S.PRESENT) for pk in came]
        return rows

    def _exempt(self, session, exempt: list[int]) -> list[tuple]:
        unit_id = session.unit_id
        return [
            self._row(session, pk, unit_id, S.PRESENT)
            for pk in exempt
            if self.rng.random() < EXEMPT_COME
        ]

    @staticmethod
    def _steps(story: Story, total: int) -> list[tuple[datetime.date, int, int]]:
        """(day, eligible members studied by then, eligible members) after the session and
        after the make-up session."""
        if not total:
            return []
        steps = [(story.held, total - story.absent, total)]
        if story.makeup_on:
            steps.append((story.makeup_on, total - story.still_absent, total))
        return steps

    def _reports(self, people) -> dict[int, datetime.date]:
        """The learning reports of the cells' members; unit id → the day its last due member
        submitted, for the cells where every one of them did."""
        rng, rows, complete = self.rng, [], {}
        due = self._report_due()
        texts: dict[int, list[int]] = {}
        for story in self.stories:
            unit, eligible = story.unit, people.get(story.unit.pk, ([], []))[0]
            if unit.kind != K.PARTY_CELL or not eligible:
                continue
            if story.reports_on:
                writers = rng.sample(eligible, len(eligible) - story.reports_missing)
                last, first = story.reports_on, max(story.held, story.reports_on - _days(30))
            else:
                share = min(round(len(eligible) * story.reports_share), len(eligible) - 1)
                writers = rng.sample(eligible, share)
                last = min(story.held + _days(40), self.today - _days(1))
                first = story.held
            if not writers:
                continue
            days = [first + _days(rng.randint(0, (last - first).days)) for _ in writers]
            if story.reports_on:
                days[rng.randrange(len(days))] = last  # the last one came in that day
                if not story.reports_missing:
                    complete[unit.pk] = last
            report_due = due.get((story.plan.pk, unit.path))
            texts[unit.pk] = []
            for pk, day in zip(writers, days, strict=True):
                rows.append(self._report(story, pk, day, report_due))
                texts[unit.pk].append(len(rows) - 1)
        copied = self._copy(rows, texts)
        insert_rows(LearningReport, REPORT_COLUMNS, rows)
        self.counts["reports"] = len(rows)
        # Every report is checked, here in bulk (earliest first, each commune's texts prepared
        # once), so that no report shows "not checked".
        self.counts["checked"] = checks.check_all(
            LearningReport.objects.filter(
                plan_id__in={s.plan.pk for s in self.stories},
                unit_id__in=set(texts),
                check_state=CheckState.PENDING,
            )
        )
        self.counts["copies"] = len(copied)
        return complete

    def _report(self, story: Story, person_id: int, day, report_due) -> tuple:
        rng = self.rng
        submitted = _at(day, rng.randint(7, 22), rng.randint(0, 59))
        status, grade, reviewer, reviewed, comment = "submitted", "", None, None, ""
        back = day + _days(rng.randint(1, 10))
        if back < self.today:
            draw = rng.random()
            if draw < 0.03:
                status, comment = LearningReport.Status.RETURNED, rng.choice(COMMENTS)
            elif draw < 0.85:
                status = LearningReport.Status.GRADED
                grade = rng.choices(Grade.values, weights=GRADE_WEIGHTS)[0]
            if status != "submitted":
                reviewer, reviewed = self.admin.pk, _at(back, rng.randint(8, 17))
        text = text_of(honest_plan(rng))
        return (
            *(story.unit.pk, story.plan.pk, person_id, text, "", "", submitted, report_due),
            *(self.admin.pk, status, grade, reviewer, reviewed, comment, False),
        )

    def _copy(self, rows: list, texts: dict[int, list[int]]) -> list[tuple[int, int]]:
        """A few members copy a cellmate's report (submitted after it, not yet reviewed)."""
        rng, communes = self.rng, set()
        copied: list[tuple[int, int]] = []
        step = self.root.steplen
        for unit_id in sorted(texts, key=lambda pk: -len(texts[pk])):
            if len(copied) == len(COPIES):
                break
            story = next(s for s in self.stories if s.unit.pk == unit_id)
            commune = story.unit.path[: len(self.root.path) + step]
            if commune in communes or len(texts[unit_id]) < 10:
                continue
            communes.add(commune)
            source, copier = sorted(rng.sample(texts[unit_id], 2), key=lambda i: rows[i][6])
            kind = COPIES[len(copied)]
            copy = COPY_KINDS[kind]
            assert copy is not None  # COPIES are kinds made from the source alone
            text = " ".join(copy(rng, sentences(rows[source][3])))
            submitted = max(rows[copier][6], rows[source][6] + datetime.timedelta(minutes=30))
            row = list(rows[copier])
            row[3], row[6] = text, submitted
            row[9:14] = ["submitted", "", None, None, ""]
            rows[copier] = tuple(row)
            copied.append((row[1], row[2]))
        return copied

    def _report_due(self) -> dict[tuple[int, str], datetime.date | None]:
        """(plan id, unit path) → the day a member's report is due there: the earliest
        learning-report deadline on the unit or a unit above it under the plan (as
        ``submit_report`` sets ``due_on``)."""
        deadlines: dict[int, dict[str, datetime.date]] = defaultdict(dict)
        for plan_id, path, due in Obligation.objects.filter(
            plan__in={s.plan.pk for s in self.stories},
            requirement__kind=R.LEARNING_REPORTS,
            cancelled=False,
        ).values_list("plan_id", "unit__path", "due_on"):
            deadlines[plan_id][path] = min(due, deadlines[plan_id].get(path, due))
        out = {}
        for story in self.stories:
            path, found = story.unit.path, []
            for end in range(self.root.steplen, len(path) + 1, self.root.steplen):
                if path[:end] in deadlines[story.plan.pk]:
                    found.append(deadlines[story.plan.pk][path[:end]])
            out[story.plan.pk, path] = min(found) if found else None
        return out
