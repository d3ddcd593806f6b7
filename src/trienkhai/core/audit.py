"""Appending audit events. Services call :func:`record` inside their transaction.

Every event is chained to the one before it (:mod:`.auditchain`): :func:`record` takes the
append lock, reads the head and writes the event with its hash in one INSERT.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import auditchain
from .access import AnyUser
from .models import AuditEvent

_written_at: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "audit_written_at", default=None
)


@contextmanager
def written_at(moment: datetime.datetime) -> Iterator[None]:
    """Events recorded inside carry ``moment`` as their time: for loaders that write the
    history of past days (the demo). The time is hashed, so it is set before the row is
    written, never changed afterwards."""
    token = _written_at.set(moment)
    try:
        yield
    finally:
        _written_at.reset(token)


def plain(value: object) -> object:
    """A value as audit logs store it: JSON-friendly text for objects, dates and decimals."""
    if isinstance(value, models.Model):
        # Names repeat (every commune has a "Chi bộ thôn 1"): add the code where there is one,
        # so that a move between two namesakes still shows as a change.
        code = getattr(value, "code", None)
        return f"{value} ({code})" if code else str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, object]:
    """The values of ``fields`` as JSON-friendly data; foreign keys by their text (and code)."""
    data: dict[str, object] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.is_relation:
            assert isinstance(field, models.Field), f"{name}: a reverse relation has no value"
            data[name] = plain(getattr(obj, name)) if getattr(obj, field.attname) else None
        else:
            data[name] = plain(getattr(obj, name))
    return data


def record(
    *,
    user: AnyUser | None,
    verb: str,
    obj: models.Model,
    unit: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append an event. ``actor_label`` names who acted when nobody is logged in (an anonymous
    check-in: the device and the member code typed); it is required then, so that no event
    is left without an actor."""
    actor = user if user is not None and user.is_authenticated else None
    if actor is None and not actor_label:
        raise ValueError("an audit event needs a user or an actor_label")
    event = AuditEvent(
        at=_written_at.get() or timezone.now(),
        actor=actor,
        actor_label=actor_label[:255],
        verb=verb,
        unit=unit,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
    )
    # No savepoint of its own: if the INSERT fails, the caller's transaction fails with it.
    with transaction.atomic(savepoint=False):
        auditchain.chain_rows([event], auditchain.lock_and_read_head())
        event.save(force_insert=True)
    return event
