"""Numbers typed by people, read in one place.

People write decimals with a comma (``72,5``), sometimes with a point; a form must never fail
with a server error on what they type, however odd (``²``, ``1e999``, ``NaN``).
"""

from __future__ import annotations

import decimal

from django.utils.translation import gettext as _

#: Larger figures are typing mistakes, and would overflow the decimal columns.
LIMIT = 10**12


def parse_decimal(value: object, errors: dict[str, str], key: str) -> decimal.Decimal | None:
    """``value`` as a finite Decimal (``None`` when empty); on nonsense, a message under
    ``errors[key]`` and ``None``."""
    if value in (None, ""):
        return None
    try:
        number = decimal.Decimal(str(value).strip().replace(",", "."))
    except decimal.InvalidOperation:
        errors[key] = _("Enter a number.")
        return None
    if not number.is_finite() or abs(number) >= LIMIT:
        errors[key] = _("Enter a number.")
        return None
    return number
