"""The coverage matrix the level above reads: the key points of a plan's documents against the
units directly below, each cell the number of tasks of that unit's programs (in its subtree)
serving the key point. An empty cell is a key point the unit left uncovered; a unit with no
program yet is shown apart, since it has nothing to cover with.

A fixed number of queries whatever the number of tasks (``quality.coverage_matrix``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core.access import Action, may
from trienkhai.core.lists import query_id, table_page
from trienkhai.core.parsing import parse_id
from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.scope import progress_unit, visible_plans
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from ..lists import CoveragePlanTable
from ..quality import NOT_REQUIRED, coverage_matrix
from ..services import set_coverage_scopes


class CoverageView(View):
    """``?plan=<pk>&unit=<pk>``: the matrix for the plan under the unit (the user's top unit
    under the plan's issuer by default); without a plan, the plans to choose from. A POST by
    someone who may change the plan's unit says which kinds of units answer for which key
    point (``set_coverage_scopes``)."""

    def post(self, request):
        plan = None
        if (plan_id := query_id(request, "plan")) is not None:
            plan = visible_plans(request.user).select_related("unit").filter(pk=plan_id).first()
        if plan is None:
            raise Http404
        if not may(request.user, Action.CHANGE, plan.unit):
            raise PermissionDenied
        scopes = {}
        for key, kinds in request.POST.lists():
            if key.startswith("kp-") and (pk := parse_id(key[3:])) is not None:
                scopes[pk] = kinds
        for key in request.POST.getlist("key_points"):  # listed, none ticked: every kind
            if (pk := parse_id(key)) is not None:
                scopes.setdefault(pk, [])
        try:
            set_coverage_scopes(user=request.user, plan=plan, scopes=scopes)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{request.path}?{request.GET.urlencode()}")
        messages.success(request, _("Saved: who answers for which key point."))
        return redirect(f"{request.path}?{request.GET.urlencode()}#scopes")

    def get(self, request):
        user = request.user
        pk = request.GET.get("plan", "")
        if not pk:
            plans = (
                visible_plans(user)
                .filter(status=Plan.Status.ISSUED)
                .select_related("unit")
                .order_by("-issued_on", "-id")
            )
            page = table_page(request, CoveragePlanTable(plans))
            return render(request, "programs/coverage_choose.html", {"page": page})
        plan = None
        if (plan_id := query_id(request, "plan")) is not None:
            plan = visible_plans(user).select_related("unit").filter(pk=plan_id).first()
        if plan is None:
            raise Http404
        unit = progress_unit(request, plan)
        coverage = coverage_matrix(user, plan, unit)
        rows = []
        for key_point in coverage.key_points:
            cells = coverage.row(key_point)
            rows.append(
                {
                    "key_point": key_point,
                    "cells": list(zip(coverage.units, cells, strict=True)),
                    "gaps": sum(1 for n in cells if n == 0),
                    "tasks": sum(n for n in cells if isinstance(n, int)),
                }
            )
        columns = []
        for u in coverage.units:
            counted = coverage.programs.get(u.pk, 0)
            gaps = sum(
                1
                for kp in coverage.key_points
                if coverage.required(u, kp) and not coverage.cells.get((u.pk, kp.pk))
            )
            columns.append({"unit": u, "programs": counted, "gaps": gaps if counted else None})
        can_scope = may(user, Action.CHANGE, plan.unit)
        scope_rows = []
        if can_scope:
            kinds = Unit.Kind.choices
            for key_point in coverage.key_points:
                own = coverage.scopes.get(key_point.pk) or []
                scope_rows.append(
                    {
                        "key_point": key_point,
                        "kinds": [(value, label, value in own) for value, label in kinds],
                    }
                )
        return render(
            request,
            "programs/coverage.html",
            {
                "plan": plan,
                "unit": unit,
                "ancestors": ancestors_in_scope(user, unit).filter(path__prefix=plan.unit.path),
                "rows": rows,
                "columns": columns,
                "without_program": sum(1 for c in columns if not c["programs"]),
                "gaps": sum(r["gaps"] for r in rows),
                "not_required": sum(1 for r in rows for _u, n in r["cells"] if n == NOT_REQUIRED),
                "can_scope": can_scope,
                "scope_rows": scope_rows,
                "kinds": Unit.Kind.choices,
            },
        )
