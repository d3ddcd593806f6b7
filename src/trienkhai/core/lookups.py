"""``path__prefix``: "this unit and everything under it" as an index range scan.

Django's ``startswith`` becomes ``LIKE 'p%' ESCAPE '\\'``, which SQLite cannot serve from an
index (its LIKE is case-insensitive and the ESCAPE clause disables the optimisation), so a
subtree query scanned every row. Materialised paths use only the characters ``0-9A-Z``, so
the strings that start with ``p`` are exactly those between ``p`` and ``p`` followed by
``Z``s up to the column's length: a range both SQLite and PostgreSQL answer from a B-tree
index, in any collation (digits before capitals, shorter prefixes first).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import CharField, Lookup

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler, _AsSqlType

PATH_MAX_LENGTH = 255  # units.Unit.path (treebeard's default)
LAST_PATH_CHAR = "Z"


@CharField.register_lookup
class PathPrefix(Lookup[str]):
    lookup_name = "prefix"

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> _AsSqlType:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _rhs, rhs_params = self.process_rhs(compiler, connection)
        (prefix,) = rhs_params
        assert isinstance(prefix, str)
        upper = prefix + LAST_PATH_CHAR * max(PATH_MAX_LENGTH - len(prefix), 1)
        return f"({lhs} >= %s AND {lhs} <= %s)", (*lhs_params, prefix, *lhs_params, upper)
