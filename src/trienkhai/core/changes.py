"""One audited write: the shape every service that edits a row shares.

``audited(user=..., obj=..., fields=..., related=...)`` is a context manager: on entry it
checks the permission (``core.access.require``) and snapshots the ``fields`` of ``obj`` (with
what ``related(obj)`` says of its related rows: key points, requirements); the service writes
inside the ``with`` block; on a clean exit it snapshots again and appends one audit event with
before and after — none when nothing changed, none when the block raised (the transaction rolls
back). The service keeps what is its own: which rows it locks, its validation, the verb, what
happens afterwards (obligations re-synced, copy checks). The block talks to the write through
the :class:`Change` it gets: ``watch`` a row found or made inside the block (after a check that
must come first), ``note`` what only the after state says (evidence attached), ``skip`` the
event, or ``report`` a payload of the service's own (a plan's version, not its whole text).

``update_audited(obj, user=..., changes=..., fields=...)`` is the common case written with it:
apply ``changes`` (only those fields: a form or a script cannot set another column), validate
(the service's own ``validate``, which ends with ``full_clean``, or ``full_clean`` itself) and
save only the columns that changed (none: no write, no audit event, no signal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import models

from .access import Action, AnyUser, require
from .audit import record, snapshot
from .models import AuditEvent

#: A row's state as the audit log keeps it (field name → plain value).
Snapshot = dict[str, Any]


class Change:
    """One audited write in progress: the row, its state before, and what the event will say."""

    def __init__(
        self,
        *,
        fields: Iterable[str],
        related: Callable[[Any], Snapshot] | None,
        verb: str,
        always: bool,
        only_changed: bool,
    ) -> None:
        self.obj: models.Model | None = None
        self.fields = list(fields)
        self.related = related
        self.verb = verb
        self.always = always  # an act (a report) is recorded even when nothing differs
        self.only_changed = only_changed
        self.before: Snapshot | None = None
        self.after: Snapshot | None = None
        self.notes: Snapshot = {}
        self.payload: tuple[Snapshot | None, Snapshot | None] | None = None
        self.skipped = False

    def watch(self, obj: models.Model, *, new: bool = False) -> Snapshot | None:
        """Follow ``obj`` from now on (``new``: it does not exist yet, nothing before)."""
        self.obj = obj
        self.before = None if new else self.take()
        return self.before

    def take(self) -> Snapshot:
        """The row's state now: its fields and what ``related`` says of its related rows."""
        assert self.obj is not None, "watch() a row first"
        data = snapshot(self.obj, self.fields)
        if self.related is not None:
            data |= self.related(self.obj)
        return data

    def measure(self) -> Snapshot:
        """The state after the writes, taken once (the event reuses it)."""
        if self.after is None:
            self.after = self.take()
        return self.after

    def note(self, **facts: Any) -> None:
        """What only the after state says (evidence attached, figures refreshed)."""
        self.notes |= facts

    def skip(self) -> None:
        """Nothing worth recording happened (the service knows better than the snapshots)."""
        self.skipped = True

    def report(self, *, before: Snapshot | None, after: Snapshot | None) -> None:
        """Record this payload instead of the snapshots (always recorded)."""
        self.payload = (before, after)

    def event(self) -> tuple[Snapshot | None, Snapshot | None] | None:
        """The before and after the event carries, or ``None`` when none is recorded."""
        if self.skipped or self.obj is None:
            return None
        if self.payload is not None:
            return self.payload
        before, after = self.before, self.measure()
        if self.only_changed:
            old = before or {}
            after = {k: v for k, v in after.items() if k not in old or old[k] != v}
            before = {k: old[k] for k in after if k in old}
        after = after | self.notes
        if after == before and not self.always:
            return None
        return before, after


@contextmanager
def audited(
    *,
    user: AnyUser | None,
    obj: models.Model | None = None,
    fields: Iterable[str] = (),
    related: Callable[[Any], Snapshot] | None = None,
    unit: Any = None,
    logged_under: Any = None,
    action: str = Action.CHANGE,
    verb: str = AuditEvent.Verb.UPDATE,
    always: bool = False,
    only_changed: bool = False,
    permission: bool = True,
) -> Iterator[Change]:
    """Check ``action`` on ``unit`` (``obj``'s unit by default; a ``Unit`` is its own), follow
    ``obj`` (or the row the block ``watch``-es), and record one event after the block.

    The event is filed under ``logged_under``, else ``obj``'s unit after the change (a person
    moved is recorded under the new unit), else ``unit``. ``only_changed``: the event carries
    only the fields that differ (20,000-character review sections would bloat the log).
    ``always``: recorded even when the snapshots are equal (a report is an act, not an edit).
    ``permission=False`` when the service has checked it already (before locking)."""
    where = unit if unit is not None else _unit_of(obj)
    if permission:
        require(user, action, where)
    change = Change(
        fields=fields, related=related, verb=verb, always=always, only_changed=only_changed
    )
    if obj is not None:
        change.watch(obj)
    yield change
    payload = change.event()
    if payload is None:
        return
    obj = change.obj
    assert obj is not None  # event() is None without a row
    if logged_under is None:
        logged_under = _unit_of(obj) if hasattr(obj, "unit_id") else where
    record(
        user=user,
        verb=change.verb,
        obj=obj,
        unit=logged_under,
        before=payload[0],
        after=payload[1],
    )


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

    ``unit`` is where the permission is checked (``obj.unit`` by default); the audit event goes
    to ``obj``'s unit after the change. ``verb`` may be a function of the columns written (a
    move)."""
    fields = list(fields)
    where = unit if unit is not None else _unit_of(obj)
    with audited(
        user=user, unit=where, fields=fields, action=action, permission=permission
    ) as change:
        for name in changes:
            if name not in fields:
                raise unknown(f"not an editable {obj._meta.model_name} field: {name}")
        change.watch(obj)  # after the refusals: a refused edit costs no snapshot
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
            change.skip()
            return []
        auto = [f.attname for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[*written, *auto])
        change.verb = verb(written) if callable(verb) else verb
    return written


def _unit_of(obj: Any) -> Any:
    return obj.unit if hasattr(obj, "unit_id") else obj
