"""``{% data_flags obj %}``: the warnings a row carries (``core/flags.py``), with their reason
and a link to explain them, where the row is shown. ``obj`` may be one row or several rows of
one model (an obligation's documents): one query either way."""

from __future__ import annotations

from typing import Any

from django import template

from trienkhai.core import flags
from trienkhai.core.models import DataFlag

register = template.Library()


@register.inclusion_tag("core/flags_panel.html", takes_context=True)
def data_flags(context: template.Context, obj: Any) -> dict[str, Any]:
    rows = list(obj) if hasattr(obj, "__iter__") else [obj]
    found: list[DataFlag] = []
    if rows:
        model = type(rows[0])
        by_row = flags.flags_on_rows(model, [row.pk for row in rows if row.pk is not None])
        found = [flag for row in rows for flag in by_row.get(row.pk, [])]
    return {"flags": found, "request": context.get("request")}
