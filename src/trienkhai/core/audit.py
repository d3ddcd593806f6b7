"""Appending audit events. Services call :func:`record` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models

from .access import AnyUser
from .models import AuditEvent


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
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=user if user is not None and user.is_authenticated else None,
        verb=verb,
        unit=unit,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
    )
