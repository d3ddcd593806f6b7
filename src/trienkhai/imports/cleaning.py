"""Cells as values: text normalised, dates in every shape offices type them, yes/no, gender.

Each reader returns ``(value, problem)``: ``problem`` is a code of :mod:`.problems` (or None),
so the rows are judged once and the messages are written in the language of whoever reads
them.
"""

from __future__ import annotations

import datetime
import functools
import re

from trienkhai.core import textvi

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$", re.ASCII)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$", re.ASCII)
# Excel's serial days for 1900-01-01 … 2099-12-31.
_SERIALS = range(1, 73415)


def text(value: object) -> str:
    """NFC, ``Ð``→``Đ``, spaces collapsed; numbers as typed (``1975``, not ``1975.0``)."""
    if type(value) is str:
        if value.isascii() and value.isprintable() and "  " not in value and value == value.strip():
            return value  # already normal (card numbers, codes, dates): most cells
        return _text(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return textvi.normalize(str(value)) if value not in (None, "") else ""


@functools.lru_cache(maxsize=100_000)
def _text(value: str) -> str:
    return textvi.normalize(value)


def name(value: object) -> str:
    return _name(text(value))


@functools.lru_cache(maxsize=100_000)
def _name(written: str) -> str:
    """A person's name: normalised, in title case when typed all in capitals or all in small
    letters (``NGUYỄN VĂN AN``, ``nguyễn văn an`` → ``Nguyễn Văn An``), and every word with
    its capital (``Nguyễn Văn an`` → ``Nguyễn Văn An``)."""
    letters = [ch for ch in written if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters)
    # All capitals, all small, or capitals with a few small letters (a TCVN3 name typed in
    # the capital font comes back with its toned letters small: ``NGUYễN``).
    if letters and (capitals == 0 or capitals >= 0.7 * len(letters)):
        written = written.title()
    # Every word of a Vietnamese name starts with a capital (a TCVN3 "Ánh" typed with the
    # capital font only for its first letter comes back "ánh").
    written = " ".join(w[:1].upper() + w[1:] for w in written.split(" "))
    return textvi.normalize_name(written)


def code(value: object) -> str:
    """A code: no spaces, capitals (``hl-a1 `` → ``HL-A1``)."""
    return text(value).replace(" ", "").upper()


def _two_digit_year(year: int, today: datetime.date) -> int:
    """``75`` → 1975, ``05`` → 2005: the century that puts the year not after this one."""
    century = today.year // 100 * 100
    return century + year if century + year <= today.year else century - 100 + year


def day(
    value: object, today: datetime.date | None = None
) -> tuple[datetime.date | None, str | None]:
    """A day from a date cell, an Excel serial, ``dd/mm/yyyy``, ``d/m/yy`` or ``yyyy-mm-dd``."""
    today = today or datetime.date.today()
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if int(value) in _SERIALS:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value)), None
        return None, "bad_date"
    written = text(value)
    if m := _DAY.match(written):
        d, mo, y = (int(g) for g in m.groups())
        if len(m.group(3)) == 2:
            y = _two_digit_year(y, today)
    elif m := _ISO.match(written):
        y, mo, d = (int(g) for g in m.groups())
    # isdecimal, not isdigit: '²' is a digit that int() refuses (a cell of five of them was a 500).
    elif written.isdecimal() and len(written) == 5 and int(written) in _SERIALS:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(written)), None
    else:
        return None, "bad_date"
    try:
        return datetime.date(y, mo, d), None
    except ValueError:
        return None, "no_such_day"


def birth_year(value: object, today: datetime.date | None = None) -> tuple[int | None, str | None]:
    """The year of birth (the one thing about birth the product keeps) from a year, a day in
    any of :func:`day`'s shapes or ``mm/yyyy``."""
    today = today or datetime.date.today()
    if value in (None, ""):
        return None, None
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        year = value
    else:
        written = text(value)
        if m := _YEAR.match(written):
            year = int(m.group(1))
        elif m := _MONTH_YEAR.match(written):
            year = int(m.group(2))
        else:
            found, problem = day(value, today)
            if found is None:
                return None, problem
            year = found.year
    if not 1900 <= year <= today.year:
        return None, "bad_birth_year"
    return year, None


_YES = {"x", "co", "yes", "y", "1", "true", "v", "dung", "dang vien", "✓", "✔"}
_NO = {"khong", "no", "n", "0", "false", "-"}


def yes_no(value: object) -> tuple[bool | None, str | None]:
    """``x``, ``có``, ``1`` … → True; ``không``, ``0`` … → False; empty → None."""
    key = textvi.fold(text(value))
    if not key:
        return None, None
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    return None, "bad_yes_no"


def gender(value: object) -> tuple[str, str | None]:
    key = textvi.fold(text(value))
    if not key:
        return "", None
    if key in {"nam", "m", "male", "trai"}:
        return "M", None
    if key in {"nu", "f", "female", "gai"}:
        return "F", None
    return "", "bad_gender"
