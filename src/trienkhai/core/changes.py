"""One audited update: the shape every service that edits a row shares.

``update_audited(obj, user=..., changes=..., fields=...)`` checks the permission
(``core.access.require``), snapshots the editable ``fields``, applies ``changes`` (only
those fields: a form or a script cannot set another column), validates (the service's own
``validate``, which ends with ``full_clean``, or ``full_clean`` itself), saves only the
columns that changed (none: no write, no audit event, no signal) and appends the audit event
with the fields before and after. The service keeps what is its own: which row it locks, its
validation, the verb, what happens afterwards (obligations re-synced, copy checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models

from .access import Action, AnyUser, require
from .audit import record, snapshot
from .models import AuditEvent


def _stored(obj: models.Model) -> dict[str, Any]:
    """The columns of ``obj`` as they would be written (attribute names: ``unit_id``)."""
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key
    }


def update_audited[M: models.Model](
    obj: M,
    *,
    user: AnyUser | None,
    changes: Mapping[str, Any],
    fields: Iterable[str],
    unit: models.Model | None = None,
    action: str = Action.CHANGE,
    validate: Callable[[M], None] | None = None,
    verb: str | Callable[[list[str]], str] = AuditEvent.Verb.UPDATE,
    unknown: type[Exception] = ValueError,
    permission: bool = True,
) -> list[str]:
    """Apply ``changes`` to ``obj`` (a row the caller has locked) as ``user``; returns the
    columns written (empty: nothing changed, nothing written or recorded).

    ``unit`` is where the permission is checked (``obj.unit`` by default; a ``Unit`` is its
    own); the audit event goes to ``obj``'s unit after the change (a person moved is recorded
    under the new unit). ``verb`` may be a function of the columns written (a move).
    ``permission=False`` when the service has checked it already (before locking)."""
    fields = list(fields)
    where = unit if unit is not None else _unit_of(obj)
    if permission:
        require(user, action, where)
    for name in changes:
        if name not in fields:
            raise unknown(f"not an editable {obj._meta.model_name} field: {name}")
    before = snapshot(obj, fields)
    stored = _stored(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    if validate is None:
        obj.full_clean()
    else:
        validate(obj)
    if hasattr(obj, "derive_keys"):
        obj.derive_keys()  # what ``save`` would derive is compared too
    written = [name for name, value in _stored(obj).items() if stored[name] != value]
    if not written:
        return []
    auto = [f.attname for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=[*written, *auto])
    after = snapshot(obj, fields)
    if after != before:
        record(
            user=user,
            verb=verb(written) if callable(verb) else verb,
            obj=obj,
            unit=_unit_of(obj) if hasattr(obj, "unit_id") else where,
            before=before,
            after=after,
        )
    return written


def _unit_of(obj: Any) -> Any:
    return obj.unit if hasattr(obj, "unit_id") else obj
