"""The import pages: upload on a unit, the preview (mapping, counts, every row's problems),
the commit with its progress bar, the undo, and the blank templates."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from trienkhai.core import people
from trienkhai.core.access import Action, may
from trienkhai.core.views import (
    ScopedDetailView,
    ServiceActionView,
    ServiceFormView,
    paginate,
)
from trienkhai.units.models import Unit

from . import blank, columns, progress, services
from .forms import MappingForm, UploadForm
from .models import ImportBatch
from .problems import ERROR, message

PROBLEMS_PER_PAGE = 100


class RefusedFirst(ServiceFormView):
    """A POST by whom may read the object but not save the form is refused before the
    form is read (an empty or partial form would otherwise be a 400)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        if not self.may_post():
            return self.refused()
        return super().post(request, *args, **kwargs)


class UnitImportsView(RefusedFirst):
    """A unit's imports: the upload form, the templates, the imports made here."""

    model = Unit
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = UploadForm
    template_name = "imports/unit.html"
    title = _("Import from a spreadsheet")

    def get_form(self, data: Any = None) -> Any:
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())

    def refusal_message(self) -> Any:
        return _("Only a clerk, head or administrator of this unit can import into it.")

    def context(self, form: Any) -> dict[str, Any]:
        recent = people.with_people(
            ImportBatch.objects.for_user(self.request.user, Action.VIEW).filter(unit=self.object),
            "created_by",
        )[:20]
        return {
            **super().context(form),
            "unit": self.object,
            "imports": recent,
            "kinds": [k for k in columns.KINDS if k[0] in services.PLANNERS],
        }

    def perform(self, form: Any) -> Any:
        return services.start_import(
            user=self.request.user,
            unit=self.object,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            on_conflict=form.cleaned_data["on_conflict"],
            session_id=form.cleaned_data.get("session"),
        )


def _problem_rows(batch: ImportBatch, request: HttpRequest) -> Any:
    rows = [
        {"row": row, "level": level, "text": message(code, _field_labels(batch, params))}
        for row, code, level, params in batch.problems
    ]
    return paginate(request, rows, per_page=PROBLEMS_PER_PAGE)


def _field_labels(batch: ImportBatch, params: dict[str, Any]) -> dict[str, Any]:
    """A problem's field named by its label in the reader's language."""
    known = columns.fields_of(batch.kind)
    params = dict(params)
    name = params.get("field")
    if name in known:
        params["field"] = known[name].label
    elif name:
        params["field"] = str(name).replace("_", " ")
    return params


def detail_context(request: HttpRequest, batch: ImportBatch, form: Any = None) -> dict[str, Any]:
    can_change = may(request.user, Action.CHANGE, batch)
    editable = batch.status in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.FAILED)
    if form is None and can_change and editable:
        form = MappingForm(obj=batch)
    form = form if can_change and editable else None
    sample = batch.counts.get("sample", [])
    mapping_rows = [
        (form[name], " · ".join(str(row[i]) for row in sample if i < len(row) and row[i]))
        for i, name in enumerate(form.column_fields if form else [])
    ]
    return {
        "object": batch,
        "batch": batch,
        "mapping_rows": mapping_rows,
        "to_write": int(batch.counts.get("create", 0)) + int(batch.counts.get("update", 0)),
        "unit": batch.unit,
        "can_change": can_change,
        "form": form,
        "problems": _problem_rows(batch, request),
        "more_problems": batch.counts.get("error", 0) + batch.counts.get("warning", 0)
        > len(batch.problems),
        "progress": progress.read(batch.pk),
        "running": batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING),
        "stalled": progress.stalled(batch.pk),
        "undo_blocked": batch.status == ImportBatch.Status.DONE and services.undo_blocked(batch),
        "error_level": ERROR,
        "fields": columns.FIELDS[batch.kind],
    }


class ImportDetailView(ScopedDetailView):
    model = ImportBatch
    template_name = "imports/detail.html"

    def get_queryset(self) -> Any:
        return people.with_people(super().get_queryset().select_related("unit"), "created_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **detail_context(self.request, self.object)}


class MappingView(RefusedFirst):
    """The mapping corrected (and the header row, the conflict mode): previewed again."""

    model = ImportBatch
    post_action = Action.CHANGE
    form_class = MappingForm
    template_name = "imports/detail.html"
    success_message = _("Previewed again with this mapping.")

    def context(self, form: Any) -> dict[str, Any]:
        return detail_context(self.request, self.object, form)

    def perform(self, form: Any) -> Any:
        header_row = form.cleaned_data.get("header_row")
        return services.set_mapping(
            user=self.request.user,
            batch=self.object,
            mapping=form.mapping(),
            header_row=header_row - 1 if header_row else None,
            on_conflict=form.cleaned_data["on_conflict"],
            save_as=form.cleaned_data.get("save_as", ""),
        )


class CommitView(ServiceActionView):
    model = ImportBatch
    post_action = Action.CHANGE
    success_message = _("The import has started.")

    def perform(self, obj: Any) -> Any:
        return services.commit_import(user=self.request.user, batch=obj)


class UndoView(ServiceActionView):
    model = ImportBatch
    post_action = Action.CHANGE
    success_message = _("The import has been undone.")

    def perform(self, obj: Any) -> Any:
        return services.undo_import(user=self.request.user, batch=obj)


class ProgressView(ScopedDetailView):
    """The progress bar's fragment, polled by HTMX while the import runs; once it has ended
    the poll stops and the page reloads to show the result."""

    model = ImportBatch
    template_name = "imports/progress.html"

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        batch = self.object
        running = batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
        response = render(
            self.request,
            self.template_name,
            {"batch": batch, "progress": progress.read(batch.pk), "running": running},
        )
        if not running and self.request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in services.PLANNERS:
        raise Http404
    response = HttpResponse(
        blank.workbook(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response
