"""Numbers typed by people, read in one place.

People write decimals with a comma (``72,5``), sometimes with a point; a form must never fail
with a server error on what they type, however odd (``²``, ``1e999``, ``NaN``). Whole numbers
(ids, years) are ASCII digits only: ``"²".isdigit()`` is true and ``int("²")`` raises, and
``int("٣")`` reads Arabic-Indic digits nobody means to type.
"""

from __future__ import annotations

import decimal

from django.utils.translation import gettext as _

#: The largest id a database column holds (a bigger one would overflow the query).
MAX_ID = 2**63 - 1

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


def parse_int(value: object, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """``value`` as an int if it is ASCII digits (surrounding spaces allowed) within
    ``minimum``..``maximum``; else None (``²``, ``-1``, ``1.5``, ``٣``, a 10,000-digit number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        # Twenty digits hold any id: longer text is never parsed (int() of huge strings is slow).
        if not (0 < len(text) <= 20 and text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: object) -> int | None:
    """A database id typed in a query parameter or a form (``#123``'s digits): a positive
    integer of ASCII digits that a column can hold, else None."""
    return parse_int(value, minimum=1)
