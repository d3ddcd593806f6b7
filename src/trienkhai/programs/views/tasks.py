"""A program's tasks: adding, editing (with the key points it serves, the units that lead and
help, the indicator and the roadmap's milestones) and removing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from trienkhai.core.access import Action, may
from trienkhai.core.views import apply_validation_error

from .. import forms, services
from ..models import ActionProgram, Task
from .common import ProgramFormView, denied

LOCKED = gettext_lazy(
    "An approved program changes only through a new version: start a revision first."
)


class TaskFormView(ProgramFormView):
    """The task form and its milestone rows; a refusal of the service comes back on the form
    (400), the milestones' own message above the rows."""

    form_class = forms.TaskForm
    template_name = "programs/task_form.html"
    prefix = "ms"

    def task(self) -> Task | None:
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "obj": self.task(), "program": self.program()}

    def program(self) -> ActionProgram:
        return self.program_of(self.object)

    def get_formset(self, data=None):
        if data is not None:
            return forms.MilestoneFormSet(data, prefix=self.prefix)
        return forms.MilestoneFormSet(
            initial=forms.milestone_initial(self.task()), prefix=self.prefix
        )

    def render_form(self, form, formset, status=200, milestone_errors=()):
        program = self.program()
        context = {
            **self.context(form),
            "formset": formset,
            "task": self.task(),
            "groups": form.key_point_groups(),
            "milestone_errors": list(milestone_errors),
            "locked": not program.is_editable,
            "can_change": may(self.request.user, Action.CHANGE, program.unit),
            "locked_message": LOCKED,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.may_post():
            return self.refused()
        return self.render_form(self.get_form(), self.get_formset())

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        formset = self.get_formset(data=request.POST)
        if not self.allowed(self.program()):
            form = self.get_form()
            form.cleaned_data = {}  # unbound: the refusal is its only error
            form.add_error(None, self.refusal_message())
            return self.render_form(form, self.get_formset(), status=403)
        form = self.get_form(data=request.POST)
        milestone_errors = []
        form_ok, rows_ok = form.is_valid(), formset.is_valid()
        if form_ok and rows_ok:
            try:
                task = services.save_task(
                    user=request.user,
                    program=self.program(),
                    task=self.task(),
                    milestones=formset.rows(),
                    **form.service_fields(),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and "milestones" in exc.error_dict:
                    milestone_errors = [
                        m for e in exc.error_dict.pop("milestones") for m in e.messages
                    ]
                    if exc.error_dict:
                        apply_validation_error(form, exc)
                else:
                    apply_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, exc.args[0] if exc.args else _("Permission denied."))
                return self.render_form(form, formset, status=403)
            else:
                messages.success(request, self.success(task))
                if "another" in request.POST:
                    return redirect(reverse("programs:task-add", args=[task.program_id]))
                return redirect(f"{task.program.get_absolute_url()}#task-{task.pk}")
        elif not rows_ok:
            milestone_errors = [e for f in formset.forms for e in f.non_field_errors()]
            milestone_errors += list(formset.non_form_errors())
        return self.render_form(form, formset, status=400, milestone_errors=milestone_errors)

    def success(self, task) -> str:
        return _("Task %(n)s was saved.") % {"n": task.order}


class TaskCreateView(TaskFormView):
    model = ActionProgram
    title = gettext_lazy("Add a task")

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "plan", "parent")


class TaskEditView(TaskFormView):
    model = Task
    title = gettext_lazy("Edit the task")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("program__unit", "program__plan", "program__parent", "lead_unit")
            .prefetch_related("key_points", "coordinating_units", "milestones")
        )

    def program_of(self, obj):
        return obj.program

    def task(self):
        return self.object


class TaskRemoveView(View):
    """Remove a task (a POST button with a confirmation): only from a program being drafted,
    and not once progress was reported on it."""

    http_method_names = ["post"]
    model = Task
    action = Action.VIEW  # a viewer is told no (403); the service needs the change scope
    post_action = Action.CHANGE

    def post(self, request, pk):
        task = (
            Task.objects.for_user(request.user, self.action)
            .select_related("program__unit")
            .filter(pk=pk)
            .first()
        )
        if task is None:
            raise Http404
        program = task.program
        try:
            services.remove_task(user=request.user, task=task)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied as exc:
            return denied(request, str(exc.args[0]) if exc.args else "", program.get_absolute_url())
        else:
            messages.success(request, _("The task was removed."))
        return redirect(program.get_absolute_url())
