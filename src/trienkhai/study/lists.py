"""The lists of a unit's study: its sessions and its learning reports, on ``core.lists``."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from trienkhai.core import lists
from trienkhai.resolutions.models import Plan

from .forms import PlanChoiceField
from .models import LearningReport, StudySession
from .similarity import FLAG_AT

Status = LearningReport.Status


class PlanFilter(django_filters.ModelChoiceFilter):
    """One of the plans addressed to the list's unit (set by the filter set)."""

    field_class = PlanChoiceField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Plan"))
        kwargs.setdefault("empty_label", _("All plans"))
        super().__init__(queryset=Plan.objects.none(), **kwargs)


class PlansFilterSet(lists.ListFilterSet):
    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["plan"].queryset = plans


class SessionFilter(PlansFilterSet):
    plan = PlanFilter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=StudySession.Status.choices, empty_label=_("All")
    )
    mode = django_filters.ChoiceFilter(
        label=_("Mode"), choices=StudySession.Mode.choices, empty_label=_("All")
    )
    unit = lists.UnitFilter(label=_("Organised by"))


class SessionTable(lists.Table):
    starts_at = lists.DateColumn(
        verbose_name=_("Date and time"), with_time=True, attrs={"td": {"class": "nowrap"}}
    )
    title = tables.TemplateColumn(
        verbose_name=_("Session"),
        orderable=False,
        template_name="study/cells/session_title.html",
    )
    plan = tables.TemplateColumn(
        verbose_name=_("Plan"),
        order_by=("plan__number",),
        attrs={"td": {"class": "nowrap"}},
        template_name="study/cells/session_plan.html",
    )
    unit = tables.TemplateColumn(
        verbose_name=_("Organised by"),
        order_by=("unit__sort_key", "unit__id"),
        template_name="study/cells/session_unit.html",
    )
    mode = tables.TemplateColumn(
        verbose_name=_("Mode"),
        template_name="study/cells/session_mode.html",
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        template_name="study/cells/session_status.html",
    )
    present = tables.TemplateColumn(
        verbose_name=_("Present"),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
        template_name="study/cells/session_present.html",
    )


SHOW = [
    ("ungraded", _("Not graded")),
    ("late", _("Late")),
    ("flagged", _("Possible copies")),
    ("returned", _("Sent back")),
    ("graded", _("Graded")),
]


class ReportFilter(PlansFilterSet):
    plan = PlanFilter()
    show = django_filters.ChoiceFilter(
        label=_("Show"), choices=SHOW, empty_label=_("All"), method="by_show"
    )
    q = lists.SearchFilter(field_name="person__search_key", label=_("Name or member code"))
    unit = lists.UnitFilter(label=_("Unit"), action="change")

    def by_show(self, queryset, name, value):
        if value == "ungraded":
            return queryset.filter(status=Status.SUBMITTED)
        if value == "late":
            return queryset.filter(due_on__isnull=False, submitted_at__date__gt=F("due_on"))
        if value == "flagged":
            return queryset.filter(similarity__gte=FLAG_AT)
        if value == "returned":
            return queryset.filter(status=Status.RETURNED)
        return queryset.filter(status=Status.GRADED)


class ReportTable(lists.Table):
    person = lists.NameColumn(
        verbose_name=_("Member"),
        accessor="person__full_name",
        linkify=lambda record: record.get_absolute_url(),
    )
    unit = tables.Column(
        verbose_name=_("Unit"), accessor="unit__name", order_by=("unit__sort_key", "unit__id")
    )
    plan = tables.Column(verbose_name=_("Plan"), accessor="plan__number")
    submitted_at = tables.TemplateColumn(
        verbose_name=_("Submitted"),
        attrs={"td": {"class": "nowrap"}},
        template_name="study/cells/report_submitted_at.html",
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        template_name="study/cells/report_status.html",
    )
    similarity = tables.TemplateColumn(
        verbose_name=_("Similarity"),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
        template_name="study/cells/report_similarity.html",
    )

    def render_unit(self, record):
        return record.unit.short_name or record.unit.name
