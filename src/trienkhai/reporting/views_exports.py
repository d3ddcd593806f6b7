"""The official reports from the dashboard: ``/reporting/plans/<pk>/export.xlsx|.docx``.

``?unit=<pk>&as_of=dd/mm/yyyy`` as on the dashboard. The plan is read through
``visible_plans`` and the unit chosen by ``progress_unit`` (a unit outside the user's scope —
a sibling's — is a 404). A small subtree's file is built in the request and sent at once;
past ``EXPORT_BACKGROUND_UNITS`` units (settings, or ``TRIENKHAI_EXPORT_BACKGROUND_UNITS``;
2,000 by default) the work goes to a background task (``exports/jobs.py``) and the user is
sent to a page that polls until the file is ready.
A bad format or date is a 400 with a message, never a 500.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from trienkhai.core.access import Action
from trienkhai.core.fields import DayField
from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.scope import progress_unit, visible_plans
from trienkhai.units.models import Unit

from .exports import FORMATS, build
from .exports.jobs import start_export
from .models import ReportJob

DEFAULT_BACKGROUND_UNITS = 2000


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[(f, f) for f in FORMATS],
        error_messages={
            "invalid_choice": gettext_lazy("Choose the Excel (xlsx) or Word (docx) format."),
            "required": gettext_lazy("Choose the Excel (xlsx) or Word (docx) format."),
        },
    )
    as_of = DayField(
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "invalid": gettext_lazy("Enter the date as dd/mm/yyyy, for example 31/12/2025.")
        },
    )

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        today = timezone.localdate()
        if day is not None and day > today:
            raise ValidationError(gettext_lazy("The date cannot be in the future."))
        return day or today


def content_disposition(ascii_name: str, display_name: str) -> str:
    """``attachment; filename="bao-cao-….docx"; filename*=UTF-8''Báo%20cáo…``: the ASCII name
    for old clients, the Vietnamese one (RFC 6266) for the others."""
    value = f'attachment; filename="{ascii_name}"'
    if display_name and display_name != ascii_name:
        value += f"; filename*=UTF-8''{quote(display_name, safe='')}"
    return value


def background_threshold() -> int:
    """Units past which a report is made in the background: the setting
    ``EXPORT_BACKGROUND_UNITS``, else the environment's ``TRIENKHAI_EXPORT_BACKGROUND_UNITS``,
    else 2,000."""
    value: Any = getattr(settings, "EXPORT_BACKGROUND_UNITS", None)
    if value is None:
        value = os.environ.get("TRIENKHAI_EXPORT_BACKGROUND_UNITS", DEFAULT_BACKGROUND_UNITS)
    return int(value)


class ExportView(View):
    """Build and send the file, or hand a large subtree to the background."""

    model = Plan  # what the permission matrix opens it with
    action = Action.VIEW
    http_method_names = ["get"]
    fmt = None

    def get(self, request, pk):
        plan = get_object_or_404(visible_plans(request.user), pk=pk)
        unit = progress_unit(request, plan)
        # The Word report when the format is not said (the dashboard always says it).
        data = {"format": self.fmt or request.GET.get("format") or "docx", **_as_of(request)}
        form = ExportForm(data)
        if not form.is_valid():
            errors = [e for field in form.errors.values() for e in field]
            return render(
                request,
                "reporting/export_error.html",
                {"plan": plan, "unit": unit, "errors": errors},
                status=400,
            )
        fmt, day = form.cleaned_data["format"], form.cleaned_data["as_of"]
        units = Unit.objects.filter(path__prefix=unit.path).count()
        if units > background_threshold():
            job = start_export(user=request.user, plan=plan, unit=unit, fmt=fmt, as_of=day)
            return redirect("reporting:export-job", token=job.token)
        export = build(plan, unit, fmt, day)
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = content_disposition(export.filename, export.display_name)
        return response


def _as_of(request) -> dict:
    value = request.GET.get("as_of", "").strip()
    return {"as_of": value} if value else {}


class JobView(View):
    """The progress of a background export: polled with HTMX every two seconds until the
    file is ready (or failed). A job is only ever shown to the user who asked for it; anyone
    else gets a 404, the token being unguessable as well."""

    http_method_names = ["get"]

    def get(self, request, token):
        job = _job(request, token)
        context = {"job": job, "poll": not job.finished}
        if request.htmx:
            return render(request, "reporting/export_job.html#progress", context)
        return render(request, "reporting/export_job.html", context)


class JobFileView(View):
    http_method_names = ["get"]

    def get(self, request, token):
        job = _job(request, token)
        if job.status != job.Status.DONE or not job.file:
            raise Http404
        response = FileResponse(job.file.open("rb"), content_type=FORMATS[job.format])
        response["Content-Disposition"] = content_disposition(job.filename, job.display_name)
        return response


def _job(request, token):

    job = get_object_or_404(
        ReportJob.objects.for_user(request.user, Action.VIEW).select_related("plan", "unit"),
        token=token,
        user=request.user,
    )
    return job
