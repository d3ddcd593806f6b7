"""Values no one means to type, refused with a reason wherever they enter (issue 14).

The services call these (forms, the command line and any future import all go through the
services), so the rule is stated once:

- a date of the Party's work lies between the founding of the Party (03/02/1930) and
  ``YEARS_AHEAD`` years from today: ``01/01/1900`` and ``2100`` are typing slips, while a
  resolution's vision to 2045 or 2050 stays possible;
- a measure that counts or rates (a percentage, a number of people, of sessions) is not negative;
- a resolution number of the Central Committee (``44-NQ/TW``, ``01-CT/TW``, ``…/VPTW``) is
  registered at the top of the tree, where the plans carrying it out start, or by a central
  unit — never again by a province below it or a commune.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

#: The Communist Party of Vietnam was founded on 3 February 1930: no party document, unit,
#: session or deadline is older.
PARTY_FOUNDED = datetime.date(1930, 2, 3)
#: How far ahead a date may lie: resolutions set visions to 2045 and 2050.
YEARS_AHEAD = 30
#: The longest summary of a document or program (a few pages) and key point (a paragraph):
#: the models' validators and the forms' ``max_length``; titles and names are CharFields.
SUMMARY_MAX = 10_000
KEY_POINT_MAX = 2_000


def latest_date(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def date_problem(value: datetime.date | datetime.datetime | None) -> str | None:
    """Why ``value`` is not a plausible date of the Party's work, or None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if value < PARTY_FOUNDED:
        return _("%(date)s is before the Party was founded (03/02/1930): check the year.") % {
            "date": _d(value)
        }
    latest = latest_date()
    if value > latest:
        return _(
            "%(date)s is more than %(years)s years ahead (after %(latest)s): check the year."
        ) % {"date": _d(value), "years": YEARS_AHEAD, "latest": _d(latest)}
    return None


def date_errors(**dates: datetime.date | datetime.datetime | None) -> dict[str, list[str]]:
    """``{field: [message]}`` for each implausible date given by field name."""
    return {field: [problem] for field, value in dates.items() if (problem := date_problem(value))}


def negative_problem(value: Decimal | int | float | None) -> str | None:
    if value is not None and value < 0:
        return _("This value cannot be negative.")
    return None


def is_central_number(number: str) -> bool:
    """``44-NQ/TW``, ``01-CT/TW``, ``36-HD/VPTW``: issued by the Central Committee or its
    offices (the issuer after the slash ends with ``TW``, trung ương)."""
    issuer = number.rpartition("/")[2]
    return issuer.endswith("TW")
