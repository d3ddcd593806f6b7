"""Screens of plans: the list, a plan's page with its progress under a unit, drafting and
revising a plan with its requirements, and issuing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import lists
from trienkhai.core.access import Action, AnyUser, may
from trienkhai.core.views import (
    HtmxRequest,
    ScopedDetailView,
    ServiceActionView,
    apply_validation_error,
    paginate,
)
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from .. import forms, rollup, services
from .. import lists as plan_lists
from ..models import Plan, PlanVersion, Requirement, Resolution
from ..models.plan import PlanQuerySet
from ..rollup import Tally
from ..scope import progress_unit, visible_plans
from .common import attach_parents

#: Late and overdue units shown on a plan's page at a time (the full list is a link away).
LAGGARDS = 20


class PlanListView(lists.ScopedListView[PlanQuerySet]):
    """Plans of the user's units and plans addressed to them from above."""

    model = Plan
    filterset_class = plan_lists.PlanFilter
    table_class = plan_lists.PlanTable
    title = gettext_lazy("Plans")
    template_name = "resolutions/plan_list.html"
    count_text = ngettext_lazy("%(n)s plan", "%(n)s plans", "n")
    empty_text = gettext_lazy(
        "No plan yet. Plans your units issue and plans addressed to them from above appear here."
    )
    empty_filtered_text = gettext_lazy(
        "No plan matches. Tone marks are optional: “hoc tap” finds “học tập”."
    )

    def scoped(self) -> PlanQuerySet:
        return visible_plans(self.request.user)

    def rows(self, queryset: PlanQuerySet) -> PlanQuerySet:
        return queryset.select_related("unit", "parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return {**kwargs, "can_draft": may(user, Action.CHANGE)}


def requirement_rows(
    user: AnyUser, plan: Plan, unit: Unit
) -> list[tuple[Requirement, Tally | None]]:
    """The plan's requirements with, once issued, their numbers under ``unit``; each knows the
    requirement of the plan above it carries out (``carries``)."""
    rows: list[tuple[Requirement, Tally | None]]
    if plan.is_issued:
        rows = [(p.requirement, p.tally) for p in rollup.completeness(plan, unit)]
    else:
        requirements = Requirement.objects.for_user(user, Action.VIEW).filter(
            plan=plan, withdrawn=False
        )
        rows = [(r, None) for r in requirements]
    above: dict[int | None, Requirement] = {}
    if plan.parent_id:
        above = {
            r.pk: r
            for r in Requirement.objects.for_user(user, Action.VIEW).filter(plan=plan.parent_id)
        }
    for requirement, _tally in rows:
        requirement.carries = above.get(requirement.parent_requirement_id)
    return rows


class PlanDetailView(ScopedDetailView):
    model = Plan
    template_name = "resolutions/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self) -> PlanQuerySet:
        return visible_plans(self.request.user).select_related("unit", "parent", "parent__unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        request, user, plan = self.request, self.request.user, self.object
        unit = progress_unit(request, plan)
        context = {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "unit_crumbs": ancestors_in_scope(user, unit).filter(path__prefix=plan.unit.path),
            "rows": requirement_rows(user, plan, unit),
            "documents": paginate(
                request,
                Resolution.objects.for_user(user, Action.VIEW).filter(plans=plan),
                param="docs_page",
            ),
            "versions": paginate(
                request,
                PlanVersion.objects.for_user(user, Action.VIEW)
                .filter(plan=plan)
                .select_related("issued_by__person")
                .prefetch_related("issued_by__person__positions"),
                param="versions_page",
            ),
            "below": lists.table_page(
                request,
                plan_lists.PlansBelowTable(
                    visible_plans(user).filter(parent=plan).select_related("unit")
                ),
                param="plans_page",
            ),
            "can_change": not plan.is_issued and may(user, Action.CHANGE, plan.unit),
            "can_approve": may(user, Action.APPROVE, plan.unit),
            "can_implement": plan.is_issued
            and Unit.objects.for_user(user, Action.CHANGE)
            .filter(path__prefix=plan.unit.path, depth__gt=plan.unit.depth)
            .exists(),
        }
        if plan.is_issued:
            children = lists.paged(
                request, rollup.by_child(plan, unit), param="units_page", per_page=50
            )
            late = lists.table_page(
                request,
                plan_lists.ObligationTable(rollup.laggards(plan, unit)),
                param="late_page",
                per_page=LAGGARDS,
                decorate=lambda rows: attach_parents(user, rollup.attach_heads(rows)),
            )
            context.update(children=children, late=late)
        return context


class PlanFormView(View):
    """Drafting a plan (no ``pk``) or revising one: the header form and the requirement rows.

    A plan of the unit above can be chosen (or given as ``?parent=``): its requirements fill
    the rows, each keeping a hidden link to the row it carries out, checked on submission.
    """

    template_name = "resolutions/plan_form.html"
    prefix = "req"
    request: HtmxRequest
    plan: Plan | None

    # --- the plan being edited (None when drafting) ------------------------------------------

    def get_plan(self) -> Plan | None:
        return None

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.plan = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.plan = self.get_plan()
        if self.plan is None and Unit.objects.top_for(request.user, Action.CHANGE) is None:
            raise Http404
        plan = self.plan
        if plan is not None and plan.is_issued and not may(request.user, Action.APPROVE, plan.unit):
            messages.error(
                request,
                _("Only the head of %(unit)s can change the issued plan (a new version).")
                % {"unit": plan.unit},
            )
            return redirect(plan)
        return super().dispatch(request, *args, **kwargs)

    # --- forms ---------------------------------------------------------------------------------

    def requirements_of(self, plan_id: int | None) -> list[Requirement]:
        if not plan_id:
            return []
        return list(
            Requirement.objects.for_user(self.request.user, Action.VIEW).filter(
                plan_id=plan_id, withdrawn=False
            )
        )

    def get_form(self, data: Any = None, initial: dict[str, Any] | None = None) -> forms.PlanForm:
        return forms.PlanForm(
            data, user=self.request.user, obj=self.plan, edit=self.plan is not None, initial=initial
        )

    def get_formset(
        self,
        data: Any = None,
        initial: list[dict[str, Any]] | None = None,
        parent_id: int | None = None,
        plan_date: Any = None,
    ) -> forms.BaseRequirementFormSet:
        existing = self.requirements_of(self.plan.pk) if self.plan else []
        formset = forms.RequirementFormSet(
            data,
            initial=initial,
            prefix=self.prefix,
            existing=existing,
            parents=self.requirements_of(parent_id),
            plan_date=plan_date,
        )
        if data is None and not initial:
            formset.extra = 1
        return formset

    def context(
        self,
        form: forms.PlanForm,
        formset: forms.BaseRequirementFormSet,
        parent: Plan | None = None,
    ) -> dict[str, Any]:
        return {
            "form": form,
            "formset": formset,
            "plan": self.plan,
            "parent": parent if self.plan is None else self.plan.parent,
            "title": self.title(),
        }

    def title(self) -> str:
        if self.plan is None:
            return _("Draft a plan")
        if self.plan.is_issued:
            return _("Revise the issued plan %(number)s") % {"number": self.plan.number}
        return _("Edit the draft plan %(number)s") % {"number": self.plan.number}

    # --- GET -------------------------------------------------------------------------------------

    def get(self, request: HtmxRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.plan is not None:
            rows = [
                forms.requirement_initial(r, as_parent=False)
                for r in self.requirements_of(self.plan.pk)
            ]
            formset = self.get_formset(initial=rows, parent_id=self.plan.parent_id)
            return render(request, self.template_name, self.context(self.get_form(), formset))
        parent = self.chosen_parent()
        if parent is not None:
            initial = self.initial_under(parent)
            rows = [
                forms.requirement_initial(r, as_parent=True)
                for r in self.requirements_of(parent.pk)
            ]
        else:
            initial, rows = self.initial_alone(), []
        form = self.get_form(initial=initial)
        formset = self.get_formset(initial=rows, parent_id=parent.pk if parent else None)
        template = self.template_name
        if request.htmx and request.GET.get("partial") == "requirements":
            template += "#requirements"  # the rows, when the plan above is chosen
        return render(request, template, self.context(form, formset, parent))

    def chosen_parent(self) -> Plan | None:
        """The issued plan of ``?parent=``, if the user may see it."""
        pk = lists.query_id(self.request, "parent")
        if pk is None:
            return None
        return (
            visible_plans(self.request.user)
            .filter(pk=pk, status=Plan.Status.ISSUED)
            .select_related("unit")
            .first()
        )

    def initial_under(self, parent: Plan) -> dict[str, Any]:
        """A plan implementing ``parent``: issued by the user's top unit under it, for the same
        documents."""
        user = self.request.user
        unit = Unit.objects.top_for(user, Action.CHANGE, under=parent.unit)
        return {
            "unit": unit.code if unit is not None and unit.pk != parent.unit_id else "",
            "parent": parent.pk,
            "resolutions": list(
                Resolution.objects.for_user(user, Action.VIEW)
                .filter(plans=parent)
                .values_list("pk", flat=True)
            ),
        }

    def initial_alone(self) -> dict[str, Any]:
        """A plan of its own: issued by the unit of ``?unit=`` or the user's top unit."""
        user = self.request.user
        ref = lists.query_id(self.request, "unit")
        unit = None
        if ref is not None:
            unit = Unit.objects.for_user(user, Action.CHANGE).filter(pk=ref).first()
        unit = unit or Unit.objects.top_for(user, Action.CHANGE)
        return {"unit": unit.code if unit else ""}

    # --- POST ------------------------------------------------------------------------------------

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(data=request.POST)
        form_ok = form.is_valid()
        if self.plan is not None:
            parent = self.plan.parent
        else:
            parent = form.cleaned_data.get("parent")
        formset = self.get_formset(
            data=request.POST,
            parent_id=parent.pk if parent else None,
            plan_date=form.cleaned_data.get("issued_on"),
        )
        if form_ok and formset.is_valid():
            version = self.plan.version if self.plan else None
            try:
                plan = self.perform(form.cleaned_data, formset.requirements())
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, exc.args[0] if exc.args else _("Permission denied."))
                return render(
                    request, self.template_name, self.context(form, formset, parent), status=403
                )
            else:
                if version is not None and plan.is_issued and plan.version == version:
                    messages.info(request, _("Nothing changed: no new version was made."))
                else:
                    messages.success(request, self.success_message(plan))
                return redirect(plan)
        return render(request, self.template_name, self.context(form, formset, parent), status=400)

    def perform(self, data: dict[str, Any], requirements: list[dict[str, Any]]) -> Plan:
        return services.create_plan(
            user=self.request.user,
            unit=data["unit"],
            number=data["number"],
            title=data["title"],
            issued_on=data["issued_on"],
            resolutions=data["resolutions"],
            parent=data["parent"],
            requirements=requirements,
        )

    def success_message(self, plan: Plan) -> str:
        return _("The draft plan was saved. The head of the unit issues it.")


class PlanCreateView(PlanFormView):
    pass


class PlanEditView(PlanFormView):
    model = Plan
    action = Action.CHANGE

    def get_plan(self) -> Plan | None:
        plan = (
            Plan.objects.for_user(self.request.user, self.action)
            .select_related("unit", "parent")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if plan is None:
            raise Http404
        return plan

    def perform(self, data: dict[str, Any], requirements: list[dict[str, Any]]) -> Plan:
        assert self.plan is not None, "dispatch() found the plan being edited"
        return services.update_plan(
            user=self.request.user,
            plan=self.plan,
            number=data["number"],
            title=data["title"],
            issued_on=data["issued_on"],
            resolutions=data["resolutions"],
            requirements=requirements,
            reason=data.get("reason", ""),
        )

    def success_message(self, plan: Plan) -> str:
        if plan.is_issued:
            return _("Version %(n)d of the plan was issued.") % {"n": plan.version}
        return _("The draft plan was saved.")


class PlanIssueView(ServiceActionView):
    model = Plan
    action = Action.APPROVE
    success_message = gettext_lazy(
        "The plan was issued: what it requires now falls on the units below."
    )

    def perform(self, obj: Plan) -> Plan:
        return services.issue_plan(user=self.request.user, plan=obj)
