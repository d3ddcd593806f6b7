"""The administrator's choice of the progress rule for a subtree: how the percentage of every
program in it is computed. Users without the administrator's role on the unit get a 403 that
says so (404 when they cannot see the unit at all)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core.access import Action, may
from trienkhai.core.lists import query_id, table_page
from trienkhai.core.querysets import ancestor_paths
from trienkhai.core.views import apply_validation_error
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from .. import services
from ..forms_follow import RULE_EXPLANATIONS, RuleForm
from ..lists import RulesBelowTable
from ..models import ProgressRuleSetting
from ..models.program import ProgressRule
from ..progress import DEFAULT_RULE
from .progress import refuse


def only_admin() -> str:
    return _("Only an administrator of this unit chooses its progress rule.")


def rule_unit(request) -> Unit:
    """``?unit=<pk>`` within the user's sight (else 404), or the highest unit the user
    configures (or sees, so that the refusal can say why)."""
    user = request.user
    if request.GET.get("unit", ""):
        unit = None
        if (pk := query_id(request, "unit")) is not None:
            unit = Unit.objects.for_user(user, Action.VIEW).filter(pk=pk).first()
        if unit is None:
            raise Http404
        return unit
    unit = Unit.objects.top_for(user, Action.CONFIGURE) or Unit.objects.top_for(user, Action.VIEW)
    if unit is None:
        raise Http404
    return unit


class RuleSettingsView(View):
    def context(self, unit, form):
        user = self.request.user
        own = ProgressRuleSetting.objects.for_user(user, Action.VIEW).filter(unit=unit).first()
        # The nearest setting above applies when the unit has none of its own; only its rule
        # is shown (the unit above may be outside the user's scope).
        inherited = (
            ProgressRuleSetting.objects.filter(unit__path__in=ancestor_paths(unit.path))
            .order_by("-unit__depth")
            .values_list("rule", flat=True)
            .first()
        )
        below = (
            ProgressRuleSetting.objects.for_user(user, Action.VIEW)
            .filter(unit__path__prefix=unit.path)
            .exclude(unit=unit)
            .select_related("unit")
            .order_by("unit__path")
        )
        effective = own.rule if own else (inherited or DEFAULT_RULE)
        return {
            "unit": unit,
            "ancestors": ancestors_in_scope(user, unit),
            "form": form,
            "own": own,
            "inherited": inherited,
            "effective_label": ProgressRule(effective).label,
            "rules": [
                (value, label, RULE_EXPLANATIONS[value]) for value, label in ProgressRule.choices
            ],
            "below": table_page(self.request, RulesBelowTable(below)),
        }

    def get(self, request):
        unit = rule_unit(request)
        if not may(request.user, Action.CONFIGURE, unit):
            return refuse(request, only_admin())
        own = ProgressRuleSetting.objects.for_user(request.user, Action.VIEW).filter(unit=unit)
        current = own.values_list("rule", flat=True).first()
        form = RuleForm(initial={"rule": current or DEFAULT_RULE})
        return render(request, "programs/rule_settings.html", self.context(unit, form))

    def post(self, request):
        unit = rule_unit(request)
        if not may(request.user, Action.CONFIGURE, unit):
            return refuse(request, only_admin())
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                services.set_progress_rule(
                    user=request.user, unit=unit, rule=form.cleaned_data["rule"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied:
                return refuse(request, only_admin())
            else:
                messages.success(
                    request,
                    _("The progress of programs under %(unit)s now follows this rule: %(rule)s.")
                    % {"unit": unit.name, "rule": ProgressRule(form.cleaned_data["rule"]).label},
                )
                return redirect(f"{reverse('programs:rule-settings')}?unit={unit.pk}")
        return render(request, "programs/rule_settings.html", self.context(unit, form), status=400)
