"""The screens of dissemination activities: the list (with its figures by month), recording,
correcting and withdrawing one, its page and its evidence file."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import flags, lists
from trienkhai.core.access import Action, may
from trienkhai.core.querysets import ScopedQuerySet
from trienkhai.core.uploads import CONTENT_TYPES
from trienkhai.core.views import ScopedDetailView, ScopedObjectMixin
from trienkhai.resolutions.views.common import download
from trienkhai.units.models import Unit

from .. import forms, services
from .. import lists as outreach_lists
from ..models import Activity
from .common import GuardedFormView


class ActivityListView(lists.ScopedListView[ScopedQuerySet[Activity]]):
    """The activities of the user's subtree, latest first, with the units to record for and,
    under the filters, how many were held each month on each channel: the same filtered,
    scoped rows as the table, counted in one ``GROUP BY``."""

    model = Activity
    filterset_class = outreach_lists.ActivityFilter
    table_class = outreach_lists.ActivityTable
    title = gettext_lazy("Dissemination activities")
    template_name = "outreach/activity_list.html"
    # The filters swap the results and, out of band, the table by month (both follow them).
    partial_template_name = "outreach/activity_list.html#results"
    count_text = ngettext_lazy("%(n)s activity", "%(n)s activities", "n")
    empty_text = gettext_lazy("No dissemination activity recorded yet.")
    empty_filtered_text = gettext_lazy("No activity matches these filters.")

    def rows(self, queryset: ScopedQuerySet[Activity]) -> ScopedQuerySet[Activity]:
        return queryset.select_related("unit", "plan")

    def decorate(self, records: list[Any]) -> list[Any]:
        """The page's data warnings, in one query."""
        found = flags.flags_on_rows(Activity, [r.pk for r in records])
        for record in records:
            record.warnings = found.get(record.pk, [])
        return records

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        units = list(Unit.objects.roots_for(user, Action.CHANGE)[:10])
        filterset = self.filterset
        rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        return {**kwargs, "record_units": units, "by_month": outreach_lists.by_month(rows)}


class FilesFormView(GuardedFormView):
    """A service form that also takes the uploaded files."""

    def get_form(self, data: Any = None) -> Any:
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())


def _activity_values(data: dict[str, Any]) -> dict[str, Any]:
    """The form's cleaned data as the services take it (one form records and corrects)."""
    names = (
        "plan",
        "channel",
        "held_on",
        "title",
        "reach",
        "key_points",
        "link",
        "evidence",
        "audience_unit",
        "audience_label",
        "audience_size",
        "opinions",
        "opinion_themes",
    )
    return {name: data[name] for name in names}


class ActivityAddView(FilesFormView):
    """Record what a unit did to bring a plan's resolution to the public."""

    model = Unit
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.ActivityForm
    template_name = "outreach/activity_form.html"
    title = gettext_lazy("Record a dissemination activity")
    success_message = gettext_lazy("The activity is recorded.")

    def perform(self, form: Any) -> Activity:
        return services.record_activity(
            user=self.request.user, unit=self.object, **_activity_values(form.cleaned_data)
        )


class ActivityEditView(FilesFormView):
    """Correct an activity: the form that recorded it, filled in; a file chosen replaces the
    evidence, none keeps it."""

    model = Activity
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.ActivityForm
    template_name = "outreach/activity_form.html"
    title = gettext_lazy("Correct a dissemination activity")
    success_message = gettext_lazy("The activity is corrected.")

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "plan", "audience_unit")

    def context(self, form: Any) -> dict[str, Any]:
        return {**super().context(form), "activity": self.object}

    def perform(self, form: Any) -> Activity:
        return services.update_activity(
            user=self.request.user, activity=self.object, **_activity_values(form.cleaned_data)
        )


class ActivityDeleteView(GuardedFormView):
    """Withdraw an activity recorded by mistake: GET shows what goes, only a POST deletes."""

    model = Activity
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.ConfirmForm
    template_name = "outreach/activity_delete.html"
    title = gettext_lazy("Withdraw a dissemination activity")
    success_message = gettext_lazy("The activity is withdrawn.")

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "plan")

    def context(self, form: Any) -> dict[str, Any]:
        return {**super().context(form), "warnings": flags.flags_on(self.object)}

    def perform(self, form: Any) -> Activity:
        services.withdraw_activity(user=self.request.user, activity=self.object)
        return self.object

    def get_success_url(self, result: Any) -> str:
        return reverse("outreach:index")


class ActivityDetailView(ScopedDetailView):
    model = Activity
    template_name = "outreach/activity_detail.html"
    context_object_name = "activity"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("unit", "plan", "audience_unit", "recorded_by")
            .prefetch_related("key_points__resolution")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_change"] = may(self.request.user, Action.CHANGE, self.object.unit)
        return context


class ActivityEvidenceView(ScopedObjectMixin, View):
    """The evidence file of an activity, for users who may see the activity."""

    model = Activity

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        activity = self.get_queryset().filter(pk=pk).first()
        if activity is None:
            raise Http404
        if activity.evidence_type == "pdf":
            return download(activity.evidence, activity.evidence_name, "pdf")
        try:
            handle = activity.evidence.open("rb")
        except (FileNotFoundError, OSError, ValueError) as exc:
            raise Http404 from exc
        return FileResponse(
            handle,
            filename=activity.evidence_name,
            content_type=CONTENT_TYPES.get(activity.evidence_type, "application/octet-stream"),
        )
