"""What studying asks of this person, on the home page (``core.home``).

- **My study** (a member, through their login's person): a learning report sent back, the
  reports still to write with their deadline, the next sessions held for their unit, a grade
  received;
- **Sessions to record** (a clerk): sessions of their units that have started and are not
  marked held yet, so the attendance is not recorded either;
- **Learning reports to grade** (a head: the ``grade`` action): submitted reports of their
  units and the level below (a commune's head, its cells'), oldest first.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from trienkhai.core import home
from trienkhai.core.access import Action, role_paths
from trienkhai.core.querysets import STEPLEN, ancestor_paths
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.units.models import Person, Unit

from .access import GRADE
from .models import LearningReport, StudySession

UNITS = 5
#: Sessions read at most to find those that ended unrecorded (a clerk has a handful).
SCAN = 200
#: A session that started this many days ago and is still not marked held is late.
RECORD_WITHIN_DAYS = 3


def _when(session: StudySession) -> str:
    return date_format(timezone.localtime(session.starts_at), "SHORT_DATETIME_FORMAT")


@home.card(order=5)
def my_study(user: Any, today: datetime.date) -> home.Card | None:
    person = Person.objects.current().select_related("unit").filter(user=user).first()
    if person is None:
        return None
    items: list[home.Item] = []
    reports = list(
        LearningReport.objects.filter(person=person)
        .select_related("plan")
        .order_by("-submitted_at")[:50]
    )
    written: set[int] = set()
    for report in reports:
        written.add(report.plan_id)
        written.update(p for p in (report.plan.parent_id,) if p)
        url = reverse("study:my-report", args=[report.plan_id])
        if report.status == LearningReport.Status.RETURNED:
            items.append(
                home.Item(
                    text=gettext("Your learning report on %(plan)s was sent back: rewrite it")
                    % {"plan": report.plan.number},
                    url=url,
                    urgency=home.Urgency.LATE,
                    note=report.comment[:120],
                )
            )
        elif (
            report.status == LearningReport.Status.GRADED
            and report.reviewed_at
            and (timezone.localdate(report.reviewed_at) >= today - datetime.timedelta(days=30))
        ):
            items.append(
                home.Item(
                    text=gettext("Your learning report on %(plan)s was graded: %(grade)s")
                    % {"plan": report.plan.number, "grade": report.get_grade_display()},
                    url=url,
                    urgency=home.Urgency.INFO,
                )
            )
    owed = (
        Obligation.objects.filter(
            requirement__kind=Requirement.Kind.LEARNING_REPORTS,
            unit__path__in=ancestor_paths(person.unit.path, include_self=True),
            cancelled=False,
            plan__status=Plan.Status.ISSUED,
        )
        .select_related("plan")
        .order_by("due_on")
    )
    first: dict[int, Obligation] = {}
    for obligation in owed[:20]:
        if obligation.plan_id not in written:
            first.setdefault(obligation.plan_id, obligation)
    # One report under the plan carrying another out answers both: ask for it once, under
    # the plan closest to the member.
    carried = {o.plan.parent_id for o in first.values() if o.plan.parent_id in first}
    for obligation in first.values():
        plan = obligation.plan
        if plan.pk in carried:
            continue
        urgency, note = home.days_note(obligation.due_on, today)
        items.append(
            home.Item(
                text=gettext("Write your learning report on %(plan)s") % {"plan": plan.number},
                url=reverse("study:my-report", args=[plan.pk]),
                urgency=urgency,
                note=note,
            )
        )
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    sessions = (
        StudySession.objects.for_unit(person.unit)
        .filter(status=StudySession.Status.SCHEDULED, starts_at__gte=start_of_today)
        .select_related("unit")
        .order_by("starts_at")[:3]
    )
    for session in sessions:
        days = (timezone.localdate(session.starts_at) - today).days
        items.append(
            home.Item(
                text=session.title,
                url=session.get_absolute_url(),
                urgency=home.Urgency.SOON if days <= 2 else home.Urgency.INFO,
                note=_when(session),
                unit=session.unit.name,
            )
        )
    items.sort(key=lambda item: item.urgency)
    return home.Card(
        key="my-study",
        title=gettext_lazy("My study"),
        items=items[: home.LIMIT + 2],
        more_url=reverse("study:home"),
        more_text=gettext_lazy("All my plans"),
        empty=gettext_lazy("No session or learning report is waiting for you."),
    )


@home.card(order=15)
def sessions_to_record(user: Any, today: datetime.date) -> home.Card | None:
    units = list(Unit.objects.roots_for(user, Action.CHANGE).order_by("sort_key")[:UNITS])
    if not units:
        return None
    within = Q()
    for unit in units:
        within |= Q(unit__path__prefix=unit.path)
    now = timezone.now()
    started = (
        StudySession.objects.for_user(user, Action.CHANGE)
        .filter(within, status=StudySession.Status.SCHEDULED, starts_at__lt=now)
        .select_related("unit", "plan")
        .order_by("starts_at", "id")
    )
    # Ended (start + duration) and not marked held: a session still going on is not late.
    ended = [s for s in started[:SCAN] if s.ends_at <= now]
    total = len(ended)
    if not total:
        return None
    late = timezone.now() - datetime.timedelta(days=RECORD_WITHIN_DAYS)
    items = [
        home.Item(
            text=session.title,
            url=session.get_absolute_url(),
            urgency=home.Urgency.LATE if session.starts_at < late else home.Urgency.SOON,
            note=_when(session),
            unit=session.unit.name,
        )
        for session in ended[: home.LIMIT]
    ]
    return home.Card(
        key="sessions",
        title=gettext_lazy("Sessions to mark held and record"),
        items=items,
        total=total,
        more_url=reverse("study:unit-sessions", args=[units[0].pk]),
        more_text=gettext_lazy("All sessions"),
    )


@home.card(order=22)
def reports_to_grade(user: Any, today: datetime.date) -> home.Card | None:
    paths = role_paths(user, GRADE)
    if not paths:
        return None
    within = Q()
    for path in paths:  # the role's unit and the level below it: a commune's head grades its
        # cells' reports; the province's administrator is not asked to grade every cell's
        depth = len(path) // STEPLEN
        within |= Q(unit__path__prefix=path, unit__depth__lte=depth + 1)
    rows = (
        LearningReport.objects.for_user(user, Action.VIEW)
        .filter(within, status=LearningReport.Status.SUBMITTED)
        .select_related("person", "plan", "unit")
        .order_by("submitted_at", "id")
    )
    total = rows.count()
    if not total:
        return None
    items = [
        home.Item(
            text=f"{report.person.full_name} — {report.plan.number}",
            url=reverse("study:report-detail", args=[report.pk]),
            urgency=home.Urgency.SOON,
            note=date_format(timezone.localtime(report.submitted_at), "SHORT_DATE_FORMAT"),
            unit=report.unit.name,
        )
        for report in rows[: home.LIMIT]
    ]
    top = Unit.objects.filter(path__in=paths).order_by("path").first()
    more = None
    if top is not None:
        more = f"{reverse('study:unit-reports', args=[top.pk])}?{urlencode({'show': 'ungraded'})}"
    return home.Card(
        key="grade",
        title=gettext_lazy("Learning reports to grade"),
        items=items,
        total=total,
        more_url=more,
        more_text=gettext_lazy("All reports to grade"),
    )
