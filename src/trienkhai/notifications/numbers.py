"""The notifications' own numbers, for the units a user views: notifications sent and read, by
kind; the objects reminded (obligations) and how many were done after the first reminder.
A few GROUP BY queries whatever the subtree's size (the reporting engine sits above this app)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from trienkhai.core.access import Action, AnyUser, role_paths, unrestricted

from . import kinds
from .models import Notification


def _scope(user: AnyUser) -> Q | None:
    if unrestricted(user):
        return Q()
    paths = role_paths(user, Action.VIEW)
    if not paths:
        return None
    return reduce(or_, (Q(unit__path__prefix=p) for p in paths))


@dataclass
class KindRow:
    kind: Any
    sent: int
    read: int


def by_kind(user: AnyUser) -> list[KindRow]:
    scope = _scope(user)
    if scope is None:
        return []
    counts = {
        row["kind"]: row
        for row in Notification.objects.filter(scope)
        .values("kind")
        .annotate(sent=Count("id"), read=Count("id", filter=Q(read_at__isnull=False)))
        .order_by()
    }
    return [
        KindRow(kind, counts[kind.key]["sent"], counts[kind.key]["read"])
        for kind in kinds.all_kinds()
        if kind.key in counts
    ]


@dataclass
class RemindedRow:
    model: str
    title: str
    reminded: int
    done_after: int


def done_after_reminder(user: AnyUser) -> list[RemindedRow]:
    """Per model with reminders (``Kind.done_field``): the objects of the user's subtree that
    were reminded, and those done on or after the day of their first reminder."""
    scope = _scope(user)
    if scope is None:
        return []
    found = []
    by_model: dict[str, list[Any]] = {}
    for kind in kinds.all_kinds():
        if kind.done_field:
            by_model.setdefault(kind.model, []).append(kind)
    for label, group in by_model.items():
        model: Any = group[0].target_model()
        keys = [k.key for k in group]
        reminders = Notification.objects.filter(
            target_type=label.lower(), kind__in=keys, target_id=OuterRef("pk")
        )
        first = reminders.order_by("created_at").values("created_at")[:1]
        rows = (
            model.objects.for_user(user, Action.VIEW)
            .filter(Exists(reminders))
            .annotate(first=TruncDate(Subquery(first)))
        )
        done_field = group[0].done_field
        totals = rows.aggregate(
            reminded=Count("pk"),
            done=Count("pk", filter=Q(**{f"{done_field}__gte": F("first")})),
        )
        found.append(
            RemindedRow(
                label, str(model._meta.verbose_name_plural), totals["reminded"], totals["done"]
            )
        )
    return found
