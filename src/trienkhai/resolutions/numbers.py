"""Document numbers as users write them: ``18-NQ/TW``, ``12-KH/TU``, ``05-NQ/ĐU``.

The pattern is number-TYPE/ISSUER (Quy định 66-QĐ/TW). Input is normalised first: spaces
removed, capitals, ``Ð`` read as ``Đ``, the dashes word processors put in (``18–NQ/TW``) read
as hyphens, and the ``Số`` the number line of a document starts with dropped.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.core import textvi

#: The type abbreviations of the documents a plan may implement, by Resolution.Kind.
KIND_TYPES = {
    "resolution": "NQ",
    "conclusion": "KL",
    "directive": "CT",
    "regulation": "QĐ",
}
_NUMBER = re.compile(r"^(\d{1,4})-([A-ZĐ]{2,4})/([A-ZĐ0-9]{1,12})$")
_DASHES = re.compile("[\u2010-\u2015\u2212]")  # hyphen, en and em dashes, minus sign
_SO = re.compile(r"^SỐ:?(?=\d)")


def normalize_number(value: str) -> str:
    number = textvi.normalize(value).replace(" ", "").upper()
    return _SO.sub("", _DASHES.sub("-", number))


def parse_number(value: str, expected_type: str) -> str:
    """The normalised number, or a ValidationError saying what a good one looks like."""
    number = normalize_number(value)
    match = _NUMBER.match(number)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a document number like %(example)s.")
            % {"value": value, "example": f"12-{expected_type}/TU"}
        )
    if match.group(2) != expected_type:
        raise ValidationError(
            _("A number of this kind of document has the type %(type)s (e.g. %(example)s).")
            % {"type": expected_type, "example": f"12-{expected_type}/TU"}
        )
    return number


def number_key(number: str) -> tuple[int, str]:
    """The order of document numbers as people read them: 9-NQ/TW before 10-NQ/TW, then
    43, 44, 45 (the text alone puts 10 before 9)."""
    digits = re.match(r"\d+", number or "")
    return (int(digits.group()) if digits else 10**9, number or "")
