"""The letterhead of official documents (Hướng dẫn 36-HD/VPTW), from the unit alone."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from trienkhai.resolutions import letterhead as lh


def unit(name, short="", kind="party_committee", level="commune"):
    return SimpleNamespace(name=name, short_name=short, kind=kind, level=level)


PROVINCE = unit("Tỉnh ủy Hòa Lâm", level="province")
COMMUNE = unit("Đảng bộ xã An Phú", "Đảng ủy xã An Phú")
CELL = unit("Chi bộ thôn 1", kind="party_cell", level="grassroots")


def test_a_province_committee_from_either_naming():
    for province in (PROVINCE, unit("Đảng bộ tỉnh Hòa Lâm", "Tỉnh ủy Hòa Lâm", level="province")):
        assert lh.bodies(province, None) == ("ĐẢNG BỘ TỈNH HÒA LÂM", "TỈNH ỦY")
        assert lh.place_name([province]) == "Hòa Lâm"
        assert lh.default_issuer_code(province) == "TU"
        assert lh.on_behalf(province) == "T/M BAN THƯỜNG VỤ"
        assert lh.issuing_authority(province) == "Ban Thường vụ Tỉnh ủy"


def test_a_city_directly_under_the_centre_writes_thu():
    city = unit("Thành ủy Hải Cảng", level="province")
    assert lh.bodies(city, None) == ("ĐẢNG BỘ THÀNH PHỐ HẢI CẢNG", "THÀNH ỦY")
    assert lh.default_issuer_code(city) == "ThU"


def test_a_commune_a_grassroots_committee_and_a_cell():
    assert lh.bodies(COMMUNE, PROVINCE) == ("ĐẢNG BỘ TỈNH HÒA LÂM", "ĐẢNG ỦY XÃ AN PHÚ")
    assert lh.default_issuer_code(COMMUNE) == "ĐU"
    assert lh.on_behalf(COMMUNE) == "T/M BAN THƯỜNG VỤ"
    school = unit("Đảng bộ Trường THPT Hòa Lâm", "Đảng ủy Trường THPT Hòa Lâm", level="grassroots")
    assert lh.default_issuer_code(school) == "ĐU"
    assert lh.on_behalf(school) == "T/M ĐẢNG ỦY"  # no standing committee
    assert lh.bodies(CELL, COMMUNE) == ("ĐẢNG BỘ XÃ AN PHÚ", "CHI BỘ THÔN 1")
    assert lh.place_name([PROVINCE, COMMUNE, CELL]) == "An Phú"
    assert lh.on_behalf(CELL) == "T/M CHI BỘ"
    assert lh.default_issuer_code(CELL) == "CB"
    agency = unit("Đảng bộ các cơ quan Đảng tỉnh")
    assert lh.place_name([PROVINCE, agency]) == "Hòa Lâm"


def test_the_number_and_date_lines():
    assert lh.number_line("15", "BC", "TU") == "Số 15-BC/TU"
    assert lh.number_line("", "BC", "ĐU").startswith("Số \u00a0")
    assert lh.number_line("", "BC", "ĐU").endswith("-BC/ĐU")
    assert lh.issuer_code("12-KH/TU") == "TU"
    assert lh.date_line("Hòa Lâm", datetime.date(2026, 2, 5)) == (
        "Hòa Lâm, ngày 05 tháng 02 năm 2026"
    )
    draft = lh.date_line("An Phú", None, 2026)
    assert draft.startswith("An Phú, ngày \u00a0") and draft.endswith("năm 2026")


def test_the_whole_letterhead_of_a_commune():
    head = lh.letterhead(COMMUNE, day=datetime.date(2026, 7, 10), ancestors=[PROVINCE], code="ĐU")
    assert (head.parent_body, head.issuing_body) == ("ĐẢNG BỘ TỈNH HÒA LÂM", "ĐẢNG ỦY XÃ AN PHÚ")
    assert head.place_date == "An Phú, ngày 10 tháng 07 năm 2026"
    assert head.number_line.endswith("-BC/ĐU")
    assert (head.on_behalf, head.issuer_name, head.parent_name) == (
        "T/M BAN THƯỜNG VỤ",
        "Đảng ủy xã An Phú",
        "Tỉnh ủy Hòa Lâm",
    )
