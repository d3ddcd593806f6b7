"""Action programs in the demo province (issue 5): good ones, a copied one, a late one.

``load_demo_programs(root, commune, other_commune, today)`` writes, through the programs
services and acting as the people who would do it:

* the province's action program for plan 12-KH/TU — twelve tasks covering every key point of
  the three resolutions, led by the provincial government, the Front and the organisations,
  with indicators and quarterly milestones; approved on time by the administrator (who holds
  the province), in effect, revised once (version 2: a target raised, with the reason), with
  progress reported for the past quarters (done, on track, one at risk, one late) and its
  annual review (approved for last year when the program is that old, else a draft);
* the demo commune's own program (Tân Phong: its villages, its pomelo, its market; drafted by
  the clerk, commented, approved on time by the head, progress reported — one task by the
  secretary of the village cell that leads it); its Front's project (đề án) by field, approved
  and reported; its government's implementation plan in discussion, with the comments of the
  commune's head and clerk;
* the neighbouring commune's program (the ``other`` clerk's): started from the province's and
  barely edited ("tỉnh" → "xã"), approved — and flagged by the copy check;
* a ward's program approved twelve days after the deadline (its obligation turns *late*), an
  agency committee's vague draft, and the other committees' obligations left overdue;
* then every other unit that :mod:`trienkhai.demo.plans` drew as issuing its program gets a
  real one, approved on the drawn day (:mod:`.program_bulk`: own tasks, two copies), so that
  every obligation counted as fulfilled is a program one can open.

Which committees play the late, draft and missing parts is read from that draw: those drawn as
issuing none, wards first. Heads of units where no demo login holds the head's role get an
account with no password (``head.<code>``), linked to the person who heads the unit: only a
unit's own head approves its program. The loader gives two of them the demo password (the
copied commune's and the late ward's, :func:`late_committee`).

Dates are relative to the day of loading; the services take the dates of approval, entry into
force and progress reports; creation times and audit events are moved back afterwards (the
only direct writes). Loading is idempotent: nothing happens once the province has a program.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import F
from django.utils import timezone, translation

from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.units.models import Unit

from . import program_texts as texts
from . import program_texts_commune as commune_texts
from . import program_texts_others as other_texts
from .plans import PLAN_NUMBER, ProgramIssued
from .program_bulk import BulkWriter
from .program_support import DAY, ProgramWriter, bare, places, stand_in_head, unit_roster

K = ActionProgram.Kind

# When things happen, in days from loading (the plan is dated -100, programs due at -20).
PROVINCE = {"draft": -97, "discuss": -93, "approve": -90, "effect": -88}
PROVINCE_REVISION = {"revise": -42, "discuss": -41, "approve": -40}
COMMUNE = {"draft": -84, "discuss": -78, "approve": -72, "effect": -70}
FRONT = {"draft": -65, "discuss": -58, "approve": -55, "effect": -53}
COPY = {"draft": -60, "discuss": -53, "approve": -50, "effect": -48}
LATE = {"draft": -33, "discuss": -14}
LATE_BY = 12  # days after the deadline the ward's head approves
GOVERNMENT = {"draft": -30, "discuss": -12}
DRAFT_ON = -10


class _Builder(ProgramWriter):
    # --- the cast ------------------------------------------------------------------------------

    def province(self):
        admin = self.users["admin"]
        first = self.day(PROVINCE["effect"])
        program, tasks, words = self.write(
            admin, self.root, self.plan, texts.PROVINCE, kind=K.PROGRAM, on=PROVINCE["draft"],
            first_day=first,
        )  # fmt: skip
        program = self.adopt(
            program,
            drafter=admin,
            approver=admin,
            dates=PROVINCE,
            approve_on=self.day(PROVINCE["approve"]),
        )
        # Version 2: the roads target raised after the province's council added funds.
        with self.clock.on(self.day(PROVINCE_REVISION["revise"]), 9):
            services.revise_program(user=admin, program=program)
            roads = texts.PROVINCE.tasks[4]
            raised = dataclasses.replace(
                roads, target="210", steps=(*roads.steps[:-1], texts.Step(6, value="210"))
            )
            self.task(admin, program, raised, unit_roster(self.root), words, first, task=tasks[4])
        with self.clock.on(self.day(PROVINCE_REVISION["discuss"]), 14):
            services.open_discussion(user=admin, program=program)
        day = self.day(PROVINCE_REVISION["approve"])
        with self.clock.on(day, 16):
            services.approve_program(
                user=admin,
                program=program,
                on=day,
                reason=(
                    "Nâng chỉ tiêu cứng hóa đường giao thông nông thôn lên 210 km theo nghị quyết "
                    "của HĐND tỉnh bổ sung vốn đầu tư công trung hạn."
                ),
            )
        program.refresh_from_db()
        pairs = list(zip(tasks, texts.PROVINCE.tasks, strict=True))
        reports = self.report(program, pairs, lambda task: admin, words)
        return program, tasks, reports

    def commune(self, unit: Unit, parent_tasks):
        clerk, head = self.users["clerk"], self.users["head"]
        plan = Plan.objects.get(unit=unit, parent=self.plan)
        first = self.day(COMMUNE["effect"])
        program, tasks, words = self.write(
            clerk, unit, plan, commune_texts.COMMUNE, kind=K.PROGRAM, on=COMMUNE["draft"],
            first_day=first, parents=parent_tasks,
        )  # fmt: skip
        comments = [(who, n, t.format(**words)) for who, n, t in commune_texts.COMMUNE_COMMENTS]
        program = self.adopt(
            program,
            drafter=clerk,
            approver=head,
            dates=COMMUNE,
            approve_on=self.day(COMMUNE["approve"]),
            comments=comments,
            tasks=tasks,
        )
        cell = unit_roster(unit).get("C1")

        def reporter(task):
            if cell is not None and task.lead_unit_id == cell.pk and "secretary" in self.users:
                return self.users["secretary"]
            return clerk

        pairs = list(zip(tasks, commune_texts.COMMUNE.tasks, strict=True))
        reports = self.report(program, pairs, reporter, words)
        return program, plan, reports

    def front(self, commune: Unit, plan: Plan):
        clerk = self.users["clerk"]
        unit = unit_roster(commune)["MT"]
        first = self.day(FRONT["effect"])
        text = commune_texts.FRONT_PROJECT
        roster = unit_roster(unit)
        words = places(commune, unit_roster(commune), self.year)
        with self.clock.on(self.day(FRONT["draft"]), 8):
            program = services.create_program(
                user=clerk, unit=unit, plan=plan, kind=K.PROJECT, number=text.number,
                title=text.title.format(**words), field=text.field,
                summary=text.summary.format(**words),
            )  # fmt: skip
            tasks = [self.task(clerk, program, t, roster, words, first) for t in text.tasks]
        program = self.adopt(
            program,
            drafter=clerk,
            approver=stand_in_head(unit),
            dates=FRONT,
            approve_on=self.day(FRONT["approve"]),
        )
        pairs = list(zip(tasks, text.tasks, strict=True))
        return program, self.report(program, pairs, lambda task: clerk, words)

    def government(self, commune: Unit, plan: Plan, parent: ActionProgram):
        clerk = self.users["clerk"]
        unit = unit_roster(commune)["UB"]
        text = commune_texts.GOVERNMENT_PLAN
        words = places(commune, unit_roster(commune), self.year) | {"parent_number": parent.number}
        first = self.day(0)
        with self.clock.on(self.day(GOVERNMENT["draft"]), 8):
            program = services.create_program(
                user=clerk, unit=unit, plan=plan, kind=K.PLAN,
                title=text.title.format(**words), field=text.field, summary=text.summary,
            )  # fmt: skip
            roster = unit_roster(unit)
            tasks = [self.task(clerk, program, t, roster, words, first) for t in text.tasks]
        with self.clock.on(self.day(GOVERNMENT["discuss"]), 14):
            services.open_discussion(user=clerk, program=program)
        for i, (who, number, comment) in enumerate(commune_texts.GOVERNMENT_COMMENTS):
            with self.clock.on(self.day(GOVERNMENT["discuss"] + 2 + i), 10):
                services.add_comment(
                    user=self.users[who],
                    program=program,
                    text=comment.format(**words),
                    task=tasks[number - 1] if number else None,
                )
        return program

    def copy(self, unit: Unit, province_tasks):
        other = self.users["other"]
        plan = Plan.objects.get(unit=unit, parent=self.plan)
        roster = unit_roster(unit)
        level, _name = bare(unit)
        words = places(unit, roster, self.year)
        first = self.day(COPY["effect"])
        by_parent = {t.pk: (i, text) for i, (t, text) in enumerate(
            zip(province_tasks, texts.PROVINCE.tasks, strict=True), start=1)}  # fmt: skip
        with self.clock.on(self.day(COPY["draft"]), 8):
            program = services.create_program(
                user=other, unit=unit, plan=plan, kind=K.PROGRAM, number=other_texts.COPY_NUMBER,
                title=other_texts.COPY_TITLE.format(**words), start_from_parent=True,
            )  # fmt: skip
        with self.clock.on(self.day(COPY["draft"] + 2), 9):
            for task in program.tasks.prefetch_related("key_points").order_by("order"):
                number, source = by_parent[task.parent_task_id]
                if number in other_texts.COPY_DROPS:
                    services.remove_task(user=other, task=task)
                    continue
                edited = dataclasses.replace(
                    source,
                    title=other_texts.localise(task.title, level),
                    indicator=other_texts.localise(source.indicator, level),
                    steps=tuple(
                        dataclasses.replace(s, text=other_texts.localise(s.text, level))
                        for s in source.steps
                    ),
                    parent=number,
                )
                self.task(other, program, edited, roster, words, first, province_tasks, task)
            own = self.task(other, program, other_texts.COPY_OWN, roster, words, first)
        program = self.adopt(
            program,
            drafter=other,
            approver=stand_in_head(unit),
            dates=COPY,
            approve_on=self.day(COPY["approve"]),
        )
        tasks = list(program.tasks.exclude(pk=own.pk).order_by("order"))
        pairs = [
            (task, dataclasses.replace(task_text, earlier=None, latest=story))
            for task, task_text, story in zip(
                tasks, texts.PROVINCE.tasks, other_texts.COPY_REPORTS, strict=False
            )
        ]
        return program, self.report(program, pairs, lambda task: other, words)

    def late(self, unit: Unit):
        admin = self.users["admin"]
        plan = Plan.objects.get(unit=unit, parent=self.plan)
        due = (
            Obligation.objects.filter(
                unit=unit, plan=self.plan, requirement__kind=Requirement.Kind.ACTION_PROGRAM
            )
            .values_list("due_on", flat=True)
            .first()
        ) or self.day(-20)
        approve_on = min(due + LATE_BY * DAY, self.day(-1))
        dates = LATE | {"effect": (approve_on - self.today).days + 1}
        program, _tasks, _words = self.write(
            admin, unit, plan, other_texts.LATE_WARD, kind=K.PROGRAM, on=LATE["draft"],
            first_day=approve_on,
        )  # fmt: skip
        return self.adopt(
            program,
            drafter=admin,
            approver=stand_in_head(unit),
            dates=dates,
            approve_on=approve_on,
        )

    def draft(self, unit: Unit):
        plan = Plan.objects.get(unit=unit, parent=self.plan)
        program, _tasks, _words = self.write(
            self.users["admin"], unit, plan, other_texts.DRAFT, kind=K.PROGRAM, on=DRAFT_ON,
            first_day=self.day(DRAFT_ON),
        )  # fmt: skip
        return program

    def review(self, program: ActionProgram):
        """Last year's review approved when the program is that old, else this year's draft."""
        admin = self.users["admin"]
        assert program.first_approved_on is not None  # reviewed programs were approved
        last_year = program.first_approved_on.year < self.today.year
        year = self.today.year - 1 if last_year else self.today.year
        with self.clock.on(self.day(-2), 9):
            review = services.prepare_review(user=admin, program=program, year=year)
        sections: dict[str, Any] = texts.REVIEW if last_year else {
            k: texts.REVIEW[k] for k in ("results", "shortcomings", "causes")
        }  # fmt: skip
        # The review's figures are the product's own, as the dashboard counts them on the day.
        studied = self.studied(program, self.day(-1)).text
        sections = {key: text.replace("{studied}", studied) for key, text in sections.items()}
        with self.clock.on(self.day(-1), 10):
            review = services.update_review(user=admin, review=review, **sections)
            if last_year:
                review = services.approve_review(user=admin, review=review)
        return review


def _overdue_committees(root: Unit, plan: Plan, exclude: set[int]) -> list[Unit]:
    """Committees directly under the province owing their program and drawn as issuing none
    (``exclude``: those drawn as issuing one, and the cast's communes), wards and communes
    first."""
    ids = Obligation.objects.filter(
        plan=plan,
        requirement__kind=Requirement.Kind.ACTION_PROGRAM,
        cancelled=False,
        fulfilled_on__isnull=True,
        unit__depth=root.depth + 1,
        unit__kind=Unit.Kind.PARTY_COMMITTEE,
        unit__active_to__isnull=True,
    ).values_list("unit_id", flat=True)
    units = Unit.objects.filter(pk__in=list(ids)).exclude(pk__in=exclude).order_by("path")
    return sorted(units, key=lambda u: not bare(u)[0])


def late_committee(root: Unit) -> Unit | None:
    """The committee directly under the province that issued its program late (the cast's
    ward), or None."""
    obligation = (
        Obligation.objects.filter(
            plan__unit=root,
            plan__number=PLAN_NUMBER,
            requirement__kind=Requirement.Kind.ACTION_PROGRAM,
            unit__depth=root.depth + 1,
            unit__kind=Unit.Kind.PARTY_COMMITTEE,
            fulfilled_on__gt=F("due_on"),
        )
        .select_related("unit")
        .order_by("unit__path")
        .first()
    )
    return obligation.unit if obligation else None


def load_demo_programs(
    root: Unit,
    commune: Unit,
    other: Unit,
    today=None,
    stdout=None,
    issued: dict[int, ProgramIssued] | None = None,
) -> int:
    """Give the demo province its programs; returns how many were written (0 when the province
    already has one, or has no plan 12-KH/TU). ``issued``: who issues its program when, as
    :mod:`.plans` drew it (``Plan.programs_issued``); without it only the cast's are written."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    plan = Plan.objects.filter(unit=root, number=PLAN_NUMBER).first()
    if plan is None:
        return 0
    if ActionProgram.objects.filter(unit=root, plan=plan).exists():
        say("The action programs are already loaded.")
        return 0
    today = today or timezone.localdate()
    with translation.override("vi"):
        return _load(_Builder(root, plan, today, say), root, commune, other, issued or {})


def _load(b: _Builder, root: Unit, commune: Unit, other: Unit, issued: dict) -> int:
    # Who is late, drafting or missing: those drawn as issuing none.
    overdue = _overdue_committees(root, b.plan, {commune.pk, other.pk, *issued})
    late, draft, missing = (overdue[:1], overdue[1:2], overdue[2:])
    province, province_tasks, reports = b.province()
    own, commune_plan, n = b.commune(commune, province_tasks)
    reports += n
    front, n = b.front(commune, commune_plan)
    reports += n
    copied, n = b.copy(other, province_tasks)
    reports += n
    written = [province, own, front, copied]
    written += [b.late(unit) for unit in late]
    government = b.government(commune, commune_plan, own)
    written.append(government)
    written += [b.draft(unit) for unit in draft]
    review = b.review(province)
    copied.refresh_from_db()
    # Everyone else drawn as issuing one, after the cast: the cast's units keep their story.
    adopted = {p.unit_id: p for p in written if p.version}
    skip = {p.unit_id for p in written}
    bulk = BulkWriter(b, adopted).run(issued, skip)
    flagged = ActionProgram.objects.filter(unit__path__prefix=root.path, copy_flagged=True)
    b.say(
        f"Programs: {len(written)} of the cast ({province.number} of the province, "
        f"v{province.version}; {own.number} of {commune.name}; {copied.number} of {other.name}, "
        f"own share {copied.own_share:.0%}"
        f"{', flagged as copied' if copied.copy_flagged else ''}; "
        f"{', '.join(u.name for u in late)} late; {', '.join(u.name for u in draft)} drafting; "
        f"{len(missing)} committees with none), {reports} progress reports, "
        f"{review.year} review: {review.status}; {bulk.written} more issued by the units that "
        f"did ({bulk.on_time} on time, {bulk.late} late, {len(bulk.copies)} copies); "
        f"{flagged.count()} flagged as copied in all."
    )
    return len(written) + bulk.written
