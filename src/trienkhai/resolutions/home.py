"""What the plans ask of this person, on the home page (``core.home``).

- **What your unit owes**: for each unit the user changes (a clerk's or head's unit), its
  obligations overdue or due within ``SOON_DAYS``, most urgent first;
- **Overdue below you**: per plan, how many obligations the units under the user's units have
  let pass their deadline, each opening the plan's obligations, overdue, under that unit.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext

from trienkhai.core import home, numbers
from trienkhai.core.access import Action
from trienkhai.units.models import Unit

from .models import Obligation, ObligationStatus, Plan

#: An obligation shows on its unit's home this many days before its deadline.
SOON_DAYS = 14
#: Role units a card lists at most (a clerk holds one or two).
UNITS = 5


def _units(user: Any) -> list[Unit]:
    return list(Unit.objects.roots_for(user, Action.CHANGE).order_by("sort_key")[:UNITS])


@home.card(order=10)
def owed(user: Any, today: datetime.date) -> home.Card | None:
    units = _units(user)
    if not units:
        return None
    soon = today + datetime.timedelta(days=SOON_DAYS)
    rows = (
        Obligation.objects.filter(unit__in=units, cancelled=False, plan__status=Plan.Status.ISSUED)
        .with_status(today)
        .filter(
            Q(status=ObligationStatus.OVERDUE)
            | Q(status=ObligationStatus.PENDING, due_on__lte=soon)
        )
        .select_related("unit", "plan", "requirement")
        .order_by("due_on", "id")
    )
    total = rows.count()
    items = []
    for obligation in rows[: home.LIMIT]:
        urgency, note = home.days_note(obligation.due_on, today)
        items.append(
            home.Item(
                text=f"{obligation.requirement.title} — {obligation.plan.number}",
                url=reverse("resolutions:obligation-detail", args=[obligation.pk]),
                urgency=urgency,
                note=note,
                unit=obligation.unit.name if len(units) > 1 else "",
            )
        )
    return home.Card(
        key="owed",
        title=gettext_lazy("What your unit owes"),
        items=items,
        total=total,
        more_url=reverse("resolutions:inbox", args=[units[0].pk]),
        more_text=gettext_lazy("Everything your unit owes"),
        empty=gettext_lazy("Nothing is due in the next two weeks."),
    )


@home.card(order=40)
def overdue_below(user: Any, today: datetime.date) -> home.Card | None:
    units = list(Unit.objects.roots_for(user, Action.VIEW).order_by("sort_key")[:UNITS])
    if not units:
        return None
    counts: dict[tuple[int, int], int] = {}
    for unit in units:  # one GROUP BY a role unit, on the plain columns of "overdue"
        rows = (
            Obligation.objects.filter(
                cancelled=False, due_on__lt=today, plan__status=Plan.Status.ISSUED
            )
            .filter(Q(fulfilled_on__isnull=True) | Q(fulfilled_on__gt=today))
            .exclude(unit__active_to__isnull=False, unit__active_to__lte=today)
            .within(unit)
            .filter(unit__depth__gt=unit.depth)
            .values("plan")
            .annotate(n=Count("id"))
            .order_by("-n")[: home.LIMIT]
        )
        for row in rows:
            counts[(unit.pk, row["plan"])] = row["n"]
    if not counts:
        return None
    plans = Plan.objects.in_bulk({plan for _unit, plan in counts})
    by_pk = {unit.pk: unit for unit in units}
    items = []
    for (unit_pk, plan_pk), n in sorted(counts.items(), key=lambda kv: -kv[1])[: home.LIMIT]:
        plan, unit = plans[plan_pk], by_pk[unit_pk]
        query = urlencode({"unit": unit.pk, "status": ObligationStatus.OVERDUE})
        items.append(
            home.Item(
                text=ngettext(
                    "%(n)s obligation overdue under %(unit)s",
                    "%(n)s obligations overdue under %(unit)s",
                    n,
                )
                % {"n": numbers.number(n), "unit": unit.name},
                url=f"{reverse('resolutions:obligation-list', args=[plan.pk])}?{query}",
                urgency=home.Urgency.LATE,
                note=f"{plan.number}",
            )
        )
    return home.Card(key="overdue-below", title=gettext_lazy("Overdue below you"), items=items)
