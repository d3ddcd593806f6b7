"""Obligations, per requirement kind and for all kinds together."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from trienkhai.resolutions.models import Requirement

from ..numbers import Value
from .base import ALL, COUNT, HIGH, LOW, OBLIGATIONS, PERCENT, _add

# --- obligations, per requirement kind and for all kinds ---------------------------------------

OWED_TEXT = _(
    "obligations on units of the subtree, not counting units closed before the deadline or "
    "requirements withdrawn"
)
MEASURES = [
    # measure, label, numerator text, which way is better
    ("done", _("done"), _("obligations with evidence dated on or before the date"), HIGH),
    ("on_time", _("done on time"), _("obligations done on or before their deadline"), HIGH),
    ("late", _("done late"), _("obligations done after their deadline"), LOW),
    ("overdue", _("overdue"), _("obligations past their deadline and not done"), LOW),
    ("pending", _("pending"), _("obligations not done, deadline not passed"), LOW),
]


def _share(tally, measure: str) -> Value:
    return Value(getattr(tally, measure), tally.owed)


def _obligation_indicators(kind: str, kind_label) -> None:
    requires = () if kind == ALL else (kind,)
    tally_kind = None if kind == ALL else kind
    _add(
        f"obligations.{kind}.owed",
        format_lazy(_("{kind}: owed"), kind=kind_label),
        OBLIGATIONS,
        OWED_TEXT,
        None,
        COUNT,
        lambda n, k=tally_kind: Value(n.tally(k).owed),
        ("reporting", {"what": "obligations", "kind": kind, "status": "owed"}),
        requires=requires,
    )
    for measure, label, text, better in MEASURES:
        _add(
            f"obligations.{kind}.{measure}",
            format_lazy("{kind}: {measure}", kind=kind_label, measure=label),
            OBLIGATIONS,
            text,
            OWED_TEXT,
            PERCENT,
            lambda n, k=tally_kind, m=measure: _share(n.tally(k), m),
            ("reporting", {"what": "obligations", "kind": kind, "status": measure}),
            better,
            requires,
        )


for _kind, _label in Requirement.Kind.choices:
    _obligation_indicators(_kind, _label)
_obligation_indicators(ALL, _("All requirements"))
