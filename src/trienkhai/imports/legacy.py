"""Text typed in the legacy Vietnamese encodings, TCVN3 (ABC) and VNI, read back as Unicode.

Before Unicode, offices typed Vietnamese with fonts that drew Vietnamese letters in place of
Latin-1 ones: ``.VnTime`` (TCVN3, the national standard TCVN 5712:1993 "VN3": one byte a
letter, ``§¶ng`` for ``Đảng``) and ``VNI-Times`` (VNI: a base letter followed by a byte for its
marks, ``Ñaûng``). Their spreadsheets store those Latin-1 characters; read with any other font
they are mojibake. No maintained converter was found on PyPI, so the two tables are here,
written from the published code charts (TCVN 5712:1993 table VN3; VNI for Windows, as in
UniKey's ``vnconv`` charts).

A sheet is judged column by column (:func:`detect_columns`): a cell that holds genuine
Vietnamese Unicode letters is Unicode; a column where more cells carry the tell-tale
characters of a legacy encoding than are Unicode is legacy, and the encoding whose tell-tales
occur most in those columns is chosen; :func:`convert` rewrites their cells made only of
ASCII and Latin-1 characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

TCVN3 = "tcvn3"
VNI = "vni"

# TCVN3: one Latin-1 code point for one Vietnamese letter. Capitals with tones were drawn by
# the capital fonts (.VnTimeH) on the same codes, so they read as small letters here; names
# are written in title case afterwards (``core.textvi.normalize_name``).
_TCVN3_TABLE = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3 = str.maketrans({chr(code): text for code, text in _TCVN3_TABLE.items()})

# VNI: a base letter and, after it, one Latin-1 character for its marks (combining form);
# a few letters are single characters of their own.
_COMBINING = {
    "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï",  # tones
}  # fmt: skip
# (vowel modifier, tone) → the one VNI character that carries both, after a, e or o.
_VNI_HAT = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
# Letters written with one character: đ, ơ, ư (their own code) and i, y with tones.
_VNI_SINGLE = {
    "đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö",
    "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "Í": "Í", "Ì": "Ì", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò", "ỵ": "î", "Ỵ": "Î",
}  # fmt: skip


def _vni_of(letter: str) -> str:
    """The VNI spelling of one Unicode Vietnamese letter (for the table and for tests)."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    parts = unicodedata.normalize("NFD", letter)
    base, marks = parts[0], parts[1:]
    tone = next((m for m in marks if m in _COMBINING), "")
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    upper = base.isupper()

    def cased(text: str) -> str:
        return text.upper() if upper else text

    if shape == "\u031b":  # horn: ơ, ư with a tone
        horned = _VNI_SINGLE[unicodedata.normalize("NFC", base + shape)]
        return horned + (cased(_COMBINING[tone]) if tone else "")
    if shape == "\u0302":
        return base + cased(_VNI_HAT[tone])
    if shape == "\u0306":
        return base + cased(_VNI_BREVE[tone])
    if base.lower() == "i" and tone:
        return _VNI_SINGLE[letter]
    return base + (cased(_COMBINING[tone]) if tone else "")


def _vietnamese_letters() -> list[str]:
    letters = []
    for base in "aăâeêioôơuưy":
        for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"):
            small = unicodedata.normalize("NFC", base + tone)
            letters += [small, small.upper()]
    return [*letters, "đ", "Đ"]


# Unicode letter → VNI text; read the other way, longest spelling first.
_TO_VNI = {letter: _vni_of(letter) for letter in _vietnamese_letters()}
_TO_VNI = {k: v for k, v in _TO_VNI.items() if v != k}
_FROM_VNI = {v: k for k, v in sorted(_TO_VNI.items(), key=lambda kv: -len(kv[1]))}
_VNI_PATTERN = re.compile("|".join(re.escape(v) for v in sorted(_FROM_VNI, key=len, reverse=True)))

# Vietnamese Unicode letters outside Latin-1: text holding one is Unicode already.
_UNICODE_VI = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"
)
_LATIN1_ONLY = re.compile(r"^[\x00-\xff]*$")
# Tell-tales: a VNI mark character after a vowel, except the pairs Unicode Vietnamese writes
# with Latin-1 letters too ("Hoà", "quá", "Xuân", "Uyên"); the TCVN3 codes VNI never uses
# and that do not stand for themselves (TCVN3's ``ý`` is ``ý``).
_VNI_MARKS = "ùøûõïâêéèúüëáàåãä"
_VNI_TELL = re.compile(f"[aeouyAEOUY][{_VNI_MARKS}{_VNI_MARKS.upper()}]|[ñÑ][aeiouyAEIOUY]")
_UNICODE_PAIRS = {"o" + m for m in "àáãèé"} | {"u" + m for m in "àáãèéâê"} | {"yê"}
_VNI_CHARS = set(_VNI_MARKS + _VNI_MARKS.upper() + "ñÑöÖôÔíÍìÌæÆóÓòÒîÎ")
_TCVN3_TELL = re.compile(
    "["
    + "".join(
        sorted(
            chr(c)
            for c, letter in _TCVN3_TABLE.items()
            if chr(c) not in _VNI_CHARS and chr(c) != letter
        )
    )
    + "]"
)


def _vni_tells(text: str) -> int:
    return sum(1 for m in _VNI_TELL.findall(text) if m.lower() not in _UNICODE_PAIRS)


def to_vni(text: str) -> str:
    """Unicode Vietnamese written as VNI would store it (the tests' files are made with it)."""
    return "".join(_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def to_tcvn3(text: str) -> str:
    """Unicode Vietnamese written as TCVN3 would store it (capitals with tones as small)."""
    back = {v: chr(k) for k, v in _TCVN3_TABLE.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(back.get(ch) or back.get(ch.lower(), ch) if ord(ch) > 0x7F else ch)
    return "".join(out)


def _tally(texts: Iterable[str]) -> tuple[int, int, int, int]:
    """(TCVN3 tell-tales, VNI tell-tales, cells with a tell-tale, Unicode Vietnamese cells)."""
    tcvn3 = vni = legacy_cells = unicode_cells = 0
    for text in texts:
        if not text or text.isascii():
            continue
        if _UNICODE_VI.search(text):
            unicode_cells += 1
            continue
        if not _LATIN1_ONLY.match(text):
            continue
        t, v = len(_TCVN3_TELL.findall(text)), _vni_tells(text)
        tcvn3, vni = tcvn3 + t, vni + v
        legacy_cells += bool(t or v)
    return tcvn3, vni, legacy_cells, unicode_cells


def detect(texts: Iterable[str]) -> str:
    """``tcvn3``, ``vni`` or ``""`` (Unicode) for some text cells."""
    tcvn3, vni, legacy_cells, unicode_cells = _tally(texts)
    # A Unicode text with a few Latin-1-only cells ("Hoà") has many more Unicode ones.
    if legacy_cells < 2 or legacy_cells < unicode_cells:
        return ""
    return TCVN3 if tcvn3 > vni else VNI


def detect_columns(rows: list[list[object]]) -> tuple[str, dict[int, str]]:
    """The legacy encoding of a sheet and the columns written in it. Judged column by
    column: a title and headers typed again in Unicode above a legacy table (or one column
    pasted from an old file into a new one) are common."""
    width = max((len(row) for row in rows), default=0)
    columns: dict[int, str] = {}
    tcvn3 = vni = 0
    for j in range(width):
        cells = [row[j] for row in rows if j < len(row) and type(row[j]) is str]
        t, v, legacy_cells, unicode_cells = _tally(cells)  # type: ignore[arg-type]
        if legacy_cells >= 2 and legacy_cells >= unicode_cells:
            columns[j] = ""
            tcvn3, vni = tcvn3 + t, vni + v
    if not columns:
        return "", {}
    found = TCVN3 if tcvn3 > vni else VNI
    return found, dict.fromkeys(columns, found)


def convert(text: str, encoding: str) -> str:
    """``text`` read in ``encoding`` (``tcvn3``/``vni``), as Unicode; Unicode text unchanged."""
    if not encoding or not text or text.isascii() or not _LATIN1_ONLY.match(text):
        return text
    if encoding == TCVN3:
        return text.translate(_TCVN3)
    return _VNI_PATTERN.sub(lambda m: _FROM_VNI[m.group(0)], text)
