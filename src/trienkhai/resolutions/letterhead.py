"""The letterhead and signature block of an official party document, in one place.

Quy định 66-QĐ/TW (2017) and Hướng dẫn 36-HD/VPTW (2018) fix them; every document the
software prints — the results report (Word), the annual review's print page, any later one —
takes them from ``letterhead(unit, ...)`` so that the same unit is always headed the same way:

* top left, the party organisation above the issuer (upright capitals) over the issuing body
  (bold capitals): a province committee writes ``ĐẢNG BỘ TỈNH X`` over ``TỈNH ỦY`` (a city
  directly under the centre ``ĐẢNG BỘ THÀNH PHỐ X`` over ``THÀNH ỦY``); a commune committee
  ``ĐẢNG BỘ TỈNH X`` over ``ĐẢNG ỦY XÃ Y``; a cell ``ĐẢNG BỘ XÃ Y`` over ``CHI BỘ …``;
* under it the number line, ``Số 15-BC/TU`` (no colon; the issuer's code: ``TU`` for a
  province committee, ``ThU`` for a city's, ``ĐU`` for the other committees, ``CB`` for a cell
  — or the code of the plans the unit has issued, when it has issued any);
* top right, under ``ĐẢNG CỘNG SẢN VIỆT NAM``, the place and date line
  ``An Phú, ngày 20 tháng 02 năm 2026`` (the place: the nearest territorial body at or above
  the unit);
* the signature block's authority line: ``T/M BAN THƯỜNG VỤ`` for the committees of a
  province, city or commune (they have a standing committee), ``T/M ĐẢNG ỦY`` for a grassroots
  committee, ``T/M CHI BỘ`` for a cell.

These are the form itself, not interface text: Vietnamese whatever the screen's language.
Names of bodies are derived from the unit tree by ``units.naming`` (``organisation_name``,
``committee_name``: the one rule every screen uses too) (the demo names a province "Đảng bộ tỉnh X"
with the short name "Tỉnh ủy X"; tests call it "Tỉnh ủy X"; both give the same header).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from trienkhai.core import textvi
from trienkhai.core.querysets import ancestor_paths
from trienkhai.units.models import Unit
from trienkhai.units.naming import committee_name, organisation_name

from .models import Plan

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
BLANK = "\u00a0" * 4  # room to write a number or a day in by hand

# Words that name a place (what the date line starts with) after them.
_PLACE_WORDS = ("tỉnh", "thành phố", "xã", "phường", "đặc khu", "thị trấn")
_WORDS = "|".join(_PLACE_WORDS)
_PLACE = re.compile(
    rf"^(?:Đảng bộ|Đảng ủy|Tỉnh ủy|Thành ủy)\s+(?:(?:{_WORDS})\s+)?(.+)$", re.IGNORECASE
)
_TERRITORIAL = re.compile(
    rf"^(?:(?:Đảng bộ|Đảng ủy)\s+(?:{_WORDS})\s|Tỉnh ủy\s|Thành ủy\s)", re.IGNORECASE
)
#: Committees with a standing committee (Ban Thường vụ), which signs on their behalf.
_STANDING = ("central", "province", "commune")


@dataclass(frozen=True)
class Letterhead:
    """What a document prints for its issuer, ready to be laid out."""

    parent_body: str  # "ĐẢNG BỘ TỈNH HÒA LÂM", upright capitals
    issuing_body: str  # "ĐẢNG ỦY XÃ AN PHÚ", bold capitals
    code: str  # "ĐU": the issuer part of the number line
    number_line: str  # "Số 15-BC/ĐU"
    place: str  # "An Phú"
    place_date: str  # "An Phú, ngày 20 tháng 02 năm 2026"
    on_behalf: str  # "T/M BAN THƯỜNG VỤ"
    issuer_name: str  # "Đảng ủy xã An Phú": the body as the text names it
    parent_name: str  # "Tỉnh ủy Hòa Lâm": the committee above (the first recipient)
    party: str = PARTY  # top right


def letterhead(
    unit: Unit,
    *,
    day: datetime.date | None,
    doc_type: str = "BC",
    number: str = "",
    ancestors: Iterable[Unit] | None = None,
    code: str | None = None,
    year: int | None = None,
) -> Letterhead:
    """The letterhead of a document of ``unit`` dated ``day`` (``None``: a draft, the day
    left blank). ``ancestors`` (the units above, top down) are read when not given — without
    scoping on purpose: a clerk of a commune does not see the province, but every document of
    the commune is headed by it. ``code`` defaults to ``unit_issuer_code(unit)``; ``year``
    is the year a draft's date line prints."""
    above = _ancestors(unit) if ancestors is None else list(ancestors)
    parent = above[-1] if above else None
    parent_body, issuing_body = bodies(unit, parent)
    place = place_name([*above, unit])
    code = unit_issuer_code(unit) if code is None else code
    return Letterhead(
        parent_body=parent_body,
        issuing_body=issuing_body,
        code=code,
        number_line=number_line(number, doc_type, code),
        place=place,
        place_date=date_line(place, day, year),
        on_behalf=on_behalf(unit),
        issuer_name=committee_name(unit),
        parent_name=committee_name(parent) if parent is not None else "",
    )


def _ancestors(unit: Unit) -> list[Unit]:
    paths = ancestor_paths(unit.path)
    return list(Unit.objects.filter(path__in=paths).order_by("depth")) if paths else []


def _upper(text: str) -> str:
    return textvi.normalize(text).upper()


def bodies(unit: Unit, parent: Unit | None) -> tuple[str, str]:
    """The two lines of the top-left block: the body above (upright capitals) and the
    issuing body (bold capitals)."""
    committee = committee_name(unit)
    for word in ("Tỉnh ủy", "Thành ủy"):
        if committee.startswith(word + " "):
            return _upper(organisation_name(unit)), _upper(word)
    above = organisation_name(parent) if parent is not None else ""
    return _upper(above), _upper(committee)


def place_name(units_top_down: Iterable[Unit]) -> str:
    """The place the date line starts with: the nearest territorial body at or above the
    unit (``Đảng bộ xã An Phú`` → ``An Phú``; an agency committee takes its province's)."""
    for unit in reversed(list(units_top_down)):
        for name in (unit.name, unit.short_name):
            if name and _TERRITORIAL.match(name):
                match = _PLACE.match(name)
                if match:
                    return match.group(1)
    return ""


def date_line(place: str, day: datetime.date | None, year: int | None = None) -> str:
    """``Hòa Lâm, ngày 20 tháng 02 năm 2026`` (two-digit day and month, as the form shows);
    a draft (no ``day``) leaves the day and month blank: ``ngày      tháng      năm 2026``."""
    prefix = f"{place}, " if place else ""
    if day is None:
        year = year or datetime.date.today().year
        return f"{prefix}ngày {BLANK} tháng {BLANK} năm {year}"
    return f"{prefix}ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def number_line(number: str = "", doc_type: str = "BC", issuer_code: str = "") -> str:
    """``Số 15-BC/TU``; with no number yet, room to write it in: ``Số    -BC/TU``."""
    number = number.strip() or BLANK
    return f"Số {number}-{doc_type}/{issuer_code}" if issuer_code else f"Số {number}-{doc_type}"


def issuer_code(document_number: str) -> str:
    """``12-KH/TU`` → ``TU``: the issuer part of a document number."""
    return document_number.rsplit("/", 1)[1] if "/" in document_number else ""


def default_issuer_code(unit: Unit) -> str:
    """The issuer part of the number line of a unit's documents when it has issued none
    to learn it from: TU for a province committee, ThU for a city, ĐU for other committees,
    CB for a cell; none for a body outside the party's numbering."""
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


def unit_issuer_code(unit: Unit) -> str:
    """The issuer code of ``unit``'s documents: the one its plans are numbered with
    (``12-KH/TU``), else ``default_issuer_code``."""
    number = (
        Plan.objects.filter(unit=unit)
        .order_by("-issued_on", "-id")
        .values_list("number", flat=True)
    ).first()
    return issuer_code(number or "") or default_issuer_code(unit)


def on_behalf(unit: Unit) -> str:
    """The authority line of the signature block."""
    if unit.kind == "party_cell":
        return "T/M CHI BỘ"
    if unit.kind == "party_committee" and unit.level in _STANDING:
        return "T/M BAN THƯỜNG VỤ"
    if unit.kind == "party_committee":
        return "T/M ĐẢNG ỦY"
    return f"T/M {_upper(unit.short_name or unit.name)}"


def issuing_authority(unit: Unit) -> str:
    """Who issues a committee's plans and reports, as the summary line names it:
    ``Ban Thường vụ Tỉnh ủy``, ``Ban Thường vụ Đảng ủy xã An Phú``, ``Chi bộ thôn 1``."""
    committee = committee_name(unit)
    if unit.kind == "party_committee" and unit.level in _STANDING:
        for word in ("Tỉnh ủy", "Thành ủy"):
            if committee.startswith(word):
                return f"Ban Thường vụ {word}"
        return f"Ban Thường vụ {committee}"
    return committee
