"""Vietnamese text: normalisation, diacritic-folded search keys and collation keys.

Text arrives from old spreadsheets in many shapes (decomposed Unicode, ``Ð`` typed for ``Đ``,
double spaces, names in capitals). Everything stored goes through :func:`normalize` first.

Two derived keys are stored beside names and indexed:

* :func:`search_key` folds case and diacritics (``Đặng`` → ``dang``) so that a user typing
  without tone marks finds what they mean, with a plain ``LIKE`` on any database.
* :func:`collation_key` is a string whose *byte order* is the Vietnamese alphabetical order as
  ICU's ``vi`` collation defines it (a < ă < â < b … d < đ …, tone marks deciding only between
  otherwise equal words: a < à < ả < ã < á < ạ; lower case before upper case). It uses only the
  characters ``0-9A-F`` so that it sorts the same under the C collation of SQLite and any libc or
  ICU collation of PostgreSQL. Runs of digits compare by numeric value (ICU's ``kn`` option),
  so ``Chi bộ 2`` sorts before ``Chi bộ 10``, as users expect.

People are listed by given name, then family name, then middle name
(:func:`person_collation_key`).
"""

from __future__ import annotations

import re
import unicodedata

# The Vietnamese alphabet, with the Latin letters that only occur in foreign words placed where
# ICU places them. Letters carrying a breve, circumflex or horn are letters of their own.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}

# Tone marks in ICU's vi order: ngang (none) < huyền < hỏi < ngã < sắc < nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of its own rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")

# Primary weights, 4 hex digits each. The separator 0000 ends the primary part and sorts
# before every weight, so a shorter string that is a prefix of a longer one comes first.
_W_SPACE = 0x0001
_W_PUNCT = 0x0010  # + ASCII code: punctuation keeps its ASCII order, before digits
_W_NUMBER = 0x0100  # + number of significant digits, then each digit
_W_LETTER = 0x0200  # + rank in ALPHABET
_W_OTHER = 0x1000  # + code point (capped), after every Latin letter


def normalize(text: str | None) -> str:
    """NFC, ``Ð``/``ð`` read as ``Đ``/``đ``, whitespace collapsed and trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    return _SPACES.sub(" ", text).strip()


def normalize_paragraphs(text: str | None) -> str:
    """Like :func:`normalize` for long text: line breaks kept, spaces within lines collapsed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def normalize_name(text: str | None) -> str:
    """A person's name: normalised, and ``NGUYỄN VĂN AN`` written ``Nguyễn Văn An``."""
    text = normalize(text)
    if text and text == text.upper() and any(ch.isalpha() for ch in text):
        text = text.title()
    return text


def fold(text: str | None) -> str:
    """Lower case without diacritics: ``Đặng Thị Ánh`` → ``dang thi anh``."""
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


search_key = fold


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given): the first word, the words between, the last word."""
    words = normalize(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _decompose(ch: str) -> tuple[str, int]:
    """A character's base letter (with its letter marks) and its tone rank."""
    parts = unicodedata.normalize("NFD", ch)
    tone = 0
    base = []
    for part in parts:
        if part in _TONE_RANK:
            tone = _TONE_RANK[part]
        else:
            base.append(part)
    return unicodedata.normalize("NFC", "".join(base)), tone


def collation_key(text: str | None) -> str:
    """A key whose plain string order is ICU's Vietnamese order (see the module docstring)."""
    text = normalize(text)
    primary: list[str] = []
    secondary: list[str] = []
    tertiary: list[str] = []
    pos = 0
    while pos < len(text):
        match = _DIGITS.match(text, pos)
        if match:
            digits = match.group().lstrip("0") or "0"
            primary.append(f"{_W_NUMBER + min(len(digits), 0xFF):04X}")
            primary.extend(f"{_W_NUMBER + int(d):04X}" for d in digits)
            secondary.append("0")
            tertiary.append("0")
            pos = match.end()
            continue
        ch = text[pos]
        pos += 1
        base, tone = _decompose(ch)
        lower = base.lower()
        if lower in _LETTER_RANK:
            weight = _W_LETTER + _LETTER_RANK[lower]
        elif ch.isspace():
            weight = _W_SPACE
        elif ord(ch) < 0x80:
            weight = _W_PUNCT + ord(ch)
        else:
            weight = _W_OTHER + min(ord(lower[0]), 0xEFFF)
        primary.append(f"{weight:04X}")
        secondary.append(str(tone))
        tertiary.append("1" if base != lower else "0")
    return "".join(primary) + "0000" + "".join(secondary) + "0" + "".join(tertiary)


def person_collation_key(full_name: str) -> str:
    """Roster order: given name, then family name, then middle name."""
    family, middle, given = split_name(full_name)
    return collation_key(given) + collation_key(family) + collation_key(middle)


# --- sentences, for the copy checks (learning reports, action programs) ------------------------

_SPLIT = re.compile(r"(?<=[.!?;:…])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (NFC, spaces collapsed), split after . ! ? ; : … and at line
    breaks."""
    text = unicodedata.normalize("NFC", text or "").replace("\u00d0", "\u0110")
    return [" ".join(part.split()) for part in _SPLIT.split(text) if part.strip()]


#: Bytes that are not an ASCII letter or digit become spaces in a comparison key.
_NOT_WORD = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))


def comparison_key(sentence: str) -> str:
    """The comparison key of a sentence: lower case, without diacritics (``đ`` → ``d``), the
    words of letters and digits only (``Đổi mới, “số”!`` → ``doi moi so``). Byte-level
    operations, as it runs over every sentence of a commune's reports."""
    text = sentence.lower().replace("đ", "d").replace("ð", "d")
    ascii_ = unicodedata.normalize("NFD", text).encode("ascii", "ignore")
    return " ".join(ascii_.translate(_NOT_WORD).decode().split())
