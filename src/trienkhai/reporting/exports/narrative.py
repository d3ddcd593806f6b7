"""The body of the results report, drafted from the figures for people to edit.

Every number in these paragraphs comes from the rollup (``dataset.Context``); nothing is typed.
Sentences are English msgids translated like the rest of the interface; numbers are written the
Vietnamese way (``1.230/1.260 (97,6%)``). Laggards are named: the units directly below that
are under the plan's target (or 95 % when the plan sets none), or that have obligations
overdue, worst first. Section IV lists the shortcomings the figures show and the tasks that
follow from them, and leaves a marked place for the assessment only people can write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.core import numbers
from trienkhai.outreach.models import Channel
from trienkhai.outreach.numbers import median as outreach_median
from trienkhai.programs.models import TaskStatus
from trienkhai.resolutions.models import Requirement
from trienkhai.study.models import StudySession

from .official import vn_date
from .table import Block

if TYPE_CHECKING:
    from .dataset import Context

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
DEFAULT_TARGET = 95.0  # % when the plan sets no target
NAMED = 5  # laggards named in a sentence; the rest are counted


def n(value) -> str:
    return numbers.measure(value, vietnamese=True)


def frac(numerator, denominator) -> str:
    """``1.230/1.260 (97,6%)``: ``core.numbers``' one rule, as on the screens."""
    return numbers.ratio_text(numerator, denominator, vietnamese=True)


def pct(numerator, denominator) -> str:
    return numbers.share_text(numerator, denominator, vietnamese=True)


def target_text(target: float) -> str:
    """A plan's target as it was set: ``95%``, ``97,5%``."""
    return numbers.measure(target, vietnamese=True) + "%"


def name_list(items: list[str]) -> str:
    """``A, B, C`` and, past ``NAMED``, how many more — but never "and 1 other unit" (or 2):
    naming them takes no more room than counting them."""
    if len(items) <= NAMED + 2:
        return ", ".join(items)
    shown = ", ".join(items[:NAMED])
    rest = len(items) - NAMED
    if rest > 0:
        shown += ngettext(" and %(count)s other unit", " and %(count)s other units", rest) % {
            "count": n(rest)
        }
    return shown


def below(children, get, threshold: float) -> list[str]:
    """Children whose rate (numerator, denominator) is under ``threshold`` %, those missing
    the most first (as the dashboard's chart: a 0/1 mass organisation does not lead a list of
    communes missing tens), each with its figures: ``Đảng bộ xã A (12/40, 30,0%)``."""
    rated = []
    for node in children:
        num, den = get(node.numbers)
        if den and 100 * num / den < threshold:
            rated.append(
                (-(den - num), num / den, node.unit.sort_key, node.unit.organisation_name, num, den)
            )
    rated.sort()
    return [f"{name} ({frac_short(num, den)})" for *_, name, num, den in rated]


def frac_short(numerator, denominator) -> str:
    """``12/40, 30,0%``: the figures beside a named unit."""
    return f"{n(numerator)}/{n(denominator)}, {pct(numerator, denominator)}"


def most(children, get) -> list[str]:
    """Children with a positive count, largest first: ``A (5), B (3)``."""
    counted = [(get(node.numbers), node.unit.organisation_name) for node in children]
    counted = sorted((c for c in counted if c[0] > 0), key=lambda c: (-c[0], c[1]))
    return [f"{name} ({n(c)})" for c, name in counted]


class Draft:
    """Builds the body blocks of a report from a ``dataset.Context``."""

    def __init__(self, context: Context) -> None:
        self.c = context
        self.r = context.rollup
        self.total = self.r.total
        self.blocks: list[Block] = []
        self.shortcomings: list[str] = []
        self.tasks: list[str] = []
        self.sections = 0

    def add(self, kind: str, text: str) -> None:
        self.blocks.append(Block(kind, text))

    def heading(self, text: str) -> None:
        self.add("heading", f"{ROMAN[self.sections]}. {text.upper()}")
        self.sections += 1

    def target(self, kind: str) -> float:
        value = self.r.targets.get(kind)
        return value if value is not None else DEFAULT_TARGET

    def build(self) -> list[Block]:
        self.intro()
        if any(self.r.applies(i) for i in self.r.indicators("study")):
            self.study()
        if self.c.applies("obligations.action_program.owed"):
            self.programs()
        if self.c.applies("outreach.activities"):
            self.outreach()
        self.obligations()
        if self.total.inspections.any:
            self.inspections()
        self.ahead()
        return self.blocks

    # --- the sections -----------------------------------------------------------------------

    def intro(self) -> None:
        plan = self.c.plan
        documents = ", ".join(self.c.documents)
        text = _(
            "Carrying out Plan No. %(number)s of %(date)s (%(title)s), %(unit)s reports the "
            "results up to %(as_of)s as follows."
        ) % {
            "number": plan.number,
            "date": vn_date(plan.issued_on),
            "title": plan.title,
            "unit": self.c.unit.organisation_name,
            "as_of": vn_date(self.c.as_of),
        }
        if documents:
            text += " " + _("The plan carries out %(documents)s.") % {"documents": documents}
        self.add("paragraph", text)
        self.add(
            "paragraph",
            _(
                "The figures are computed from the records of the units; the annex gives "
                "them for each unit directly below."
            ),
        )

    def study(self) -> None:
        s = self.total.study
        day = vn_date(self.c.as_of)
        self.heading(_("Study and dissemination of the resolution"))
        modes = [
            f"{n(s.sessions_by_mode.get(mode, 0))} {label.lower()}"
            for mode, label in StudySession.Mode.choices
            if s.sessions_by_mode.get(mode, 0)
        ]
        text = _("By %(date)s, %(sessions)s study sessions had been held") % {
            "date": day,
            "sessions": n(s.sessions_held),
        }
        if modes:
            text += f" ({', '.join(modes)})"
        if s.connection_points:
            text += _(", with %(points)s online connection points") % {
                "points": n(s.connection_points)
            }
        text += "."
        if s.units_owing_session:
            text += " " + _(
                "%(held)s units of those owing a session (%(rate)s) have held it; "
                "%(missing)s have not yet."
            ) % {
                "held": f"{n(s.units_with_session)}/{n(s.units_owing_session)}",
                "rate": pct(s.units_with_session, s.units_owing_session),
                "missing": n(s.units_without_session),
            }
        self.add("paragraph", text)

        text = _(
            "%(attended)s eligible party members have studied the resolution; counting "
            "exempt members who attended, %(all)s of all party members."
        ) % {
            "attended": frac(s.attended, s.eligible),
            "all": frac(s.members_attended, s.members),
        }
        if s.non_member_attendances:
            text += " " + ngettext(
                "Non-members attended %(count)s time.",
                "Non-members attended %(count)s times.",
                s.non_member_attendances,
            ) % {"count": n(s.non_member_attendances)}
        target = self.target(Requirement.Kind.ATTENDANCE)
        if Requirement.Kind.ATTENDANCE in self.r.targets and s.eligible:
            reached = 100 * s.attended / s.eligible >= target
            text += " " + (
                _("The plan's target of %(target)s has been reached.")
                if reached
                else _("The plan's target of %(target)s has not been reached yet.")
            ) % {"target": target_text(target)}
        self.add("paragraph", text)
        late = below(self.r.children, lambda x: (x.study.attended, x.study.eligible), target)
        if late:
            self.add(
                "paragraph",
                _("Units below %(target)s attendance: %(units)s.")
                % {"target": target_text(target), "units": name_list(late)},
            )
        if s.not_attended:
            self.shortcomings.append(
                ngettext(
                    "%(count)s eligible party member has not studied the resolution yet.",
                    "%(count)s eligible party members have not studied the resolution yet.",
                    s.not_attended,
                )
                % {"count": n(s.not_attended)}
            )
            self.tasks.append(
                ngettext(
                    "Hold a make-up session for the %(count)s member who has not studied.",
                    "Hold make-up sessions for the %(count)s members who have not studied.",
                    s.not_attended,
                )
                % {"count": n(s.not_attended)}
            )
        if s.units_without_session:
            self.shortcomings.append(
                ngettext(
                    "%(count)s unit has not held its study session.",
                    "%(count)s units have not held their study session.",
                    s.units_without_session,
                )
                % {"count": n(s.units_without_session)}
            )

        if s.reports_due:
            text = _(
                "%(submitted)s learning reports due have been submitted, %(late)s of them "
                "late; %(missing)s are missing."
            ) % {
                "submitted": frac(s.reports_submitted, s.reports_due),
                "late": n(s.reports_late),
                "missing": n(s.reports_missing),
            }
            if s.reports_graded:
                text += " " + _("%(graded)s have been graded.") % {"graded": n(s.reports_graded)}
            self.add("paragraph", text)
            target = self.target(Requirement.Kind.LEARNING_REPORTS)
            late = below(
                self.r.children,
                lambda x: (x.study.reports_submitted, x.study.reports_due),
                target,
            )
            if late:
                self.add(
                    "paragraph",
                    _("Units below %(target)s of learning reports submitted: %(units)s.")
                    % {"target": target_text(target), "units": name_list(late)},
                )
            if s.reports_missing:
                self.shortcomings.append(
                    ngettext(
                        "%(count)s learning report is missing, in %(units)s units.",
                        "%(count)s learning reports are missing, in %(units)s units.",
                        s.reports_missing,
                    )
                    % {"count": n(s.reports_missing), "units": n(s.units_missing_reports)}
                )
                self.tasks.append(
                    ngettext(
                        "Collect and grade the %(count)s missing learning report.",
                        "Collect and grade the %(count)s missing learning reports.",
                        s.reports_missing,
                    )
                    % {"count": n(s.reports_missing)}
                )

    def programs(self) -> None:
        p = self.total.programs
        t = self.total.tally(Requirement.Kind.ACTION_PROGRAM)
        self.heading(_("Action programs"))
        self.add(
            "paragraph",
            _(
                "%(issued)s units owing an action program have issued it: %(on_time)s on "
                "time, %(late)s late; %(overdue)s are overdue and %(pending)s not yet due."
            )
            % {
                "issued": frac(t.done, t.owed),
                "on_time": n(t.on_time),
                "late": n(t.late),
                "overdue": n(t.overdue),
                "pending": n(t.pending),
            },
        )
        if p.written:
            self.add(
                "paragraph",
                _(
                    "%(written)s programs have been written in the system, %(issued)s of them "
                    "approved."
                )
                % {"written": n(p.written), "issued": n(p.issued)},
            )
        if p.tasks:
            by = p.tasks_by_status
            self.add(
                "paragraph",
                _(
                    "The programs issued set %(tasks)s tasks: %(done)s done, %(on_track)s on "
                    "track, %(at_risk)s at risk, %(late)s late and %(not_started)s not "
                    "started; %(milestones)s milestones of %(all_milestones)s are overdue."
                )
                % {
                    "tasks": n(p.tasks),
                    "done": n(by.get(TaskStatus.DONE, 0)),
                    "on_track": n(by.get(TaskStatus.ON_TRACK, 0)),
                    "at_risk": n(by.get(TaskStatus.AT_RISK, 0)),
                    "late": n(by.get(TaskStatus.LATE, 0)),
                    "not_started": n(by.get(TaskStatus.NOT_STARTED, 0)),
                    "milestones": n(p.milestones_overdue),
                    "all_milestones": n(p.milestones),
                },
            )
        if p.flagged:
            self.add(
                "paragraph",
                _("%(flagged)s programs written were flagged as mostly copied.")
                % {"flagged": frac(p.flagged, p.written)},
            )
            self.shortcomings.append(
                ngettext(
                    "%(count)s action program mostly copies another text.",
                    "%(count)s action programs mostly copy another text.",
                    p.flagged,
                )
                % {"count": n(p.flagged)}
            )
        overdue = most(self.r.children, lambda x: x.tally(Requirement.Kind.ACTION_PROGRAM).overdue)
        if overdue:
            self.add(
                "paragraph",
                _("Units with action programs overdue: %(units)s.") % {"units": name_list(overdue)},
            )
        if t.overdue:
            self.shortcomings.append(
                ngettext(
                    "%(count)s unit has not issued its action program past the deadline.",
                    "%(count)s units have not issued their action program past the deadline.",
                    t.overdue,
                )
                % {"count": n(t.overdue)}
            )
            self.tasks.append(
                ngettext(
                    "Urge the %(count)s unit whose action program is overdue to issue it.",
                    "Urge the %(count)s units whose action program is overdue to issue it.",
                    t.overdue,
                )
                % {"count": n(t.overdue)}
            )
        if p.milestones_overdue:
            self.tasks.append(
                ngettext(
                    "Follow up the %(count)s overdue milestone of the roadmaps.",
                    "Follow up the %(count)s overdue milestones of the roadmaps.",
                    p.milestones_overdue,
                )
                % {"count": n(p.milestones_overdue)}
            )

    def outreach(self) -> None:
        """Dissemination to the public and the questions it raised (``outreach``)."""
        o = self.total.outreach
        self.heading(_("Bringing the resolution to the public"))
        channels = [
            f"{label.lower()} {n(o.by_channel.get(key, 0))}"
            for key, label in Channel.choices
            if o.by_channel.get(key, 0)
        ]
        self.add(
            "paragraph",
            _(
                "%(unit)s and the units under it recorded %(activities)s dissemination "
                "activities (%(channels)s), reaching %(reach)s people; where the population "
                "addressed is known, the reach is %(ratio)s of it."
            )
            % {
                "unit": self.c.unit.organisation_name,
                "activities": n(o.activities),
                "channels": "; ".join(channels) or "—",
                "reach": n(o.reach),
                "ratio": frac(o.reach_known, o.population),
            },
        )
        k = self.total.tally(Requirement.Kind.DISSEMINATION)
        without = k.pending + k.overdue
        if k.owed:
            self.add(
                "paragraph",
                _(
                    "Of the %(owed)s units that must bring the resolution to the public, "
                    "%(without)s have recorded no activity yet."
                )
                % {"owed": n(k.owed), "without": n(without)},
            )
        days = outreach_median(o.answer_days)
        self.add(
            "paragraph",
            _(
                "People asked %(questions)s questions on the public pages; %(answered)s are "
                "answered (median %(days)s days) and %(published)s answers are published."
            )
            % {
                "questions": n(o.questions),
                "answered": frac(o.answered, o.questions),
                "days": n(days) if days is not None else "—",
                "published": n(o.published),
            },
        )
        if without:
            self.shortcomings.append(
                ngettext(
                    "%(count)s unit has recorded no dissemination activity.",
                    "%(count)s units have recorded no dissemination activity.",
                    without,
                )
                % {"count": n(without)}
            )

    def obligations(self) -> None:
        t = self.total.tally()
        self.heading(_("Obligations and deadlines"))
        self.add(
            "paragraph",
            _(
                "Of the %(owed)s obligations the plan sets on units of %(unit)s, %(done)s "
                "are done: %(on_time)s on time and %(late)s late; %(overdue)s are overdue "
                "and %(pending)s not yet due."
            )
            % {
                "owed": n(t.owed),
                "unit": self.c.unit.organisation_name,
                "done": frac(t.done, t.owed),
                "on_time": n(t.on_time),
                "late": n(t.late),
                "overdue": n(t.overdue),
                "pending": n(t.pending),
            },
        )
        labels = dict(Requirement.Kind.choices)
        owed = [(kind, self.total.tally(kind)) for kind in self.r.kinds]
        owed = [(kind, k) for kind, k in owed if k.owed]
        for i, (kind, k) in enumerate(owed):
            line = _("%(kind)s: %(done)s done, %(overdue)s overdue;") % {
                "kind": labels[kind],
                "done": frac(k.done, k.owed),
                "overdue": n(k.overdue),
            }
            if i == len(owed) - 1 and line.endswith(";"):
                line = line[:-1] + "."  # a list in a report ends with a full stop
            self.add("bullet", line)
        overdue = most(self.r.children, lambda x: x.tally().overdue)
        if overdue:
            self.add(
                "paragraph",
                _("Units with obligations overdue: %(units)s.") % {"units": name_list(overdue)},
            )
        if t.overdue:
            self.shortcomings.append(
                ngettext(
                    "%(count)s obligation is overdue.",
                    "%(count)s obligations are overdue.",
                    t.overdue,
                )
                % {"count": n(t.overdue)}
            )

    def inspections(self) -> None:
        """Inspection and supervision (``inspections/rollup.py``: the definitions)."""
        i = self.total.inspections
        self.heading(_("Inspection and supervision"))
        self.add(
            "paragraph",
            _(
                "Inspections and thematic supervisions started: %(started)s (of %(planned)s "
                "planned); concluded: %(done)s, of which %(within)s within the time limit and "
                "%(late)s late; %(past)s past their time limit and not concluded. Regular "
                "supervisions done: %(supervisions)s. Party committees and cells inspected: "
                "%(units)s."
            )
            % {
                "started": n(i.started),
                "planned": n(i.planned),
                "done": n(i.done),
                "within": n(i.within_limit),
                "late": n(i.late),
                "past": n(i.past_limit),
                "supervisions": n(i.supervisions),
                "units": frac(i.units_inspected, i.units),
            },
        )
        kinds = i.findings_by_kind
        self.add(
            "paragraph",
            _(
                "Findings: %(strengths)s strengths, %(shortcomings)s shortcomings and "
                "%(violations)s violations (%(serious)s serious)."
            )
            % {
                "strengths": n(kinds.get("strength", 0)),
                "shortcomings": n(kinds.get("shortcoming", 0)),
                "violations": n(kinds.get("violation", 0)),
                "serious": n(i.findings_by_severity.get("serious", 0)),
            },
        )
        by = i.recommendations_by
        self.add(
            "paragraph",
            _(
                "Of the %(total)s recommendations of the conclusions, %(on_time)s were done on "
                "time and %(late)s late; %(overdue)s are overdue and %(open)s still open."
            )
            % {
                "total": n(i.recommendations),
                "on_time": n(by.get("done_on_time", 0)),
                "late": n(by.get("late", 0)),
                "overdue": n(by.get("overdue", 0)),
                "open": n(by.get("open", 0)),
            },
        )
        if by.get("overdue", 0):
            self.shortcomings.append(
                ngettext(
                    "%(count)s recommendation of an inspection is overdue.",
                    "%(count)s recommendations of inspections are overdue.",
                    by["overdue"],
                )
                % {"count": n(by["overdue"])}
            )

    def ahead(self) -> None:
        self.heading(_("Shortcomings and tasks ahead"))
        self.add("subheading", _("1. Shortcomings and limitations"))
        if self.shortcomings:
            for text in self.shortcomings:
                self.add("bullet", text)
        else:
            self.add("paragraph", _("The figures show no unit behind the plan's deadlines."))
        self.add("paragraph", _("[Add the assessment and the causes here.]"))
        self.add("subheading", _("2. Tasks ahead"))
        for text in self.tasks:
            self.add("bullet", text)
        self.add(
            "bullet",
            _(
                "Keep recording sessions, attendance, reports and programs as they happen, so "
                "that the figures stay current."
            ),
        )
        self.add("paragraph", _("[Add the tasks and proposals here.]"))


def draft(context) -> list[Block]:
    return Draft(context).build()
