"""What the study notifies (``trienkhai.notifications.kinds``): a member's learning report
sent back or graded (to the member), a check-in that met the clerk's mark (to the clerks),
a learning report flagged as copied (to the head who grades it)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Role
from trienkhai.notifications import kinds
from trienkhai.notifications.services import notify

from .models import CheckinConflict, LearningReport
from .similarity import FLAG_AT

REPORT_RETURNED = kinds.declare(
    "report_returned",
    title=_("My learning report was sent back"),
    text=_("Your learning report on plan %(plan)s was sent back: %(comment)s"),
    model="resolutions.Plan",
    default="email",
)
REPORT_GRADED = kinds.declare(
    "report_graded",
    title=_("My learning report was graded"),
    text=_("Your learning report on plan %(plan)s was graded: %(grade)s."),
    model="resolutions.Plan",
)
CHECKIN_CONFLICT = kinds.declare(
    "checkin_conflict",
    title=_("A check-in met my mark"),
    text=_("%(person)s checked in to the session of %(day)s you had marked %(mark)s: decide."),
    model="study.CheckinConflict",
    mandatory_for={Role.CLERK},
)
REPORT_COPIED = kinds.declare(
    "report_copied",
    title=_("A learning report looks copied"),
    text=_("%(unit)s: the learning report of %(person)s looks copied (%(share)s the same)."),
    model="study.LearningReport",
    mandatory_for={Role.HEAD},
)


def reviewed(report: LearningReport, *, actor) -> None:
    """Graded or sent back: the member whose report it is, through their login."""
    user = report.person.user if report.person.user_id else None
    if user is None:
        return
    returned = report.status == LearningReport.Status.RETURNED
    notify(
        REPORT_RETURNED if returned else REPORT_GRADED,
        target=report.plan,
        unit=report.unit,
        url=reverse("study:my-report", args=[report.plan_id]),
        params={
            "plan": report.plan.number,
            "comment": report.comment[:300],
            "grade": report.get_grade_display(),
        },
        occasion=f"{report.pk}:{report.reviewed_at:%Y%m%d%H%M%S}" if report.reviewed_at else "",
        users=(user,),
        actor=actor,
    )


def conflict_opened(conflict: CheckinConflict) -> None:
    session = conflict.session
    notify(
        CHECKIN_CONFLICT,
        target=conflict,
        unit=conflict.unit,
        url=conflict.get_absolute_url(),
        params={
            "person": str(conflict.person),
            "day": f"{timezone.localtime(session.starts_at):%d/%m/%Y}",
            "mark": conflict.get_marked_status_display(),
        },
        roles=(Role.CLERK, Role.HEAD),
    )


def checked(report: LearningReport) -> None:
    """After the copy check: a report flagged (``FLAG_AT``) is told to the head of its unit."""
    if report.similarity is None or report.similarity < FLAG_AT:
        return
    notify(
        REPORT_COPIED,
        target=report,
        unit=report.unit,
        url=report.get_absolute_url(),
        params={
            "unit": report.unit.name,
            "person": str(report.person),
            "share": f"{round(report.similarity * 100)}%",
        },
        roles=(Role.HEAD,),
        above=(Role.HEAD,),
    )
