"""Cells as offices type them, and the legacy encodings, without a database."""

from __future__ import annotations

import datetime

import pytest

from trienkhai.imports import cleaning, columns, legacy, reader
from trienkhai.imports.pipeline import data_rows

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("15/03/1975", datetime.date(1975, 3, 15)),
        ("2/9/80", datetime.date(1980, 9, 2)),
        ("2/9/05", datetime.date(2005, 9, 2)),
        ("1975-03-15", datetime.date(1975, 3, 15)),
        (27395, datetime.date(1975, 1, 1)),
        ("27395", datetime.date(1975, 1, 1)),
        (datetime.datetime(1975, 3, 15), datetime.date(1975, 3, 15)),
        ("15.03.1975", datetime.date(1975, 3, 15)),
    ],
)
def test_days_in_every_shape(value, day):
    assert cleaning.day(value, TODAY) == (day, None)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("31/02/1980", "no_such_day"),
        ("hôm qua", "bad_date"),
        (-5, "bad_date"),
        ("²²²²²", "bad_date"),
        ("4500²", "bad_date"),
    ],
)
def test_days_that_are_not(value, problem):
    assert cleaning.day(value, TODAY) == (None, problem)


def test_birth_years_and_names():
    assert cleaning.birth_year(1975, TODAY) == (1975, None)
    assert cleaning.birth_year("03/1975", TODAY) == (1975, None)
    assert cleaning.birth_year("1850", TODAY) == (None, "bad_birth_year")
    assert cleaning.name("  NGUYỄN   VĂN  AN ") == "Nguyễn Văn An"
    assert cleaning.name("ÐẶNG THỊ ÁNH") == "Đặng Thị Ánh"
    assert cleaning.name("Nguyễn Văn an") == "Nguyễn Văn An"
    assert cleaning.name("McCain") == "McCain"  # capitals inside a word are kept
    assert cleaning.code(" hl-a1 ") == "HL-A1"


def test_headers_with_or_without_diacritics():
    for header in ("Họ và tên", "HỌ VÀ TÊN", "Ho ten", "Họ tên (*)"):
        assert columns.guess("people", header) == "full_name"
    assert columns.guess("people", "Số thẻ đảng viên") == "member_code"
    assert columns.guess("people", "Ngày vào Đảng") == "joined_on"
    assert columns.guess("people", "STT") == ""


@pytest.mark.parametrize("text", ["Đảng bộ xã An Phú", "Nguyễn Thị Ánh Tuyết", "Ỷ Lan Hữu Nghị"])
def test_the_legacy_tables_read_back(text):
    assert legacy.convert(legacy.to_vni(text), legacy.VNI) == text
    # TCVN3 has no capitals with tones: they come back small (a name's rules capitalise).
    assert legacy.convert(legacy.to_tcvn3(text), legacy.TCVN3).lower() == text.lower()


def test_a_tcvn3_name_gets_its_capitals_back():
    converted = legacy.convert(legacy.to_tcvn3("Nguyễn Thị Ánh Tuyết"), legacy.TCVN3)
    assert cleaning.name(converted) == "Nguyễn Thị Ánh Tuyết"


def test_a_unicode_sheet_is_not_taken_for_a_legacy_one():
    rows = [["Hoà", "Hà Nội"], ["Thuý", "Đà Nẵng"], ["Hà", "Huế"]]
    assert legacy.detect_columns(rows) == ("", {})


def test_csv_encodings_and_binary_files():
    assert reader.decode_csv("Họ tên".encode("utf-8-sig")) == ("Họ tên", "utf-8")
    assert reader.decode_csv("Hà".encode("cp1258"))[1] == "cp1258"
    assert reader.sniff(b"%PDF-1.4") is None
    assert reader.sniff(b"\x89PNG\r\n\x1a\n") is None


def test_the_lines_under_the_table_are_not_rows():
    rows = [
        ["STT", "Họ và tên", "Số thẻ"],
        [1, "An", "A1"],
        ["", "", ""],
        ["", "Người lập biểu", ""],
    ]
    mapping = {"1": "full_name", "2": "member_code", "0": "ignore_me"}
    assert [r.number for r in data_rows(rows, 0, mapping)] == [2]
