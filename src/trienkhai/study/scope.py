"""The scope and the dates every study figure shares: which part of a plan's tree a unit
sees (``scope_path``, ``subtree``) and "by the end of ``as_of``" (``day_end``).

They sit apart from ``rows`` so that ``eligibility`` (who has studied) and ``rows`` (the rows
behind each number) both build on them without importing each other."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone


def as_of_or_today(as_of: datetime.date | None) -> datetime.date:
    return as_of or timezone.localdate()


def day_end(day: datetime.date) -> datetime.datetime:
    """The first instant after ``day`` in local time: "by the end of ``as_of``" is
    ``< day_end(as_of)``."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def scope_path(plan, unit) -> str | None:
    """The path prefix of the rows that count: ``unit``'s subtree, narrowed to the part the
    plan addresses (its issuer's subtree). ``None`` when the two do not meet."""
    issuer = plan.unit.path
    if unit.path.startswith(issuer):
        return unit.path
    if issuer.startswith(unit.path):
        return issuer
    return None


def subtree(path: str, lookup: str = "path") -> Q:
    """The units at or under ``path`` as a range of paths rather than ``LIKE 'path%'``:
    SQLite cannot serve a ``LIKE`` from the path index (its ``LIKE`` ignores case), but it
    can serve a range, and so can PostgreSQL whatever the column's collation. Paths use
    ``0-9A-Z`` only, so every path under ``path`` sorts between it and ``path`` + ``Z…``."""
    return Q(**{f"{lookup}__range": (path, path + "Z" * (255 - len(path)))})
