"""The lists: inspections, recommendations, and the rows behind the dashboard's numbers."""

from __future__ import annotations

from django import forms as django_forms
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from trienkhai.core.access import Action, may
from trienkhai.core.fields import DayField
from trienkhai.core.views import ScopedObjectMixin
from trienkhai.units.models import Unit

from ..access import CONDUCT
from ..models import (
    Inspection,
    InspectionProgram,
    Recommendation,
)

# --- lists ------------------------------------------------------------------------------------


class IndexView(View):
    """The inspections the user sees (conducted by their units or aimed at them), the annual
    programs, and where they may start one."""

    def get(self, request):
        user = request.user
        if not may(user, Action.VIEW):
            raise Http404
        today = timezone.localdate()
        inspections = list(
            Inspection.objects.for_user(user)
            .select_related("unit")
            .annotate(n_targets=Count("targets", distinct=True))
            .order_by("-created_at", "-id")[:100]
        )
        for inspection in inspections:
            inspection.left = inspection.days_left(today)
            inspection.late_by = -inspection.left if inspection.left and inspection.left < 0 else 0
        programs = list(
            InspectionProgram.objects.for_user(user).select_related("unit").order_by("-year")[:30]
        )
        conducting = list(Unit.objects.roots_for(user, CONDUCT)) if may(user, CONDUCT) else []
        return render(
            request,
            "inspections/index.html",
            {
                "inspections": inspections,
                "programs": programs,
                "conducting": conducting,
                "today": today,
            },
        )


class RecommendationListView(View):
    """Recommendations in the user's scope (addressed to their units or below), late first."""

    def get(self, request):
        user = request.user
        if not may(user, Action.VIEW):
            raise Http404
        today = timezone.localdate()
        rows = list(
            Recommendation.objects.for_user(user)
            .exclude(state=Recommendation.State.PROPOSED)
            .select_related("unit", "inspection")
            .order_by("state", "due_on", "id")[:300]
        )
        for rec in rows:
            rec.standing_now = rec.standing(today)
        wanted = request.GET.get("standing", "")
        if wanted in ("open", "overdue", "done_on_time", "late"):
            rows = [r for r in rows if r.standing_now == wanted]
        rows.sort(key=lambda r: (r.standing_now != "overdue", r.due_on))
        return render(
            request, "inspections/recommendation_list.html", {"rows": rows, "wanted": wanted}
        )


# --- the rows behind the numbers of the dashboard ---------------------------------------------


class RowsForm(django_forms.Form):
    as_of = DayField(required=False)


class NumbersRowsView(ScopedObjectMixin, View):
    """The rows behind an inspection number of a plan's dashboard, for a unit's subtree, as
    of a date (``rollup.rows_for``: the same filters as the numbers)."""

    model = Unit

    def get(self, request, pk):
        from trienkhai.core.parsing import parse_id
        from trienkhai.resolutions.models import Plan

        from .. import rollup

        unit = self.get_queryset().filter(pk=pk).first()
        if unit is None:
            raise Http404
        form = RowsForm(request.GET)
        day = timezone.localdate()
        if form.is_valid() and form.cleaned_data["as_of"]:
            day = min(form.cleaned_data["as_of"], day)
        plan_id = parse_id(request.GET.get("plan"))
        plan = (
            Plan.objects.for_user(request.user).filter(pk=plan_id).first()
            if plan_id is not None
            else None
        )
        what = request.GET.get("what", "")
        if what not in rollup.WHATS:
            what = "recommendations"
        kind, rows, page = "", None, None
        if plan is not None:
            params = {k: request.GET.get(k, "") for k in ("kind", "severity", "standing")}
            kind, rows = rollup.rows_for(what, plan, day, params)
            lookup = {
                "items": "program__unit__path",
                "inspections": "unit__path",
                "units": "path",
                "findings": "target__path",
                "recommendations": "unit__path",
            }[kind]
            rows = rows.filter(**{f"{lookup}__prefix": unit.path})
            related = {
                "items": ("program__unit",),
                "inspections": ("unit",),
                "units": (),
                "findings": ("target", "inspection"),
                "recommendations": ("unit", "inspection"),
            }[kind]
            rows = rows.select_related(*related).order_by("pk")
            from trienkhai.core.views import paginate

            page = paginate(request, rows, per_page=50)
            if kind == "recommendations":
                for rec in page.object_list:
                    rec.standing_now = _standing_as_of(rec, day)
        return render(
            request,
            "inspections/numbers_rows.html",
            {"unit": unit, "plan": plan, "day": day, "kind": kind, "page": page, "what": what},
        )


def _standing_as_of(rec: Recommendation, day) -> str:
    if rec.closed_on is not None and rec.closed_on <= day:
        return "done_on_time" if rec.reported_on and rec.reported_on <= rec.due_on else "late"
    return "overdue" if rec.due_on < day else "open"
