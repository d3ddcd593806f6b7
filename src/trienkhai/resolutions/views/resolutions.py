"""Screens of the documents plans implement: the list, a document, registering and editing one,
and its official PDF."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views import View

from trienkhai.core import lists
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedDetailView, ScopedObjectMixin, paginate
from trienkhai.units.models import Unit

from .. import forms, services
from .. import lists as resolution_lists
from ..models import KeyPoint, Resolution
from ..models.resolution import DocumentQuerySet
from ..scope import visible_plans
from .common import FileServiceFormView, download


class ResolutionListView(lists.ScopedListView[DocumentQuerySet[Resolution]]):
    """The documents the user may see, their own units' and those registered above them."""

    model = Resolution
    filterset_class = resolution_lists.ResolutionFilter
    table_class = resolution_lists.ResolutionTable
    title = _("Resolutions and directives")
    template_name = "resolutions/resolution_list.html"
    count_text = ngettext_lazy("%(n)s document", "%(n)s documents", "n")
    empty_text = _(
        "No document has been registered yet. A unit registers a resolution, conclusion or "
        "directive so that its plans can implement it."
    )
    empty_filtered_text = _(
        "No document matches. Tone marks are optional: “bao ve to quoc” finds “bảo vệ Tổ quốc”."
    )

    def rows(self, queryset: DocumentQuerySet[Resolution]) -> DocumentQuerySet[Resolution]:
        return queryset.select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return {
            **kwargs,
            "can_register": may(user, Action.CHANGE),
        }


class ResolutionDetailView(ScopedDetailView):
    model = Resolution
    template_name = "resolutions/resolution_detail.html"
    context_object_name = "resolution"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        resolution = self.object
        points = KeyPoint.objects.for_user(user, Action.VIEW).filter(resolution=resolution)
        plans = (
            visible_plans(user)
            .filter(resolutions=resolution)
            .select_related("unit", "parent")
            .order_by("unit__depth", "-issued_on", "-id")
        )
        return {
            **super().get_context_data(**kwargs),
            "points": paginate(self.request, points, param="points_page"),
            "plans": lists.table_page(
                self.request, resolution_lists.PlanTable(plans), param="plans_page"
            ),
            "can_change": may(user, Action.CHANGE, resolution.unit),
        }


class ResolutionCreateView(FileServiceFormView):
    """Register a document; the unit registering it is the one of ``?unit=`` or the user's
    top unit, and can be changed on the form."""

    model = Unit
    action = Action.CHANGE
    form_class = forms.ResolutionForm
    template_name = "resolutions/resolution_form.html"
    title = _("Register a document")
    success_message = _("The document was registered.")

    def get_object(self) -> Unit:
        pk = lists.query_id(self.request, "unit")
        unit: Unit | None
        if pk is not None:
            unit = self.get_queryset().filter(pk=pk).first()
        else:
            unit = Unit.objects.top_for(self.request.user, Action.CHANGE)
        if unit is None:
            raise Http404
        return unit

    def perform(self, form: forms.ResolutionForm) -> Resolution:
        data = dict(form.cleaned_data)
        return services.register_resolution(user=self.request.user, **data)


class ResolutionEditView(FileServiceFormView):
    model = Resolution
    action = Action.CHANGE
    form_class = forms.ResolutionForm
    template_name = "resolutions/resolution_form.html"
    title = _("Edit document")
    success_message = _("The document was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edit": True}

    def perform(self, form: forms.ResolutionForm) -> Resolution:
        return services.update_resolution(
            user=self.request.user, resolution=self.object, **form.cleaned_data
        )


class ResolutionDocumentView(ScopedObjectMixin, View):
    """The official PDF, streamed to users who may see the document."""

    model = Resolution

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        resolution = self.get_queryset().filter(pk=pk).first()
        if resolution is None:
            raise Http404
        return download(resolution.document, resolution.number, "pdf")
