"""Programs: the list, drafting a new one, its page (tasks, quality, copies, comments,
versions, progress) and its header. Reads go through ``for_user``; writes through
``programs.services``."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import lists
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedDetailView, apply_validation_error, paginate
from trienkhai.units.models import Unit

from .. import copying, forms, services
from .. import lists as program_lists
from ..models import ActionProgram, ProgramComment, ProgramVersion, Task
from ..progress import effective_rule, program_progress
from ..quality import check_quality
from ..services.drafting import default_parent
from ..services.workflow import last_version
from .common import ProgramFormView, denied, optional_url, rights

S = ActionProgram.Status


def units_to_draft_for(user):
    """The top units on which the user may draft: a "new program" button each."""
    return Unit.objects.roots_for(user, Action.CHANGE).order_by(
        "sort_key" if user.is_superuser else "path"
    )


class ProgramListView(lists.ScopedListView):
    """The programs the user can see: those of their subtrees and the adopted programs of the
    levels above, filtered by plan, unit subtree, status, kind and the copy flag."""

    model = ActionProgram
    filterset_class = program_lists.ProgramFilter
    table_class = program_lists.ProgramTable
    template_name = "programs/program_list.html"
    title = gettext_lazy("Action programs")
    count_text = ngettext_lazy("%(n)s program", "%(n)s programs", "n")
    empty_text = gettext_lazy(
        "No action program yet. Programs of your units, and the approved programs of the "
        "levels above, appear here."
    )
    empty_filtered_text = gettext_lazy(
        "No program matches. Tone marks are optional: “chuyen doi so” finds “chuyển đổi số”."
    )

    def rows(self, queryset):
        return (
            queryset.select_related("unit", "plan")
            .annotate(task_count=Count("tasks"))
            .order_by("unit__path", "-id")
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        chosen = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        unit, plan = chosen.get("unit"), chosen.get("plan")
        draft_units = list(units_to_draft_for(user)[:6])
        if unit is not None and unit not in draft_units and may(user, Action.CHANGE, unit):
            draft_units.insert(0, unit)
        return {**kwargs, "plan": plan, "draft_units": draft_units}


class ProgramCreateView(View):
    """A new draft of the unit of ``?unit=`` (or the user's top unit) for a plan addressed to
    it; the approved program of the nearest unit above for that plan is shown, and can be the
    starting point."""

    template_name = "programs/program_form.html"

    def unit(self) -> Unit:
        user, ref = self.request.user, self.request.GET.get("unit", "")
        units = Unit.objects.for_user(user, Action.CHANGE)
        if ref:
            pk = lists.query_id(self.request, "unit")
            unit = units.filter(pk=pk).first() if pk is not None else None
        else:
            unit = units_to_draft_for(user).first()
        if unit is None:
            raise Http404
        return unit

    def context(self, form, unit, parent):
        return {
            "form": form,
            "unit": unit,
            "parent": parent,
            "title": _("Draft a program"),
            "plan_chosen": self.plan_chosen(form),
        }

    def plan_chosen(self, form):
        value = form["plan"].value()
        if value in (None, ""):
            return None
        try:
            return form.fields["plan"].queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None

    def get(self, request):
        unit = self.unit()
        initial = {}
        if (plan_id := lists.query_id(request, "plan")) is not None:
            initial["plan"] = plan_id
        form = forms.ProgramForm(user=request.user, obj=None, unit=unit, initial=initial)
        plan = self.plan_chosen(form)
        parent = default_parent(unit, plan) if plan else None
        template = self.template_name
        if request.htmx and request.GET.get("partial") == "parent":
            template += "#parent"
        return render(request, template, self.context(form, unit, parent))

    def post(self, request):
        unit = self.unit()
        form = forms.ProgramForm(data=request.POST, user=request.user, obj=None, unit=unit)
        plan = self.plan_chosen(form)
        parent = default_parent(unit, plan) if plan else None
        if form.is_valid():
            try:
                program = services.create_program(
                    user=request.user,
                    unit=unit,
                    plan=form.cleaned_data["plan"],
                    start_from_parent=form.cleaned_data["start_from_parent"],
                    **form.service_fields(),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:  # the unit was found in the change scope
                return denied(request, str(exc))
            else:
                messages.success(request, _("The draft program was created: add its tasks."))
                return redirect(program)
        return render(request, self.template_name, self.context(form, unit, parent), status=400)


def follow_links(program: ActionProgram) -> list[tuple[str, str]]:
    """Links to the follow-up screens: the annual reviews of the program, the progress the
    user's units owe, and how the units below cover the plan's key points."""
    links = [(optional_url("programs:progress-inbox"), _("Progress to report"))]
    if program.is_adopted:
        links.insert(0, (optional_url("programs:review-list", program.pk), _("Annual reviews")))
    coverage = optional_url("programs:coverage")
    if coverage and program.unit.numchild:
        coverage += f"?plan={program.plan_id}&unit={program.unit_id}"
        links.append((coverage, _("Key points covered by the units below")))
    return [(url, label) for url, label in links if url]


def task_rows(user, program: ActionProgram):
    """The program's tasks with what the table shows; a constant number of queries.

    The program was fetched through ``for_user``; its tasks are read as part of it (a unit
    below reads the adopted program of the level above, tasks included). The programs the
    copies come from are linked only where the user may open them."""
    tasks = list(
        Task.objects.filter(program=program)
        .select_related("lead_unit", "parent_task", "copied_from__program__unit")
        .prefetch_related("key_points__resolution", "coordinating_units", "milestones")
    )
    sources = {t.copied_from.program_id for t in tasks if t.copied_from is not None}
    visible = set()
    if sources:
        visible = set(
            ActionProgram.objects.for_user(user, Action.VIEW)
            .filter(pk__in=sources)
            .values_list("pk", flat=True)
        )
    for task in tasks:
        task.source_visible = (
            task.copied_from is not None and task.copied_from.program_id in visible
        )
        task.score = round(task.copy_score)
    return tasks


def share_context(program: ActionProgram, tasks: list[Task]) -> dict:
    """The own share by words (stored by the check) and by tasks (from the tasks' stored
    sources), and the rule's figures, for ``_share.html``."""
    copied = sum(1 for t in tasks if t.copied_from_id)
    return {
        "own_percent": round(program.own_share * 100),
        "copied_share": round((1 - program.own_share) * 100),
        "own_tasks": len(tasks) - copied,
        "task_count": len(tasks),
        "own_task_percent": round(
            100 * copying.own_task_share([bool(t.copied_from_id) for t in tasks])
        ),
        "rule": {
            "task_match": round(copying.TASK_MATCH),
            "flag_percent": round(copying.OWN_SHARE_FLAG * 100),
        },
    }


def sent_back_reason(program: ActionProgram, comments: list[ProgramComment]):
    """The head's last reason for sending the draft back, while the drafters rework it: none
    once it is in discussion again, nor for a later revision (approved since)."""
    if program.status != S.DRAFT:
        return None
    reason = next((c for c in reversed(comments) if c.sent_back), None)
    if reason is None:
        return None
    previous = last_version(program)
    if previous is not None and previous.approved_at > reason.at:
        return None
    return reason


class ProgramDetailView(ScopedDetailView):
    model = ActionProgram
    template_name = "programs/program_detail.html"
    context_object_name = "program"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("unit", "plan", "parent__unit")
            .select_related("approved_by__person", "deputy__person")
            .prefetch_related("approved_by__person__positions", "deputy__person__positions")
        )

    def get_context_data(self, **kwargs):
        request, user, program = self.request, self.request.user, self.object
        allowed = rights(user, program)
        tasks = task_rows(user, program)
        comments = defaultdict(list)
        for comment in (
            ProgramComment.objects.for_user(user, Action.VIEW)
            .filter(program=program)
            .select_related("author__person")
            .prefetch_related("author__person__positions")
        ):
            comments[comment.task_id].append(comment)
        for task in tasks:
            task.comment_list = comments.get(task.pk, [])
        rule = effective_rule(program.unit)
        progress = None
        if program.is_adopted:
            progress = program_progress(ActionProgram.objects.filter(pk=program.pk), rule).get(
                program.pk
            )
        versions = paginate(
            request,
            ProgramVersion.objects.filter(program=program)
            .select_related("approved_by__person")
            .prefetch_related("approved_by__person__positions"),
            per_page=10,
            param="versions_page",
        )
        context = {
            **super().get_context_data(**kwargs),
            **allowed,
            "tasks": tasks,
            "quality": check_quality(program),
            "program_comments": comments.get(None, []),
            "sent_back": sent_back_reason(program, comments.get(None, [])),
            "versions": versions,
            "progress": progress,
            "follow_links": follow_links(program),
            **share_context(program, tasks),
        }
        if allowed["can_comment"]:
            context["comment_form"] = forms.CommentForm(user=user, obj=program)
        if allowed["can_change"] and program.status == S.APPROVED:
            context["effect_form"] = forms.EffectForm(user=user, obj=program)
        if allowed["is_head"] and program.status not in (S.CLOSED,):
            context["deputy_form"] = forms.DeputyForm(user=user, obj=program)
        return context


class ProgramEditView(ProgramFormView):
    """The program's header: kind, number, title, field, purpose, reporting period."""

    model = ActionProgram
    form_class = forms.ProgramForm
    template_name = "programs/program_form.html"
    title = gettext_lazy("Edit the program")
    success_message = gettext_lazy("The program was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "plan", "parent__unit")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object.unit}

    def context(self, form):
        return {
            **super().context(form),
            "unit": self.object.unit,
            "parent": self.object.parent,
            "editing": True,
        }

    def perform(self, form):
        return services.update_program(
            user=self.request.user, program=self.object, **form.service_fields()
        )


class CommentView(ProgramFormView):
    """A comment during discussion, on the whole program or one task (the detail page holds
    the same form; this page answers when it comes back with an error)."""

    model = ActionProgram
    form_class = forms.CommentForm
    template_name = "programs/comments_form.html"
    title = gettext_lazy("Comment on the program")
    success_message = gettext_lazy("Your comment was added.")
    post_action = Action.VIEW
    refusal = gettext_lazy("Only members of this unit comment on its program.")

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def perform(self, form):
        return services.add_comment(
            user=self.request.user,
            program=self.object,
            text=form.cleaned_data["text"],
            task=form.cleaned_data["task"],
        )

    def get_success_url(self, result):
        anchor = f"task-{result.task_id}" if result.task_id else "comments"
        return f"{self.object.get_absolute_url()}#{anchor}"
