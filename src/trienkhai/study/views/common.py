"""Helpers the study screens share: the tabs of a unit's
study pages, and the plan filter."""

from __future__ import annotations

from django.urls import reverse

from trienkhai.core.access import Action, may
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from ..forms import plans_for


def unit_context(user, unit: Unit, tab: str) -> dict:
    """What the tabs of a unit's study pages need."""
    return {
        "unit": unit,
        "ancestors": ancestors_in_scope(user, unit, include_self=False),
        "tab": tab,
        "can_change": may(user, Action.CHANGE, unit),
        "numbers_url": reverse("study:unit-numbers", args=[unit.pk]),
    }


def chosen_plan(request, plans):
    """The plan picked in the ``plan`` query parameter, among ``plans`` (else None)."""
    value = request.GET.get("plan", "")
    if value.isdigit():
        return plans.filter(pk=int(value)).first()
    return None


__all__ = ["chosen_plan", "plans_for", "unit_context"]
