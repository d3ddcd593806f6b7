"""Numbers as people read them: one rounding, one way of writing a share, everywhere.

The same fact must read the same on every screen, document and export (issue 12): the plan page
once truncated 14/19 to 73,6 % while the dashboard rounded it to 73,7 %, and float formatting
rounded 0,25 to even here and up there. Every share the product prints goes through this
module:

- a share is ``100 * numerator / denominator`` computed exactly (``Decimal`` from the integers,
  or from a float's shortest repr) and rounded **half up** to one decimal: 14/19 → 73,7;
  171/174 → 98,3; 1/8 → 12,5;
- it is written with the language's separators (``1.234,5`` in Vietnamese, ``1,234.5`` in
  English), the digits then ``%`` without a space (``73,7%``, as the party's documents
  write it), and ``—`` where there is no denominator;
- a distribution (the parts of a whole) is rounded by the largest remainder method, so that its
  shares add up to exactly 100;
- a measured value (an indicator's baseline, a reported 4,2) keeps the decimals it has, up to
  two, never a float's tail (``97,6000000000000``).

Official documents are Vietnamese whatever the locale (``vietnamese=True``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import get_format
from django.utils.translation import get_language

#: Decimals of a share: 73,7%.
SHARE_DECIMALS = 1
#: What is printed where a share has no denominator (nothing owed, nobody eligible).
NO_SHARE = "—"

Number = int | float | Decimal

_VIETNAMESE = str.maketrans({",": ".", ".": ","})
_TABLES: dict[str, dict[int, str]] = {}


def as_decimal(value: Number) -> Decimal:
    """The exact decimal a person meant: a float through its shortest repr (``0.1`` → 0,1, not
    0,1000000000000000055…)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def rounded(value: Number, decimals: int = 0) -> Decimal:
    """``value`` rounded half up (away from zero) to ``decimals`` places: 73,65 → 73,7."""
    return as_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(
    numerator: Number, denominator: Number | None, decimals: int = SHARE_DECIMALS
) -> Decimal | None:
    """``100 * numerator / denominator`` rounded half up, or ``None`` without a denominator."""
    if not denominator:
        return None
    try:
        exact = 100 * as_decimal(numerator) / as_decimal(denominator)
    except (InvalidOperation, ZeroDivisionError):
        return None
    return rounded(exact, decimals)


def _table(vietnamese: bool) -> dict[int, str]:
    if vietnamese:
        return _VIETNAMESE
    language = get_language() or ""
    table = _TABLES.get(language)
    if table is None:
        table = _TABLES[language] = str.maketrans(
            {",": get_format("THOUSAND_SEPARATOR"), ".": get_format("DECIMAL_SEPARATOR")}
        )
    return table


def number(value: Number | None, decimals: int = 0, *, vietnamese: bool = False) -> str:
    """``1234.56`` → ``1.234,6`` (Vietnamese) with exactly ``decimals`` places, rounded half
    up; ``None`` → ``—``."""
    if value is None:
        return NO_SHARE
    return f"{rounded(value, decimals):,.{decimals}f}".translate(_table(vietnamese))


def measure(value: Number | None, most: int = 2, *, vietnamese: bool = False) -> str:
    """A measured value with the decimals it has, up to ``most``: 4,2 · 75 · 1.234,56;
    ``None`` → ``—``. Never a float's binary tail."""
    if value is None:
        return NO_SHARE
    exact = rounded(value, most).normalize()
    places = max(0, -exact.as_tuple().exponent)  # type: ignore[operator]
    return number(exact, places, vietnamese=vietnamese)


def share_text(
    numerator: Number,
    denominator: Number | None,
    decimals: int = SHARE_DECIMALS,
    *,
    vietnamese: bool = False,
) -> str:
    """``73,7%``, or ``—`` without a denominator."""
    value = percent(numerator, denominator, decimals)
    if value is None:
        return NO_SHARE
    return number(value, decimals, vietnamese=vietnamese) + "%"


def ratio_text(
    numerator: Number | None, denominator: Number | None, *, vietnamese: bool = False
) -> str:
    """``14/19 (73,7%)``; ``0/0`` when nothing is owed (no share to give)."""
    numerator = numerator or 0
    top = measure(numerator, vietnamese=vietnamese)
    if not denominator:
        return f"{top}/0"
    bottom = measure(denominator, vietnamese=vietnamese)
    return f"{top}/{bottom} ({share_text(numerator, denominator, vietnamese=vietnamese)})"


def largest_remainder(counts: Sequence[Number], decimals: int = SHARE_DECIMALS) -> list[Decimal]:
    """The shares of a distribution, rounded so that they add up to exactly 100 (the largest
    remainder method): 1, 1, 1 → 33,4 · 33,3 · 33,3. All zeros → zeros."""
    total = sum(as_decimal(c) for c in counts)
    if not total:
        return [Decimal(0).quantize(Decimal(1).scaleb(-decimals)) for _ in counts]
    unit = Decimal(1).scaleb(-decimals)
    exact = [100 * as_decimal(c) / total for c in counts]
    floors = [(e / unit).to_integral_value(rounding="ROUND_FLOOR") * unit for e in exact]
    missing = int(((100 - sum(floors)) / unit).to_integral_value(rounding=ROUND_HALF_UP))
    # The parts that lost most to the floor get the missing units; ties go to the larger part,
    # then to the earlier one, so that the result does not depend on the order of equal parts.
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - floors[i]), -exact[i], i))
    for i in order[:missing]:
        floors[i] += unit
    return [f.quantize(unit) for f in floors]


def attainment_formula(
    value: Number | None,
    baseline: Number | None,
    target: Number | None,
    *,
    vietnamese: bool = False,
) -> str:
    """The attainment of an indicator worked out with its figures, to be shown beside it:
    ``(75 − 58) / (100 − 58) = 40,5%`` (reached − baseline over target − baseline, kept
    between 0 and 100 %: ``… = −12,5% → 0%``); no baseline counts as 0; nothing reached or
    no target: ``—``."""
    if value is None or target is None:
        return NO_SHARE
    base = as_decimal(baseline) if baseline is not None else Decimal(0)
    value, target = as_decimal(value), as_decimal(target)

    def m(x: Decimal) -> str:
        return measure(x, vietnamese=vietnamese)

    head = f"({m(value)} − {m(base)}) / ({m(target)} − {m(base)})"
    if target == base:
        return f"{head}: {'100%' if value == target else '0%'}"
    exact = percent(value - base, target - base)
    assert exact is not None  # target != base
    text = f"{head} = {number(exact, SHARE_DECIMALS, vietnamese=vietnamese)}%"
    if exact > 100:
        return f"{text} → 100%"
    if exact < 0:
        return f"{text} → 0%"
    return text
