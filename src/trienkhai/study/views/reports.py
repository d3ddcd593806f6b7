"""Learning reports: a member submits theirs, a clerk enters one for a member without a
phone, a reviewer lists, reads, grades or sends back, with the copy signal's passages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import lists
from trienkhai.core.access import Action, may
from trienkhai.core.views import (
    ScopedDetailView,
    ScopedObjectMixin,
    ServiceActionView,
    ServiceFormView,
    apply_validation_error,
)
from trienkhai.resolutions.models import Plan, Resolution
from trienkhai.units.models import Person, Unit
from trienkhai.units.views import ancestors_in_scope

from .. import checks, eligibility, forms, rollup, services, similarity
from .. import lists as study_lists
from ..access import GRADE
from ..models import CheckState, LearningReport
from .common import UnitListMixin, plans_for

Status = LearningReport.Status


def report_due(plan: Plan, unit: Unit):
    return services._report_due(plan, unit)


class StudyHomeView(View):
    """ "My study": the plans addressed to the member's unit, with their report and whether
    they attended; and the units whose study pages the user may open."""

    def get(self, request):
        user = request.user
        person = Person.objects.current().select_related("unit").filter(user=user).first()
        plans = []
        if person is not None:

            def attach_mine(page_plans):
                """The member's report and attendance for a page of plans, three queries. A
                report written under a plan carrying one out (the commune's plan for the
                province's) is the member's report for it too, as the figures count it."""
                studied = eligibility.plans_studied(person, page_plans)  # carrying_out_each
                below = {p.pk: set(Plan.objects.carrying_out(p)) for p in page_plans}
                mine = (
                    LearningReport.objects.filter(
                        person=person, plan__in=set().union(*below.values())
                    )
                    .select_related("plan")
                    .order_by("-submitted_at")
                )
                reports: dict[int, LearningReport] = {}
                for report in mine:  # the latest report under the plan or a plan below it
                    for pk, plans_below in below.items():
                        if report.plan_id in plans_below:
                            reports.setdefault(pk, report)
                for plan in page_plans:
                    plan.my_report = reports.get(plan.pk)
                    plan.studied = plan.pk in studied
                return page_plans

            table = study_lists.MyPlansTable(plans_for(user, person.unit))
            plans = lists.table_page(request, table, decorate=attach_mine)
        units = Unit.objects.roots_for(user, Action.VIEW)
        return render(
            request,
            "study/home.html",
            {"person": person, "plans": plans, "units": units.order_by("sort_key")[:20]},
        )


class MyReportView(ScopedObjectMixin, View):
    """A member writes (or uploads) their learning report for a plan; a report sent back is
    rewritten here. The plan is read through ``for_user``; the report is the user's own
    (found through the login's link to the person)."""

    model = Plan
    template_name = "study/my_report.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.plan = None

    def load(self, pk):
        plan = self.get_queryset().filter(pk=pk, status=Plan.Status.ISSUED).first()
        if plan is None:
            raise Http404
        self.plan = plan
        self.person = (
            Person.objects.current().select_related("unit").filter(user=self.request.user).first()
        )
        self.addressed = self.person is not None and self.person.unit.path.startswith(
            plan.unit.path
        )
        self.report = None
        if self.person is not None:
            self.report = LearningReport.objects.filter(plan=plan, person=self.person).first()

    def may_submit(self) -> bool:
        return self.addressed and (self.report is None or self.report.status == Status.RETURNED)

    def render(self, form, status=200):
        due = report_due(self.plan, self.person.unit) if self.addressed else None
        return render(
            self.request,
            self.template_name,
            {
                "plan": self.plan,
                "person": self.person,
                "addressed": self.addressed,
                "report": self.report,
                "form": form,
                "due_on": due,
                "late_now": due is not None and timezone.localdate() > due,
                "can_enter_for_others": may(self.request.user, Action.CHANGE),
            },
            status=status,
        )

    def get(self, request, pk):
        self.load(pk)
        form = forms.ReportForm(user=request.user) if self.may_submit() else None
        return self.render(form)

    def post(self, request, pk):
        self.load(pk)
        if not self.may_submit():
            return self.render(None, status=400)
        form = forms.ReportForm(data=request.POST, files=request.FILES, user=request.user)
        if form.is_valid():
            try:
                report = services.submit_report(
                    user=request.user,
                    plan=self.plan,
                    person=self.person,
                    text=form.cleaned_data["text"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                if report.is_late:
                    messages.success(request, _("Your report was submitted (late)."))
                else:
                    messages.success(request, _("Your report was submitted on time."))
                return redirect("study:my-report", self.plan.pk)
        return self.render(form, status=400)


class ClerkReportView(ServiceFormView):
    """A clerk enters the learning report of a member without a phone."""

    model = Unit
    action = Action.CHANGE
    form_class = forms.ClerkReportForm
    template_name = "study/report_form.html"
    title = gettext_lazy("Enter a learning report for a member")
    success_message = gettext_lazy("The learning report was entered.")

    def get_form(self, data=None):
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())

    def context(self, form):
        return {**super().context(form), "unit": self.object}

    def perform(self, form):
        data = form.cleaned_data
        return services.submit_report(
            user=self.request.user,
            plan=data["plan"],
            person=data["person"],
            text=data["text"],
            upload=data["file"],
        )


class ReportListView(UnitListMixin, lists.ScopedListView):
    """The learning reports of a unit's subtree, filtered: not graded, late, possible copies.
    The newest plan is chosen until the user picks another (or all)."""

    model = LearningReport
    action = Action.CHANGE
    unit_action = Action.CHANGE
    filterset_class = study_lists.ReportFilter
    table_class = study_lists.ReportTable
    template_name = "study/report_list.html"
    tab = "reports"
    title = gettext_lazy("Learning reports")
    flag_at = similarity.FLAG_AT
    count_text = ngettext_lazy("%(n)s report", "%(n)s reports", "n")
    empty_text = gettext_lazy("No learning report has been submitted here yet.")
    empty_filtered_text = gettext_lazy("No report matches.")

    def rows(self, queryset):
        return (
            queryset.within(self.unit)
            .select_related("person", "unit", "plan")
            .order_by("-submitted_at", "-id")
        )

    def filter_data(self):
        params = self.request.GET.copy()
        newest = self.plans.first()
        if "plan" not in params and newest is not None:
            params["plan"] = str(newest.pk)  # the newest plan first
        return params

    def get_table_kwargs(self):
        return {"exclude": ["plan"] if self.filter_data().get("plan") else []}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = context["plan"]
        reports = LearningReport.objects.for_user(self.request.user, Action.CHANGE).within(
            self.unit
        )
        tally = (reports.filter(plan=plan) if plan else reports).aggregate(
            total=Count("id"),
            ungraded=Count("id", filter=Q(status=Status.SUBMITTED)),
            late=Count("id", filter=Q(due_on__isnull=False, submitted_at__date__gt=F("due_on"))),
            flagged=Count("id", filter=Q(similarity__gte=similarity.FLAG_AT)),
            returned=Count("id", filter=Q(status=Status.RETURNED)),
            graded=Count("id", filter=Q(status=Status.GRADED)),
        )
        if plan is not None:  # as the numbers page counts them (rollup.reports_due)
            tally["expected"] = rollup.reports_due_people(plan, self.unit).count()
        return {**context, "tally": tally}


class ReportContextMixin:
    """What the report page shows: the text, the copy signal's passages side by side, the
    grade buttons for a reviewer."""

    request: HttpRequest

    def report_context(self, report: LearningReport) -> dict:
        user = self.request.user
        source, match, source_visible = None, None, True
        flagged = report.similarity is not None and report.similarity >= similarity.FLAG_AT
        key_points: set[str] = set()
        if flagged and report.checked_text:
            if report.similar_to_id:
                source = (
                    LearningReport.objects.for_user(user, Action.VIEW)
                    .select_related("person", "unit")
                    .filter(pk=report.similar_to_id)
                    .first()
                )
                source_visible = source is not None
                if source is None:  # outside the reviewer's scope: show only this side
                    source = LearningReport.objects.filter(pk=report.similar_to_id).first()
                text = source.checked_text if source is not None else ""
            elif report.similar_to_resolution:
                resolutions = list(
                    Resolution.objects.for_user(user, Action.VIEW)
                    .filter(plans=report.plan)
                    .prefetch_related("key_points")
                    .order_by("pk")
                )
                text = checks.resolution_text(resolutions)
                key_points = {
                    similarity.fold(sentence)
                    for r in resolutions
                    for line in [r.summary, *(k.text for k in r.key_points.all())]
                    for sentence in similarity.sentences(line)
                }
            else:
                text = ""
            if text:
                match = similarity.best_match(report.checked_text, {"source": text})
        passages = [
            (
                p,
                bool(
                    report.similar_to_resolution
                    and similarity.fold(p.source_sentence) not in key_points
                ),
            )
            for p in (match.passages if match else [])
        ]
        can_review = may(user, GRADE, report.unit)
        next_report = (
            LearningReport.objects.for_user(user, Action.CHANGE)
            .filter(plan=report.plan, unit=report.unit, status=Status.SUBMITTED)
            .exclude(pk=report.pk)
            .order_by("submitted_at", "id")
            .first()
        )
        return {
            "report": report,
            "ancestors": ancestors_in_scope(user, report.unit, include_self=True),
            "flagged": flagged,
            "match": match,
            "passages": passages,  # (passage, found only in the resolution's full text)
            "checking": report.check_state in (CheckState.PENDING, CheckState.RUNNING),
            "source": source if source_visible else None,
            "source_hidden": not source_visible,
            "can_review": can_review,
            "grades": forms.Grade.choices,
            "next_report": next_report,
            "attended": Person.objects.filter(pk=report.person_id)
            .filter(eligibility.studied(report.plan))
            .exists(),
        }


class ReportDetailView(ReportContextMixin, ScopedDetailView):
    model = LearningReport
    action = Action.CHANGE
    template_name = "study/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "unit", "plan", "reviewer__person")
            .prefetch_related("reviewer__person__positions")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.report_context(self.object))
        if context["can_review"]:
            context["form"] = forms.ReviewForm(user=self.request.user, obj=self.object)
        return context


class ReviewView(ReportContextMixin, ServiceFormView):
    """Grade a report (Tốt / Khá / Đạt / Chưa đạt) or send it back with a comment."""

    model = LearningReport
    action = GRADE
    form_class = forms.ReviewForm
    template_name = "study/report_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "unit", "plan", "reviewer__person")
            .prefetch_related("reviewer__person__positions")
        )

    def context(self, form):
        return {**super().context(form), **self.report_context(self.object)}

    def perform(self, form):
        data = form.cleaned_data
        report = services.review_report(
            user=self.request.user,
            report=self.object,
            grade=data["grade"] if not data["send_back"] else "",
            send_back=data["send_back"],
            comment=data["comment"],
        )
        if report.status == Status.RETURNED:
            messages.success(self.request, _("The report was sent back for rewriting."))
        else:
            messages.success(
                self.request, _("Graded: %(grade)s.") % {"grade": report.get_grade_display()}
            )
        return report


class ReportCheckView(ServiceActionView):
    """Check a report again (a failed check, a resolution's PDF registered since)."""

    model = LearningReport
    action = Action.CHANGE
    post_action = GRADE
    success_message = gettext_lazy("The report is being checked again.")

    def perform(self, obj):
        return checks.retry(user=self.request.user, report=obj)


class ReportFileView(ScopedObjectMixin, View):
    """The uploaded file of a report: for those who may read the report, and its author."""

    model = LearningReport
    action = Action.CHANGE

    def get(self, request, pk):
        report = self.get_queryset().filter(pk=pk).first()
        if report is None:
            report = LearningReport.objects.filter(pk=pk, person__user_id=request.user.pk).first()
        if report is None or not report.file:
            raise Http404
        content_type = {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt": "application/vnd.oasis.opendocument.text",
        }.get(report.file_type, "application/octet-stream")
        name = f"bai-thu-hoach-{report.person_id}.{report.file_type or 'bin'}"
        return FileResponse(
            report.file.open("rb"), as_attachment=True, filename=name, content_type=content_type
        )
