"""The level above says who answers for which key point (``CoverageScope``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.core.access import Action, require
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.resolutions.models import KeyPoint, Plan
from trienkhai.units.models import Unit

from ..models import CoverageScope

KINDS = frozenset(Unit.Kind.values)


@transaction.atomic
def set_coverage_scopes(
    *, user, plan: Plan, scopes: Mapping[int, Iterable[str]]
) -> list[CoverageScope]:
    """For each key point of the plan's documents (by id), the kinds of units whose programs
    must serve it; an empty choice or every kind means every kind (the row is removed). Needs
    ``change`` on the plan's unit; one audit event with what was chosen."""
    require(user, Action.CHANGE, plan.unit)
    allowed = set(KeyPoint.objects.filter(resolution__plans=plan).values_list("pk", flat=True))
    unknown = set(scopes) - allowed
    if unknown:
        raise ValidationError(_("A key point chosen is not one of this plan's documents."))
    chosen: dict[int, list[str]] = {}
    for key_point_id, kinds in scopes.items():
        kinds = sorted(set(kinds))
        if set(kinds) - KINDS:
            raise ValidationError(_("Choose kinds of units from the list."))
        if kinds and set(kinds) != KINDS:
            chosen[key_point_id] = kinds
    before = {str(s.key_point_id): s.kinds for s in CoverageScope.objects.filter(plan=plan)}
    CoverageScope.objects.filter(plan=plan).exclude(key_point_id__in=chosen).delete()
    saved = []
    for key_point_id, kinds in chosen.items():
        scope, _created = CoverageScope.objects.update_or_create(
            plan=plan, key_point_id=key_point_id, defaults={"kinds": kinds, "unit": plan.unit}
        )
        saved.append(scope)
    after = {str(k): v for k, v in chosen.items()}
    if before != after:
        record(
            user=user,
            verb=AuditEvent.Verb.UPDATE,
            obj=plan,
            unit=plan.unit,
            before={"coverage_scopes": before},
            after={"coverage_scopes": after},
        )
    return saved
