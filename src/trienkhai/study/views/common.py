"""Helpers the study screens share: the tabs of a unit's
study pages, and the plan filter."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from trienkhai.core.access import Action, may
from trienkhai.core.lists import query_id
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
    pk = query_id(request, "plan")
    return plans.filter(pk=pk).first() if pk is not None else None


class UnitListMixin:
    """A list about a unit of the URL (its subtree's rows): outside the scope, a 404."""

    #: The action the user needs on the unit (``change`` for the learning reports).
    unit_action = Action.VIEW
    tab: str | None = None

    def setup_list(self):
        unit = Unit.objects.for_user(self.request.user, self.unit_action)
        self.unit = unit.filter(pk=self.kwargs["pk"]).first()
        if self.unit is None:
            raise Http404
        self.plans = plans_for(self.request.user, self.unit)

    def get_filterset_kwargs(self):
        return {"under": self.unit, "plans": self.plans}

    def get_context_data(self, **kwargs):
        return {
            **kwargs,
            **unit_context(self.request.user, self.unit, self.tab),
            "plans": self.plans,
            "plan": self.filterset.form.cleaned_data.get("plan")
            if self.filterset.is_valid()
            else None,
        }


__all__ = ["UnitListMixin", "chosen_plan", "plans_for", "unit_context"]
