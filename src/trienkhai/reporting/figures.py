"""A unit's ``Numbers`` as a flat mapping of dotted names to counts, and back.

The live store (``live.py``) keeps each unit's figures in one row; adding a change up the tree
is then a sum of two mappings, whatever indicators the catalogue has: a field added to
``Numbers`` (or to the numbers of a section beside it) is kept without a line here.

Names follow the attributes: ``study.members``, ``programs.by_status.approved``,
``obligations.study_session.on_time`` (a ``Counts``' statuses), and the obligations' due and
done dates for the timeline as ``timeline.<due>|<done or ->``. Zeros are left out, so a unit
with nothing to count is an empty mapping (and no row at all in the store).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import fields, is_dataclass
from typing import Any

from .numbers import Counts, Numbers

Flat = dict[str, int | float]

#: Mappings whose keys are numbers (days to answer a question), not names.
INT_KEYS = {"outreach.answer_days"}
TIMELINE = "timeline."


def _walk(prefix: str, value: Any, out: Flat) -> None:
    if isinstance(value, Counts):
        for status, n in value.counts.items():
            if n:
                out[f"{prefix}.{status}"] = n
    elif is_dataclass(value):
        for f in fields(value):
            if not prefix and f.name == "dates":
                continue  # the timeline's keys (``flatten``)
            _walk(f"{prefix}.{f.name}" if prefix else f.name, getattr(value, f.name), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(f"{prefix}.{key}", item, out)
    elif value:
        out[prefix] = value


def flatten(numbers: Numbers) -> Flat:
    """``numbers`` as a flat mapping without zeros."""
    out: Flat = {}
    _walk("", numbers, out)
    for (due_on, done_on), n in numbers.dates.items():
        if n:
            key = f"{TIMELINE}{due_on.isoformat()}|{done_on.isoformat() if done_on else '-'}"
            out[key] = out.get(key, 0) + n
    return out


@functools.lru_cache(maxsize=65_536)
def _where(key: str) -> tuple[tuple[str, ...], str | int | tuple, str]:
    """Where a name's count goes, worked out once per name: (attributes to follow, the last
    key, how to set it: ``counts`` of a ``Counts``, ``item`` of a mapping, ``attr``, or
    ``date`` for the timeline's (deadline, evidence) pairs)."""
    if key.startswith(TIMELINE):
        due, done = key[len(TIMELINE) :].split("|")
        when = (
            datetime.date.fromisoformat(due),
            None if done == "-" else datetime.date.fromisoformat(done),
        )
        return (), when, "date"
    *path, last = key.split(".")
    if path and path[0] == "obligations":
        return tuple(path), last, "counts"
    probe: Any = Numbers()
    for part in path:
        probe = getattr(probe, part)
    if isinstance(probe, dict):
        return tuple(path), int(last) if ".".join(path) in INT_KEYS else last, "item"
    return tuple(path), last, "attr"


def unflatten(flat: Flat) -> Numbers:
    """The ``Numbers`` a flat mapping describes."""
    numbers = Numbers()
    for key, n in flat.items():
        path, last, how = _where(key)
        if how == "date":
            numbers.dates[last] = int(n)  # type: ignore[index]
            continue
        target: Any = numbers
        for part in path:
            target = target[part] if type(target) is dict else getattr(target, part)
        if how == "counts":
            target.counts[last] = n
        elif how == "item":
            target[last] = n
        else:
            setattr(target, last, n)  # type: ignore[arg-type]
    return numbers


def plus(a: Flat, b: Flat, sign: int = 1) -> Flat:
    """``a + sign * b``, zeros dropped (float sums rounded, so that adding a change and taking
    it away again leaves no 1e-16 behind)."""
    out = dict(a)
    for key, n in b.items():
        value = out.get(key, 0) + sign * n
        if isinstance(value, float):
            value = round(value, 9)
        if value:
            out[key] = value
        else:
            out.pop(key, None)
    return out


def differs(a: Flat, b: Flat, tolerance: float = 1e-6) -> list[str]:
    """The names whose values differ between ``a`` and ``b`` (floats within ``tolerance``)."""
    return sorted(
        key for key in a.keys() | b.keys() if abs(a.get(key, 0) - b.get(key, 0)) > tolerance
    )
