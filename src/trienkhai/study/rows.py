"""The rows behind each study number, and the scope and dates they share.

Each function returns a queryset the screens page through (``eligible_people``,
``missing_report_people`` …); ``rollup`` counts the same rows in bulk, and the tests check
that each count equals its number. The definitions are in ``rollup``'s docstring; "has
studied" is ``eligibility.studied``, the one definition every screen and number uses.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat, Substr, TruncDate
from django.db.models.lookups import GreaterThan

from trienkhai.core.querysets import ancestor_paths
from trienkhai.resolutions.models import Obligation, ObligationStatus, Plan, Requirement
from trienkhai.units.models import Person, Unit

from .eligibility import studied
from .models import LearningReport, StudySession
from .scope import as_of_or_today, day_end, scope_path, subtree

Kind = Requirement.Kind
NOT_DONE = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)
DONE = (ObligationStatus.ON_TIME, ObligationStatus.LATE)


# --- scope and dates -------------------------------------------------------------------------


def _as_of(as_of: datetime.date | None) -> datetime.date:
    return as_of_or_today(as_of)


def _within(queryset: QuerySet, plan: Plan, unit: Unit):
    """Rows of ``queryset`` in the scope. Rows tied to the plan (sessions, obligations) all
    lie under its issuer, so when the scope is the issuer's whole subtree no condition (and no
    join to the units) is needed. Other rows are kept by ``unit IN (units of the subtree)``:
    one index range per unit, cheaper than joining every row to its unit."""
    path = scope_path(plan, unit)
    if path is None:
        return queryset.none()
    if path == plan.unit.path and queryset.model is not Person:
        return queryset
    return queryset.filter(unit__in=Unit.objects.filter(subtree(path)).values("pk"))


def _ancestor_paths(path: str) -> list[str]:
    return ancestor_paths(path)


# --- the rows behind each number --------------------------------------------------------------


def held_sessions(plan: Plan, unit: Unit, as_of=None, mode: str | None = None):
    """Sessions held under ``unit`` by the end of ``as_of`` (``sessions_by_mode``, connection
    points and non-member attendances are sums over these)."""
    sessions = _within(
        StudySession.objects.filter(
            plan__in=Plan.objects.carrying_out(plan),
            status=StudySession.Status.HELD,
            starts_at__lt=day_end(_as_of(as_of)),
        ),
        plan,
        unit,
    )
    if mode:
        sessions = sessions.filter(mode=mode)
    return sessions.order_by("starts_at", "id")


def member_people(plan: Plan, unit: Unit, as_of=None):
    """Every party member under ``unit`` at ``as_of``, exempt ones included (``members``)."""
    day = _as_of(as_of)
    return _within(
        Person.objects.filter(is_party_member=True).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        ),
        plan,
        unit,
    )


def eligible_people(plan: Plan, unit: Unit, as_of=None):
    """Members expected to study: not exempt from activity (``eligible``)."""
    return member_people(plan, unit, as_of).filter(exempt_from_activity=False)


def attended_people(plan: Plan, unit: Unit, as_of=None, *, include_exempt: bool = False):
    """Eligible members who have studied the plan (``attended``); with ``include_exempt``,
    every member who has (``members_attended``)."""
    people = member_people if include_exempt else eligible_people
    return people(plan, unit, as_of).filter(studied(plan, as_of, unit))


def not_attended_people(plan: Plan, unit: Unit, as_of=None):
    """Eligible members who have not studied yet: the list for a make-up session."""
    return eligible_people(plan, unit, as_of).exclude(studied(plan, as_of, unit))


def _report_obligations(plan: Plan):
    return Obligation.objects.filter(
        plan=plan, requirement__kind=Kind.LEARNING_REPORTS, cancelled=False
    )


def _due_units(plan: Plan, path: str):
    """Units at or under ``path`` that owe the plan's learning reports or lie under a unit
    that does. Asked of each unit, not of each member: one query first for the depths at
    which such obligations exist, then per unit one indexed equality per depth (the prefix
    of its path of that length) rather than a ``LIKE`` against a column."""
    depths = _report_obligations(plan).order_by().values_list("unit__depth", flat=True).distinct()
    prefixes = Q(pk__in=[])
    for depth in sorted(set(depths)):
        prefixes |= Q(unit__path=Substr(OuterRef("path"), 1, depth * Unit.steplen))
    return Unit.objects.filter(subtree(path)).filter(
        Exists(_report_obligations(plan).filter(prefixes))
    )


def reports_due_people(plan: Plan, unit: Unit, as_of=None):
    """Eligible members who owe a learning report (``reports_due``)."""
    people = eligible_people(plan, unit, as_of)
    path = scope_path(plan, unit)
    if path is None:
        return people
    here_or_above = [*_ancestor_paths(path), path]
    if _report_obligations(plan).filter(unit__path__in=here_or_above).exists():
        return people  # a unit at or above ``unit`` owes them: everyone under it is due
    return people.filter(unit__in=_due_units(plan, path).values("pk"))


def _late_q(plan: Plan, prefix: str = "") -> Q:
    """A condition on LearningReport (through ``prefix``, e.g. ``"report__"``): submitted
    after the day it was due, in local time, as ``LearningReport.is_late``. For the plan's
    deadlines (a few) it compares ``submitted_at`` with an instant, which is cheap; a report
    due on another date falls back on the database's conversion to a local date."""
    dates = sorted(
        set(
            Requirement.objects.filter(
                plan__in=Plan.objects.carrying_out(plan), kind=Kind.LEARNING_REPORTS
            )
            .order_by()
            .values_list("due_on", flat=True)
        )
    )
    due, submitted = f"{prefix}due_on", f"{prefix}submitted_at"
    late = Q()
    for day in dates:
        late |= Q(**{due: day, f"{submitted}__gte": day_end(day)})
    other = Q(**{f"{due}__isnull": False}) & ~Q(**{f"{due}__in": dates})
    return late | (other & Q(GreaterThan(TruncDate(submitted), F(due))))


def submitted_reports(
    plan: Plan, unit: Unit, as_of=None, *, late: bool | None = None, grade: str | None = None
):
    """Reports of due members submitted by the end of ``as_of`` (``reports_submitted``);
    ``late=True``/``False`` for ``reports_late``/``reports_on_time``; ``grade`` for one
    grade of the distribution (graded by the end of ``as_of``). They are counted where the
    member is now (``person.unit``), which is not ``unit`` (where they were when they
    submitted) for a member who moved since; ordered by that unit, then name."""
    end = day_end(_as_of(as_of))
    reports = LearningReport.objects.filter(
        plan__in=Plan.objects.carrying_out(plan),
        submitted_at__lt=end,
        person__in=reports_due_people(plan, unit, as_of),
    )
    if late is not None:
        reports = reports.filter(_late_q(plan)) if late else reports.exclude(_late_q(plan))
    if grade:
        reports = reports.filter(
            status=LearningReport.Status.GRADED, grade=grade, reviewed_at__lt=end
        )
    # A list of reports, not their text: sorting 200,000 rows drags every selected column.
    return (
        reports.select_related("person", "person__unit", "unit")
        .defer("text", "comment")
        .order_by("person__unit__sort_key", "person__sort_key", "id")
    )


def _with_report(people, plan: Plan, end: datetime.datetime):
    """People with ``report``: their report of the plan submitted before ``end`` (a LEFT
    JOIN: null when there is none), as the numbers read it."""
    return people.annotate(
        report=FilteredRelation(
            "learning_reports",
            condition=Q(
                learning_reports__plan__in=Plan.objects.carrying_out(plan),
                learning_reports__submitted_at__lt=end,
            ),
        )
    )


def missing_report_people(plan: Plan, unit: Unit, as_of=None):
    """Due members without a report submitted by the end of ``as_of``
    (``reports_missing``)."""
    end = day_end(_as_of(as_of))
    due = reports_due_people(plan, unit, as_of)
    return _with_report(due, plan, end).filter(report__id__isnull=True)


def _session_obligations(plan: Plan, unit: Unit, as_of=None):
    return _within(
        Obligation.objects.filter(plan=plan, requirement__kind=Kind.STUDY_SESSION, cancelled=False)
        .with_status(_as_of(as_of))
        .filter(status__in=[*NOT_DONE, *DONE]),  # type: ignore[misc]  # with_status
        plan,
        unit,
    )


def units_without_session(plan: Plan, unit: Unit, as_of=None):
    """Units under ``unit`` whose study-session obligation is not done by ``as_of``
    (``units_without_session``)."""
    owing = _session_obligations(plan, unit, as_of).filter(status__in=NOT_DONE)
    return Unit.objects.filter(pk__in=owing.values("unit_id")).order_by("path")


def units_missing_reports(plan: Plan, unit: Unit, as_of=None):
    """Units under ``unit`` owing learning reports with at least one due member under them
    who has not submitted (``units_missing_reports``)."""
    day = _as_of(as_of)
    end = day_end(day)
    missing = Person.objects.filter(
        # Under the outer unit, as an index range (see ``subtree``).
        unit__path__gte=OuterRef("path"),
        unit__path__lte=Concat(OuterRef("path"), Value("Z" * 255)),
        is_party_member=True,
        exempt_from_activity=False,
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
    missing = missing.exclude(
        Exists(
            LearningReport.objects.filter(
                plan__in=Plan.objects.carrying_out(plan),
                person=OuterRef("pk"),
                submitted_at__lt=end,
            )
        )
    )
    owing = _within(_report_obligations(plan), plan, unit)
    return (
        Unit.objects.filter(pk__in=owing.values("unit_id")).filter(Exists(missing)).order_by("path")
    )
