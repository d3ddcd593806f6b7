"""Charts drawn on the server (inline SVG and CSS bars: no script, no CDN), built so that the
laggards are the first thing one sees: units sorted worst first, bars below the target or the
average coloured.

Each function returns plain data the template draws; every bar keeps its ``Value`` so the
numerator and denominator are printed beside it (rule 7).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.formats import date_format

from trienkhai.core import numbers
from trienkhai.programs.models import ActionProgram

from .numbers import Value

if TYPE_CHECKING:
    from .engine import Node


def number(value, decimals: int = 0) -> str:
    """``1.234,5`` in Vietnamese, ``1,234.5`` in English (``core.numbers``' one rule)."""
    return numbers.number(value, decimals)


def share(value: Value) -> str:
    """``73,7%`` from the value's exact numerator and denominator; ``—`` without one."""
    return numbers.share_text(value.numerator, value.denominator)


def missing(value: Value) -> float:
    """What a unit still lacks: the denominator less the numerator (members who have not
    studied, obligations not done)."""
    return (value.denominator or 0) - value.numerator


@dataclass
class Bar:
    node: Node
    value: Value
    width: float  # 0..100, of the bar's track
    cls: str = ""  # "bad" below the target, "warn" below the average


#: Bars a chart draws at most: the worst ones; the table below lists every unit.
CHART_ROWS = 25


def attendance(rollup, target: float | None = None, limit: int = CHART_ROWS) -> dict:
    """Eligible members who studied, per unit below, the units with the most members who have
    not studied first (the ``limit`` first): that is where a head must act, whereas a rate
    puts a mass organisation of one member (0/1) above a commune missing forty. Ties: the
    lower rate, then the name. The plan's attendance target (or none) and the subtree's rate
    are the reference lines."""
    key = "study.attended"
    bars = []
    total = rollup.value(key)
    average = total.percent
    for node in rollup.children:
        value = rollup.value(key, node.numbers)
        if not value.denominator:
            continue
        p = value.percent
        cls = ""
        if target is not None and p < target:
            cls = "bad"
        elif average is not None and p < average:
            cls = "warn"
        bars.append(Bar(node, value, min(p, 100.0), cls))
    bars.sort(key=lambda b: (-missing(b.value), b.value.ratio, b.node.unit.sort_key))
    return {
        "bars": bars[:limit],
        "more": max(0, len(bars) - limit),
        "target": target,
        "average": average,
        "average_width": min(average or 0, 100.0),
    }


#: Stacked segments of the programs chart, left to right: overdue obligations first (red),
#: then programs still being drafted, then the adopted ones.
SEGMENTS = [
    ("overdue", "bad"),
    ("draft", "warn"),
    ("discussion", "warn2"),
    ("approved", "ok2"),
    ("in_effect", "ok"),
    ("closed", "muted"),
]


@dataclass
class StackRow:
    node: Node
    segments: list[tuple[str, str, int, float]] = field(default_factory=list)  # key, cls, n, w
    issued: Value | None = None


def programs(rollup, limit: int = CHART_ROWS) -> dict:
    """Programs by status per unit below, with the action-program obligations still overdue
    (a unit owing a program and without one past the deadline), least issued first (the
    ``limit`` first)."""
    labels = dict(ActionProgram.Status.choices)
    rows = []
    widest = 1
    for node in rollup.children:
        p = node.numbers.programs
        counts = {"overdue": node.numbers.tally("action_program").overdue, **p.by_status}
        n = sum(counts.values())
        if not n:
            continue
        widest = max(widest, n)
        rows.append((node, counts, rollup.value("programs.units_issued", node.numbers)))
    out = []
    for node, counts, issued in rows:
        row = StackRow(node, issued=issued)
        for key, cls in SEGMENTS:
            n = counts.get(key, 0)
            if n:
                row.segments.append((key, cls, n, 100 * n / widest))
        out.append(row)
    out.sort(
        key=lambda r: (
            -(r.segments[0][2] if r.segments and r.segments[0][0] == "overdue" else 0),
            r.issued.ratio if r.issued is not None and r.issued.ratio is not None else 2,
            r.node.unit.sort_key,
        )
    )
    legend = [(key, cls, labels.get(key)) for key, cls in SEGMENTS]
    return {"rows": out[:limit], "more": max(0, len(out) - limit), "legend": legend}


def timeline(rollup, width: int = 520, height: int = 240) -> dict | None:
    """Obligations due and done over time as three polylines in an SVG ``viewBox``."""
    points = rollup.timeline
    if not points:
        return None
    left, right, top, bottom = 44, 12, 12, 30
    w, h = width - left - right, height - top - bottom
    top_value = max(max(p.due for p in points), max(p.done for p in points), 1)
    n = len(points)

    def x(i):
        return left + (w * i / (n - 1) if n > 1 else w)

    def y(v):
        return top + h - h * v / top_value

    def line(attr):
        return " ".join(f"{x(i):.1f},{y(getattr(p, attr)):.1f}" for i, p in enumerate(points))

    ticks = sorted({0, n // 2, n - 1})
    return {
        "width": width,
        "height": height,
        "due": line("due"),
        "done": line("done"),
        "on_time": line("on_time"),
        "y_top": top,
        "y_zero": top + h,
        "x_left": left,
        "x_right": left + w,
        "top_value": top_value,
        "x_labels": [
            (
                x(i),
                date_format(points[i].day, "SHORT_DATE_FORMAT"),
                "end" if i == n - 1 and n > 1 else ("start" if i == 0 else "middle"),
            )
            for i in ticks
        ],
        "last": points[-1],
        "points": points,
    }
