"""What inspection asks of this person, on the home page (``core.home``).

- **Inspections** (the target unit's clerk or head: ``change``): self-reports to upload,
  recommendations to accept or to carry out, late ones first;
- **Inspections to conduct** (an inspector: ``inspect``): inspections near or past their
  time limit, recommendations reported done to verify, and recommendations overdue in the
  subtree — an overdue recommendation escalates to the levels above the addressee, who see it
  here and on the recommendations list.

Each reads a bounded number of rows (``LIMIT``) whatever the size of the subtree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from trienkhai.core import home
from trienkhai.core.access import may

from .access import CONDUCT, RESPOND
from .models import Inspection, InspectionTarget, Recommendation, State

LIMIT = 6
#: An inspection this many days from its deadline shows as due soon.
SOON_DAYS = 5


def _late_note(due: datetime.date, today: datetime.date) -> tuple[int, str]:
    return home.days_note(due, today)


@home.card(order=40)
def to_respond(user: Any, today: datetime.date) -> home.Card | None:
    if not may(user, RESPOND):
        return None
    items: list[home.Item] = []
    targets = list(
        InspectionTarget.objects.for_user(user, RESPOND)
        .filter(
            self_report="",
            inspection__state__in=(State.SELF_REPORT, State.FINDINGS),
            inspection__kind__in=("inspection", "thematic"),
        )
        .select_related("inspection", "unit")
        .order_by("inspection__started_on")[:LIMIT]
    )
    for target in targets:
        items.append(
            home.Item(
                text=gettext("Upload the self-report for: %(title)s")
                % {"title": target.inspection.title},
                url=reverse("inspections:self-report", args=[target.pk]),
                urgency=home.Urgency.SOON,
                unit=target.unit.name,
            )
        )
    S = Recommendation.State
    recs = Recommendation.objects.for_user(user, RESPOND).filter(state__in=(S.OPEN, S.ACCEPTED))
    total = recs.count()
    for rec in recs.select_related("unit").order_by("due_on")[:LIMIT]:
        urgency, note = _late_note(rec.due_on, today)
        text = (
            gettext("Accept the recommendation: %(text)s")
            if rec.state == S.OPEN
            else gettext("Carry out the recommendation: %(text)s")
        )
        items.append(
            home.Item(
                text=text % {"text": rec.text[:100]},
                url=rec.get_absolute_url(),
                urgency=urgency,
                note=note,
                unit=rec.unit.name,
            )
        )
    if not items:
        return None
    return home.Card(
        key="inspections-respond",
        title=gettext_lazy("Inspections of my units"),
        items=items,
        total=len(targets) + total,
        more_url=reverse("inspections:recommendations"),
        more_text=gettext_lazy("All recommendations"),
    )


@home.card(order=41)
def to_conduct(user: Any, today: datetime.date) -> home.Card | None:
    if not may(user, CONDUCT):
        return None
    items: list[home.Item] = []
    running = list(
        Inspection.objects.for_user(user, CONDUCT)
        .filter(state__in=(State.SELF_REPORT, State.FINDINGS, State.DRAFT_CONCLUSION))
        .exclude(kind="regular")
        .select_related("unit")
        .order_by("started_on")[: LIMIT * 3]
    )
    for inspection in running:
        deadline = inspection.deadline
        if deadline is None or (deadline - today).days > SOON_DAYS:
            continue
        urgency, note = _late_note(deadline, today)
        items.append(
            home.Item(
                text=gettext("Conclude within the time limit: %(title)s")
                % {"title": inspection.title},
                url=inspection.get_absolute_url(),
                urgency=urgency,
                note=note,
                unit=inspection.unit.name,
            )
        )
    S = Recommendation.State
    to_verify = list(
        Recommendation.objects.for_user(user, CONDUCT)
        .filter(state=S.REPORTED)
        .select_related("unit")
        .order_by("reported_on")[:LIMIT]
    )
    for rec in to_verify:
        items.append(
            home.Item(
                text=gettext("Verify what was done: %(text)s") % {"text": rec.text[:100]},
                url=rec.get_absolute_url(),
                urgency=home.Urgency.TODO,
                unit=rec.unit.name,
            )
        )
    overdue = Recommendation.objects.for_user(user).filter(
        state__in=(S.OPEN, S.ACCEPTED), due_on__lt=today
    )
    n_overdue = overdue.count()
    overdue_rows = list(overdue.select_related("unit").order_by("due_on")[:LIMIT])
    for rec in overdue_rows:
        urgency, note = _late_note(rec.due_on, today)
        items.append(
            home.Item(
                text=gettext("Recommendation overdue: %(text)s") % {"text": rec.text[:100]},
                url=rec.get_absolute_url(),
                urgency=urgency,
                note=note,
                unit=rec.unit.name,
            )
        )
    if not items:
        return None
    return home.Card(
        key="inspections-conduct",
        title=gettext_lazy("Inspections to conduct"),
        items=items,
        total=len(items) - len(overdue_rows) + n_overdue,
        more_url=reverse("inspections:recommendations") + "?standing=overdue",
        more_text=gettext_lazy("Overdue recommendations"),
    )
