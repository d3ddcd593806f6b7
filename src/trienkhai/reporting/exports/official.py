"""Numbers and dates printed the Vietnamese way in official documents: ``1.234,5``,
``97,6%``, ``20/02/2026``, whatever the locale.

The letterhead, the number line, the place-and-date line and the signature block's authority
line are ``trienkhai.resolutions.letterhead``: one module for every document printed.
"""

from __future__ import annotations

import datetime

from trienkhai.core import numbers


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1.234,5``: points group thousands, a comma marks the decimals (rounded
    half up, ``core.numbers``)."""
    return numbers.number(value, decimals, vietnamese=True)


def vn_percent(ratio: float | None, decimals: int = 1) -> str:
    """``0.976`` → ``97,6%``; no denominator → ``—``. Prefer ``core.numbers.share_text`` with
    the numerator and denominator, which rounds the exact share."""
    if ratio is None:
        return numbers.NO_SHARE
    return numbers.share_text(ratio, 1, decimals, vietnamese=True)


def vn_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")
