"""The attainment of an indicator explained with its own figures (``core.numbers``)."""

from decimal import Decimal

import pytest

from trienkhai.core import numbers


@pytest.mark.parametrize(
    ("value", "baseline", "target", "text"),
    [
        (75, 58, 100, "(75 − 58) / (100 − 58) = 40,5%"),
        (Decimal("4.25"), None, 10, "(4,25 − 0) / (10 − 0) = 42,5%"),
        (120, 58, 100, "(120 − 58) / (100 − 58) = 147,6% → 100%"),
        (50, 58, 100, "(50 − 58) / (100 − 58) = −19,0% → 0%".replace("−19", "-19")),
        (5, 5, 5, "(5 − 5) / (5 − 5): 100%"),
        (None, 58, 100, "—"),
        (75, 58, None, "—"),
    ],
)
def test_the_formula_shows_the_figures_and_the_result(value, baseline, target, text):
    assert numbers.attainment_formula(value, baseline, target, vietnamese=True) == text


def test_the_formula_agrees_with_the_attainment_the_programs_compute():
    from trienkhai.programs.progress import attainment

    share = numbers.share_text(attainment(75, 58, 100), 1, vietnamese=True)
    assert numbers.attainment_formula(75, 58, 100, vietnamese=True).endswith("= " + share)
