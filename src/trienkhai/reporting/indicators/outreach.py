"""Dissemination and questions (definitions: ``outreach/numbers.py``)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from trienkhai.outreach.models import Channel
from trienkhai.outreach.numbers import median as outreach_median
from trienkhai.resolutions.models import Requirement

from ..numbers import Value
from .base import COUNT, HIGH, LOW, OUTREACH, PERCENT, _add
from .obligations import OWED_TEXT

# --- dissemination and questions (outreach/numbers.py) ---------------------------------------

DISSEMINATION = (Requirement.Kind.DISSEMINATION,)
ACTIVITIES_TEXT = _("dissemination activities of the plan held by the date")
QUESTIONS_TEXT = _(
    "questions asked by the date on the public pages of the plan's resolutions (dismissed "
    "ones left out)"
)


def _outreach(key, label, numerator, denominator, fmt, get, rows, better=HIGH):
    _add(
        f"outreach.{key}",
        label,
        OUTREACH,
        numerator,
        denominator,
        fmt,
        get,
        rows,
        better,
        DISSEMINATION,
    )


def _activities(status: str = "") -> tuple[str, dict]:
    return (
        "reporting",
        {"what": "activities", "status": status} if status else {"what": "activities"},
    )


_outreach(
    "activities",
    _("Dissemination activities"),
    ACTIVITIES_TEXT,
    None,
    COUNT,
    lambda n: Value(n.outreach.activities),
    _activities(),
)
for _channel, _label in Channel.choices:
    _outreach(
        f"channel.{_channel}",
        format_lazy(_("Activities: {channel}"), channel=_label),
        _("activities of this channel held by the date"),
        ACTIVITIES_TEXT,
        PERCENT,
        lambda n, c=_channel: Value(n.outreach.by_channel.get(c, 0), n.outreach.activities),
        _activities(_channel),
    )
_outreach(
    "reach",
    _("People reached"),
    _("sum of the reach the activities report (listeners, readers, views, copies, attendees)"),
    None,
    COUNT,
    lambda n: Value(n.outreach.reach),
    _activities(),
)
_outreach(
    "reach_vs_population",
    _("Reach against the population addressed"),
    _("reach of the activities whose population addressed is known"),
    _("sum of the populations those activities addressed"),
    PERCENT,
    lambda n: Value(n.outreach.reach_known, n.outreach.population),
    _activities("with_population"),
)
_outreach(
    "units_without",
    _("Units with no activity"),
    _("units owing dissemination under the plan with no activity recorded by the date"),
    OWED_TEXT,
    PERCENT,
    lambda n: Value(
        n.tally(Requirement.Kind.DISSEMINATION).pending
        + n.tally(Requirement.Kind.DISSEMINATION).overdue,
        n.tally(Requirement.Kind.DISSEMINATION).owed,
    ),
    ("reporting", {"what": "obligations", "kind": "dissemination", "status": "not_done"}),
    LOW,
)
_outreach(
    "flagged",
    _("Activities flagged"),
    _("activities with a data warning not yet accepted or dismissed"),
    ACTIVITIES_TEXT,
    PERCENT,
    lambda n: Value(n.outreach.flagged, n.outreach.activities),
    _activities("flagged"),
    LOW,
)
_outreach(
    "questions",
    _("Questions asked"),
    QUESTIONS_TEXT,
    None,
    COUNT,
    lambda n: Value(n.outreach.questions),
    ("reporting", {"what": "questions"}),
)
_outreach(
    "answered",
    _("Questions answered"),
    _("questions with an approved answer (or merged with one) by the date"),
    QUESTIONS_TEXT,
    PERCENT,
    lambda n: Value(n.outreach.answered, n.outreach.questions),
    ("reporting", {"what": "questions", "status": "answered"}),
)
_outreach(
    "median_days",
    _("Median days to answer"),
    _("median of the whole days from each answered question to its approved answer"),
    None,
    COUNT,
    lambda n: Value(outreach_median(n.outreach.answer_days) or 0),
    ("reporting", {"what": "questions", "status": "answered"}),
    LOW,
)
_outreach(
    "published",
    _("Answers published"),
    _("answers approved by the head and published by the date"),
    None,
    COUNT,
    lambda n: Value(n.outreach.published),
    ("reporting", {"what": "answers"}),
)
