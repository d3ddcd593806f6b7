"""Inspection screens: declarations on the generic views (``core/views.py``).

Every page about an object reads it through ``for_user``: outside the scope, 404. The forms
say what each step needs (``post_action``); the services check it again.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from trienkhai.core.access import Action, holds, may
from trienkhai.core.fields import DayField
from trienkhai.core.views import ScopedDetailView, ScopedObjectMixin, ServiceActionView
from trienkhai.core.views import ServiceFormView as BaseFormView
from trienkhai.resolutions.views.common import download
from trienkhai.units.models import Unit

from . import forms, notice, services
from .access import CONDUCT, RESPOND, SIGN
from .models import (
    Finding,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    Kind,
    ProgramItem,
    Recommendation,
    State,
)

FORM = "inspections/form.html"


class ServiceFormView(BaseFormView):
    """The house's form view, with uploaded files and the page's subject in its context."""

    template_name = FORM

    def get_form(self, data: Any = None) -> Any:
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())

    def context(self, form: Any) -> dict[str, Any]:
        return {**super().context(form), "back": self.object.get_absolute_url()}

    def post(self, request, *args: Any, **kwargs: Any):
        """A POST by whom may not save the form is refused before the form is read."""
        self.object = self.get_object()
        if not self.may_post():
            return self.refused()
        return super().post(request, *args, **kwargs)


class HeadFormView(ServiceFormView):
    """A step only the conducting unit's own head takes (``holds``)."""

    post_action = SIGN

    def may_post(self) -> bool:
        return holds(self.request.user, SIGN, self.object.unit)

    def refusal_message(self) -> Any:
        return _("Only the head of the conducting unit signs this.")


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


# --- recommendations --------------------------------------------------------------------------


class RecommendationDetailView(ScopedDetailView):
    model = Recommendation
    template_name = "inspections/recommendation_detail.html"
    context_object_name = "rec"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "inspection__unit", "task__program")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rec: Recommendation = self.object
        user = self.request.user
        S = Recommendation.State
        can_respond = may(user, RESPOND, rec.unit)
        can_verify = may(user, CONDUCT, rec.inspection.unit)
        context.update(
            standing=rec.standing(timezone.localdate()),
            can_accept=can_respond and rec.state == S.OPEN,
            can_report=can_respond and rec.state == S.ACCEPTED,
            can_verify=can_verify and rec.state == S.REPORTED,
        )
        return context


class AcceptView(ServiceActionView):
    model = Recommendation
    post_action = RESPOND
    success_message = _("Accepted: it is now followed as a task.")

    def perform(self, obj):
        return services.accept(user=self.request.user, recommendation=obj)


class CloseView(ServiceActionView):
    model = Recommendation
    post_action = CONDUCT
    success_message = _("Verified and closed.")

    def perform(self, obj):
        return services.close(user=self.request.user, recommendation=obj)


class ReportView(ServiceFormView):
    model = Recommendation
    post_action = RESPOND
    form_class = forms.ReportForm
    title = _("Report what was done")

    def perform(self, form):
        return services.report_done(
            user=self.request.user, recommendation=self.object, **form.cleaned_data
        )


class SendBackView(ServiceFormView):
    model = Recommendation
    post_action = CONDUCT
    form_class = forms.SendBackForm
    title = _("Send back")

    def perform(self, form):
        return services.send_back(
            user=self.request.user, recommendation=self.object, **form.cleaned_data
        )


__all__ = ["Kind"]


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

        from . import rollup

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
