"""Charts and rankings put first what a head must act on (issue 12): a mass organisation of
one member at 0/1 does not top the attendance chart above a commune missing forty, and six
units at 1/1 are not the six best of a province."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from trienkhai.reporting import charts, views
from trienkhai.reporting.numbers import Value


@dataclass
class FakeUnit:
    name: str
    pk: int = 0

    @property
    def sort_key(self) -> str:
        return self.name


@dataclass
class FakeNode:
    unit: FakeUnit
    numbers: Any


@dataclass
class FakeRollup:
    children: list[FakeNode]
    total: Value = field(default_factory=lambda: Value(0, 0))

    def value(self, key, numbers=None):
        return self.total if numbers is None else numbers


def rollup(*units: tuple[str, int, int]) -> FakeRollup:
    children = [FakeNode(FakeUnit(name, i), Value(n, d)) for i, (name, n, d) in enumerate(units)]
    return FakeRollup(children, Value(sum(n for _, n, _ in units), sum(d for _, _, d in units)))


def test_the_attendance_chart_puts_the_most_members_missing_first():
    result = rollup(("Hội Nông dân", 0, 1), ("Xã A", 160, 200), ("Xã B", 95, 100), ("Xã C", 5, 10))

    bars = charts.attendance(result, target=95)["bars"]

    assert [b.node.unit.name for b in bars] == ["Xã A", "Xã C", "Xã B", "Hội Nông dân"]
    assert [charts.missing(b.value) for b in bars] == [40, 5, 5, 1]  # a tie: lower rate first


class Links:
    def url(self, indicator, unit):
        return None


def studied(*units: tuple[str, int, int]) -> FakeRollup:
    """The units below with the study numbers the ranking's indicator reads."""
    children = [
        FakeNode(FakeUnit(name, i), SimpleNamespace(study=SimpleNamespace(attended=n, eligible=d)))
        for i, (name, n, d) in enumerate(units)
    ]
    return FakeRollup(children)


def test_small_units_are_ranked_after_the_others_and_marked():
    result = studied(
        *((f"Chi bộ {i}", 1, 1) for i in range(6)), ("Xã A", 190, 200), ("Xã B", 90, 100)
    )

    ranked = views.ranking(result, "study.attended", Links())

    names = [e["node"].unit.name for e in ranked]
    assert names[:2] == ["Xã A", "Xã B"]  # 95,0% and 90,0% of real sizes lead
    assert all(e["small"] for e in ranked[2:])
    assert not any(e["laggard"] for e in ranked[2:])  # not marked laggards for being small


def test_at_the_same_rate_the_larger_unit_ranks_first():
    result = studied(("Xã nhỏ", 9, 10), ("Xã lớn", 90, 100), ("Xã vừa", 45, 50))

    ranked = views.ranking(result, "study.attended", Links())

    assert [e["node"].unit.name for e in ranked] == ["Xã lớn", "Xã vừa", "Xã nhỏ"]
