"""The shared versioning: differences between two snapshots of a declared shape."""

from __future__ import annotations

from types import SimpleNamespace

from trienkhai.core.versions import Shape, differences, snapshot

SHAPE = Shape(
    fields=("title", "due"),
    items="rows",
    item_fields=("text", "n"),
    labels=lambda: {"title": "Title", "due": "Due", "text": "Text", "n": "Count"},
    show=lambda key, value: "—" if value is None else str(value),
    item_heading=lambda item, label: f"Row {item['order']}: {label}",
    item_name=lambda item: item["text"],
    added=lambda: "Row added",
    removed=lambda: "Row removed",
)


def test_fields_then_items_kept_added_and_removed():
    before = {
        "title": "A",
        "due": None,
        "rows": {"1": {"order": 1, "text": "x", "n": 1}, "2": {"order": 2, "text": "y", "n": 2}},
    }
    after = {
        "title": "A",
        "due": "2026-03-31",
        "rows": {"1": {"order": 1, "text": "x", "n": 5}, "3": {"order": 2, "text": "z", "n": 0}},
    }
    assert differences(SHAPE, before, after) == [
        {"what": "Due", "before": "—", "after": "2026-03-31"},
        {"what": "Row 1: Count", "before": "1", "after": "5"},
        {"what": "Row added", "before": "—", "after": "z"},
        {"what": "Row removed", "before": "y", "after": "—"},
    ]
    assert differences(SHAPE, after, after) == []


def test_a_snapshot_converts_the_values_it_is_told_to():
    obj = SimpleNamespace(title="A", due=None, kinds=["b", "a"])
    assert snapshot(obj, ("title", "kinds"), kinds=sorted) == {"title": "A", "kinds": ["a", "b"]}
