"""The screens of signing in beyond the password: the second factor (typing a code, setting up
an authenticator, recovery codes) and, for site administrators, the lockouts and failed logins
with the second factors they may reset. The rules are in ``core/logins.py``."""

from __future__ import annotations

from typing import Any

from axes.models import AccessFailureLog
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import logins
from .access import Action, top_path
from .audit import record
from .models import AuditEvent


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = logins.clean_code(self.cleaned_data["code"])
        if not code or "\x00" in code:
            raise ValidationError(_("Type the code shown by your authenticator app."))
        return code


def safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


class VerifyView(View):
    """Second step of signing in: a code from the authenticator app, or a recovery code."""

    template_name = "core/login_verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.session.get(logins.SESSION_KEY) != logins.VERIFY:
            return HttpResponseRedirect(safe_next(request))  # a path, never a view name
        return super().dispatch(request, *args, **kwargs)

    def render(self, request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
        return TemplateResponse(
            request, self.template_name, {"form": form, "next": safe_next(request)}, status=status
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, CodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CodeForm(request.POST)
        user = request.user
        assert isinstance(user, get_user_model())
        if form.is_valid():
            if logins.throttled(logins.device_for(user, form.cleaned_data["code"])):
                form.add_error(
                    "code", _("Too many wrong codes: wait a little, then type the current code.")
                )
                return self.render(request, form, status=429)
            if logins.verify_second_factor(request, user, form.cleaned_data["code"]):
                return HttpResponseRedirect(safe_next(request))
            form.add_error("code", _("This code is not right, or it has expired."))
        return self.render(request, form, status=400)


class TwoFactorView(View):
    """The user's own second factor: set it up (QR code, then a code to confirm), see how many
    recovery codes remain, make new ones (shown once), or turn it off where it is optional."""

    template_name = "core/two_factor.html"

    def context(self, request: HttpRequest, **extra: Any) -> dict[str, Any]:
        user = request.user
        assert isinstance(user, get_user_model())
        active = logins.has_second_factor(user)
        context: dict[str, Any] = {
            "active": active,
            "required": logins.second_factor_required(user),
            "enrolling": request.session.get(logins.SESSION_KEY) == logins.ENROL,
            "codes_left": logins.recovery_codes_left(user) if active else 0,
            "next": safe_next(request),
        }
        if not active:
            device = logins.pending_enrolment(user)
            context.update(qr=logins.qr_svg(device), secret=logins.secret_text(device))
        context.update(extra)
        return context

    def get(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(request, self.template_name, self.context(request, form=CodeForm()))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, get_user_model())
        step = request.POST.get("step", "")
        active = logins.has_second_factor(user)
        if step == "confirm" and not active:
            form = CodeForm(request.POST)
            if form.is_valid():
                device = logins.pending_enrolment(user)
                if logins.throttled(device):
                    form.add_error(
                        "code",
                        _("Too many wrong codes: wait a little, then type the current code."),
                    )
                    return TemplateResponse(
                        request, self.template_name, self.context(request, form=form), status=429
                    )
                codes = logins.confirm_enrolment(request, device, form.cleaned_data["code"])
                if codes is not None:
                    return TemplateResponse(
                        request, "core/recovery_codes.html", {"codes": codes, "next": "/"}
                    )
                form.add_error("code", _("This code is not right, or it has expired."))
            return TemplateResponse(
                request, self.template_name, self.context(request, form=form), status=400
            )
        if step == "codes" and active:
            codes = logins.new_recovery_codes(user)
            return TemplateResponse(
                request, "core/recovery_codes.html", {"codes": codes, "next": request.path}
            )
        if step == "disable" and active:
            if logins.second_factor_required(user):
                messages.error(request, _("Your roles require a second factor: it stays on."))
                return redirect("two-factor")
            logins.remove_second_factor(user)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("two-factor")
        messages.error(request, _("This request could not be understood; nothing was changed."))
        return TemplateResponse(
            request, self.template_name, self.context(request, form=CodeForm()), status=400
        )


def site_admin_path(request: HttpRequest) -> str:
    """The top-level unit path on which the user manages roles: lockouts and second factors
    are of the whole site, so only a site administrator sees them. Anyone else: 404."""
    path = top_path(request.user, Action.MANAGE_ROLES)
    if path is None or not logins.is_site_admin(request.user):
        raise Http404
    return path


class ResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"].strip()
        user = get_user_model()._default_manager.filter(username=name).first()
        if user is None:
            raise ValidationError(_("There is no user with this name."))
        if not logins.has_second_factor(user):
            raise ValidationError(_("This user has no second factor to reset."))
        return user


class SecurityView(View):
    """Site administrators: the accounts and addresses locked out now (with a button to lift
    each lockout), the latest failed logins, and a form to reset a user's second factor (they
    set it up again at their next sign-in). Lifting and resetting are audited."""

    template_name = "core/security.html"
    #: How many of the latest failed logins the page lists.
    FAILURES_SHOWN = 50

    def render(
        self, request: HttpRequest, reset_form: ResetForm | None = None, status: int = 200
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            self.template_name,
            {
                "lockouts": logins.current_lockouts(),
                "failures": AccessFailureLog.objects.order_by("-attempt_time")[
                    : self.FAILURES_SHOWN
                ],
                "reset_form": reset_form or ResetForm(),
                "failure_limit": settings.AXES_FAILURE_LIMIT,
            },
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        site_admin_path(request)
        return self.render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        path = site_admin_path(request)
        unit = root_unit(path)
        if "unlock" in request.POST:
            username = request.POST.get("username", "").strip()[:255] or None
            address = request.POST.get("ip_address", "").strip()[:64] or None
            with transaction.atomic():
                count = logins.unlock(username, address)
                if count:
                    # The account locked out, or (an address alone) the administrator.
                    locked = get_user_model()._default_manager.filter(username=username).first()
                    record(
                        user=request.user,
                        verb=AuditEvent.Verb.DELETE,
                        obj=locked or request.user,  # type: ignore[arg-type]
                        unit=unit,
                        before={"lockout": " / ".join(filter(None, [username, address]))},
                        after=None,
                    )
            if count:
                messages.success(request, _("The lockout is lifted."))
            else:
                messages.error(request, _("There was no such lockout (it may have ended)."))
            return redirect("security")
        form = ResetForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        target = form.cleaned_data["username"]
        with transaction.atomic():
            logins.remove_second_factor(target)
            record(
                user=request.user,
                verb=AuditEvent.Verb.REVOKE,
                obj=target,
                unit=unit,
                before={"second_factor": True},
                after={"second_factor": False},
            )
        messages.success(
            request,
            _("The second factor of %(user)s is reset: they set it up again at their next sign-in.")
            % {"user": target.get_username()},
        )
        return redirect("security")


def root_unit(path: str) -> models.Model:
    """The unit at ``path``, read through the audit event's foreign key (the core does not
    import the units app)."""
    unit_model = AuditEvent._meta.get_field("unit").related_model
    assert isinstance(unit_model, type) and issubclass(unit_model, models.Model)
    return unit_model._default_manager.get(path=path)
