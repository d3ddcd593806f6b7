"""What the action programs ask of this person, on the home page (``core.home``).

- **Waiting for your approval**: programs in discussion on a unit the user heads (a head's
  role on the unit itself) or for which the head named them deputy;
- **Marked as mostly copied**: programs of the units the user heads that the copy check
  flagged — the banner on the program says the head is told, and this is where;
- **Progress to report**: the tasks the user's units lead themselves in adopted programs that
  have no report for the current period yet, with the days left in the period.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from trienkhai.core import home, numbers
from trienkhai.core.access import Action, role_paths
from trienkhai.units.models import Unit

from .models import ActionProgram, ProgressUpdate, Task
from .periods import period_bounds

S = ActionProgram.Status
UNITS = 5


def _headed(user: Any) -> Q | None:
    """The programs of the units the user heads themselves (approve held on the unit)."""
    paths = role_paths(user, Action.APPROVE)
    return Q(unit__path__in=paths) if paths else None


@home.card(order=20)
def approvals(user: Any, today: datetime.date) -> home.Card | None:
    headed = _headed(user)
    mine = Q(deputy=user) if headed is None else headed | Q(deputy=user)
    rows = (
        ActionProgram.objects.for_user(user, Action.VIEW)
        .filter(mine, status=S.DISCUSSION)
        .select_related("unit", "plan")
        .order_by("unit__sort_key", "id")
    )
    total = rows.count()
    if not total and headed is None:
        return None
    items = [
        home.Item(
            text=str(program),
            url=reverse("programs:program-detail", args=[program.pk]),
            urgency=home.Urgency.SOON,
            unit=program.unit.name,
            note=program.plan.number,
        )
        for program in rows[: home.LIMIT]
    ]
    return home.Card(
        key="approvals",
        title=gettext_lazy("Waiting for your approval"),
        items=items,
        total=total,
        more_url=f"{reverse('programs:program-list')}?{urlencode({'status': S.DISCUSSION})}",
        more_text=gettext_lazy("All programs in discussion"),
        empty=gettext_lazy("No program is waiting for your approval."),
    )


@home.card(order=30)
def copied(user: Any, today: datetime.date) -> home.Card | None:
    headed = _headed(user)
    if headed is None:
        return None
    rows = (
        ActionProgram.objects.for_user(user, Action.VIEW)
        .filter(headed, copy_flagged=True)
        .exclude(status=S.CLOSED)
        .select_related("unit", "plan")
        .order_by("unit__sort_key", "id")
    )
    total = rows.count()
    if not total:
        return None
    items = [
        home.Item(
            text=str(program),
            url=reverse("programs:program-detail", args=[program.pk]),
            urgency=home.Urgency.SOON,
            unit=program.unit.name,
            note=gettext("%(share)s own") % {"share": numbers.share_text(program.own_share, 1)},
        )
        for program in rows[: home.LIMIT]
    ]
    return home.Card(
        key="copied",
        title=gettext_lazy("Marked as mostly copied"),
        items=items,
        total=total,
        more_url=f"{reverse('programs:program-list')}?copied=on",
        more_text=gettext_lazy("All flagged programs"),
    )


@home.card(order=25)
def progress_due(user: Any, today: datetime.date) -> home.Card | None:
    units = list(Unit.objects.roots_for(user, Action.CHANGE).order_by("sort_key")[:UNITS])
    if not units:
        return None
    latest = (
        ProgressUpdate.objects.filter(task=OuterRef("pk"))
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    led = Q()
    for unit in units:  # the unit leads it itself (not a unit below)
        led |= Q(lead_unit=unit) | Q(lead_unit__isnull=True, program__unit=unit)
    tasks = (
        Task.objects.for_user(user, Action.VIEW)
        .filter(led, program__version__gt=0)
        .exclude(program__status=S.CLOSED)
        .annotate(latest_period=Subquery(latest))
        .select_related("program", "program__unit", "lead_unit")
        .order_by("program_id", "order", "id")
    )
    due = []
    for task in tasks[:500]:  # a unit leads tens of tasks; the bound keeps a home page cheap
        start, end = period_bounds(today, task.program.reporting_period)
        if task.latest_period is None or task.latest_period < start:
            due.append((end, task))
    if not due:
        return None
    due.sort(key=lambda pair: (pair[0], pair[1].program_id, pair[1].order))
    items = []
    for end, task in due[: home.LIMIT]:
        urgency, note = home.days_note(end, today)
        items.append(
            home.Item(
                text=f"{task.order}. {task.title}",
                url=reverse("programs:progress-report", args=[task.pk]),
                urgency=min(urgency, home.Urgency.SOON),
                note=note,
                unit=(task.lead_unit or task.program.unit).name,
            )
        )
    return home.Card(
        key="progress",
        title=gettext_lazy("Progress to report this period"),
        items=items,
        total=len(due),
        more_url=f"{reverse('programs:progress-inbox')}?{urlencode({'unit': units[0].pk})}",
        more_text=gettext_lazy("All tasks to report"),
    )
