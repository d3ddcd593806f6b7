"""The plans a person follows, with their headline figure, on the home page (``core.home``).

For the top unit of each of the user's subtrees (a province official's province, a commune
secretary's commune), the latest issued plans addressed to it — issued by it or by a unit
above — each with the obligations done against those owed in that subtree as of today (one
GROUP BY a plan) and a link to its dashboard for that unit.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from trienkhai.core import home, numbers
from trienkhai.core.access import Action
from trienkhai.core.querysets import ancestor_paths
from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.rollup import Tally, obligations_under
from trienkhai.units.models import Unit

UNITS = 2
PLANS = 4


@home.card(order=50)
def plans_followed(user: Any, today: datetime.date) -> home.Card | None:
    units = list(Unit.objects.roots_for(user, Action.VIEW).order_by("path")[:UNITS])
    if not units:
        return None
    items = []
    for unit in units:
        plans = (
            Plan.objects.for_user(user, Action.VIEW)
            .filter(
                status=Plan.Status.ISSUED,
                unit__path__in=ancestor_paths(unit.path, include_self=True),
            )
            .order_by("-issued_on", "-id")[:PLANS]
        )
        for plan in plans:
            tally = Tally()
            rows = (
                obligations_under(plan, unit, today)  # type: ignore[misc]  # status: with_status
                .values("status")
                .annotate(n=Count("id"))
                .order_by()
            )
            for row in rows:
                tally.add(row["status"], row["n"])
            url = reverse("reporting:dashboard", args=[plan.pk])
            items.append(
                home.Item(
                    text=f"{plan.number} — {plan.title}",
                    url=f"{url}?{urlencode({'unit': unit.pk})}",
                    urgency=home.Urgency.INFO,
                    note=gettext("%(done)s done, %(overdue)s overdue")
                    % {
                        "done": numbers.ratio_text(tally.done, tally.owed),
                        "overdue": numbers.number(tally.overdue),
                    },
                    unit=unit.name if len(units) > 1 else "",
                )
            )
    if not items:
        return None
    return home.Card(
        key="plans",
        title=gettext_lazy("Plans you follow"),
        items=items,
        more_url=reverse("resolutions:plan-list"),
        more_text=gettext_lazy("All plans"),
    )
