"""Screens of obligations: the rows behind a plan's numbers, a unit's inbox, one obligation
with its documents (and the upload of a results report), and the download of a document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import lists
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedObjectMixin, apply_validation_error, paginate
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from .. import forms, rollup, services
from .. import lists as obligation_lists
from ..models import (
    Obligation,
    ObligationDocument,
    ObligationStatus,
    Plan,
    Requirement,
)
from ..models.obligation import ObligationQuerySet
from ..scope import progress_unit, visible_plans
from .common import attach_parents, download

OPEN = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)


class ObligationListView(lists.ScopedListView[ObligationQuerySet]):
    """The obligations of a plan under a unit of the user's scope, filtered by requirement
    and status, most urgent first: the rows behind each number of the plan's page.

    ``?unit=`` names the subtree the page is about (like the plan's page: outside the scope
    it is a 404); requirement and status are the list's filters."""

    model = Obligation
    filterset_class = obligation_lists.ObligationFilter
    table_class = obligation_lists.ObligationTable
    template_name = "resolutions/obligation_list.html"
    count_text = ngettext_lazy(
        "%(n)s obligation, most urgent first", "%(n)s obligations, most urgent first", "n"
    )
    empty_text = gettext_lazy("No obligation matches.")
    empty_filtered_text = empty_text

    plan: Plan
    fixed: Requirement | None
    unit: Unit

    def get_plan_and_requirement(self, pk: int) -> tuple[Plan, Requirement | None]:
        plan = visible_plans(self.request.user).select_related("unit").filter(pk=pk).first()
        if plan is None:
            raise Http404
        return plan, None

    def setup_list(self) -> None:
        self.plan, self.fixed = self.get_plan_and_requirement(self.kwargs["pk"])
        self.unit = progress_unit(self.request, self.plan)

    def rows(self, queryset: ObligationQuerySet) -> ObligationQuerySet:
        rows = queryset.filter(plan=self.plan).counted().within(self.unit).with_status()
        if self.fixed is not None:
            rows = rows.filter(requirement=self.fixed)
        return rollup.with_urgency(rows.select_related("unit", "requirement"))

    def get_filterset_kwargs(self) -> dict[str, Any]:
        requirements = Requirement.objects.for_user(self.request.user, Action.VIEW).filter(
            plan=self.plan, withdrawn=False
        )
        return {"requirements": requirements, "fixed": self.fixed}

    def get_table_kwargs(self) -> dict[str, Any]:
        one = self.fixed is not None or self.request.GET.get("requirement")
        return {"exclude": ["requirement"] if one else []}

    def decorate(self, records: list[Any]) -> list[Any]:
        return attach_parents(self.request.user, rollup.attach_heads(records))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            **kwargs,
            "plan": self.plan,
            "unit": self.unit,
            "unit_crumbs": ancestors_in_scope(user, self.unit).filter(
                path__prefix=self.plan.unit.path
            ),
            "fixed": self.fixed,
        }


class RequirementDetailView(ObligationListView):
    """A requirement: the obligations it put on the units under the user's unit."""

    def get_plan_and_requirement(self, pk: int) -> tuple[Plan, Requirement | None]:
        requirement = (
            Requirement.objects.for_user(self.request.user, Action.VIEW).filter(pk=pk).first()
        )
        if requirement is None:
            raise Http404
        plan = visible_plans(self.request.user).filter(pk=requirement.plan_id).first()
        if plan is None:
            raise Http404
        return plan, requirement


class InboxView(ScopedObjectMixin, View):
    """What a unit owes under every plan addressed to it, most urgent first."""

    model = Unit

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        unit = self.get_queryset().filter(pk=pk).first()
        if unit is None:
            raise Http404
        today = timezone.localdate()

        def days_left(records: list[Obligation]) -> list[Obligation]:
            for obligation in records:
                days = (obligation.due_on - today).days
                status = obligation.status  # type: ignore[attr-defined]  # with_status
                obligation.days_left = days if status in OPEN else None  # type: ignore[attr-defined]  # for the table
                obligation.days_overdue = max(0, -days)  # type: ignore[attr-defined]  # for the table
            return records

        page = lists.table_page(
            request, obligation_lists.InboxTable(rollup.inbox(unit, today)), decorate=days_left
        )
        plans = (
            visible_plans(user)
            .filter(obligations__unit=unit, obligations__cancelled=False)
            .select_related("unit", "parent")
            .distinct()
            .order_by("-issued_on", "-id")
        )
        return render(
            request,
            "resolutions/inbox.html",
            {
                "unit": unit,
                "ancestors": ancestors_in_scope(user, unit),
                "page": page,
                "plans": lists.table_page(
                    request, obligation_lists.PlanTable(plans), param="plans_page"
                ),
                "today": today,
                "can_draft": may(user, Action.CHANGE, unit),
            },
        )


class ObligationDetailView(ScopedObjectMixin, View):
    """One obligation: what is owed, by when, its status and evidence, its documents; for a
    results report, the upload form for users who may change the unit."""

    #: What a POST needs on the object's unit (reading needs only ``action``).
    post_action = Action.CHANGE

    model = Obligation
    template_name = "resolutions/obligation_detail.html"

    def get_object(self) -> Obligation:
        obligation: Obligation | None = (
            self.get_queryset()
            .with_status()
            .select_related("unit", "plan", "plan__unit", "requirement")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if obligation is None:
            raise Http404
        return obligation

    def can_upload(self, obligation: Obligation) -> bool:
        return (
            obligation.requirement.kind == obligation.requirement.Kind.RESULTS_REPORT
            and not obligation.cancelled
            and may(self.request.user, Action.CHANGE, obligation.unit)
        )

    def render(
        self, obligation: Obligation, form: forms.ReportUploadForm | None, status: int = 200
    ) -> HttpResponse:
        user = self.request.user
        documents = (
            ObligationDocument.objects.for_user(user, Action.VIEW)
            .filter(obligation=obligation)
            .select_related("uploaded_by__person")
            .prefetch_related("uploaded_by__person__positions")
        )
        context = {
            "obligation": obligation,
            "ancestors": ancestors_in_scope(user, obligation.unit, include_self=True),
            "documents": paginate(self.request, documents),
            "form": form,
            "plan_visible": visible_plans(user).filter(pk=obligation.plan_id).exists(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obligation = self.get_object()
        form = forms.ReportUploadForm() if self.can_upload(obligation) else None
        return self.render(obligation, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        obligation = self.get_object()
        if obligation.requirement.kind != obligation.requirement.Kind.RESULTS_REPORT:
            raise Http404
        if not may(request.user, Action.CHANGE, obligation.unit):
            raise PermissionDenied
        form = forms.ReportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.upload_report(
                    user=request.user, obligation=obligation, upload=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("The report was uploaded."))
                return redirect(obligation)
        return self.render(obligation, form, status=400)


class ObligationDocumentView(ScopedObjectMixin, View):
    """A document uploaded against an obligation, for users who may see the obligation."""

    model = ObligationDocument

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = self.get_queryset().filter(pk=pk).first()
        if document is None:
            raise Http404
        return download(document.file, document.original_name, document.content_type)
