"""The study's plausibility rules (``core/flags.py``): more members present than eligible, a
session dated before its plan, a learning report submitted before any session of its plan
for the member's unit. Warnings, not refusals: the figures stay and the clerk explains them."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trienkhai.core import flags
from trienkhai.core.querysets import ancestor_paths
from trienkhai.resolutions.models import Plan

from . import eligibility
from .models import Attendance, LearningReport, StudySession
from .scope import day_end

ATTENDANCE_ABOVE_ELIGIBLE = flags.declare(
    "attendance_above_eligible",
    label=_("More present than eligible"),
    reason=_(
        "%(present)s party members are marked present, but the session is for "
        "%(eligible)s eligible members."
    ),
)
SESSION_BEFORE_PLAN = flags.declare(
    "session_before_plan",
    label=_("Session dated before its plan"),
    reason=_("The session is dated %(held)s, before the plan it studies (%(plan_date)s)."),
)
REPORT_BEFORE_SESSION = flags.declare(
    "report_before_session",
    label=_("Learning report before its session"),
    reason=_(
        "The report was submitted on %(submitted)s, before any study session of the plan for "
        "this member's unit (first session: %(first)s)."
    ),
)


def _day(value) -> str:
    return date_format(timezone.localtime(value).date(), "d/m/Y")


def _session_finding(session: StudySession, params: dict) -> flags.Finding:
    return flags.Finding(
        unit=session.unit, plan=session.plan, params=params, url=session.get_absolute_url()
    )


def _sessions_of(plan_ids: list[int]):
    return StudySession.objects.filter(plan_id__in=plan_ids).select_related("unit", "plan")


@ATTENDANCE_ABOVE_ELIGIBLE.checks(StudySession, candidates=_sessions_of)
def attendance_above_eligible(session: StudySession) -> flags.Finding | None:
    """Party members marked present outnumber the session's eligible members (exempt members
    and, at a key cadres' session, other members may come, but rarely all of them)."""
    if session.status == StudySession.Status.CANCELLED:
        return None
    present = session.attendances.filter(
        status=Attendance.Status.PRESENT, person__is_party_member=True
    ).count()
    if not present:
        return None
    eligible = eligibility.expected(session).count()
    if present <= eligible:
        return None
    return _session_finding(session, {"present": present, "eligible": eligible})


@SESSION_BEFORE_PLAN.checks(StudySession, candidates=_sessions_of)
def session_before_plan(session: StudySession) -> flags.Finding | None:
    held = timezone.localtime(session.starts_at).date()
    if held >= session.plan.issued_on:
        return None
    return _session_finding(
        session,
        {
            "held": date_format(held, "d/m/Y"),
            "plan_date": date_format(session.plan.issued_on, "d/m/Y"),
        },
    )


def _reports_of(plan_ids: list[int]):
    return LearningReport.objects.filter(plan_id__in=plan_ids).select_related(
        "unit", "plan", "person"
    )


@REPORT_BEFORE_SESSION.checks(LearningReport, candidates=_reports_of)
def report_before_session(report: LearningReport) -> flags.Finding | None:
    """No session of the plan (or of a plan carrying it out) reaching the member's unit had
    started by the end of the day the report was submitted: its own unit's, or one above
    that its units attend."""
    unit = report.unit
    reaching = Q(unit=unit) | Q(unit__path__in=ancestor_paths(unit.path), include_subtree=True)
    sessions = (
        StudySession.objects.filter(plan_id__in=Plan.objects.carrying_out(report.plan))
        .filter(reaching)
        .exclude(status=StudySession.Status.CANCELLED)
    )
    # Compared by day: a report written the evening of the session is not early.
    submitted_on = timezone.localtime(report.submitted_at).date()
    if sessions.filter(starts_at__lt=day_end(submitted_on)).exists():
        return None
    first = sessions.order_by("starts_at").values_list("starts_at", flat=True).first()
    return flags.Finding(
        unit=unit,
        plan=report.plan,
        params={"submitted": _day(report.submitted_at), "first": _day(first) if first else "—"},
        url=report.get_absolute_url(),
    )
