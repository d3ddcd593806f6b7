"""Pieces the drafting screens share: what the user may do on a program (asked of
``core.access``), the form views that
answer a viewer's POST with 403 and a clear message, links to screens that may not exist yet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core.access import Action, holds, may
from trienkhai.core.views import ScopedObjectMixin, ServiceFormView

from ..models import ActionProgram
from ..services import may_approve


def optional_url(name: str, *args) -> str | None:
    """The URL of a screen another part of the app provides, None until it exists."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def rights(user, program: ActionProgram) -> dict:
    """What the user may do on ``program`` (three short queries)."""
    can_change = may(user, Action.CHANGE, program.unit)
    approver = may_approve(user, program)
    return {
        "can_change": can_change,
        "can_edit": can_change and program.is_editable,
        "may_approve": approver,
        "is_head": approver and holds(user, Action.APPROVE, program.unit),
        "can_comment": program.status == ActionProgram.Status.DISCUSSION
        and may(user, Action.VIEW, program.unit),
    }


def denied(request, message: str, back: str | None = None, status: int = 403):
    return render(
        request, "programs/program_message.html", {"message": message, "back": back}, status=status
    )


class ProgramFormView(ServiceFormView):
    """A form about a program (or one of its tasks) the user can see. Reading it needs only
    the ``view`` scope, so a viewer is told, not shown a 404; a POST by someone who may not
    change the program gets the form back with the refusal (403) before anything is parsed."""

    action = Action.VIEW
    #: The action the POST needs on the program's unit.
    post_action = Action.CHANGE
    refusal: Any = None  # a message, lazily translated

    def program_of(self, obj) -> ActionProgram:
        return obj

    def allowed(self, program) -> bool:
        return may(self.request.user, self.post_action, program.unit)

    def refusal_message(self) -> str:
        return self.refusal or _("You may not change this program: your role here is to read it.")

    def may_post(self) -> bool:
        """The form is shown only to whom may save it (a viewer gets the refusal, 403)."""
        return self.allowed(self.program_of(self.object))

    def refused(self):
        program = self.program_of(self.object)
        return denied(self.request, self.refusal_message(), program.get_absolute_url())

    def context(self, form):
        program = self.program_of(self.object)
        return {**super().context(form), "program": program}

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.allowed(self.program_of(self.object)):
            form = self.get_form()
            form.cleaned_data = {}  # unbound: the refusal is its only error
            form.add_error(None, self.refusal_message())
            return render(request, self.template_name, self.context(form), status=403)
        return super().post(request, *args, **kwargs)


class ProgramActionView(ScopedObjectMixin, View):
    """A POST button on a program (open discussion, revise, close): a refusal by the rules is
    a message on the program's page; a refusal of the person is a 403 page that says why."""

    http_method_names = ["post"]
    model = ActionProgram
    success_message: Any = None

    def post(self, request, *args, **kwargs):
        try:
            program = self.get_queryset().select_related("unit").get(pk=kwargs["pk"])
        except ActionProgram.DoesNotExist as exc:
            raise Http404 from exc
        try:
            self.perform(program)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied as exc:
            message = exc.args[0] if exc.args else _("Permission denied.")
            return denied(request, str(message), program.get_absolute_url())
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(program.get_absolute_url())

    def perform(self, program):
        raise NotImplementedError
