"""The names of a unit, one per role it plays, by one rule (issue 12).

A unit of the party is two things with two names:

* the **organisation** — ``Đảng bộ xã An Phú``, ``Đảng bộ tỉnh Hòa Lâm``, ``Chi bộ thôn 1``:
  what tables, trees, charts, breadcrumbs and headings about a subtree name
  (``organisation_name``);
* the **committee** that leads it — ``Đảng ủy xã An Phú``, ``Tỉnh ủy Hòa Lâm``: the body that
  issues plans, programs and reports (``committee_name``: letterheads, "issued by").

A cell is its own committee; a government, the Front or an organisation has one name for both.

Abbreviations follow one rule too: names are written in full wherever a name is read
(tables, headings, running text, documents) — ``Ủy ban nhân dân xã An Phú``, ``Hội Liên hiệp
Phụ nữ xã An Phú`` — and with the official abbreviations (UBND, MTTQ, HĐND, Hội LHPN, Đoàn
TNCS Hồ Chí Minh, …) only where room is short: chart labels and matrix columns
(``short_label``). ``expand`` and ``abbreviate`` read the one table ``ABBREVIATIONS``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Unit

#: Full form → official abbreviation, one line a body.
ABBREVIATIONS: list[tuple[str, str]] = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "MTTQ"),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh"),
    ("Hội Liên hiệp Phụ nữ", "Hội LHPN"),
    ("Hội Cựu chiến binh", "Hội CCB"),
    ("Hội Nông dân", "Hội ND"),
    ("Liên đoàn Lao động", "LĐLĐ"),
    ("Ủy ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
]
# Half-abbreviated forms seen in names, read as the full form first.
_VARIANTS = [("Ủy ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam")]


def _words(options: list[str], flags: int = 0) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True))
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)", flags)


_FULL_OF = {short: full for full, short in ABBREVIATIONS}
_SHORT_OF = {full.casefold(): short for full, short in ABBREVIATIONS}
_ABBREVIATED = _words(list(_FULL_OF))
_FULL = _words([full for full, _ in ABBREVIATIONS], re.IGNORECASE)

# "Đảng bộ tỉnh X" ↔ "Tỉnh ủy X": the organisation and its committee.
ORG_TO_COMMITTEE = [
    ("Đảng bộ tỉnh ", "Tỉnh ủy "),
    ("Đảng bộ thành phố ", "Thành ủy "),
    ("Đảng bộ ", "Đảng ủy "),
]
_COMMITTEE_WORDS = ("Tỉnh ủy", "Thành ủy", "Đảng ủy")


def expand(text: str) -> str:
    """Every official abbreviation in ``text`` written in full: ``UBND xã An Phú`` →
    ``Ủy ban nhân dân xã An Phú``; ``Văn phòng UBND tỉnh`` → ``Văn phòng Ủy ban nhân dân
    tỉnh``. Names already in full are left alone."""
    for variant, full in _VARIANTS:
        text = text.replace(variant, full)
    return _ABBREVIATED.sub(lambda m: _FULL_OF[m.group(1)], text)


def abbreviate(text: str) -> str:
    """The official abbreviations where room is short: ``Ủy ban nhân dân xã An Phú`` →
    ``UBND xã An Phú``, ``Hội Liên hiệp Phụ nữ xã An Phú`` → ``Hội LHPN xã An Phú``."""
    return _FULL.sub(lambda m: _SHORT_OF[m.group(1).casefold()], expand(text))


def organisation_name(unit: Unit) -> str:
    """The organisation a unit is: ``Tỉnh ủy Hòa Lâm`` → ``Đảng bộ tỉnh Hòa Lâm``; a cell,
    a government, the Front, an organisation: its name written in full."""
    for name in (unit.name, unit.short_name):
        if name and name.startswith("Đảng bộ"):
            return name
    name = unit.name
    for org, committee in ORG_TO_COMMITTEE:
        if name.startswith(committee):
            return org + name[len(committee) :]
    return expand(name)


def committee_name(unit: Unit) -> str:
    """The committee that leads a unit, the body that issues its documents: ``Đảng bộ xã
    An Phú`` → ``Đảng ủy xã An Phú``; a cell is its own committee (``Chi bộ thôn 1``),
    another body its own name written in full."""
    for name in (unit.short_name, unit.name):
        if name and name.startswith(_COMMITTEE_WORDS):
            return name
    for org, committee in ORG_TO_COMMITTEE:
        if unit.name.startswith(org):
            return committee + unit.name[len(org) :]
    return expand(unit.name)


def short_label(unit: Unit) -> str:
    """The organisation's name where room is short (chart labels, matrix columns): with
    the official abbreviations."""
    return abbreviate(organisation_name(unit))
