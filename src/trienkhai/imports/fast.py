"""What makes a province's members list (240,000 rows) import in well under a minute.

* :class:`MemoText`: ``core.textvi`` with its pure functions memoised for one import, passed
  to the models' ``derive_keys(text=...)`` — names repeat (a few hundred given and family
  names), so their collation keys are computed once, and the keys stay exactly the model's.
* :func:`factory`: a model instance from keyword values through the positional ``__init__``
  (the keyword one walks every field, three times slower).
* :func:`insert`: the new rows written with one prepared statement (``executemany``), their
  ids chosen first inside the import's transaction — on SQLite the transaction holds the
  write lock (``BEGIN IMMEDIATE``), so ``max(id)`` is ours; on PostgreSQL the ids are drawn
  from the table's sequence. ``bulk_create`` builds one SQL text with thousands of
  placeholders per batch and prepares each value through the field API: under a profiler,
  most of the write. The demo's bulk inserter (``demo/bulk.py``) does the same for the
  generator; the layers keep the imports from using it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.db import connection, models, transaction

from trienkhai.core import textvi

BATCH = 20_000


class MemoText:
    """``core.textvi`` with the per-name functions memoised for one import."""

    def __init__(self) -> None:
        for name in ("normalize", "normalize_name", "fold", "split_name", "collation_key"):
            setattr(self, name, functools.lru_cache(maxsize=300_000)(getattr(textvi, name)))
        self.person_collation_key = functools.lru_cache(maxsize=300_000)(self._person_key)

    def _person_key(self, full_name: str) -> str:
        # ``textvi.person_collation_key`` word by word, each word's key memoised.
        family, middle, given = self.split_name(full_name)
        key = self.collation_key
        return str(key(given) + key(family) + key(middle))

    def __getattr__(self, name: str) -> Any:
        return getattr(textvi, name)


def factory(model: type[models.Model]) -> Callable[..., Any]:
    """A faster ``model(**values)``."""
    fields = model._meta.concrete_fields
    attnames = [f.attname for f in fields]
    dynamic = [f for f in fields if f.has_default() and callable(f.default)]
    static = {f.attname: f.get_default() for f in fields if f not in dynamic}

    def make(**values: Any) -> Any:
        for field in dynamic:
            values.setdefault(field.attname, field.get_default())
        return model(*[values[a] if a in values else static[a] for a in attnames])

    return make


def _ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT max(id) FROM "{table}"')
        top = cursor.fetchone()[0] or 0
        if connection.vendor == "sqlite":
            # AUTOINCREMENT tables never reuse an id: start past the highest ever given.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
        return list(range(top + 1, top + 1 + count))


def insert(model: type[models.Model], objs: list[Any]) -> list[int]:
    """Insert ``objs`` (instances whose ``derive_keys`` ran) and return their new ids.
    Only inside the import's transaction, and only for plain fields (text, numbers,
    booleans, dates, foreign keys): values go to the driver as they are, dates adapted."""
    assert transaction.get_connection().in_atomic_block, "ids are chosen inside the transaction"
    if not objs:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    ids = _ids(model, len(objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
    getter = attrgetter("pk", *(f.attname for f in fields))
    adapt = [
        (i + 1, connection.ops.adapt_datefield_value)
        for i, f in enumerate(fields)
        if f.get_internal_type() == "DateField"
    ]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in ["id", *(str(f.column) for f in fields)])
    marks = ", ".join(["%s"] * (len(fields) + 1))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            rows: list[Any] = []
            for obj in objs[start : start + BATCH]:
                if not adapt:
                    rows.append(getter(obj))
                    continue
                values = list(getter(obj))
                for i, fn in adapt:
                    if values[i] is not None:
                        values[i] = fn(values[i])
                rows.append(values)
            cursor.executemany(sql, rows)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # keep AUTOINCREMENT's counter past our ids
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = max(seq, %s) WHERE name = %s",
                [ids[-1], model._meta.db_table],
            )
    return ids
