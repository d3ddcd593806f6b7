"""Reporting periods: progress is reported per quarter by default (or month, half-year).

A period is identified by its first day; its last day follows from the program's choice.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trienkhai.core import textvi

MONTHS = {"month": 1, "quarter": 3, "half_year": 6}


def period_bounds(
    day: datetime.date, period: str = "quarter"
) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period that contains ``day``."""
    months = MONTHS[period]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return start, add_months(start, months) - datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def quarter_label(quarter: int, year: int) -> str:
    """``Quý II/2026`` as Vietnamese documents write it (``Q2/2026`` in English)."""
    if _vietnamese():
        return f"Quý {ROMAN[quarter]}/{year}"
    return f"Q{quarter}/{year}"


def period_label(start: datetime.date, period: str = "quarter") -> str:
    """``Quý II/2026``, ``6 tháng đầu năm 2026`` or ``03/2026`` (``Q2/2026``, ``H1/2026`` in
    English): how reports name their period."""
    if period == "quarter":
        return quarter_label((start.month - 1) // 3 + 1, start.year)
    if period == "half_year":
        first = start.month <= 6
        if _vietnamese():
            return f"6 tháng {'đầu' if first else 'cuối'} năm {start.year}"
        return f"H{1 if first else 2}/{start.year}"
    return f"{start.month:02d}/{start.year}"


_QUARTER = re.compile(
    r"^\s*(?:Q|QUÝ|QUY)\s*([1-4]|IV|I{1,3})\s*(?:[/\-. ]|\s+NĂM\s+|\s+NAM\s+)\s*(\d{4})\s*$",
    re.IGNORECASE,
)


def parse_quarter(text: str) -> datetime.date | None:
    """The last day of a quarter written ``Q2/2026``, ``Quý 2/2026``, ``Quý II/2026`` or
    ``quý 2 năm 2026``; None if it is not a quarter. Roadmaps are often written by quarter
    rather than by date."""
    match = _QUARTER.match(textvi.normalize(text))  # NFC: "Quý" typed decomposed matches too
    if not match:
        return None
    number = match.group(1).upper()
    quarter = int(number) if number.isdigit() else {v: k for k, v in ROMAN.items()}[number]
    year = int(match.group(2))
    if not 1900 < year < 2200:
        raise ValidationError(_("The year %(year)s is not plausible.") % {"year": year})
    start = datetime.date(year, (quarter - 1) * 3 + 1, 1)
    return add_months(start, 3) - datetime.timedelta(days=1)


def periods_between(
    first: datetime.date, last: datetime.date, period: str = "quarter"
) -> list[datetime.date]:
    """The first days of every period from the one containing ``first`` to ``last``'s."""
    start, _end = period_bounds(first, period)
    out = []
    while start <= last:
        out.append(start)
        start = add_months(start, MONTHS[period])
    return out
