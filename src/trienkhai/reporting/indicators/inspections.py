"""Inspection and supervision (definitions: ``inspections/rollup.py``)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from trienkhai.inspections.models import Finding

from ..numbers import Value
from .base import COUNT, HIGH, INSPECTIONS, LOW, PERCENT, _add

# --- inspection and supervision (inspections/rollup.py: the definitions) ------------------------

STARTED_TEXT = _("inspections and thematic supervisions whose decision was signed by the date")
DONE_TEXT = _("inspections and thematic supervisions concluded by the date")
UNITS_TEXT = _("party committees and cells of the subtree")
FINDINGS_TEXT = _("findings of the inspections concluded by the date")
RECS_TEXT = _("recommendations of the conclusions approved by the date")


def _inspections(key, label, numerator, denominator, fmt, get, rows, better=HIGH):
    rows = ("inspections", rows)
    # ``requires``: no requirement kind brings them; they apply when there is something to
    # count (``engine.Rollup.applies``).
    _add(f"inspections.{key}", label, INSPECTIONS, numerator, denominator, fmt, get, rows, better,
         (INSPECTIONS,))  # fmt: skip


_inspections(
    "planned",
    _("Inspections planned"),
    _("inspections and supervisions in the annual programs"),
    None,
    COUNT,
    lambda n: Value(n.inspections.planned),
    {"what": "planned"},
)
_inspections(
    "done",
    _("Inspections concluded"),
    DONE_TEXT,
    STARTED_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.done, n.inspections.started),
    {"what": "done"},
)
_inspections(
    "within_limit",
    _("Concluded within the time limit"),
    _("concluded on or before the time limit of their level (with its extension)"),
    DONE_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.within_limit, n.inspections.done),
    {"what": "within_limit"},
)
_inspections(
    "past_limit",
    _("Inspections past their time limit"),
    _("started, not concluded by the date, the time limit passed"),
    STARTED_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.past_limit, n.inspections.started),
    {"what": "past_limit"},
    LOW,
)
_inspections(
    "supervisions",
    _("Regular supervisions done"),
    _("regular supervisions recorded by the date"),
    None,
    COUNT,
    lambda n: Value(n.inspections.supervisions),
    {"what": "supervisions"},
)
_inspections(
    "units_inspected",
    _("Units inspected"),
    _("party committees and cells targeted by an inspection or supervision concluded by the date"),
    UNITS_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.units_inspected, n.inspections.units),
    {"what": "units_inspected"},
)
_inspections(
    "units_never",
    _("Units never inspected"),
    _("party committees and cells no inspection or supervision of the plan has concluded on"),
    UNITS_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.units - n.inspections.units_inspected, n.inspections.units),
    {"what": "units_never"},
    LOW,
)
for _fk, _fl in Finding.Kind.choices:
    _inspections(
        f"findings.{_fk}",
        format_lazy(_("Findings: {kind}"), kind=_fl),
        format_lazy(_("findings of the kind “{kind}”"), kind=_fl),
        FINDINGS_TEXT,
        PERCENT,
        lambda n, k=_fk: Value(n.inspections.findings_by_kind.get(k, 0), n.inspections.findings),
        {"what": "findings", "kind": _fk},
        HIGH if _fk == Finding.Kind.STRENGTH else LOW,
    )
_inspections(
    "findings.serious",
    _("Serious findings"),
    _("shortcomings and violations judged serious"),
    FINDINGS_TEXT,
    PERCENT,
    lambda n: Value(n.inspections.findings_by_severity.get("serious", 0), n.inspections.findings),
    {"what": "findings", "severity": "serious"},
    LOW,
)
_inspections(
    "recommendations",
    _("Recommendations"),
    RECS_TEXT,
    None,
    COUNT,
    lambda n: Value(n.inspections.recommendations),
    {"what": "recommendations"},
)
for _sk, _sl, _st, _better in (
    ("done_on_time", _("Recommendations done on time"),
     _("closed by the date, reported done by their deadline"), HIGH),
    ("late", _("Recommendations done late"),
     _("closed by the date, reported done after their deadline"), LOW),
    ("overdue", _("Recommendations overdue"),
     _("not closed by the date, their deadline passed"), LOW),
    ("open", _("Recommendations open"), _("not closed by the date, deadline not passed"), LOW),
):  # fmt: skip
    _inspections(
        f"recommendations.{_sk}",
        _sl,
        _st,
        RECS_TEXT,
        PERCENT,
        lambda n, k=_sk: Value(
            n.inspections.recommendations_by.get(k, 0), n.inspections.recommendations
        ),
        {"what": "recommendations", "standing": _sk},
        _better,
    )
