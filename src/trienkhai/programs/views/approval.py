"""The program's way to adoption: putting it to discussion, the approval screen (quality,
copies, the differences from the last approved version), sending it back to its drafters,
putting it into effect, closing, revising, and the head naming a deputy."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.core.access import Action

from .. import forms, services
from ..models import ActionProgram
from ..quality import check_quality
from ..services.workflow import is_head, last_version, pending_changes
from .common import ProgramActionView, ProgramFormView
from .programs import share_context, task_rows

S = ActionProgram.Status


def why_not(user, program: ActionProgram, may: bool, changes: list, previous) -> list[str]:
    """Why approving now is not possible, in words (empty when it is)."""
    reasons = []
    if not may:
        reasons.append(
            _("Only the head of %(unit)s, or the deputy the head named, may approve it.")
            % {"unit": program.unit.name}
        )
    if program.status == S.DRAFT:
        reasons.append(_("The program must be discussed by the committee before approval."))
    elif program.status in ActionProgram.ADOPTED:
        reasons.append(
            _("This program is approved (version %(n)s): to change it, start a revision.")
            % {"n": program.version}
        )
    if not program.tasks.exists():
        reasons.append(_("A program without tasks cannot be approved."))
    elif previous is not None and program.status == S.DISCUSSION and not changes:
        reasons.append(_("Nothing has changed since the last approved version."))
    return reasons


class ApproveView(ProgramFormView):
    """The approval screen. Everyone who can see the program sees the checks; the Approve
    button is there for the head of the unit (or the named deputy) when the program is in
    discussion; a revision needs a reason and shows what it changes."""

    model = ActionProgram
    form_class = forms.ApproveForm
    template_name = "programs/approval.html"
    title = gettext_lazy("Approve the program")
    post_action = Action.APPROVE  # or the deputy the head named: ``allowed`` below
    refusal = gettext_lazy(
        "Only the head of the unit, or the deputy the head named, may approve it."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "plan", "parent__unit", "deputy")

    def allowed(self, program) -> bool:
        return services.may_approve(self.request.user, program)

    def may_post(self) -> bool:
        """The checks are for everyone who can see the program: the page is shown read-only,
        the form only with ``can_approve_now`` (the template)."""
        return True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "revision": self.object.is_adopted}

    def context(self, form):
        user, program = self.request.user, self.object
        may = services.may_approve(user, program)
        previous = last_version(program)
        changes = pending_changes(program)
        reasons = why_not(user, program, may, changes, previous)
        tasks = task_rows(user, program)
        return {
            **super().context(form),
            "quality": check_quality(program),
            "tasks": tasks,
            "copied_tasks": [t for t in tasks if t.copied_from_id],
            "changes": changes,
            "previous": previous,
            "may_approve": may,
            "reasons": reasons,
            "can_approve_now": not reasons,
            **share_context(program, tasks),
        }

    def perform(self, form):
        return services.approve_program(
            user=self.request.user,
            program=self.object,
            reason=form.cleaned_data.get("reason", ""),
        )

    def get_success_url(self, result):
        messages.success(
            self.request,
            _("Version %(n)s of the program was approved.") % {"n": result.version},
        )
        return result.get_absolute_url()


class SendBackView(ProgramFormView):
    """The head (or the named deputy) sends the program in discussion back to draft with the
    reason, instead of approving it: the form for who may approve, a 403 for anyone else."""

    model = ActionProgram
    form_class = forms.SendBackForm
    template_name = "programs/program_small_form.html"
    title = gettext_lazy("Send the program back for changes")
    post_action = Action.APPROVE  # or the deputy the head named: ``allowed`` below
    refusal = gettext_lazy(
        "Only the head of the unit, or the deputy the head named, may send it back."
    )
    success_message = gettext_lazy(
        "The program is back in draft: its drafters were told why it was sent back."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "deputy")

    def allowed(self, program) -> bool:
        return services.may_approve(self.request.user, program)

    def context(self, form):
        return {
            **super().context(form),
            "intro": _(
                "The program returns to draft: its drafters rework it and put it to discussion "
                "again."
            ),
            "submit_label": _("Send back for changes"),
        }

    def perform(self, form):
        return services.send_back_program(
            user=self.request.user, program=self.object, reason=form.cleaned_data["reason"]
        )


class OpenDiscussionView(ProgramActionView):
    post_action = Action.CHANGE
    success_message = gettext_lazy(
        "The draft is before the committee: members can comment on its tasks."
    )

    def perform(self, program):
        return services.open_discussion(user=self.request.user, program=program)


class ReviseView(ProgramActionView):
    post_action = Action.CHANGE
    success_message = gettext_lazy(
        "A new version is being drafted; the approved version stays in force until the head "
        "approves the new one."
    )

    def perform(self, program):
        return services.revise_program(user=self.request.user, program=program)


class CloseView(ProgramActionView):
    post_action = Action.APPROVE
    success_message = gettext_lazy("The program was closed; its figures stay as history.")

    def perform(self, program):
        return services.close_program(user=self.request.user, program=program)


class EffectView(ProgramFormView):
    """The approved program is issued and takes effect from a date."""

    model = ActionProgram
    form_class = forms.EffectForm
    template_name = "programs/program_small_form.html"
    title = gettext_lazy("Put the program into effect")
    success_message = gettext_lazy("The program is in effect.")

    def get_queryset(self):
        return super().get_queryset().select_related("unit")

    def perform(self, form):
        return services.put_in_effect(
            user=self.request.user, program=self.object, on=form.cleaned_data["on"]
        )


class DeputyView(ProgramFormView):
    """The head names the deputy who may approve this program in the head's place."""

    model = ActionProgram
    form_class = forms.DeputyForm
    template_name = "programs/program_small_form.html"
    title = gettext_lazy("Name a deputy to approve")
    post_action = Action.APPROVE
    refusal = gettext_lazy("Only the head of the unit may name a deputy to approve.")

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "deputy")

    def allowed(self, program) -> bool:
        return is_head(self.request.user, program.unit)

    def perform(self, form):
        return services.name_deputy(
            user=self.request.user, program=self.object, deputy=form.cleaned_data["deputy"]
        )

    def get_success_url(self, result):
        if result.deputy_id:
            messages.success(
                self.request,
                _("%(name)s may now approve this program.")
                % {"name": result.deputy.get_full_name() or result.deputy.username},
            )
        else:
            messages.success(self.request, _("Only the head approves this program now."))
        return result.get_absolute_url()
