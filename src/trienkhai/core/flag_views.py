"""The data warnings' screens: the list of a subtree's flags (the level above sees those of the
units below), a flag's page with the clerk's explanation and the review by the level above."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import flags, lists
from .access import Action, may
from .models import DataFlag
from .querysets import ScopedQuerySet
from .views import ScopedDetailView, ServiceActionView, ServiceFormView, unit_link

UNRESOLVED = "unresolved"


def _state_choices() -> list[tuple[str, Any]]:
    return [(UNRESOLVED, _("Open or explained")), *DataFlag.State.choices]


class FlagFilter(lists.ListFilterSet):
    plan = lists.ScopedChoiceFilter(
        model="resolutions.Plan", label=_("Plan"), method="filter_plan", empty_label=_("All")
    )
    unit = lists.UnitFilter()
    rule = django_filters.ChoiceFilter(
        label=_("Warning"), choices=flags.rule_choices, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=_state_choices, method="filter_state", empty_label=_("All")
    )

    def filter_plan(self, queryset: QuerySet[DataFlag], name: str, value: Any) -> Any:
        """The plan's flags and those of the plans carrying it out (as the dashboard counts)."""
        if value is None:
            return queryset
        return queryset.filter(plan_id__in=type(value).objects.carrying_out(value))

    def filter_state(self, queryset: QuerySet[DataFlag], name: str, value: str) -> Any:
        if value == UNRESOLVED:
            return flags.unresolved(queryset)
        return queryset.filter(state=value) if value else queryset


class RuleColumn(tables.Column):  # type: ignore[misc]  # django-tables2: no types
    def render(self, record: DataFlag) -> str:
        return format_html(
            '<a href="{}">{}</a><div class="meta">{}</div>',
            record.get_absolute_url(),
            record.rule_label,
            record.reason,
        )


class ObjectColumn(tables.Column):  # type: ignore[misc]  # django-tables2: no types
    def render(self, record: DataFlag) -> str:
        if record.object_url:
            return format_html('<a href="{}">{}</a>', record.object_url, record.object_repr)
        return record.object_repr


class FlagTable(lists.Table):
    rule = RuleColumn(verbose_name=_("Warning"), accessor="rule", orderable=False)
    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__name", sort_key="unit__sort_key", linkify=unit_link
    )
    state = tables.TemplateColumn(
        verbose_name=_("State"),
        template_name="core/cells/flag_state.html",
        order_by=("state", "-id"),
    )
    object_repr = ObjectColumn(verbose_name=_("Figure flagged"), orderable=False)
    detected_on = lists.DateColumn(verbose_name=_("Detected on"))


class FlagListView(lists.ScopedListView[ScopedQuerySet[DataFlag]]):
    """The warnings of the user's subtree: a clerk sees their unit's, the level above those
    of every unit below it."""

    model = DataFlag
    filterset_class = FlagFilter
    table_class = FlagTable
    title = _("Data warnings")
    empty_text = _("No figure has been flagged in your units.")
    empty_filtered_text = _("No warning matches these filters.")
    count_text = ngettext_lazy("%(n)s warning", "%(n)s warnings", "n")

    def rows(self, queryset: ScopedQuerySet[DataFlag]) -> ScopedQuerySet[DataFlag]:
        return queryset.select_related("unit")


class FlagDetailView(ScopedDetailView):
    model = DataFlag
    template_name = "core/flag_detail.html"
    context_object_name = "flag"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "plan", "explained_by", "reviewed_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        flag = context["flag"]
        user = self.request.user
        context["may_explain"] = flags.may_explain(user, flag)
        context["may_review"] = flag.unresolved and flags.may_review(user, flag)
        context["form"] = ExplainForm(
            user=user, obj=flag, initial={"explanation": flag.explanation}
        )
        return context


class ExplainForm(forms.Form):
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=flags.MAX_EXPLANATION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, user: Any = None, obj: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class FlagExplainView(ServiceFormView):
    """The clerk of the flagged unit says why the figure is right (or what was wrong)."""

    model = DataFlag
    post_action = Action.CHANGE
    form_class = ExplainForm
    template_name = "core/flag_explain.html"
    title = _("Explain the warning")
    success_message = _("Your explanation was recorded; the level above will review it.")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        """Refused before the form is read: only who may change the unit explains."""
        flag = self.get_object()
        if not may(request.user, Action.CHANGE, flag.unit):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def perform(self, form: ExplainForm) -> DataFlag:
        return flags.explain(
            user=self.request.user, flag=self.object, explanation=form.cleaned_data["explanation"]
        )


class FlagReviewView(ServiceActionView):
    """The level above accepts the explanation or dismisses the warning (two buttons)."""

    model = DataFlag
    post_action = Action.APPROVE
    decision = ""

    def perform(self, obj: DataFlag) -> DataFlag:
        flag = flags.review(user=self.request.user, flag=obj, decision=self.decision)
        messages.success(self.request, _("The warning was reviewed."))
        return flag


class FlagAcceptView(FlagReviewView):
    decision = DataFlag.State.ACCEPTED


class FlagDismissView(FlagReviewView):
    decision = DataFlag.State.DISMISSED
