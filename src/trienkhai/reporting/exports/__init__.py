"""The official reports of a plan: the Excel statistics annex and the Word results report.

``build(plan, unit, fmt, as_of=None) -> Export`` reads the figures once (``dataset.gather``)
and lays them out (``annex.render_xlsx`` or ``docx_report.render_docx``). The command
(``trienkhai report``) and the dashboard's export views both call it; neither checks
permissions here — the view scopes the plan and unit through ``for_user`` first.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from trienkhai.core import textvi

from . import annex, dataset, docx_report

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str
    display_name: str = ""


def filename(plan, unit, fmt: str) -> str:
    """``bao-cao-12-KH-TU-xa-an-phu.docx``: ASCII, so that every system and mail client keeps
    it (the response also carries the Vietnamese name in ``filename*``)."""
    prefix = "phu-luc" if fmt == "xlsx" else "bao-cao"
    place = _slug(unit.short_name or unit.name).lower()
    for word in ("dang-bo-", "dang-uy-", "tinh-uy-", "thanh-uy-"):
        place = place.removeprefix(word)
    return f"{prefix}-{_slug(plan.number)}-{place}.{fmt}"


def display_name(plan, unit, fmt: str) -> str:
    """The same in Vietnamese: ``Báo cáo 12-KH-TU Đảng bộ xã An Phú.docx``."""
    kind = "Phụ lục" if fmt == "xlsx" else "Báo cáo"
    return f"{kind} {plan.number.replace('/', '-')} {unit.name}.{fmt}"


def _slug(text: str) -> str:
    """Diacritics and ``Đ`` folded, case kept, anything else a single ``-``."""
    text = textvi.normalize(text).replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split()
    return "-".join(words)


def build(plan, unit, fmt: str, as_of: datetime.date | None = None, *, rollup=None) -> Export:

    if fmt not in FORMATS:
        raise ValueError(fmt)
    context = dataset.gather(plan, unit, as_of, rollup=rollup)
    if fmt == "xlsx":
        content = annex.render_xlsx(dataset.annex(context))
    else:
        content = docx_report.render_docx(dataset.results_report(context))
    return Export(content, filename(plan, unit, fmt), FORMATS[fmt], display_name(plan, unit, fmt))
