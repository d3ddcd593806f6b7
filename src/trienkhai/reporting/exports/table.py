"""The plain data the export builders take: a table of figures, and the parts of a report.

The builders (``annex.py`` for Excel, ``docx_report.py`` for Word) know nothing of the database
or the rollup engine: they lay out what is here. ``dataset.py`` fills these from the engine.
Keeping them apart lets the layout be tested on hand-made numbers and the numbers be tested
without opening a file.

A cell holds a :class:`Figure` — a numerator and, for a rate, its denominator — never a bare
percentage, so that the totals row can recompute every rate from the summed numerators and
denominators (a rate of a total is never the average of the rows' rates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trienkhai.core import numbers


@dataclass(frozen=True)
class Figure:
    numerator: float
    denominator: int | None = None

    @property
    def ratio(self) -> float | None:
        if not self.denominator:
            return None
        return self.numerator / self.denominator


ZERO = Figure(0)


@dataclass(frozen=True)
class Column:
    """One column of the annex: the figure ``key`` of each row, shown as its numerator (a
    count) or, when ``percent``, as numerator / denominator."""

    key: str
    label: str
    group: str
    percent: bool = False


@dataclass
class Row:
    label: str
    figures: dict[str, Figure]
    code: str = ""

    def figure(self, key: str) -> Figure:
        return self.figures.get(key, ZERO)


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    total_label: str = "Total"

    def value(self, row: Row, column: Column) -> float | None:
        """What a cell shows: the count, or the rate (``None`` when nothing to divide by)."""
        figure = row.figure(column.key)
        return figure.ratio if column.percent else figure.numerator

    def text(self, row: Row, column: Column) -> str:
        """What a cell prints in a document: ``1.230`` or ``97,6%`` (``core.numbers``' rule,
        the rate from the exact numerator and denominator)."""
        figure = row.figure(column.key)
        if column.percent:
            return numbers.share_text(figure.numerator, figure.denominator, vietnamese=True)
        return numbers.measure(figure.numerator, vietnamese=True)

    def total(self) -> Row:
        """Counts summed over the rows; each rate recomputed from the summed parts."""
        keys = {c.key for c in self.columns}
        sums: dict[str, Figure] = {}
        for key in keys:
            numerator: float = 0
            denominator = 0
            has_denominator = False
            for row in self.rows:
                figure = row.figure(key)
                numerator += figure.numerator
                if figure.denominator is not None:
                    has_denominator = True
                    denominator += figure.denominator
            sums[key] = Figure(numerator, denominator if has_denominator else None)
        return Row(self.total_label, sums)

    def groups(self) -> list[tuple[str, int]]:
        """The column groups in order, with how many consecutive columns each spans."""
        spans: list[tuple[str, int]] = []
        for column in self.columns:
            if spans and spans[-1][0] == column.group:
                spans[-1] = (column.group, spans[-1][1] + 1)
            else:
                spans.append((column.group, 1))
        return spans


@dataclass
class Annex:
    """The statistics annex: title lines above the table."""

    issuer: str  # the issuing body, top left (capitals)
    title: str  # e.g. "BIỂU THỐNG KÊ KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ 12-KH/TU"
    subtitle: str  # the plan's title
    as_of_line: str  # e.g. "(Số liệu tính đến ngày 20/02/2026)"
    unit_header: str  # the header of the unit column
    table: Table
    number_header: str = "TT"
    sheet_name: str = "Phu luc"
    footer: str = ""  # printed at the foot of each page, left
    header: str = ""  # printed at the top of each page, right


@dataclass
class Letterhead:
    parent_body: str  # upright capitals
    issuing_body: str  # bold capitals
    number_line: str  # "Số 15-BC/TU"
    place_date: str  # "Hòa Lâm, ngày 20 tháng 02 năm 2026"


@dataclass
class Signature:
    on_behalf: str  # "T/M BAN THƯỜNG VỤ"
    title: str  # "BÍ THƯ"
    name: str


@dataclass
class Block:
    """A piece of the body: ``heading`` (I., II.), ``subheading`` (1., 2.), ``paragraph``,
    ``bullet`` (a "- " item)."""

    kind: str
    text: str


@dataclass
class ResultsReport:
    letterhead: Letterhead
    doc_type: str  # "BÁO CÁO"
    summary: str  # the summary line under it
    body: list[Block]
    signature: Signature
    recipients: list[str]
    annex: Annex | None = None
    annex_heading: list[str] = field(default_factory=list)  # lines above the annex table
