"""Progress reports: a unit's inbox of the tasks it leads, the report on one task for one
period (with evidence files), and a task's history with its files.

Whoever may see a task sees these pages; only who may change the lead unit reports, and
anyone else who posts gets a 403 with a message (the service refuses and nothing is written).
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import lists
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedObjectMixin, apply_validation_error, paginate
from trienkhai.resolutions.views.common import download
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from .. import lists as program_lists
from .. import services
from ..forms_follow import ProgressForm, fmt_number
from ..models import Milestone, ProgressEvidence, ProgressUpdate, Task, TaskStatus
from ..periods import period_bounds, period_label
from ..progress import with_latest
from ..services.progress import tasks_to_report

#: Badge colours (app.css classes) of the task statuses.
STATUS_CLASS: dict[str, str] = {
    TaskStatus.NOT_STARTED: "",
    TaskStatus.ON_TRACK: "info",
    TaskStatus.AT_RISK: "warn",
    TaskStatus.LATE: "bad",
    TaskStatus.DONE: "ok",
}
STATUS_LABEL = dict(TaskStatus.choices)


def refuse(request, message: str, *, back: str | None = None):
    """A 403 page that says why: the user may see the object but not do this."""
    return render(
        request,
        "programs/progress_message.html",
        {"message": message, "back": back},
        status=403,
    )


def request_unit(request, action: str = Action.VIEW) -> Unit:
    """``?unit=<pk>`` when it is in the user's scope (otherwise 404), else the highest unit
    the user holds the action on."""
    if request.GET.get("unit", ""):
        pk = lists.query_id(request, "unit")
        unit = None
        if pk is not None:
            unit = Unit.objects.for_user(request.user, action).filter(pk=pk).first()
        if unit is None:
            raise Http404
        return unit
    unit = Unit.objects.top_for(request.user, action)
    if unit is None:
        raise Http404
    return unit


def overdue_days(milestones, today: datetime.date) -> list:
    for milestone in milestones:
        milestone.days_overdue = (today - milestone.due_on).days
    return milestones


class TaskObjectMixin(ScopedObjectMixin):
    model = Task

    def get_task(self) -> Task:
        task = (
            self.get_queryset()
            .select_related("program__unit", "program__plan", "lead_unit")
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if task is None:
            raise Http404
        return task


class ProgressInboxView(lists.ScopedListView):
    """The tasks a unit (and the units under it) leads in adopted programs that are not closed:
    the period to report now, whether it was reported, the latest status, overdue milestones
    in red. A fixed number of queries whatever the number of tasks.

    ``?unit=`` names the unit the page is about (outside the scope, a 404)."""

    model = Task
    filterset_class = program_lists.ProgressFilter
    table_class = program_lists.ProgressTable
    template_name = "programs/progress_inbox.html"
    count_text = ngettext_lazy("%(n)s task", "%(n)s tasks", "n")
    empty_text = gettext_lazy("This unit leads no task of an approved program.")
    empty_filtered_text = gettext_lazy("No task matches these filters.")

    def setup_list(self):
        self.unit = request_unit(self.request)
        self.today = timezone.localdate()

    def scoped(self):
        return tasks_to_report(self.request.user, self.unit)

    def rows(self, queryset):
        latest_period = (
            ProgressUpdate.objects.filter(task=OuterRef("pk"))
            .order_by("-period_start")
            .values("period_start")[:1]
        )
        return (
            with_latest(queryset, self.today)
            .annotate(latest_period=Subquery(latest_period))
            .select_related("program__unit", "lead_unit")
            .prefetch_related(
                Prefetch(
                    "milestones",
                    queryset=Milestone.objects.overdue(self.today).order_by("due_on", "order"),
                    to_attr="overdue",
                )
            )
            .order_by("program__unit__path", "program_id", "order", "id")
        )

    def get_filterset_kwargs(self):
        return {"under": self.unit}

    def decorate(self, records):
        user, today = self.request.user, self.today
        for task in records:
            program = task.program
            start, _end = period_bounds(today, program.reporting_period)
            task.current_label = period_label(start, program.reporting_period)
            task.reported_now = task.latest_period is not None and task.latest_period >= start
            task.latest_label = (
                period_label(task.latest_period, program.reporting_period)
                if task.latest_period
                else None
            )
            status = task.latest_status or TaskStatus.NOT_STARTED
            task.is_done = status == TaskStatus.DONE  # nothing more to report
            task.status_label = STATUS_LABEL[status]
            task.status_class = STATUS_CLASS[status]
            task.can_report = may(user, Action.CHANGE, task.lead_unit or program.unit)
            overdue_days(task.overdue, today)
        return records

    def get_context_data(self, **kwargs):
        return {
            **kwargs,
            "unit": self.unit,
            "ancestors": ancestors_in_scope(self.request.user, self.unit),
            "today": self.today,
        }


class ProgressReportView(TaskObjectMixin, View):
    """The report on one task for one period. A second report for the same period replaces
    the first: the page shows the one it would replace, and pre-fills the form with it."""

    #: What a POST needs on the object's unit (reading needs only ``action``).
    post_action = Action.CHANGE

    template_name = "programs/progress_form.html"

    def updates(self, task):
        return list(
            ProgressUpdate.objects.for_user(self.request.user, Action.VIEW)
            .filter(task=task)
            .select_related("milestone", "reported_by")
            .select_related("reported_by__person")
            .prefetch_related("reported_by__person__positions")
            .prefetch_related("evidence")
            .order_by("-period_start")
        )

    def context(self, task, form, updates, today, selected=None):
        by_period = {u.period_start: u for u in updates}
        previous = by_period.get(selected) if selected else None
        if previous is not None:
            previous.status_class = STATUS_CLASS[previous.status]
        program = task.program
        reporter = task.lead_unit or program.unit
        milestones = list(task.milestones.order_by("due_on", "order", "id"))
        for m in milestones:
            m.late = m.is_overdue(today)
            m.days_overdue = (today - m.due_on).days if m.late else 0
        return {
            "task": task,
            "program": program,
            "reporter": reporter,
            "form": form,
            "previous": previous,
            "previous_label": (
                period_label(previous.period_start, program.reporting_period) if previous else ""
            ),
            "milestones": milestones,
            "can_report": may(self.request.user, Action.CHANGE, reporter),
            "open": program.is_adopted and program.status != program.Status.CLOSED,
            "today": today,
        }

    def make_form(self, task, updates, today, data=None, files=None, initial=None):
        reported = {u.period_start: u.reported_on for u in updates}
        return ProgressForm(
            data=data, files=files, task=task, today=today, reported=reported, initial=initial
        )

    def get(self, request, pk):
        task = self.get_task()
        today = timezone.localdate()
        updates = self.updates(task)
        form = self.make_form(task, updates, today)
        choices = [value for value, _label in form.fields["period"].choices]
        wanted = request.GET.get("period", "")
        selected = wanted if wanted in choices else (choices[0] if choices else None)
        selected = datetime.date.fromisoformat(selected) if selected else None
        initial = {"period": selected.isoformat() if selected else None}
        previous = next((u for u in updates if u.period_start == selected), None)
        if previous is not None:
            initial.update(
                status=previous.status,
                value=fmt_number(previous.value) if previous.value is not None else "",
                narrative=previous.narrative,
                milestone=previous.milestone_id,
            )
        form = self.make_form(task, updates, today, initial=initial)
        return render(
            request, self.template_name, self.context(task, form, updates, today, selected)
        )

    def post(self, request, pk):
        task = self.get_task()
        today = timezone.localdate()
        reporter = task.lead_unit or task.program.unit
        back = reverse("programs:progress-report", args=[task.pk])
        if not may(request.user, Action.CHANGE, reporter):
            return refuse(
                request,
                _("Only the lead unit (%(unit)s) reports progress on this task.")
                % {"unit": reporter.name},
                back=back,
            )
        updates = self.updates(task)
        form = self.make_form(task, updates, today, data=request.POST, files=request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = services.report_progress(
                    user=request.user,
                    task=task,
                    period=data["period"],
                    status=data["status"],
                    value=data["value"],
                    narrative=data["narrative"],
                    milestone=data.get("milestone"),
                    files=data["files"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, exc.args[0] if exc.args else _("Permission denied."))
                status = 403
            else:
                label = period_label(update.period_start, task.program.reporting_period)
                messages.success(
                    request, _("The report for %(period)s was saved.") % {"period": label}
                )
                return redirect("programs:progress-history", task.pk)
        selected = form.cleaned_data.get("period") if hasattr(form, "cleaned_data") else None
        context = self.context(task, form, updates, today, selected)
        context["failed"] = True
        return render(request, self.template_name, context, status=status)


class ProgressHistoryView(TaskObjectMixin, View):
    """Every report on a task, latest period first, with its evidence files (downloaded
    through a scoped view, never a public address)."""

    def get(self, request, pk):
        task = self.get_task()
        user = request.user
        today = timezone.localdate()
        program = task.program
        updates = (
            ProgressUpdate.objects.for_user(user, Action.VIEW)
            .filter(task=task)
            .select_related("milestone", "reported_by", "reported_by_unit")
            .select_related("reported_by__person")
            .prefetch_related("reported_by__person__positions")
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=ProgressEvidence.objects.for_user(user, Action.VIEW).order_by(
                        "uploaded_at", "id"
                    ),
                )
            )
            .order_by("-period_start")
        )
        page = paginate(request, updates)
        for update in page.object_list:
            update.label = period_label(update.period_start, program.reporting_period)
            update.status_class = STATUS_CLASS[update.status]
        milestones = list(task.milestones.order_by("due_on", "order", "id"))
        for m in milestones:
            m.late = m.is_overdue(today)
            m.days_overdue = (today - m.due_on).days if m.late else 0
        reporter = task.lead_unit or program.unit
        return render(
            request,
            "programs/progress_history.html",
            {
                "task": task,
                "program": program,
                "page": page,
                "milestones": milestones,
                # the evidence of the page's reports, for their warnings (prefetched above)
                "evidence_files": [e for u in page.object_list for e in u.evidence.all()],
                "can_report": may(user, Action.CHANGE, reporter)
                and program.is_adopted
                and program.status != program.Status.CLOSED,
            },
        )


class EvidenceDownloadView(ScopedObjectMixin, View):
    """An evidence file of a progress report, for users who may see the report."""

    model = ProgressEvidence

    def get(self, request, pk):
        evidence = self.get_queryset().filter(pk=pk).first()
        if evidence is None:
            raise Http404
        return download(evidence.file, evidence.original_name, evidence.content_type)
