"""What each kind of import reads, and how a sheet's header row is found and mapped.

Every field has the headers offices write for it, compared folded (``core.textvi.fold``: no
diacritics, lower case, single spaces), so ``Họ và tên``, ``HỌ VÀ TÊN`` and ``Ho ten`` are one.
The header row is the row among the first :data:`SCAN` that names the most fields: the title
rows above it (``ĐẢNG BỘ TỈNH …``, ``DANH SÁCH ĐẢNG VIÊN``, merged across the sheet) name
none. The mapping is column index → field; the user corrects it and can keep it as a
template, which maps headers (folded) to fields for the next file of the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi

PEOPLE = "people"
UNITS = "units"
POSITIONS = "positions"
ATTENDANCE = "attendance"
KINDS = [
    (PEOPLE, _("People")),
    (UNITS, _("Units")),
    (POSITIONS, _("Positions")),
    (ATTENDANCE, _("Attendance of a session")),
]
IGNORE = ""
SCAN = 30  # rows looked at for the header


@dataclass(frozen=True)
class Field:
    name: str
    label: str | Promise
    aliases: tuple[str, ...]
    required: bool = False
    example: str = ""


_NAME = Field(
    "full_name",
    _("Full name"),
    ("ho va ten", "ho ten", "ho ten dang vien", "ten", "ho va ten dang vien", "full name", "name"),
    required=True,
    example="Nguyễn Văn An",
)
_CODE = Field(
    "member_code",
    _("Member card number"),
    (
        "so the dang vien",
        "so the",
        "so the dv",
        "ma dang vien",
        "ma dv",
        "ma so",
        "ma",
        "member code",
    ),
    example="01.2345678",
)
_BIRTH = Field(
    "birth",
    _("Date or year of birth"),
    ("ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "birth date", "date of birth"),
    example="15/03/1975",
)
_UNIT = Field(
    "unit",
    _("Unit (code or name)"),
    ("chi bo", "don vi", "ma don vi", "chi dang bo", "to chuc dang", "ma chi bo", "unit"),
    example="HL-A1",
)
FIELDS: dict[str, tuple[Field, ...]] = {
    PEOPLE: (
        _NAME,
        _CODE,
        _BIRTH,
        Field("gender", _("Gender"), ("gioi tinh", "nam nu", "gender"), example="Nam"),
        _UNIT,
        Field(
            "joined_on",
            _("Date joined the Party (not stored)"),
            ("ngay vao dang", "ngay ket nap", "ngay ket nap dang", "ngay chinh thuc"),
            example="03/02/2000",
        ),
        Field(
            "is_party_member",
            _("Party member (yes/no)"),
            ("dang vien", "la dang vien", "party member"),
            example="x",
        ),
        Field("left_on", _("Left on"), ("ngay chuyen di", "ngay ra khoi dang", "left on")),
    ),
    UNITS: (
        Field(
            "code", _("Code"), ("ma", "ma don vi", "ma so", "code"), required=True, example="HL-A2"
        ),
        Field(
            "name",
            _("Name"),
            ("ten", "ten don vi", "ten to chuc", "ten chi bo", "name"),
            required=True,
            example="Chi bộ thôn 2",
        ),
        Field(
            "parent",
            _("Parent unit (code or name)"),
            ("don vi cap tren", "ma don vi cap tren", "truc thuoc", "cap tren", "parent"),
            example="HL-A",
        ),
        Field("kind", _("Kind"), ("loai", "loai hinh", "loai to chuc", "kind"), example="Chi bộ"),
        Field("level", _("Level"), ("cap", "level"), example="Cơ sở"),
        Field("short_name", _("Short name"), ("ten viet tat", "ten ngan", "short name")),
        Field("active_from", _("Active from"), ("ngay thanh lap", "tu ngay", "active from")),
    ),
    POSITIONS: (
        _NAME,
        _CODE,
        _BIRTH,
        Field(
            "unit",
            _("Unit (code or name)"),
            ("don vi", "ma don vi", "chi bo", "co quan", "unit"),
            required=True,
            example="HL-A",
        ),
        Field(
            "title",
            _("Position title"),
            ("chuc vu", "chuc danh", "position", "title"),
            required=True,
            example="Bí thư",
        ),
        Field(
            "is_head",
            _("Head of the unit (yes/no)"),
            ("nguoi dung dau", "dung dau", "head"),
            example="x",
        ),
        Field("started_on", _("From"), ("tu ngay", "ngay bat dau", "ngay nhan chuc", "from")),
    ),
    ATTENDANCE: (
        _NAME,
        _CODE,
        _BIRTH,
        _UNIT,
        Field(
            "status",
            _("Attendance (present, absent, excused)"),
            ("co mat", "tham du", "trang thai", "diem danh", "attendance"),
            example="x",
        ),
        Field("signature", _("Signature (not stored)"), ("ky ten", "chu ky", "signature")),
    ),
}
_IGNORED_HEADERS = {"stt", "tt", "so tt", "so thu tu", "ghi chu", "note", "notes"}
_NOT_WORD = re.compile(r"[^0-9a-z ]+")


def header_key(value: object) -> str:
    """A header as compared: folded, punctuation and line breaks as spaces."""
    text = textvi.fold(str(value)) if value not in (None, "") else ""
    return " ".join(_NOT_WORD.sub(" ", text).split())


def fields_of(kind: str) -> dict[str, Field]:
    return {f.name: f for f in FIELDS[kind]}


def guess(kind: str, header: object) -> str:
    """The field a header names, or :data:`IGNORE`."""
    key = header_key(header)
    if not key or key in _IGNORED_HEADERS:
        return IGNORE
    for f in FIELDS[kind]:
        if key in f.aliases:
            return f.name
    for f in FIELDS[kind]:  # "Họ và tên (*)", "Ngày sinh (dd/mm/yyyy)": an alias then extras
        if any(key.startswith(alias + " ") for alias in f.aliases if len(alias) > 3):
            return f.name
    return IGNORE


def find_header(kind: str, rows: list[list[object]]) -> int:
    """The index of the header row: the first of the rows naming the most fields."""
    best, best_score = 0, 0
    for i, row in enumerate(rows[:SCAN]):
        score = len({g for cell in row if (g := guess(kind, cell))})
        if score > best_score:
            best, best_score = i, score
    return best


def auto_mapping(
    kind: str, header: list[object], saved: dict[str, str] | None = None
) -> dict[str, str]:
    """Column index (as text) → field. ``saved``: a template's folded header → field, which
    wins over the guesses. A field is mapped to one column at most (the first)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    known = fields_of(kind)
    for i, cell in enumerate(header):
        key = header_key(cell)
        field_name = (saved or {}).get(key) if key else None
        if field_name is None:
            field_name = guess(kind, cell)
        if field_name and field_name in known and field_name not in taken:
            mapping[str(i)] = field_name
            taken.add(field_name)
    return mapping


def template_of(header: list[object], mapping: dict[str, str]) -> dict[str, str]:
    """A mapping kept for the next files: folded header → field (ignored columns too)."""
    kept = {}
    for i, cell in enumerate(header):
        key = header_key(cell)
        if key:
            kept[key] = mapping.get(str(i), IGNORE)
    return kept


def missing_required(kind: str, mapping: dict[str, str]) -> list[Field]:
    mapped = set(mapping.values())
    missing = [f for f in FIELDS[kind] if f.required and f.name not in mapped]
    # A person is found by the card number or by the name: one of them suffices for
    # positions and attendance; people always need a name.
    if kind in (POSITIONS, ATTENDANCE) and "member_code" in mapped:
        missing = [f for f in missing if f.name != "full_name"]
    return missing
