"""Inserting many rows at once, below the ORM: COPY on PostgreSQL, executemany else.

The one bulk inserter of the project: the generator (``trienkhai generate``), the demo's study
rows (``study_bulk``) and the tooling's workloads (``trienkhai.tooling``: the benchmark and the
timings) all write through it. It lives in demo because the demo's own loading needs it and the
tooling is built on top of demo, never the other way round.

``bulk_create`` builds one SQL text with thousands of placeholders per batch and prepares each
value through the field API; under a profiler that was half of the generator's time. The
generator's rows are plain (text, integers, booleans, a date, ids chosen in advance, no
``auto_now``), so this module writes the values directly: one prepared statement run with
``executemany`` (SQLite and others) or one ``COPY … FROM STDIN`` stream (PostgreSQL,
psycopg 3). Measured on SQLite at province scale, the switch took the whole run from 32 s to
27 s, and :func:`factory` (positional ``__init__``) saved as much again.

Two ways in, one way to the database:

* :func:`insert` takes model instances (their primary keys set) and writes every concrete
  field; callers call ``derive_keys()`` on each instance first;
* :func:`insert_rows` takes tuples of plain values for the columns named — what the
  workloads build by the million, where an instance per row would cost more than the insert.

It sends no signals and calls no ``save()`` — exactly like ``bulk_create``.
"""

from __future__ import annotations

from operator import attrgetter

from django.db import connection, models

from trienkhai.core.querysets import column_of

# Field types whose Python values the database drivers take as they are.
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BooleanField",
    "CharField",
    "TextField",
    "ForeignKey",
    "OneToOneField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}


def _columns(model) -> list[models.Field]:
    fields = list(model._meta.concrete_fields)
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name} needs pre_save; use bulk_create")
    return fields


def _row_maker(fields):
    """A function from an instance to its tuple of database values, in ``fields`` order."""
    getter = attrgetter(*(f.attname for f in fields))
    prepared = [(i, f) for i, f in enumerate(fields) if f.get_internal_type() not in _PLAIN]
    if len(fields) == 1:
        return lambda obj: (getter(obj),)
    if not prepared:
        return getter

    def make(obj):
        values = list(getter(obj))
        for i, field in prepared:
            if values[i] is not None:
                values[i] = field.get_db_prep_save(values[i], connection)
        return values

    return make


def factory(model):
    """A faster ``model(**values)``: the keyword-argument ``__init__`` walks every field and
    costs three times the positional one, which matters a few million times over."""
    fields = model._meta.concrete_fields
    attnames = [f.attname for f in fields]
    dynamic = [f for f in fields if f.has_default() and callable(f.default)]
    static = {f.attname: f.get_default() for f in fields if f not in dynamic}

    def make(**values):
        for field in dynamic:
            values.setdefault(field.attname, field.get_default())
        return model(*[values[a] if a in values else static[a] for a in attnames])

    return make


BATCH = 20_000  # rows per ``executemany`` call: bounded memory for the driver's parameters


def insert(model, objs) -> int:
    """Insert ``objs`` (instances of ``model`` with their primary keys set); returns the count."""
    if not objs:
        return 0
    fields = _columns(model)
    if any(obj.pk is None for obj in objs):
        raise ValueError("bulk.insert needs primary keys chosen in advance")
    make = _row_maker(fields)
    _write(model, [column_of(model, f.name) for f in fields], [make(obj) for obj in objs])
    return len(objs)


def insert_rows(model, columns: list[str], rows: list) -> int:
    """Insert ``rows`` (tuples of plain values, in the order of ``columns``: attribute names
    such as ``unit_id``) into ``model``'s table; returns the count. Dates and datetimes are
    adapted the way the backend stores them; every other value goes as it is."""
    if not rows:
        return 0
    fields = [model._meta.get_field(c.removesuffix("_id")) for c in columns]
    if connection.vendor != "postgresql":  # psycopg's COPY takes dates as they are
        adapt = {
            "DateTimeField": connection.ops.adapt_datetimefield_value,
            "DateField": connection.ops.adapt_datefield_value,
        }
        kinds = {
            i: adapt[f.get_internal_type()]
            for i, f in enumerate(fields)
            if f.get_internal_type() in adapt
        }
        if kinds:
            rows = [
                tuple(kinds[i](v) if i in kinds and v is not None else v for i, v in enumerate(r))
                for r in rows
            ]
    _write(model, [f.column for f in fields], rows)
    return len(rows)


def _write(model, columns: list[str], rows: list) -> None:
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    column_list = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
