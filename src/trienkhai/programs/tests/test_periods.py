"""Reporting periods and quarters written in roadmaps, against dates worked out by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from trienkhai.programs.periods import (
    add_months,
    parse_quarter,
    period_bounds,
    period_label,
    periods_between,
)

D = datetime.date


@pytest.mark.parametrize(
    "day, period, bounds",
    [
        (D(2026, 1, 1), "quarter", (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 3, 31), "quarter", (D(2026, 1, 1), D(2026, 3, 31))),
        (D(2026, 5, 17), "quarter", (D(2026, 4, 1), D(2026, 6, 30))),
        (D(2026, 8, 2), "quarter", (D(2026, 7, 1), D(2026, 9, 30))),
        (D(2026, 12, 31), "quarter", (D(2026, 10, 1), D(2026, 12, 31))),
        (D(2026, 6, 30), "half_year", (D(2026, 1, 1), D(2026, 6, 30))),
        (D(2026, 7, 1), "half_year", (D(2026, 7, 1), D(2026, 12, 31))),
        (D(2028, 2, 10), "month", (D(2028, 2, 1), D(2028, 2, 29))),  # leap year
        (D(2026, 2, 10), "month", (D(2026, 2, 1), D(2026, 2, 28))),
        (D(2026, 12, 5), "month", (D(2026, 12, 1), D(2026, 12, 31))),
    ],
)
def test_period_bounds(day, period, bounds):
    assert period_bounds(day, period) == bounds


def test_quarter_is_the_default_period():
    assert period_bounds(D(2026, 11, 26)) == (D(2026, 10, 1), D(2026, 12, 31))


@pytest.mark.parametrize(
    "start, months, result",
    [
        (D(2026, 1, 1), 3, D(2026, 4, 1)),
        (D(2026, 10, 1), 3, D(2027, 1, 1)),
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2026, 7, 1), 6, D(2027, 1, 1)),
        (D(2026, 1, 1), 24, D(2028, 1, 1)),
    ],
)
def test_add_months_steps_whole_months_from_the_first(start, months, result):
    assert add_months(start, months) == result


@pytest.mark.parametrize(
    "start, period, label",
    [
        (D(2026, 4, 1), "quarter", "Q2/2026"),
        (D(2026, 10, 1), "quarter", "Q4/2026"),
        (D(2026, 1, 1), "half_year", "H1/2026"),
        (D(2026, 7, 1), "half_year", "H2/2026"),
        (D(2026, 3, 1), "month", "03/2026"),
    ],
)
def test_period_label(start, period, label):
    with translation.override("en"):
        assert period_label(start, period) == label


@pytest.mark.parametrize(
    "start, period, label",
    [
        (D(2026, 4, 1), "quarter", "Quý II/2026"),
        (D(2026, 10, 1), "quarter", "Quý IV/2026"),
        (D(2026, 1, 1), "half_year", "6 tháng đầu năm 2026"),
        (D(2026, 7, 1), "half_year", "6 tháng cuối năm 2026"),
        (D(2026, 3, 1), "month", "03/2026"),
    ],
)
def test_period_label_as_vietnamese_documents_write_it(start, period, label):
    with translation.override("vi"):
        assert period_label(start, period) == label


@pytest.mark.parametrize("text", ["Quý III/2026", "quý 3 năm 2026", "Q3/2026", "QUY III-2026"])
def test_a_quarter_in_roman_numerals_or_words(text):
    assert parse_quarter(text) == D(2026, 9, 30)


@pytest.mark.parametrize(
    "text, last_day",
    [
        ("Q1/2026", D(2026, 3, 31)),
        ("Q2/2026", D(2026, 6, 30)),
        ("q3-2026", D(2026, 9, 30)),
        (" Q4 / 2027 ", D(2027, 12, 31)),
        ("Quý 2/2026", D(2026, 6, 30)),
        ("QUÝ 1.2026", D(2026, 3, 31)),
        ("quy 4 2026", D(2026, 12, 31)),
        ("Quy\u0301 2/2026", D(2026, 6, 30)),  # decomposed Unicode (NFD) from old files
    ],
)
def test_parse_quarter_gives_the_quarters_last_day(text, last_day):
    assert parse_quarter(text) == last_day


@pytest.mark.parametrize("text", ["", "30/06/2026", "Q5/2026", "Q0/2026", "Q2", "2026", None])
def test_parse_quarter_returns_none_for_what_is_not_a_quarter(text):
    assert parse_quarter(text) is None


def test_parse_quarter_refuses_an_implausible_year():
    with pytest.raises(ValidationError):
        parse_quarter("Q2/1026")


def test_periods_between():
    assert periods_between(D(2026, 2, 14), D(2026, 11, 26)) == [
        D(2026, 1, 1),
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
    ]
    assert periods_between(D(2026, 5, 1), D(2027, 1, 1), "half_year") == [
        D(2026, 1, 1),
        D(2026, 7, 1),
        D(2027, 1, 1),
    ]
    assert periods_between(D(2026, 11, 30), D(2027, 1, 31), "month") == [
        D(2026, 11, 1),
        D(2026, 12, 1),
        D(2027, 1, 1),
    ]
    assert periods_between(D(2026, 5, 1), D(2026, 3, 1)) == []
