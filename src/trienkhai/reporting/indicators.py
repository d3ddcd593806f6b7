"""The catalogue: every indicator of a plan, what it counts and over what, and where its rows are.

An indicator is read from a unit's ``Numbers`` (``numbers.py``) as a ``Value`` — a numerator
and, for a rate, its denominator — never as a bare percentage, so every screen and export can
print "95 / 100 (95 %)" and anyone can reproduce the figure from the rows behind it (rule 7).
Keys are stable dotted names; the exports use them as column identifiers:

* ``obligations.<kind>.<measure>`` for every requirement kind (``study_session``,
  ``attendance``, ``learning_reports``, ``action_program``, ``results_report``) and ``all``
  kinds together; measures ``owed`` (count), ``done``, ``on_time``, ``late``, ``overdue``,
  ``pending`` (each over ``owed``). Owed leaves out units closed before the deadline.
* ``study.*``: sessions held, attendance of eligible and of all members, non-member
  attendances, learning reports due / submitted / on time / late / missing / graded, units
  without a session or with missing reports (definitions: ``study/rollup.py``).
* ``programs.*``: programs due (action-program obligations owed), units that issued theirs (those
  obligations done), programs issued (approved at least once by the date: a count, every
  field's program of every unit), approved on time / late / overdue (the obligation
  statuses), written,
  flagged as copied, by status, tasks by latest reported status, milestones overdue,
  indicator attainment, annual reviews approved / due.

``rows`` says which page lists the rows behind the number: ``("study", {...})`` is the study
numbers' rows page (``study:unit-numbers-rows``), ``("reporting", {...})`` this app's rows
page (obligations as of the date, programs, tasks, milestones, reviews).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from trienkhai.inspections.models import Finding
from trienkhai.outreach.models import Channel
from trienkhai.outreach.numbers import median as outreach_median
from trienkhai.programs.models import ActionProgram, TaskStatus
from trienkhai.resolutions.models import Requirement

from .numbers import Numbers, Value

COUNT, PERCENT = "count", "percent"
OBLIGATIONS, STUDY, PROGRAMS, FLAGS = "obligations", "study", "programs", "flags"
INSPECTIONS = "inspections"
OUTREACH = "outreach"
GROUPS = {
    OBLIGATIONS: _("Obligations"),
    STUDY: _("Study"),
    PROGRAMS: _("Action programs"),
    INSPECTIONS: _("Inspection and supervision"),
    OUTREACH: _("Dissemination"),
    FLAGS: _("Data warnings"),
}
HIGH, LOW = "high", "low"  # which way is better: ranking order and the colour of laggards
STUDY_KINDS = ("study_session", "attendance", "learning_reports")
ALL = "all"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    group: str
    numerator: Promise  # what is counted
    denominator: Promise | None  # what it is counted against (None: a plain count)
    format: str  # COUNT or PERCENT
    get: Callable[[Numbers], Value] = field(repr=False, compare=False)
    rows: tuple[str, dict] | None = None
    better: str = HIGH
    #: The requirement kinds of which the plan must have one for the indicator to apply
    #: (empty: it always applies).
    requires: tuple[str, ...] = ()

    def value(self, numbers: Numbers) -> Value:
        return self.get(numbers)


CATALOGUE: dict[str, Indicator] = {}


def _add(key, label, group, numerator, denominator, fmt, get, rows=None, better=HIGH, requires=()):
    CATALOGUE[key] = Indicator(
        key, label, group, numerator, denominator, fmt, get, rows, better, requires
    )


# --- obligations, per requirement kind and for all kinds ---------------------------------------

OWED_TEXT = _(
    "obligations on units of the subtree, not counting units closed before the deadline or "
    "requirements withdrawn"
)
MEASURES = [
    # measure, label, numerator text, which way is better
    ("done", _("done"), _("obligations with evidence dated on or before the date"), HIGH),
    ("on_time", _("done on time"), _("obligations done on or before their deadline"), HIGH),
    ("late", _("done late"), _("obligations done after their deadline"), LOW),
    ("overdue", _("overdue"), _("obligations past their deadline and not done"), LOW),
    ("pending", _("pending"), _("obligations not done, deadline not passed"), LOW),
]


def _share(tally, measure: str) -> Value:
    return Value(getattr(tally, measure), tally.owed)


def _obligation_indicators(kind: str, kind_label) -> None:
    requires = () if kind == ALL else (kind,)
    tally_kind = None if kind == ALL else kind
    _add(
        f"obligations.{kind}.owed",
        format_lazy(_("{kind}: owed"), kind=kind_label),
        OBLIGATIONS,
        OWED_TEXT,
        None,
        COUNT,
        lambda n, k=tally_kind: Value(n.tally(k).owed),
        ("reporting", {"what": "obligations", "kind": kind, "status": "owed"}),
        requires=requires,
    )
    for measure, label, text, better in MEASURES:
        _add(
            f"obligations.{kind}.{measure}",
            format_lazy("{kind}: {measure}", kind=kind_label, measure=label),
            OBLIGATIONS,
            text,
            OWED_TEXT,
            PERCENT,
            lambda n, k=tally_kind, m=measure: _share(n.tally(k), m),
            ("reporting", {"what": "obligations", "kind": kind, "status": measure}),
            better,
            requires,
        )


for _kind, _label in Requirement.Kind.choices:
    _obligation_indicators(_kind, _label)
_obligation_indicators(ALL, _("All requirements"))


# --- study ---------------------------------------------------------------------------------------


def _study(key, label, numerator, denominator, fmt, get, what, better=HIGH):
    rows = ("study", {"what": what}) if what else None
    _add(f"study.{key}", label, STUDY, numerator, denominator, fmt, get, rows, better, STUDY_KINDS)


ELIGIBLE_TEXT = _("party members of the subtree not exempt from activity")
MEMBERS_TEXT = _("party members of the subtree, exempt ones included")
DUE_TEXT = _("eligible members under a unit that owes the plan's learning reports")
SUBMITTED_TEXT = _("learning reports of due members submitted by the date")

_study(
    "sessions_held",
    _("Sessions held"),
    _("sessions marked held that started by the date"),
    None,
    COUNT,
    lambda n: Value(n.study.sessions_held),
    "sessions",
)
_study(
    "connection_points",
    _("Online connection points"),
    _("connection points entered on the sessions held"),
    None,
    COUNT,
    lambda n: Value(n.study.connection_points),
    "sessions",
)
_study(
    "members",
    _("Party members"),
    MEMBERS_TEXT,
    None,
    COUNT,
    lambda n: Value(n.study.members),
    "members",
)
_study(
    "eligible",
    _("Eligible members"),
    ELIGIBLE_TEXT,
    MEMBERS_TEXT,
    PERCENT,
    lambda n: Value(n.study.eligible, n.study.members),
    "eligible",
)
_study(
    "attended",
    _("Eligible members who studied"),
    _("eligible members present at a session of the plan by the date (make-up included)"),
    ELIGIBLE_TEXT,
    PERCENT,
    lambda n: Value(n.study.attended, n.study.eligible),
    "attended",
)
_study(
    "members_attended",
    _("Members who studied / all members"),
    _("members present at a session of the plan by the date, exempt ones included"),
    MEMBERS_TEXT,
    PERCENT,
    lambda n: Value(n.study.members_attended, n.study.members),
    "members_attended",
)
_study(
    "rate_reported",
    _("Members who studied / eligible members"),
    _("members present at a session of the plan by the date, exempt ones included"),
    ELIGIBLE_TEXT,
    PERCENT,
    lambda n: Value(n.study.members_attended, n.study.eligible),
    "members_attended",
)
_study(
    "not_attended",
    _("Eligible members who have not studied"),
    _("eligible members not present at any session of the plan by the date"),
    ELIGIBLE_TEXT,
    PERCENT,
    lambda n: Value(n.study.not_attended, n.study.eligible),
    "not_attended",
    LOW,
)
_study(
    "non_member_attendances",
    _("Non-member attendances"),
    _("attendances of non-members entered on the sessions held (counted as attendances)"),
    None,
    COUNT,
    lambda n: Value(n.study.non_member_attendances),
    "sessions",
)
_study(
    "reports_due",
    _("Learning reports due"),
    DUE_TEXT,
    None,
    COUNT,
    lambda n: Value(n.study.reports_due),
    "reports_due",
)
_study(
    "reports_submitted",
    _("Learning reports submitted"),
    SUBMITTED_TEXT,
    DUE_TEXT,
    PERCENT,
    lambda n: Value(n.study.reports_submitted, n.study.reports_due),
    "reports_submitted",
)
_study(
    "reports_on_time",
    _("Learning reports on time"),
    _("reports submitted by the end of the day they were due"),
    SUBMITTED_TEXT,
    PERCENT,
    lambda n: Value(n.study.reports_on_time, n.study.reports_submitted),
    "reports_on_time",
)
_study(
    "reports_late",
    _("Learning reports late"),
    _("reports submitted after the day they were due"),
    SUBMITTED_TEXT,
    PERCENT,
    lambda n: Value(n.study.reports_late, n.study.reports_submitted),
    "reports_late",
    LOW,
)
_study(
    "reports_missing",
    _("Learning reports missing"),
    _("due members with no report submitted by the date"),
    DUE_TEXT,
    PERCENT,
    lambda n: Value(n.study.reports_missing, n.study.reports_due),
    "reports_missing",
    LOW,
)
_study(
    "reports_graded",
    _("Learning reports graded"),
    _("reports of due members graded by the date"),
    SUBMITTED_TEXT,
    PERCENT,
    lambda n: Value(n.study.reports_graded, n.study.reports_submitted),
    "reports_submitted",
)
_study(
    "units_without_session",
    _("Units without a session"),
    _("units whose study-session obligation is not done by the date"),
    _("units owing a study session (not counting units closed before the deadline)"),
    PERCENT,
    lambda n: Value(n.study.units_without_session, n.study.units_owing_session),
    "units_without_session",
    LOW,
)
_study(
    "units_missing_reports",
    _("Units with missing learning reports"),
    _("units owing learning reports with a due member under them who has not submitted"),
    _("units owing learning reports"),
    PERCENT,
    lambda n: Value(n.study.units_missing_reports, n.study.units_owing_reports),
    "units_missing_reports",
    LOW,
)


# --- action programs -----------------------------------------------------------------------------

AP = "action_program"
DUE_PROGRAMS = _("action-program obligations owed (units closed before the deadline left out)")
WRITTEN_TEXT = _("programs of the plan created or approved by the date, drafts included")
ISSUED_TASKS = _("tasks of the programs approved at least once by the date")


def _programs(key, label, numerator, denominator, fmt, get, rows, better=HIGH):
    _add(f"programs.{key}", label, PROGRAMS, numerator, denominator, fmt, get, rows, better, (AP,))


def _obligation_rows(status):
    return ("reporting", {"what": "obligations", "kind": AP, "status": status})


_programs(
    "due",
    _("Programs due"),
    DUE_PROGRAMS,
    None,
    COUNT,
    lambda n: Value(n.tally(AP).owed),
    _obligation_rows("owed"),
)
_programs(
    "issued",
    _("Programs issued"),
    _("programs approved at least once by the date (of any unit of the subtree, each field)"),
    None,
    COUNT,
    lambda n: Value(n.programs.issued),
    ("reporting", {"what": "programs", "status": "issued"}),
)
_programs(
    "units_issued",
    _("Units that issued their program"),
    _("action-program obligations done (a program approved) by the date"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "done"),
    _obligation_rows("done"),
)
_programs(
    "on_time",
    _("Programs approved on time"),
    _("action-program obligations done by their deadline"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "on_time"),
    _obligation_rows("on_time"),
)
_programs(
    "late",
    _("Programs approved late"),
    _("action-program obligations done after their deadline"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "late"),
    _obligation_rows("late"),
    LOW,
)
_programs(
    "overdue",
    _("Programs overdue"),
    _("action-program obligations past their deadline with no approved program"),
    DUE_PROGRAMS,
    PERCENT,
    lambda n: _share(n.tally(AP), "overdue"),
    _obligation_rows("overdue"),
    LOW,
)
_programs(
    "written",
    _("Programs written"),
    WRITTEN_TEXT,
    None,
    COUNT,
    lambda n: Value(n.programs.written),
    ("reporting", {"what": "programs"}),
)
_programs(
    "flagged",
    _("Programs flagged as copied"),
    _("programs the copy check marked as mostly copied"),
    WRITTEN_TEXT,
    PERCENT,
    lambda n: Value(n.programs.flagged, n.programs.written),
    ("reporting", {"what": "programs", "status": "flagged"}),
    LOW,
)
for _status, _label in ActionProgram.Status.choices:
    _programs(
        f"status.{_status}",
        format_lazy(_("Programs: {status}"), status=_label),
        _("programs in this status on the date (discussion read from the current status)"),
        WRITTEN_TEXT,
        PERCENT,
        lambda n, s=_status: Value(n.programs.by_status.get(s, 0), n.programs.written),
        ("reporting", {"what": "programs", "status": _status}),
        LOW if _status in ("draft", "discussion") else HIGH,
    )
_programs(
    "tasks",
    _("Tasks"),
    ISSUED_TASKS,
    None,
    COUNT,
    lambda n: Value(n.programs.tasks),
    ("reporting", {"what": "tasks"}),
)
TASK_BETTER = {"not_started": LOW, "on_track": HIGH, "at_risk": LOW, "late": LOW, "done": HIGH}
for _status, _label in TaskStatus.choices:
    _programs(
        f"tasks.{_status}",
        format_lazy(_("Tasks: {status}"), status=_label),
        _("tasks whose latest progress report by the date has this status (none: not started)"),
        ISSUED_TASKS,
        PERCENT,
        lambda n, s=_status: Value(n.programs.tasks_by_status.get(s, 0), n.programs.tasks),
        ("reporting", {"what": "tasks", "status": _status}),
        TASK_BETTER[_status],
    )
_programs(
    "milestones_overdue",
    _("Milestones overdue"),
    _("milestones dated before the date and not done by it"),
    _("milestones of the tasks of programs approved by the date"),
    PERCENT,
    lambda n: Value(n.programs.milestones_overdue, n.programs.milestones),
    ("reporting", {"what": "milestones", "status": "overdue"}),
    LOW,
)
_programs(
    "attainment",
    _("Indicator attainment"),
    _(
        "sum over measurable tasks of min(1, max(0, (latest value − baseline) / (target − "
        "baseline))), the latest value reported by the date (none: 0)"
    ),
    _("tasks with an indicator and a target"),
    PERCENT,
    lambda n: Value(round(n.programs.attainment_sum, 6), n.programs.measurable),
    ("reporting", {"what": "tasks", "status": "measurable"}),
)
# Progress by the rule the administrator chose (``programs.progress``): the same sums as the
# program pages (``programs/progress.py``), pooled over the subtree. The dashboard shows the
# one of the unit's rule, named in its label, so that anyone can redo the division.
_programs(
    "progress.tasks_done",
    _("Progress (rule: share of tasks done)"),
    _("tasks whose latest progress report by the date says done"),
    ISSUED_TASKS,
    PERCENT,
    lambda n: Value(n.programs.tasks_by_status.get("done", 0), n.programs.tasks),
    ("reporting", {"what": "tasks", "status": "done"}),
)
_programs(
    "progress.milestones",
    _("Progress (rule: share of milestones done)"),
    _("milestones done by the date"),
    _("milestones of the tasks of programs approved by the date"),
    PERCENT,
    lambda n: Value(n.programs.milestones_done, n.programs.milestones),
    ("reporting", {"what": "milestones", "status": "done"}),
)
_programs(
    "progress.indicators",
    _("Progress (rule: attainment of indicators)"),
    _(
        "sum over measurable tasks of min(1, max(0, (latest value − baseline) / (target − "
        "baseline))), the latest value reported by the date (none: 0)"
    ),
    _("tasks with an indicator and a target"),
    PERCENT,
    lambda n: Value(round(n.programs.attainment_sum, 6), n.programs.measurable),
    ("reporting", {"what": "tasks", "status": "measurable"}),
)
#: The progress indicator of each rule (``programs.models.program.ProgressRule``).
PROGRESS_BY_RULE = {
    "tasks_done": "programs.progress.tasks_done",
    "milestones": "programs.progress.milestones",
    "indicators": "programs.progress.indicators",
}


_programs(
    "reviews",
    _("Annual reviews approved"),
    _("annual reviews of past years approved by the date"),
    _("one review per program approved by the date per past calendar year until it closed"),
    PERCENT,
    lambda n: Value(n.programs.reviews_approved, n.programs.reviews_due),
    ("reporting", {"what": "reviews"}),
)


# --- data warnings (core/flags.py) ---------------------------------------------------------------

_add(
    "flags.unresolved",
    _("Data warnings"),
    FLAGS,
    _(
        "implausible figures flagged by the date (more present than eligible, dates out of "
        "order, values beyond target without evidence or turning back, evidence reused, "
        "results before any work) not yet accepted or dismissed by the level above"
    ),
    None,
    COUNT,
    lambda n: Value(n.flags),
    ("reporting", {"what": "flags"}),
    LOW,
)

# --- inspection and supervision (inspections/rollup.py: the definitions) ------------------------

STARTED_TEXT = _("inspections and thematic supervisions whose decision was signed by the date")
DONE_TEXT = _("inspections and thematic supervisions concluded by the date")
UNITS_TEXT = _("party committees and cells of the subtree")
FINDINGS_TEXT = _("findings of the inspections concluded by the date")
RECS_TEXT = _("recommendations of the conclusions approved by the date")


def _inspections(key, label, numerator, denominator, fmt, get, rows, better=HIGH):
    rows = ("inspections", rows)
    # ``requires``: no requirement kind brings them; they apply when there is something to
    # count (``engine.Rollup.applies``).
    _add(f"inspections.{key}", label, INSPECTIONS, numerator, denominator, fmt, get, rows, better,
         (INSPECTIONS,))  # fmt: skip


_inspections(
    "planned",
    _("Inspections planned"),
    _("inspections and supervisions in the annual programs"),
    None,
    COUNT,
    lambda n: Value(n.inspections.planned),
    {"what": "planned"},
)
_inspections(
    "done",
    _("Inspections concluded"),
    DONE_TEXT,
    STARTED_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.done, n.inspections.started),
    {"what": "done"},
)
_inspections(
    "within_limit",
    _("Concluded within the time limit"),
    _("concluded on or before the time limit of their level (with its extension)"),
    DONE_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.within_limit, n.inspections.done),
    {"what": "within_limit"},
)
_inspections(
    "past_limit",
    _("Inspections past their time limit"),
    _("started, not concluded by the date, the time limit passed"),
    STARTED_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.past_limit, n.inspections.started),
    {"what": "past_limit"},
    LOW,
)
_inspections(
    "supervisions",
    _("Regular supervisions done"),
    _("regular supervisions recorded by the date"),
    None,
    COUNT,
    lambda n: Value(n.inspections.supervisions),
    {"what": "supervisions"},
)
_inspections(
    "units_inspected",
    _("Units inspected"),
    _("party committees and cells targeted by an inspection or supervision concluded by the date"),
    UNITS_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.units_inspected, n.inspections.units),
    {"what": "units_inspected"},
)
_inspections(
    "units_never",
    _("Units never inspected"),
    _("party committees and cells no inspection or supervision of the plan has concluded on"),
    UNITS_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.units - n.inspections.units_inspected, n.inspections.units),
    {"what": "units_never"},
    LOW,
)
for _fk, _fl in Finding.Kind.choices:
    _inspections(
        f"findings.{_fk}",
        format_lazy(_("Findings: {kind}"), kind=_fl),
        format_lazy(_("findings of the kind “{kind}”"), kind=_fl),
        FINDINGS_TEXT,
        PERCENT,
        lambda n, k=_fk: Value(n.inspections.findings_by_kind.get(k, 0), n.inspections.findings),
        {"what": "findings", "kind": _fk},
        HIGH if _fk == Finding.Kind.STRENGTH else LOW,
    )
_inspections(
    "findings.serious",
    _("Serious findings"),
    _("shortcomings and violations judged serious"),
    FINDINGS_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.findings_by_severity.get("serious", 0), n.inspections.findings),
    {"what": "findings", "severity": "serious"},
    LOW,
)
_inspections(
    "recommendations",
    _("Recommendations"),
    RECS_TEXT,
    None,
    COUNT,
    lambda n: Value(n.inspections.recommendations),
    {"what": "recommendations"},
)
for _sk, _sl, _st, _better in (
    ("done_on_time", _("Recommendations done on time"),
     _("closed by the date, reported done by their deadline"), HIGH),
    ("late", _("Recommendations done late"),
     _("closed by the date, reported done after their deadline"), LOW),
    ("overdue", _("Recommendations overdue"),
     _("not closed by the date, their deadline passed"), LOW),
    ("open", _("Recommendations open"), _("not closed by the date, deadline not passed"), LOW),
):  # fmt: skip
    _inspections(
        f"recommendations.{_sk}",
        _sl,
        _st,
        RECS_TEXT,
        PERCENT,
        lambda n, k=_sk: Value(
            n.inspections.recommendations_by.get(k, 0), n.inspections.recommendations
        ),
        {"what": "recommendations", "standing": _sk},
        _better,
    )


# --- dissemination and questions (outreach/numbers.py) ---------------------------------------

DISSEMINATION = (Requirement.Kind.DISSEMINATION,)
ACTIVITIES_TEXT = _("dissemination activities of the plan held by the date")
QUESTIONS_TEXT = _(
    "questions asked by the date on the public pages of the plan's resolutions (dismissed "
    "ones left out)"
)


def _outreach(key, label, numerator, denominator, fmt, get, rows, better=HIGH):
    _add(
        f"outreach.{key}",
        label,
        OUTREACH,
        numerator,
        denominator,
        fmt,
        get,
        rows,
        better,
        DISSEMINATION,
    )


def _activities(status: str = "") -> tuple[str, dict]:
    return (
        "reporting",
        {"what": "activities", "status": status} if status else {"what": "activities"},
    )


_outreach(
    "activities",
    _("Dissemination activities"),
    ACTIVITIES_TEXT,
    None,
    COUNT,
    lambda n: Value(n.outreach.activities),
    _activities(),
)
for _channel, _label in Channel.choices:
    _outreach(
        f"channel.{_channel}",
        format_lazy(_("Activities: {channel}"), channel=_label),
        _("activities of this channel held by the date"),
        ACTIVITIES_TEXT,
        PERCENT,
        lambda n, c=_channel: Value(n.outreach.by_channel.get(c, 0), n.outreach.activities),
        _activities(_channel),
    )
_outreach(
    "reach",
    _("People reached"),
    _("sum of the reach the activities report (listeners, readers, views, copies, attendees)"),
    None,
    COUNT,
    lambda n: Value(n.outreach.reach),
    _activities(),
)
_outreach(
    "reach_vs_population",
    _("Reach against the population addressed"),
    _("reach of the activities whose population addressed is known"),
    _("sum of the populations those activities addressed"),
    PERCENT,
    lambda n: Value(n.outreach.reach_known, n.outreach.population),
    _activities("with_population"),
)
_outreach(
    "units_without",
    _("Units with no activity"),
    _("units owing dissemination under the plan with no activity recorded by the date"),
    OWED_TEXT,
    PERCENT,
    lambda n: Value(
        n.tally(Requirement.Kind.DISSEMINATION).pending
        + n.tally(Requirement.Kind.DISSEMINATION).overdue,
        n.tally(Requirement.Kind.DISSEMINATION).owed,
    ),
    ("reporting", {"what": "obligations", "kind": "dissemination", "status": "not_done"}),
    LOW,
)
_outreach(
    "flagged",
    _("Activities flagged"),
    _("activities with a data warning not yet accepted or dismissed"),
    ACTIVITIES_TEXT,
    PERCENT,
    lambda n: Value(n.outreach.flagged, n.outreach.activities),
    _activities("flagged"),
    LOW,
)
_outreach(
    "questions",
    _("Questions asked"),
    QUESTIONS_TEXT,
    None,
    COUNT,
    lambda n: Value(n.outreach.questions),
    ("reporting", {"what": "questions"}),
)
_outreach(
    "answered",
    _("Questions answered"),
    _("questions with an approved answer (or merged with one) by the date"),
    QUESTIONS_TEXT,
    PERCENT,
    lambda n: Value(n.outreach.answered, n.outreach.questions),
    ("reporting", {"what": "questions", "status": "answered"}),
)
_outreach(
    "median_days",
    _("Median days to answer"),
    _("median of the whole days from each answered question to its approved answer"),
    None,
    COUNT,
    lambda n: Value(outreach_median(n.outreach.answer_days) or 0),
    ("reporting", {"what": "questions", "status": "answered"}),
    LOW,
)
_outreach(
    "published",
    _("Answers published"),
    _("answers approved by the head and published by the date"),
    None,
    COUNT,
    lambda n: Value(n.outreach.published),
    ("reporting", {"what": "answers"}),
)


def by_group(group: str) -> list[Indicator]:
    return [i for i in CATALOGUE.values() if i.group == group]


#: The headline numbers of a dashboard, in order (those that apply to the plan).
HEADLINES = (
    "obligations.all.done",
    "obligations.all.overdue",
    "study.attended",
    "study.members_attended",
    "study.reports_submitted",
    "programs.units_issued",
    "programs.flagged",
    "programs.progress",  # the indicator of the unit's progress rule (PROGRESS_BY_RULE)
    "programs.milestones_overdue",
    "programs.attainment",
    "inspections.within_limit",  # these two when the plan has inspections
    "inspections.recommendations.overdue",
    "outreach.units_without",
    "outreach.reach_vs_population",
    "outreach.answered",
    "flags.unresolved",
)
#: The columns of the table of units below when not every indicator is asked for.
SUMMARY = (
    "obligations.all.owed",
    "obligations.all.done",
    "obligations.all.on_time",
    "obligations.all.overdue",
    "study.sessions_held",
    "study.attended",
    "study.members_attended",
    "study.non_member_attendances",
    "study.reports_submitted",
    "study.reports_missing",
    "programs.due",
    "programs.units_issued",
    "programs.issued",
    "programs.flagged",
    "programs.tasks.done",
    "programs.milestones_overdue",
    "programs.attainment",
    "programs.reviews",
    "flags.unresolved",
)


# --- the rows behind a denominator --------------------------------------------------------------

#: The rows page of each denominator, by its text: a denominator is itself a number and opens
#: its rows like the numerator does (issue 12: "every number opens its rows").
_DENOMINATOR_ROWS = [
    (ELIGIBLE_TEXT, ("study", {"what": "eligible"})),
    (MEMBERS_TEXT, ("study", {"what": "members"})),
    (DUE_TEXT, ("study", {"what": "reports_due"})),
    (DUE_PROGRAMS, _obligation_rows("owed")),
    (WRITTEN_TEXT, ("reporting", {"what": "programs"})),
    (ISSUED_TASKS, ("reporting", {"what": "tasks"})),
    (STARTED_TEXT, ("inspections", {"what": "started"})),
    (DONE_TEXT, ("inspections", {"what": "done"})),
    (UNITS_TEXT, ("inspections", {"what": "units"})),
    (FINDINGS_TEXT, ("inspections", {"what": "findings"})),
    (RECS_TEXT, ("inspections", {"what": "recommendations"})),
    (ACTIVITIES_TEXT, ("reporting", {"what": "activities"})),
    (QUESTIONS_TEXT, ("reporting", {"what": "questions"})),
]


def denominator_rows(indicator: Indicator) -> tuple[str, dict] | None:
    """Where the rows counted by ``indicator``'s denominator are listed, or ``None``."""
    if indicator.denominator is None:
        return None
    if indicator.denominator is OWED_TEXT:
        kind = indicator.key.split(".")[1]
        return ("reporting", {"what": "obligations", "kind": kind, "status": "owed"})
    for text, rows in _DENOMINATOR_ROWS:
        if indicator.denominator is text:
            return rows
    return None
