"""Versions of a document: what it says as plain data, and the list of what changed.

A plan is issued again in a new version (``resolutions/versions.py``); an action program is
approved again (``programs/versions.py``). Both keep, with each version, a snapshot — the
document's own fields and its items (requirements, tasks) keyed by id — and the differences
from the version before, as rows ``{"what", "before", "after"}`` in the language of the user
who made the version. The mechanism is here; each document declares its ``Shape`` (which
fields, which items, how a value reads) in the module beside its model.

Snapshots are stored: a shape must keep reading the values it stored before (a date written
``2026-03-31`` in one, ``31/03/2026`` in the other), or every old version would differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models

NOTHING = "—"

#: A snapshot (``{field: value}``, the items under their key as ``{id: {field: value}}``), or
#: one item of it.
type Snapshot = dict[str, Any]
#: A row of the list of changes: ``{"what", "before", "after"}``.
type Change = dict[str, Any]


@dataclass(frozen=True)
class Shape:
    """What a versioned document declares about its snapshot."""

    #: the document's own fields, in the order their changes are listed
    fields: tuple[str, ...]
    #: the key of its items in the snapshot (``{id: {field: value}}``) and their fields
    items: str
    item_fields: tuple[str, ...]
    #: the label of every field, in the current language
    labels: Callable[[], Mapping[str, str]]
    #: how a stored value reads: ``show(field, value)``
    show: Callable[[str, object], str]
    #: the "what" of a changed item field: ``item_heading(item, label)``
    item_heading: Callable[[Snapshot, str], str]
    #: an item added or removed, as the list shows it
    item_name: Callable[[Snapshot], str]
    #: "Requirement added" / "Task added", and removed, in the current language
    added: Callable[[], str]
    removed: Callable[[], str]


def snapshot(obj: object, fields: Iterable[str], **convert: Callable[[Any], Any]) -> Snapshot:
    """``{field: value}`` of ``obj``, each value through ``convert[field]`` when given
    (a date to text, a number to its shortest form)."""
    return {name: convert.get(name, _same)(getattr(obj, name)) for name in fields}


def _same(value: Any) -> Any:
    return value


def _row(what: object, before: object, after: object) -> Change:
    return {"what": str(what), "before": before, "after": after}


def differences(shape: Shape, before: Snapshot, after: Snapshot) -> list[Change]:
    """Every difference between two snapshots, readable: the document's fields first, then
    each item kept (field by field), added, and removed."""
    labels, show = shape.labels(), shape.show
    changes = [
        _row(labels[key], show(key, before.get(key)), show(key, after.get(key)))
        for key in shape.fields
        if before.get(key) != after.get(key)
    ]
    old, new = before.get(shape.items, {}), after.get(shape.items, {})
    for pk, item in new.items():
        if pk not in old:
            changes.append(_row(shape.added(), NOTHING, shape.item_name(item)))
            continue
        for key in shape.item_fields:
            if old[pk].get(key) != item.get(key):
                heading = shape.item_heading(item, labels.get(key, key))
                changes.append(_row(heading, show(key, old[pk].get(key)), show(key, item.get(key))))
    for pk, item in old.items():
        if pk not in new:
            changes.append(_row(shape.removed(), shape.item_name(item), NOTHING))
    return changes


def last_version(versions: models.Manager[Any]) -> Any:
    """The latest of a document's versions (``plan.versions``, ``program.versions``)."""
    return versions.order_by("-number").first()


def since_last(shape: Shape, versions: models.Manager[Any], now: Snapshot) -> list[Change]:
    """What a new version would change from the latest one (empty when there is none yet:
    the first version is the whole document)."""
    previous = last_version(versions)
    return differences(shape, previous.snapshot, now) if previous is not None else []
