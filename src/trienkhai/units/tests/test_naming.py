"""A unit's names by one rule (``units.naming``): the organisation, the committee, the
abbreviations only where room is short."""

import pytest

from trienkhai.units import naming
from trienkhai.units.models import Unit

K, L = Unit.Kind, Unit.Level


def unit(name: str, short_name: str = "", kind: str = K.PARTY_COMMITTEE) -> Unit:
    return Unit(name=name, short_name=short_name, kind=kind, level=L.COMMUNE)


@pytest.mark.parametrize(
    ("name", "short_name", "kind", "organisation", "committee"),
    [
        ("Đảng bộ tỉnh Hòa Lâm", "Tỉnh ủy Hòa Lâm", K.PARTY_COMMITTEE,
         "Đảng bộ tỉnh Hòa Lâm", "Tỉnh ủy Hòa Lâm"),
        ("Tỉnh ủy Hòa Lâm", "", K.PARTY_COMMITTEE, "Đảng bộ tỉnh Hòa Lâm", "Tỉnh ủy Hòa Lâm"),
        ("Đảng ủy xã An Phú", "", K.PARTY_COMMITTEE, "Đảng bộ xã An Phú", "Đảng ủy xã An Phú"),
        ("Đảng bộ xã An Phú", "Đảng ủy xã An Phú", K.PARTY_COMMITTEE,
         "Đảng bộ xã An Phú", "Đảng ủy xã An Phú"),
        ("Đảng bộ thành phố Hải Cảng", "", K.PARTY_COMMITTEE,
         "Đảng bộ thành phố Hải Cảng", "Thành ủy Hải Cảng"),
        ("Chi bộ thôn 1", "", K.PARTY_CELL, "Chi bộ thôn 1", "Chi bộ thôn 1"),
        ("Ủy ban nhân dân xã An Phú", "UBND xã An Phú", K.GOVERNMENT,
         "Ủy ban nhân dân xã An Phú", "Ủy ban nhân dân xã An Phú"),
        ("UBND xã An Phú", "", K.GOVERNMENT,
         "Ủy ban nhân dân xã An Phú", "Ủy ban nhân dân xã An Phú"),
    ],
)  # fmt: skip
def test_one_name_per_role(name, short_name, kind, organisation, committee):
    u = unit(name, short_name, kind)
    assert (u.organisation_name, u.committee_name) == (organisation, committee)


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("Ủy ban nhân dân xã An Phú", "UBND xã An Phú"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã An Phú", "MTTQ xã An Phú"),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã An Phú", "Đoàn TNCS Hồ Chí Minh xã An Phú"),
        ("Hội Liên hiệp Phụ nữ xã An Phú", "Hội LHPN xã An Phú"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Hội đồng nhân dân tỉnh", "HĐND tỉnh"),
        ("Chi bộ thôn 1", "Chi bộ thôn 1"),
    ],
)
def test_abbreviations_follow_one_table_both_ways(full, short):
    assert naming.abbreviate(full) == short
    assert naming.expand(short) == full
    assert naming.abbreviate(short) == short and naming.expand(full) == full


def test_a_half_abbreviated_front_is_written_in_full_in_tables_and_short_in_charts():
    front = unit("Ủy ban MTTQ Việt Nam xã An Phú", "MTTQ xã An Phú", K.FRONT)
    assert front.organisation_name == "Ủy ban Mặt trận Tổ quốc Việt Nam xã An Phú"
    assert front.short_label == "MTTQ xã An Phú"


def test_the_letterhead_takes_the_names_from_the_same_rule():
    from trienkhai.resolutions import letterhead

    commune = unit("Đảng bộ xã An Phú", "Đảng ủy xã An Phú")
    province = unit("Đảng bộ tỉnh Hòa Lâm", "Tỉnh ủy Hòa Lâm")
    assert letterhead.bodies(commune, province) == ("ĐẢNG BỘ TỈNH HÒA LÂM", "ĐẢNG ỦY XÃ AN PHÚ")
