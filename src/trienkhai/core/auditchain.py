"""The audit log as a hash chain: every event carries the hash of the one before it.

An event's ``hash`` is SHA-256 over a canonical serialisation (sorted-key JSON, no spaces) of its
fields and ``prev_hash``, the ``hash`` of the event before it by id (``GENESIS`` for the first).
Editing an event changes its hash; deleting one leaves the next pointing at a hash that is not
its predecessor's; moving one does both. :func:`verify` walks the chain in id order with
constant memory and stops at the first broken event.

Appends are serialised so that two writers never chain to the same head: on PostgreSQL a
transaction-level advisory lock is taken before the head is read (held until the writer's
transaction ends); SQLite runs one writing transaction at a time anyway (``BEGIN IMMEDIATE``).

What the chain cannot show alone is the loss of the *last* events: ``trienkhai audit verify``
prints the head (count and hash) for an auditor to note outside the database.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection

GENESIS = "0" * 64
# pg_advisory_xact_lock's key for "append to the audit chain" (any fixed bigint).
LOCK_KEY = 7_140_014_001
# The fields hashed, in the order the verifier reads them (``id`` is not: it is given by the
# database after the hash is computed; the chain itself fixes the order).
FIELDS = (
    "at",
    "unit_id",
    "actor_id",
    "actor_label",
    "verb",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
)


def _json_value(value: Any) -> Any:
    """JSON data as the database gives it back: tuples as lists, keys as text, and whole floats
    as integers (PostgreSQL's jsonb reads 1e16 back as an int)."""
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
    data = {name: fields[name] for name in FIELDS}
    data["at"] = _moment(data["at"])
    data["before"] = _json_value(data["before"])
    data["after"] = _json_value(data["after"])
    data["prev_hash"] = prev_hash
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode()


def digest(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


def lock_and_read_head() -> str:
    """Take the append lock (PostgreSQL) and return the hash the next event chains to.

    Call inside the transaction that writes the event: the lock is held until it ends."""
    from .models import AuditEvent

    if connection.vendor == "postgresql":
        # One round trip: the function (migration core.0007) locks, then reads the head with a
        # fresh snapshot (in one plain SELECT the snapshot would predate the lock).
        with connection.cursor() as cursor:
            cursor.execute("SELECT core_auditevent_lock_head(%s)", [LOCK_KEY])
            last = cursor.fetchone()[0]
        return GENESIS if last is None else last
    last = AuditEvent._base_manager.order_by("-id").values_list("hash", flat=True).first()
    return GENESIS if last is None else last


def allow_maintenance() -> None:
    """Let the current transaction update or delete audit rows on PostgreSQL (the trigger of
    migration 0007 refuses it otherwise). Only for a maintenance command that removes a whole
    organisation at once (``demo/clear.py``), never for the product's screens or services."""
    if not connection.in_atomic_block:
        raise RuntimeError("allow_maintenance() needs a transaction: it lasts until it ends")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL trienkhai.audit_maintenance = 'on'")


def chain_rows(rows: Iterable[Any], prev_hash: str) -> str:
    """Set ``prev_hash`` and ``hash`` on unsaved events (in the order they will get their ids),
    starting from ``prev_hash``; returns the new head. For writers of many events at once."""
    for row in rows:
        row.prev_hash = prev_hash
        row.hash = prev_hash = digest({name: getattr(row, name) for name in FIELDS}, prev_hash)
    return prev_hash


@dataclass(frozen=True)
class Break:
    """The first event where the chain does not hold.

    ``kind``: "edited" (its content no longer gives its hash), "deleted" (it does not follow
    the event before it and what it follows is nowhere: one between them is gone;
    ``previous_id`` None: it is the first event left) or "reordered" (it follows
    ``follows_id``, an event elsewhere in the log)."""

    id: int
    at: datetime.datetime
    kind: str
    previous_id: int | None = None
    follows_id: int | None = None


@dataclass(frozen=True)
class Report:
    checked: int
    head: str
    broken: Break | None


def _events(chunk: int) -> Iterator[tuple[Any, ...]]:
    from .models import AuditEvent

    columns = ("id", "hash", "prev_hash", *FIELDS)
    qs = AuditEvent._base_manager.order_by("id").values_list(*columns)
    return qs.iterator(chunk_size=chunk)


def verify(chunk: int = 2000) -> Report:
    """Walk the chain in id order; the first event whose hash or link does not hold."""
    from .models import AuditEvent

    expected = GENESIS
    previous_id: int | None = None
    checked = 0
    for row in _events(chunk):
        pk, stored, prev_hash = row[0], row[1], row[2]
        fields = dict(zip(FIELDS, row[3:], strict=True))
        at = fields["at"]
        if prev_hash != expected:
            # Only now, once: is the event it chains to elsewhere in the log (moved) or gone?
            follows = AuditEvent._base_manager.filter(hash=prev_hash).values_list("id", flat=True)
            follows_id = follows.first() if prev_hash != GENESIS else None
            kind = "deleted" if follows_id is None else "reordered"
            return Report(checked, expected, Break(pk, at, kind, previous_id, follows_id))
        if digest(fields, prev_hash) != stored:
            return Report(checked, expected, Break(pk, at, "edited", previous_id))
        checked += 1
        expected, previous_id = stored, pk
    return Report(checked, expected, None)


def rechain(model: Any, chunk: int = 2000) -> int:
    """Compute the chain for rows already written (the migration that introduced it).

    ``model`` is the historical AuditEvent; returns the number of rows chained."""
    prev_hash = GENESIS
    count = 0
    last_id = 0
    columns = ("id", *FIELDS)
    while True:
        rows = list(
            model._base_manager.filter(id__gt=last_id).order_by("id").values_list(*columns)[:chunk]
        )
        if not rows:
            return count
        updates = []
        for row in rows:
            fields = dict(zip(FIELDS, row[1:], strict=True))
            new_hash = digest(fields, prev_hash)
            updates.append(model(id=row[0], prev_hash=prev_hash, hash=new_hash))
            prev_hash = new_hash
        model._base_manager.bulk_update(updates, ["prev_hash", "hash"])
        count += len(rows)
        last_id = rows[-1][0]
