"""The fixed parts of an official party document (Quy định 66-QĐ/TW, Hướng dẫn 36-HD/VPTW).

The header blocks, the number line, the place-and-date line, the signature block's authority
line and the recipients' heading are the form itself, not interface text: they are written in
Vietnamese whatever the language of the screen. Names of bodies are derived from the unit tree
(the demo names a province "Đảng bộ tỉnh X" with the short name "Tỉnh ủy X"; tests call it
"Tỉnh ủy X"; both give the same header).

Numbers are printed the Vietnamese way, ``1.234,5`` and ``97,6%``, whatever the locale.
"""

from __future__ import annotations

import datetime
import re

from trienkhai.core import textvi

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"

# "Đảng bộ tỉnh X" ↔ "Tỉnh ủy X": the organisation and its committee.
_ORG_TO_COMMITTEE = [
    ("Đảng bộ tỉnh ", "Tỉnh ủy "),
    ("Đảng bộ thành phố ", "Thành ủy "),
    ("Đảng bộ ", "Đảng ủy "),
]
# Words that name a place (what the date line starts with) after them.
_PLACE_WORDS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "thị trấn")
_WORDS = "|".join(_PLACE_WORDS)
_PLACE = re.compile(
    rf"^(?:Đảng bộ|Đảng ủy|Tỉnh ủy|Thành ủy)\s+(?:(?:{_WORDS})\s+)?(.+)$", re.IGNORECASE
)
_TERRITORIAL = re.compile(
    rf"^(?:(?:Đảng bộ|Đảng ủy)\s+(?:{_WORDS})\s|Tỉnh ủy\s|Thành ủy\s)", re.IGNORECASE
)


def vn_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1.234,5``: points group thousands, a comma marks the decimals."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(ratio: float | None, decimals: int = 1) -> str:
    """``0.976`` → ``97,6%``; no denominator → ``–``."""
    if ratio is None:
        return "–"
    return vn_number(100 * ratio, decimals) + "%"


def vn_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def date_line(place: str, day: datetime.date) -> str:
    """``Hòa Lâm, ngày 20 tháng 02 năm 2026`` (two-digit day and month, as the form shows)."""
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def number_line(number: str = "", doc_type: str = "BC", issuer_code: str = "") -> str:
    """``Số 15-BC/TU``; with no number yet, room to write it in: ``Số    -BC/TU``."""
    number = number.strip() or "\u00a0" * 4
    return f"Số {number}-{doc_type}/{issuer_code}" if issuer_code else f"Số {number}-{doc_type}"


def issuer_code(document_number: str) -> str:
    """``12-KH/TU`` → ``TU``: the issuer part of a document number."""
    return document_number.rsplit("/", 1)[1] if "/" in document_number else ""


def organisation_name(unit) -> str:
    """The party organisation of a unit: ``Tỉnh ủy Hòa Lâm`` → ``Đảng bộ tỉnh Hòa Lâm``."""
    for name in (unit.name, unit.short_name):
        if name.startswith("Đảng bộ"):
            return name
    name = unit.name
    for org, committee in _ORG_TO_COMMITTEE:
        if name.startswith(committee):
            return org + name[len(committee) :]
    return name


def committee_name(unit) -> str:
    """The committee that leads a unit: ``Đảng bộ xã An Phú`` → ``Đảng ủy xã An Phú``; a
    cell is its own committee (``Chi bộ thôn 1``)."""
    for name in (unit.short_name, unit.name):
        if name and name.startswith(("Tỉnh ủy", "Thành ủy", "Đảng ủy")):
            return name
    for org, committee in _ORG_TO_COMMITTEE:
        if unit.name.startswith(org):
            return committee + unit.name[len(org) :]
    return unit.name


def _upper(text: str) -> str:
    return textvi.normalize(text).upper()


def letterhead_bodies(unit, parent) -> tuple[str, str]:
    """The two lines of the top-left block: the body above (upright capitals) and the
    issuing body (bold capitals). A province committee writes ``ĐẢNG BỘ TỈNH X`` over
    ``TỈNH ỦY``; a commune ``ĐẢNG BỘ TỈNH X`` over ``ĐẢNG ỦY XÃ Y``."""
    committee = committee_name(unit)
    for word in ("Tỉnh ủy", "Thành ủy"):
        if committee.startswith(word + " "):
            return _upper(organisation_name(unit)), _upper(word)
    above = organisation_name(parent) if parent is not None else ""
    return _upper(above), _upper(committee)


def place_name(units_top_down) -> str:
    """The place the date line starts with: the nearest territorial body at or above the
    unit (``Đảng bộ xã An Phú`` → ``An Phú``; an agency committee takes its province's)."""
    for unit in reversed(list(units_top_down)):
        for name in (unit.name, unit.short_name):
            if name and _TERRITORIAL.match(name):
                match = _PLACE.match(name)
                if match:
                    return match.group(1)
    return ""


def default_issuer_code(unit) -> str:
    """The issuer part of the number line of a unit's documents when it has issued none
    to learn it from: TU for a province committee, ThU for a city, ĐU for other committees,
    CB for a cell."""
    committee = committee_name(unit)
    if committee.startswith("Tỉnh ủy"):
        return "TU"
    if committee.startswith("Thành ủy"):
        return "ThU"
    if unit.kind == "party_cell":
        return "CB"
    if unit.kind == "party_committee":
        return "ĐU"
    return ""


def on_behalf(unit) -> str:
    """The authority line of the signature block."""
    if unit.kind == "party_cell":
        return "T/M CHI BỘ"
    if unit.kind == "party_committee" and unit.level in ("central", "province", "commune"):
        return "T/M BAN THƯỜNG VỤ"
    if unit.kind == "party_committee":
        return "T/M ĐẢNG ỦY"
    return f"T/M {_upper(unit.short_name or unit.name)}"


def issuing_authority(unit) -> str:
    """Who issues a committee's plans and reports, as the summary line names it:
    ``Ban Thường vụ Tỉnh ủy``, ``Ban Thường vụ Đảng ủy xã An Phú``, ``Chi bộ thôn 1``."""
    committee = committee_name(unit)
    if unit.kind == "party_committee" and unit.level in ("central", "province", "commune"):
        for word in ("Tỉnh ủy", "Thành ủy"):
            if committee.startswith(word):
                return f"Ban Thường vụ {word}"
        return f"Ban Thường vụ {committee}"
    return committee
