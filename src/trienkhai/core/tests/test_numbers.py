"""One way to round and write a share, everywhere (issue 12)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from trienkhai.core import numbers


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (14, 19, "73,7%"),  # 73,68…: the plan page once truncated it to 73,6
        (171, 174, "98,3%"),  # 98,27…
        (1, 8, "12,5%"),
        (1, 16, "6,3%"),  # 6,25: half up, not to even (6,2)
        (3, 3, "100,0%"),
        (0, 5, "0,0%"),
        (5, 0, "—"),
        (5, None, "—"),
        (24.76, 170, "14,6%"),  # an attainment sum (a float) over measurable tasks
        (1230, 1260, "97,6%"),
    ],
)
def test_a_share_is_rounded_half_up_and_written_the_vietnamese_way(numerator, denominator, text):
    with translation.override("vi"):
        assert numbers.share_text(numerator, denominator) == text
    assert numbers.share_text(numerator, denominator, vietnamese=True) == text


def test_english_writes_the_same_share_with_its_own_separators():
    with translation.override("en"):
        assert numbers.share_text(14, 19) == "73.7%"
        assert numbers.number(1234567) == "1,234,567"
        assert numbers.ratio_text(1230, 1260) == "1,230/1,260 (97.6%)"
    with translation.override("vi"):
        assert numbers.ratio_text(1230, 1260) == "1.230/1.260 (97,6%)"
        assert numbers.ratio_text(3, 0) == "3/0"


@pytest.mark.parametrize(
    ("value", "text"),
    [(4.2, "4,2"), (Decimal("5.00"), "5"), (97.6000000000000, "97,6"), (0.0, "0"),
     (1234.567, "1.234,57"), (None, "—"), (Decimal("0.1") + Decimal("0.2"), "0,3")],
)  # fmt: skip
def test_a_measured_value_keeps_its_decimals_never_a_float_tail(value, text):
    with translation.override("vi"):
        assert numbers.measure(value) == text


@pytest.mark.parametrize(
    ("counts", "shares"),
    [
        ([1, 1, 1], ["33,4", "33,3", "33,3"]),
        ([2, 1, 0], ["66,7", "33,3", "0,0"]),
        ([0, 0], ["0,0", "0,0"]),
        ([7, 7, 6], ["35,0", "35,0", "30,0"]),
    ],
)
def test_a_distribution_adds_up_to_100(counts, shares):
    got = numbers.largest_remainder(counts)
    with translation.override("vi"):
        assert [numbers.number(s, 1) for s in got] == shares


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12))
def test_any_distribution_adds_up_to_exactly_100_and_each_part_is_near_its_share(counts):
    shares = numbers.largest_remainder(counts)
    total = sum(counts)
    if not total:
        assert all(s == 0 for s in shares)
        return
    assert sum(shares) == 100
    for count, share in zip(counts, shares, strict=True):
        assert abs(share - Decimal(100 * count) / total) < Decimal("0.1")


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=10**7))
def test_the_share_is_the_exact_fraction_rounded_half_up(numerator, denominator):
    value = numbers.percent(numerator, denominator)
    # 10 × the percentage, rounded half up, in integers: floor(1000·n/d + 1/2)
    assert value * 10 == (2000 * numerator + denominator) // (2 * denominator)


def test_the_template_filters_say_the_same_as_the_module():
    template = Template(
        "{% load numbers %}{{ 14|share:19 }} · {{ 14|ratio:19 }} · {{ v|share }} · "
        "{{ 4.2|measure }} · {{ t|percent_value }} · {{ none|share }}"
    )

    class Value:
        numerator, denominator = 171, 174

    with translation.override("vi"):
        text = template.render(Context({"v": Value(), "t": Decimal("97.50"), "none": None}))
    assert text == "73,7% · 14/19 (73,7%) · 98,3% · 4,2 · 97,5% · —"
