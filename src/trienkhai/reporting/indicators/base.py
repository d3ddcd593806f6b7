"""The indicator's shape and the catalogue every section adds to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..numbers import Numbers, Value

COUNT, PERCENT = "count", "percent"
OBLIGATIONS, STUDY, PROGRAMS, FLAGS = "obligations", "study", "programs", "flags"
INSPECTIONS = "inspections"
OUTREACH = "outreach"
GROUPS = {
    OBLIGATIONS: _("Obligations"),
    STUDY: _("Study"),
    PROGRAMS: _("Action programs"),
    INSPECTIONS: _("Inspection and supervision"),
    OUTREACH: _("Dissemination"),
    FLAGS: _("Data warnings"),
}
HIGH, LOW = "high", "low"  # which way is better: ranking order and the colour of laggards
STUDY_KINDS = ("study_session", "attendance", "learning_reports")
ALL = "all"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Promise
    group: str
    numerator: Promise  # what is counted
    denominator: Promise | None  # what it is counted against (None: a plain count)
    format: str  # COUNT or PERCENT
    get: Callable[[Numbers], Value] = field(repr=False, compare=False)
    rows: tuple[str, dict] | None = None
    better: str = HIGH
    #: The requirement kinds of which the plan must have one for the indicator to apply
    #: (empty: it always applies).
    requires: tuple[str, ...] = ()

    def value(self, numbers: Numbers) -> Value:
        return self.get(numbers)


CATALOGUE: dict[str, Indicator] = {}


def _add(key, label, group, numerator, denominator, fmt, get, rows=None, better=HIGH, requires=()):
    CATALOGUE[key] = Indicator(
        key, label, group, numerator, denominator, fmt, get, rows, better, requires
    )
