"""Study: sessions, attendance, learning reports (definitions: ``study/rollup.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..numbers import Value
from .base import COUNT, HIGH, LOW, PERCENT, STUDY, STUDY_KINDS, _add

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
