"""Small display helpers of the plan screens: honest rates, unit kinds and levels, statuses."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trienkhai.core import numbers
from trienkhai.units.models import Unit

from ..models import ObligationStatus

register = template.Library()

#: The badge colour of each status (classes of app.css).
STATUS_CLASS: dict[str, str] = {
    ObligationStatus.PENDING: "info",
    ObligationStatus.ON_TIME: "ok",
    ObligationStatus.LATE: "warn",
    ObligationStatus.OVERDUE: "bad",
    ObligationStatus.CLOSED: "",
    ObligationStatus.CANCELLED: "",
}


def _n(value: float | Decimal, decimals: int = 0) -> str:
    return number_format(value, decimals, use_l10n=True, force_grouping=True)


@register.filter
def ratio(numerator: int | None, denominator: int | None) -> str:
    """``3/4 (75,0%)``; ``0/0`` when nothing is owed (no rate to give): ``core.numbers``."""
    return numbers.ratio_text(numerator, denominator)


@register.filter
def kinds(values: list[str] | None) -> str:
    labels = dict(Unit.Kind.choices)
    return ", ".join(str(labels.get(v, v)) for v in values or ())


@register.filter
def levels(values: list[str] | None) -> str:
    if not values:
        return _("every level")
    labels = dict(Unit.Level.choices)
    return ", ".join(str(labels.get(v, v)) for v in values)


@register.filter
def status_label(status: str) -> str:
    return str(dict(ObligationStatus.choices).get(status, status))


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "")


@register.filter
def days_from(day: datetime.date | None, today: datetime.date | None) -> int | None:
    """Days from ``today`` to ``day`` (negative: days past)."""
    if day is None or today is None:
        return None
    return (day - today).days
