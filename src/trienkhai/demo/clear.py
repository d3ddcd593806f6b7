"""Deleting every unit and everything that hangs on one, quickly (``generate --replace``).

``Unit.objects.all().delete()`` would make treebeard and Django's collector load every row
(300,000 units and millions of people) to emulate ``on_delete`` in Python. Here the tables
that depend on units are found from the model graph — so tables added by later apps
(resolutions, study sessions, programs …) are covered without editing this file — and each is
emptied with one ``DELETE``, dependents first. Nullable ``SET_NULL`` links into those tables
from elsewhere are set to NULL instead, so no user or other independent row is lost.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection, models, transaction

from trienkhai.core.auditchain import allow_maintenance
from trienkhai.units.models import Unit


def _links(model):
    """The foreign keys and one-to-one fields declared on ``model``."""
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model]


def dependent_models() -> tuple[list[type[models.Model]], list[models.Field]]:
    """(models whose rows all go, in a safe deletion order; SET_NULL fields to clear)."""
    every = [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]
    doomed: set[type[models.Model]] = {Unit}
    changed = True
    while changed:
        changed = False
        for model in every:
            if model in doomed:
                continue
            for field in _links(model):
                target = field.related_model._meta.concrete_model
                if target in doomed and field.remote_field.on_delete is not models.SET_NULL:
                    doomed.add(model)
                    changed = True
                    break
    to_null = [
        field
        for model in every
        if model not in doomed
        for field in _links(model)
        if field.related_model._meta.concrete_model in doomed
    ]
    # Dependents first: repeatedly take a model no other remaining model points to.
    order: list[type[models.Model]] = []
    remaining = set(doomed)
    while remaining:
        free = [
            m
            for m in remaining
            if not any(
                f.related_model._meta.concrete_model is m
                for other in remaining
                if other is not m
                for f in _links(other)
            )
        ]
        batch = sorted(free or remaining, key=lambda m: m._meta.label)  # a cycle: FKs deferred
        order.extend(batch)
        remaining.difference_update(batch)
    return order, to_null


def clear_generated_data(out=print) -> dict[str, int]:
    """Delete all units and every row that depends on one; returns rows deleted per model."""
    order, to_null = dependent_models()
    deleted: dict[str, int] = {}
    qn = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # The audit events of the organisation go with it: the one deliberate deletion of audit
        # rows, allowed for this transaction (the chain starts afresh on an empty table).
        allow_maintenance()
        for field in to_null:
            field.model._base_manager.filter(**{f"{field.name}__isnull": False}).update(
                **{field.name: None}
            )
        for model in order:
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
            deleted[model._meta.label] = cursor.rowcount
    summary = ", ".join(f"{label} {n:,}" for label, n in deleted.items() if n)
    out(f"Deleted: {summary or 'nothing'}")
    return deleted
