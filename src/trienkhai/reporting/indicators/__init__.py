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

Each group of indicators is declared in its own module (``obligations``, ``study``,
``programs``, ``flags``, ``inspections``, ``outreach``), on the shape in ``base``; they are
imported here in the order the catalogue lists them.
"""

from __future__ import annotations

# The groups register their indicators on import: in the order the catalogue lists them.
# isort: off
from . import base, obligations, study, programs, flags, inspections, outreach  # noqa: F401

# isort: on
from .base import (
    ALL,
    CATALOGUE,
    COUNT,
    FLAGS,
    GROUPS,
    HIGH,
    INSPECTIONS,
    LOW,
    OBLIGATIONS,
    OUTREACH,
    PERCENT,
    PROGRAMS,
    STUDY,
    STUDY_KINDS,
    Indicator,
)
from .inspections import (
    DONE_TEXT,
    FINDINGS_TEXT,
    RECS_TEXT,
    STARTED_TEXT,
    UNITS_TEXT,
)
from .obligations import (
    MEASURES,
    OWED_TEXT,
)
from .outreach import (
    ACTIVITIES_TEXT,
    DISSEMINATION,
    QUESTIONS_TEXT,
)
from .programs import (
    AP,
    DUE_PROGRAMS,
    ISSUED_TASKS,
    PROGRESS_BY_RULE,
    TASK_BETTER,
    WRITTEN_TEXT,
    _obligation_rows,
)
from .study import (
    DUE_TEXT,
    ELIGIBLE_TEXT,
    MEMBERS_TEXT,
    SUBMITTED_TEXT,
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


__all__ = [
    "ACTIVITIES_TEXT",
    "ALL",
    "AP",
    "CATALOGUE",
    "COUNT",
    "DISSEMINATION",
    "DONE_TEXT",
    "DUE_PROGRAMS",
    "DUE_TEXT",
    "ELIGIBLE_TEXT",
    "FINDINGS_TEXT",
    "FLAGS",
    "GROUPS",
    "HEADLINES",
    "HIGH",
    "INSPECTIONS",
    "ISSUED_TASKS",
    "LOW",
    "MEASURES",
    "MEMBERS_TEXT",
    "OBLIGATIONS",
    "OUTREACH",
    "OWED_TEXT",
    "PERCENT",
    "PROGRAMS",
    "PROGRESS_BY_RULE",
    "QUESTIONS_TEXT",
    "RECS_TEXT",
    "STARTED_TEXT",
    "STUDY",
    "STUDY_KINDS",
    "SUBMITTED_TEXT",
    "SUMMARY",
    "TASK_BETTER",
    "UNITS_TEXT",
    "WRITTEN_TEXT",
    "Indicator",
    "by_group",
    "denominator_rows",
]
