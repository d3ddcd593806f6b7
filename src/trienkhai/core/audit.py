"""Appending audit events. Services call :func:`record` inside their transaction."""

from __future__ import annotations

import datetime
import decimal

from django.db import models

from .models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The values of ``fields`` as JSON-friendly data; foreign keys by their text."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.is_relation:
            data[name] = _plain(getattr(obj, name)) if getattr(obj, field.attname) else None
        else:
            data[name] = _plain(getattr(obj, name))
    return data


def record(*, user, verb: str, obj: models.Model, unit, before=None, after=None) -> AuditEvent:
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
