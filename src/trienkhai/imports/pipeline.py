"""The part every kind of import shares: the rows of a sheet under its header, read through
the mapping, the units found by code or name within the importer's subtree, and the outcome
(counts, problems and the writes to make) that the preview shows and the commit carries out.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from trienkhai.core import textvi
from trienkhai.units.models import Unit

from . import cleaning
from .problems import ERROR, WARNING, Problem

#: ``progress(done, total)``: called every few thousand rows by the slow steps.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    return None


@dataclass
class Outcome:
    """What an import would do (the preview) or did (the commit)."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    # Filled by the kind's planner, used by its writer.
    creates: list[Any] = field(default_factory=list)
    updates: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)  # (row, before)
    extra: dict[str, Any] = field(default_factory=dict)

    def error(self, row: int, code: str, **params: Any) -> None:
        self.problems.append(Problem(row, code, ERROR, params))

    def warn(self, row: int, code: str, **params: Any) -> None:
        self.problems.append(Problem(row, code, WARNING, params))

    def close(self) -> None:
        levels = Counter(p.level for p in self.problems)
        self.counts["error"] = levels[ERROR]
        self.counts["warning"] = levels[WARNING]
        self.counts["error_rows"] = len({p.row for p in self.problems if p.level == ERROR})


@dataclass
class Row:
    """One data row: its number in the spreadsheet and its cells by field name."""

    number: int
    cells: dict[str, Any]

    def get(self, name: str) -> Any:
        return self.cells.get(name, "")


def data_rows(rows: list[list[Any]], header_row: int, mapping: dict[str, str]) -> Iterator[Row]:
    """The rows under the header with a value in a mapped column. Blank rows are left out,
    and so are the lines under the table once a blank row ended it (a signature, "Người lập
    biểu", a total) — a line with a single value where three columns or more are read; a
    fuller row there is data again."""
    columns = [(int(i), name) for i, name in mapping.items() if name]
    ended = False
    for index in range(header_row + 1, len(rows)):
        row = rows[index]
        cells = {name: row[i] if i < len(row) else "" for i, name in columns}
        filled = sum(1 for v in cells.values() if v not in ("", None))
        if not any(v not in ("", None) for v in row):
            ended = True
            continue
        if not filled or (ended and filled <= 1 and len(columns) >= 3):
            continue
        ended = False
        yield Row(index + 1, cells)


class UnitFinder:
    """Units under ``root`` by code or by name (folded; a name several units share is
    ambiguous: the code is needed). Reads the subtree once."""

    def __init__(self, root: Unit) -> None:
        self.root = root
        self.by_code: dict[str, Unit] = {}
        self.by_name: dict[str, list[Unit]] = defaultdict(list)
        for unit in Unit.objects.filter(path__prefix=root.path).only(
            "id", "name", "short_name", "code", "path", "depth", "active_to", "kind", "level"
        ):
            self.add(unit)

    def add(self, unit: Unit) -> None:
        self.by_code[unit.code.upper()] = unit
        for name in {textvi.fold(unit.name), textvi.fold(unit.short_name)} - {""}:
            self.by_name[name].append(unit)

    def find(self, value: Any, outcome: Outcome, row: int) -> Unit | None:
        """The unit a cell names, or None with the problem said (an empty cell: the root)."""
        written = cleaning.text(value)
        if not written:
            return self.root
        unit = self.by_code.get(cleaning.code(written))
        if unit is None:
            named = self.by_name.get(textvi.fold(written), [])
            if len(named) > 1:
                outcome.error(row, "unit_ambiguous", value=written)
                return None
            unit = named[0] if named else None
        if unit is None:
            outcome.error(row, "unit_unknown", value=written, root=self.root.code)
            return None
        if unit.active_to is not None:
            outcome.error(row, "unit_closed", value=written)
            return None
        return unit


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a large file's rows are held: it would
    walk the hundreds of thousands of live rows and instances again and again (the import
    of 240,000 people spent most of its time there); nothing of an import makes cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def chunks(items: list[Any], size: int = 2000) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
