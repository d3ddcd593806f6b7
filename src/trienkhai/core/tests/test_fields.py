"""A day that is not in the calendar is named as such, not sent back as a format mistake."""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from trienkhai.core.fields import DayField


def error(text):
    with pytest.raises(ValidationError) as caught:
        DayField().clean(text)
    return " ".join(caught.value.messages)


def test_a_day_that_does_not_exist_says_so():
    with translation.override("vi"):
        assert error("31/02/2026") == (
            "31/02/2026 không phải là một ngày có thật (tháng 2 năm 2026 không có ngày 31)."
        )
        assert "tháng 13" in error("12/13/2026")
        assert "29/02/2027" in error("29/02/2027")
    with translation.override("en"):
        assert error("31/04/2026") == (
            "31/04/2026 is not a day of the calendar (month 4 of 2026 has no day 31)."
        )


def test_a_real_day_is_read_and_a_malformed_one_gets_the_format_message():
    assert DayField().clean("29/02/2028") == datetime.date(2028, 2, 29)
    with translation.override("en"):
        assert error("hôm qua") == "Enter the date as dd/mm/yyyy, for example 31/12/2025."
        assert error("²/02/2026") == "Enter the date as dd/mm/yyyy, for example 31/12/2025."


@given(st.text(max_size=30))
def test_any_text_is_a_day_or_a_validation_error(text):
    with contextlib.suppress(ValidationError):
        DayField(required=False).clean(text)
