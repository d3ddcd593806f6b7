"""What the plans and obligations notify (``trienkhai.notifications.kinds``): a plan issued to
a unit, and the reminders of what a unit owes — due in 7 days and in 1, then overdue, weekly,
with the unit above told the first week."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Role
from trienkhai.notifications import kinds
from trienkhai.notifications.kinds import Notice, Ref, UnitRef

from .models import Obligation, Plan

ACTORS = (Role.CLERK, Role.HEAD)
#: Overdue obligations are reminded weekly for this long, then left to the dashboards.
OVERDUE_WEEKS = 26

PLAN_ISSUED = kinds.declare(
    "plan_issued",
    title=_("A plan issued to my unit"),
    text=_("Plan %(plan)s was issued: %(unit)s must carry it out."),
    model="resolutions.Plan",
    mandatory_for={Role.HEAD},
)
OBLIGATION_DUE = kinds.declare(
    "obligation_due",
    title=_("A deadline of my unit is near (7 days, 1 day)"),
    text=_("%(unit)s: %(requirement)s (plan %(plan)s) is due on %(due)s."),
    model="resolutions.Obligation",
    done_field="fulfilled_on",
)
OBLIGATION_OVERDUE = kinds.declare(
    "obligation_overdue",
    title=_("A deadline has passed (then weekly)"),
    text=_("%(unit)s: %(requirement)s (plan %(plan)s) was due on %(due)s and is not done."),
    model="resolutions.Obligation",
    mandatory_for={Role.HEAD},
    done_field="fulfilled_on",
)


def plan_issued(plan: Plan, *, actor: Any = None) -> int:
    """The clerks and heads of every unit that owes the plan something are told (one notice
    per unit, in bulk: a province plan reaches ~10,000 units)."""
    from trienkhai.notifications.services import send

    units = (
        Obligation.objects.filter(plan=plan, cancelled=False)
        .values_list("unit_id", "unit__path", "unit__name")
        .distinct()
        .order_by("unit__path")
    )
    url = plan.get_absolute_url()
    notices = (
        Notice(
            PLAN_ISSUED,
            target=plan,
            unit=UnitRef(unit_id, path),
            url=url,
            params={"plan": plan.number, "unit": name},
            roles=ACTORS,
            actor_id=getattr(actor, "pk", None),
        )
        for unit_id, path, name in units.iterator(chunk_size=2000)
    )
    return send(notices)


#: What a reminder reads of an obligation: no model instances (a province's day reads ~50,000).
FIELDS = (
    "pk",
    "due_on",
    "unit_id",
    "unit__path",
    "unit__name",
    "requirement__title",
    "plan__number",
)


DETAIL = "resolutions:obligation-detail"


def _open(day: datetime.date) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(cancelled=False, fulfilled_on__isnull=True)
        .filter(Q(unit__active_to__isnull=True) | Q(unit__active_to__gte=day))
        .order_by("id")
    )


def _notice(
    kind: kinds.Kind,
    row: tuple[Any, ...],
    occasion: str,
    url: Callable[[Any], str],
    above: tuple[str, ...] = (),
) -> Notice:
    pk, due_on, unit_id, path, unit_name, requirement, plan = row
    return Notice(
        kind,
        target=Ref(pk),
        unit=UnitRef(unit_id, path),
        url=url(pk),
        params={
            "unit": unit_name,
            "requirement": requirement,
            "plan": plan,
            "due": f"{due_on:%d/%m/%Y}",
        },
        occasion=f"{occasion}:{due_on.isoformat()}",
        roles=ACTORS,
        above=above,
    )


@kinds.scanner
def obligations_due(day: datetime.date) -> Iterator[Notice]:
    """Due within 7 days ("7d"), then within 1 ("1d"): a missed day is caught up, and the
    deadline is in the occasion (a moved deadline is reminded again)."""
    rows = _open(day).filter(due_on__gte=day, due_on__lte=day + datetime.timedelta(days=7))
    url = kinds.url_of(DETAIL)
    for row in rows.values_list(*FIELDS).iterator(chunk_size=2000):
        left = (row[1] - day).days
        yield _notice(OBLIGATION_DUE, row, "1d" if left <= 1 else "7d", url)


@kinds.scanner
def obligations_overdue(day: datetime.date) -> Iterator[Notice]:
    """Overdue: once a week (the week's number is the occasion), the head of the unit above
    told in the first week."""
    since = day - datetime.timedelta(weeks=OVERDUE_WEEKS)
    rows = _open(day).filter(due_on__lt=day, due_on__gte=since)
    url = kinds.url_of(DETAIL)
    for row in rows.values_list(*FIELDS).iterator(chunk_size=2000):
        week = ((day - row[1]).days - 1) // 7
        above = (Role.HEAD,) if week == 0 else ()
        yield _notice(OBLIGATION_OVERDUE, row, f"late{week}", url, above)
