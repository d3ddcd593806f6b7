"""An annual program and an inspection from decision to conclusion: the screens of each step."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from trienkhai.core.access import Action, holds, may
from trienkhai.core.views import ScopedDetailView, ScopedObjectMixin, ServiceActionView
from trienkhai.resolutions.views.common import download
from trienkhai.units.models import Unit

from .. import forms, notice, services
from ..access import CONDUCT, RESPOND, SIGN
from ..models import (
    Finding,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    ProgramItem,
    Recommendation,
    State,
)
from .base import HeadFormView, ServiceFormView

# --- the annual program -----------------------------------------------------------------------


class ProgramNewView(ServiceFormView):
    model = Unit
    post_action = CONDUCT
    form_class = forms.ProgramForm
    title = _("New inspection and supervision program")

    def may_post(self) -> bool:
        return may(self.request.user, CONDUCT, self.object)

    def perform(self, form):
        return services.create_program(
            user=self.request.user, unit=self.object, **form.cleaned_data
        )


class ProgramDetailView(ScopedDetailView):
    model = InspectionProgram
    template_name = "inspections/program_detail.html"
    context_object_name = "program"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = self.object
        items = list(
            ProgramItem.objects.filter(program=program)
            .prefetch_related("targets", "inspections")
            .order_by("quarter", "id")
        )
        context.update(items=items, can_conduct=may(self.request.user, CONDUCT, program.unit))
        return context


class ItemAddView(ServiceFormView):
    model = InspectionProgram
    post_action = CONDUCT
    form_class = forms.ItemForm
    title = _("Plan an inspection or supervision")

    def perform(self, form):
        services.add_item(user=self.request.user, program=self.object, **form.cleaned_data)
        return self.object


# --- an inspection ----------------------------------------------------------------------------


class InspectionNewView(ServiceFormView):
    """The inspector prepares the decision (from a planned item: ``?item=``)."""

    model = Unit
    post_action = CONDUCT
    form_class = forms.InspectionForm
    title = _("New inspection or supervision")

    def may_post(self) -> bool:
        return may(self.request.user, CONDUCT, self.object)

    def item(self) -> ProgramItem | None:
        from trienkhai.core.parsing import parse_id

        pk = parse_id(self.request.GET.get("item"))
        if pk is None:
            return None
        return (
            ProgramItem.objects.for_user(self.request.user, CONDUCT)
            .filter(pk=pk, program__unit=self.object)
            .first()
        )

    def get_form(self, data: Any = None) -> Any:
        form = super().get_form(data)
        item = self.item()
        if item is not None and data is None:
            form.initial = {
                "kind": item.kind,
                "title": item.subject,
                "targets": [u.pk for u in item.targets.all()],
                "period_from": item.period_from,
                "period_to": item.period_to,
                "plan": item.plan_id,
            }
        return form

    def perform(self, form):
        data = form.cleaned_data
        item = self.item()
        return services.create_inspection(
            user=self.request.user,
            unit=self.object,
            kind=data["kind"],
            title=data["title"],
            targets=data["targets"],
            period_from=data["period_from"],
            period_to=data["period_to"],
            decision_number=data["decision_number"],
            team=form.team(),
            item=item,
            plan=data["plan"],
        )


class InspectionDetailView(ScopedDetailView):
    model = Inspection
    template_name = "inspections/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("unit", "signed_by", "approved_by", "plan", "reinspection_of")
            .prefetch_related(
                "team",
                Prefetch("targets", queryset=InspectionTarget.objects.select_related("unit")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        inspection: Inspection = self.object
        today = timezone.localdate()
        conducting = may(user, Action.VIEW, inspection.unit)
        can_conduct = may(user, CONDUCT, inspection.unit)
        is_head = holds(user, SIGN, inspection.unit)
        show_findings = conducting or inspection.is_concluded
        findings = (
            list(
                Finding.objects.filter(inspection=inspection)
                .select_related("target", "task", "program", "obligation__unit", "requirement")
                .order_by("id")
            )
            if show_findings
            else []
        )
        recs = list(
            Recommendation.objects.filter(inspection=inspection)
            .filter(Q() if conducting else ~Q(state=Recommendation.State.PROPOSED))
            .select_related("unit", "task")
            .order_by("due_on", "id")
        )
        for rec in recs:
            rec.standing_now = rec.standing(today)
        targets = list(inspection.targets.all())
        for target in targets:
            target.may_upload = inspection.state in (
                State.SELF_REPORT,
                State.FINDINGS,
            ) and may(user, RESPOND, target.unit)
        state = inspection.state
        context.update(
            today=today,
            days_left=inspection.days_left(today),
            targets=targets,
            findings=findings,
            recommendations=recs,
            conducting=conducting,
            show_conclusion=conducting or inspection.is_concluded,
            can_sign=is_head and state == State.DECISION and not inspection.is_regular,
            can_extend=is_head and inspection.may_extend and state != State.DECISION,
            can_find=can_conduct
            and not inspection.is_regular
            and state in (State.SELF_REPORT, State.FINDINGS, State.DRAFT_CONCLUSION),
            can_recommend=can_conduct and state in (State.FINDINGS, State.DRAFT_CONCLUSION),
            can_draft=can_conduct
            and not inspection.is_regular
            and state
            in (
                State.FINDINGS,
                State.DRAFT_CONCLUSION,
            ),
            can_approve=is_head and state == State.DRAFT_CONCLUSION,
            can_record=can_conduct and inspection.is_regular and state != State.CONCLUDED,
            can_reinspect=can_conduct and inspection.is_concluded and any(r.is_open for r in recs),
            counts={k: sum(f.kind == k for f in findings) for k in Finding.Kind.values},
        )
        return context


class SignView(HeadFormView):
    model = Inspection
    form_class = forms.SignForm
    title = _("Sign the decision")

    def get_form(self, data: Any = None) -> Any:
        form = super().get_form(data)
        if data is None:
            form.initial = {"number": self.object.decision_number, "on": timezone.localdate()}
        return form

    def perform(self, form):
        return services.sign_decision(
            user=self.request.user, inspection=self.object, **form.cleaned_data
        )


class ExtendView(HeadFormView):
    model = Inspection
    form_class = forms.ExtendForm
    title = _("Extend the time limit")

    def perform(self, form):
        return services.extend(user=self.request.user, inspection=self.object, **form.cleaned_data)


class ApproveView(HeadFormView):
    model = Inspection
    form_class = forms.ApproveForm
    title = _("Approve the conclusion")

    def get_form(self, data: Any = None) -> Any:
        form = super().get_form(data)
        if data is None:
            form.initial = {"on": timezone.localdate()}
        return form

    def context(self, form: Any) -> dict[str, Any]:
        return {**super().context(form), "conclusion": self.object.conclusion}

    def perform(self, form):
        return services.approve_conclusion(
            user=self.request.user, inspection=self.object, **form.cleaned_data
        )


class ConductFormView(ServiceFormView):
    model = Inspection
    post_action = CONDUCT


class FindingAddView(ConductFormView):
    form_class = forms.FindingForm
    title = _("Record a finding")

    def perform(self, form):
        services.add_finding(user=self.request.user, inspection=self.object, **form.cleaned_data)
        return self.object


class RecommendationAddView(ConductFormView):
    form_class = forms.RecommendationForm
    title = _("Add a recommendation")

    def perform(self, form):
        services.add_recommendation(
            user=self.request.user, inspection=self.object, **form.cleaned_data
        )
        return self.object


class DraftView(ConductFormView):
    form_class = forms.DraftForm
    title = _("Draft the conclusion")

    def get_form(self, data: Any = None) -> Any:
        form = super().get_form(data)
        if data is None:
            form.initial = {"conclusion": self.object.conclusion}
        return form

    def perform(self, form):
        return services.submit_draft(
            user=self.request.user, inspection=self.object, **form.cleaned_data
        )


class SupervisionView(ConductFormView):
    form_class = forms.SupervisionForm
    title = _("Record the supervision")

    def perform(self, form):
        return services.record_supervision(
            user=self.request.user, inspection=self.object, **form.cleaned_data
        )


class ReinspectView(ServiceActionView):
    model = Inspection
    post_action = CONDUCT
    success_message = _("The re-inspection is being prepared.")

    def perform(self, obj):
        return services.schedule_reinspection(user=self.request.user, inspection=obj)


class SelfReportView(ServiceFormView):
    model = InspectionTarget
    post_action = RESPOND
    form_class = forms.SelfReportForm
    title = _("Upload the self-report")

    def perform(self, form):
        target = services.upload_self_report(
            user=self.request.user, target=self.object, upload=form.cleaned_data["file"]
        )
        return target.inspection


class FileView(ScopedObjectMixin, View):
    field = ""
    name_field = ""

    def get(self, request, pk):
        row = self.get_queryset().filter(pk=pk).first()
        if row is None:
            raise Http404
        file = getattr(row, self.field)
        name = getattr(row, self.name_field) or "document"
        return download(file, name, name.rsplit(".", 1)[-1].lower())


class SelfReportFileView(FileView):
    model = InspectionTarget
    field, name_field = "self_report", "self_report_name"


class FindingEvidenceView(FileView):
    model = Finding
    field, name_field = "evidence", "evidence_name"


class RecommendationEvidenceView(FileView):
    model = Recommendation
    field, name_field = "evidence", "evidence_name"


class NoticeView(ScopedObjectMixin, View):
    """The notice of conclusion, in the party document format (Word)."""

    model = Inspection

    def get(self, request, pk):
        inspection = self.get_queryset().select_related("unit").filter(pk=pk).first()
        if inspection is None or not inspection.conclusion:
            raise Http404
        if not inspection.is_concluded and not may(request.user, Action.VIEW, inspection.unit):
            raise Http404
        data = notice.build(inspection)
        response = HttpResponse(data, content_type=notice.DOCX)
        response["Content-Disposition"] = f'attachment; filename="ket-luan-{inspection.pk}.docx"'
        return response
