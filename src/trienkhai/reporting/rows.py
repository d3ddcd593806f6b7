"""The rows behind the dashboard's numbers that no other screen lists: obligations of a kind
and status as of a date, programs of a status, tasks of a status, overdue milestones, approved
annual reviews. Each is a queryset read through ``for_user`` and counted exactly as the engine
counts it (the tests check that each count equals its number).
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Action
from trienkhai.core.models import DataFlag
from trienkhai.outreach import numbers as outreach_numbers
from trienkhai.outreach.models import Activity, Answer, Channel, Question
from trienkhai.programs.models import ActionProgram, AnnualReview, Milestone, Task, TaskStatus
from trienkhai.resolutions.models import Obligation, ObligationStatus, Plan, Requirement
from trienkhai.resolutions.rollup import with_urgency
from trienkhai.units.models import Unit

from .queries import (
    approved_reviews,
    program_status,
    programs_on,
    task_facts,
    unresolved_flags,
)

S = ObligationStatus
#: Obligation statuses behind each measure of ``obligations.<kind>.<measure>``.
MEASURE_STATUSES = {
    "owed": (S.ON_TIME, S.LATE, S.OVERDUE, S.PENDING),
    "due": (S.ON_TIME, S.LATE, S.OVERDUE, S.PENDING),  # and due by the date (the timeline)
    "done": (S.ON_TIME, S.LATE),
    "on_time": (S.ON_TIME,),
    "late": (S.LATE,),
    "overdue": (S.OVERDUE,),
    "pending": (S.PENDING,),
    "not_done": (S.PENDING, S.OVERDUE),
    "closed": (S.CLOSED,),
}
MEASURE_TITLES = {
    "owed": _("Obligations owed"),
    "due": _("Obligations due by the date"),
    "done": _("Obligations done"),
    "on_time": _("Obligations done on time"),
    "late": _("Obligations done late"),
    "overdue": _("Obligations overdue"),
    "pending": _("Obligations pending"),
    "not_done": _("Obligations not done yet"),
    "closed": _("Obligations of units closed before the deadline (not counted)"),
}


#: The field that says a row is the unit's own (not of a unit below it), per kind of rows.
OWN_FIELD = {
    "obligations": "unit",
    "programs": "unit",
    "tasks": "program__unit",
    "milestones": "task__program__unit",
    "reviews": "program__unit",
    "activities": "unit",
    "questions": "unit",
    "answers": "unit",
}


class BadRows(ValueError):
    """The parameters name no list of rows (a 404 for the page)."""


def obligations(user, plan: Plan, unit: Unit, day: datetime.date, kind: str, measure: str):
    if measure not in MEASURE_STATUSES or (kind != "all" and kind not in Requirement.Kind.values):
        raise BadRows
    rows = (
        Obligation.objects.for_user(user, Action.VIEW)
        .filter(plan=plan, cancelled=False)
        .within(unit)
        .with_status(day)
        .filter(status__in=MEASURE_STATUSES[measure])  # type: ignore[misc]  # with_status
        .select_related("unit", "requirement")
    )
    if kind != "all":
        rows = rows.filter(requirement__kind=kind)
    if measure == "due":
        rows = rows.filter(due_on__lte=day)
    title = str(MEASURE_TITLES[measure])
    if kind != "all":
        title = f"{title} · {Requirement.Kind(kind).label}"
    return title, with_urgency(rows)


PROGRAM_TITLES = {
    "": _("Programs written"),
    "issued": _("Programs issued (approved at least once)"),
    "flagged": _("Programs flagged as mostly copied"),
}


def programs(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    rows = (
        programs_on(plan, day, ActionProgram.objects.for_user(user, Action.VIEW))
        .within(unit)
        .annotate(on_day=program_status(day))
        .select_related("unit")
        .order_by("unit__path", "id")
    )
    if status == "issued":
        rows = rows.filter(first_approved_on__lte=day)
    elif status == "flagged":
        rows = rows.filter(copy_flagged=True)
    elif status in ActionProgram.Status.values:
        rows = rows.filter(on_day=status)
    elif status:
        raise BadRows
    if status in ActionProgram.Status.values:
        title = ActionProgram.Status(status).label
    else:
        title = PROGRAM_TITLES[status]
    return title, rows


def tasks(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    rows = task_facts(
        Task.objects.for_user(user, Action.VIEW)
        .filter(
            program__plan__in=Plan.objects.carrying_out(plan),
            program__first_approved_on__lte=day,
        )
        .within(unit),
        day,
    ).select_related("program", "program__unit", "lead_unit")
    if status == "measurable":
        rows, title = rows.filter(measurable=1), _("Measurable tasks (indicator attainment)")
    elif status in TaskStatus.values:
        rows, title = rows.filter(latest_status=status), TaskStatus(status).label
    elif status:
        raise BadRows
    else:
        title = _("Tasks of the programs issued")
    return title, rows.order_by("program__unit__path", "program_id", "order", "id")


def milestones(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    rows = (
        Milestone.objects.for_user(user, Action.VIEW)
        .filter(
            task__program__plan__in=Plan.objects.carrying_out(plan),
            task__program__first_approved_on__lte=day,
        )
        .within(unit)
        .select_related("task", "task__program", "task__program__unit")
    )
    if status == "overdue":
        rows = rows.filter(due_on__lt=day).filter(Q(done_on__isnull=True) | Q(done_on__gt=day))
        title = _("Milestones overdue")
    elif status == "done":
        rows = rows.filter(done_on__lte=day)
        title = _("Milestones done")
    elif status:
        raise BadRows
    else:
        title = _("Milestones")
    return title, rows.order_by("due_on", "task__program__unit__path", "id")


def reviews(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    if status:
        raise BadRows
    rows = (
        approved_reviews(plan, day, AnnualReview.objects.for_user(user, Action.VIEW))
        .filter(program__unit__path__prefix=unit.path)
        .select_related("program", "program__unit")
        .order_by("program__unit__path", "year")
    )
    return _("Annual reviews approved"), rows


def flags(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    """The data warnings behind ``flags.unresolved``: counted as the engine counts them."""
    if status:
        raise BadRows
    rows = (
        unresolved_flags(plan, day, DataFlag.objects.for_user(user, Action.VIEW))
        .within(unit)
        .select_related("unit")
        .order_by("unit__path", "-detected_on", "-id")
    )
    return _("Data warnings not yet reviewed"), rows


def activities(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    """The activities behind ``outreach.*``: all, of a channel, flagged, with a known
    population."""
    rows = (
        outreach_numbers.activities_on(plan, day, Activity.objects.for_user(user, Action.VIEW))
        .filter(unit__path__prefix=unit.path)
        .select_related("unit")
        .order_by("-held_on", "unit__path", "-id")
    )
    if status in Channel.values:
        return Channel(status).label, rows.filter(channel=status)
    if status == "flagged":
        flagged = outreach_numbers.flagged_activities(plan, day).values("object_id")
        return _("Activities flagged"), rows.filter(pk__in=flagged)
    if status == "with_population":
        return _("Activities with a known population"), rows.filter(audience_size__isnull=False)
    if status:
        raise BadRows
    return _("Dissemination activities"), rows


def questions(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    rows = (
        outreach_numbers.questions_on(plan, day, Question.objects.for_user(user, Action.VIEW))
        .filter(unit__path__prefix=unit.path)
        .select_related("unit", "page__resolution")
        .order_by("-asked_at", "-id")
    )
    if status == "answered":
        return _("Questions answered"), outreach_numbers.answered_on(rows, day)
    if status:
        raise BadRows
    return _("Questions asked"), rows


def answers(user, plan: Plan, unit: Unit, day: datetime.date, status: str):
    if status:
        raise BadRows
    rows = (
        outreach_numbers.answers_on(plan, day, Answer.objects.for_user(user, Action.VIEW))
        .filter(unit__path__prefix=unit.path)
        .select_related("unit", "page__resolution")
        .order_by("-published_at", "-id")
    )
    return _("Answers published"), rows


LISTS = {
    "activities": activities,
    "questions": questions,
    "answers": answers,
    "programs": programs,
    "tasks": tasks,
    "milestones": milestones,
    "reviews": reviews,
    "flags": flags,
}
