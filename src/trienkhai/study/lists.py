"""The lists of a unit's study: its sessions and its learning reports, on ``core.lists``."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
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
        verbose_name=_("Unit"),
        accessor="unit__organisation_name",
        order_by=("unit__sort_key", "unit__id"),
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
        return record.unit.organisation_name


# --- the rows behind each study number (``study:unit-numbers-rows``) ---------------------------


def short_name(unit):
    return unit.organisation_name


class NumbersPeopleTable(lists.Table):
    """The members behind a number (eligible, attended, owing a report …), in roster order;
    ``#`` is the row's place in the whole list (``row_number``, set per page by the view)."""

    row_number = tables.Column(
        verbose_name="#",
        accessor="pk",
        orderable=False,
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )
    full_name = lists.NameColumn(verbose_name=_("Full name"), linkify=False)
    member_code = tables.Column(verbose_name=_("Member code"), orderable=False, default="—")
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="unit__organisation_name",
        order_by=("unit__sort_key", "unit__id"),
    )

    def render_row_number(self, record):
        return record.row_number

    def render_full_name(self, record):
        return render_to_string("study/cells/numbers_person.html", {"p": record})

    def render_unit(self, record):
        return short_name(record.unit)


class NumbersReportTable(lists.Table):
    """The learning reports behind a number; the member's name links to the report only for
    a user who may change the unit (``can_change``: who grades it)."""

    person = lists.NameColumn(verbose_name=_("Member"), accessor="person__full_name", linkify=False)
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="unit__organisation_name",
        order_by=("unit__sort_key", "unit__id"),
    )
    submitted_at = tables.TemplateColumn(
        verbose_name=_("Submitted"), template_name="study/cells/numbers_report_submitted.html"
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"), template_name="study/cells/report_status.html"
    )

    def __init__(self, *args, can_change=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_change = can_change

    def render_person(self, record, value):
        if self.can_change:
            return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
        return value

    def render_unit(self, record):
        return short_name(record.unit)


class NumbersSessionTable(lists.Table):
    """The sessions held behind a number."""

    starts_at = lists.DateColumn(verbose_name=_("Date and time"), with_time=True, attrs={})
    title = tables.Column(verbose_name=_("Session"), linkify=True, orderable=False)
    unit = tables.Column(
        verbose_name=_("Organised by"),
        accessor="unit__organisation_name",
        order_by=("unit__sort_key", "unit__id"),
    )
    mode = tables.Column(verbose_name=_("Mode"))
    connection_points = tables.Column(
        verbose_name=_("Connection points"), attrs={"th": {"class": "num"}, "td": {"class": "num"}}
    )
    non_member_count = tables.Column(
        verbose_name=_("Non-member attendances"),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
    )

    def render_unit(self, record):
        return short_name(record.unit)

    def render_connection_points(self, value):
        return intcomma(value)

    def render_non_member_count(self, value):
        return intcomma(value)


class NumbersUnitTable(lists.Table):
    """The units behind a number; each name opens that unit's numbers for the same plan and
    date (``query``)."""

    name = lists.NameColumn(verbose_name=_("Unit"), linkify=False)
    code = tables.Column(verbose_name=_("Code"))
    kind = tables.Column(verbose_name=_("Kind"))

    def __init__(self, *args, query="", **kwargs):
        super().__init__(*args, **kwargs)
        self.query = query

    def render_name(self, record, value):
        url = reverse("study:unit-numbers", args=[record.pk])
        return format_html('<a href="{}?{}">{}</a>', url, self.query, value)


#: The table of each kind of rows behind a number.
NUMBERS_TABLES = {
    "people": NumbersPeopleTable,
    "reports": NumbersReportTable,
    "sessions": NumbersSessionTable,
    "units": NumbersUnitTable,
}


class MyPlansTable(lists.Table):
    """A member's own page ("My study"): the plans addressed to their unit, whether they
    studied each and their learning report. ``studied`` and ``my_report`` are attached to a
    page of plans by the view (two queries a page)."""

    plan = tables.Column(verbose_name=_("Plan"), accessor="number", order_by=("number", "id"))
    studied = tables.TemplateColumn(
        verbose_name=_("Studied"),
        accessor="pk",
        orderable=False,
        template_name="study/cells/my_plan_studied.html",
    )
    my_report = tables.TemplateColumn(
        verbose_name=_("My learning report"),
        accessor="pk",
        orderable=False,
        template_name="study/cells/my_plan_report.html",
    )
    write = tables.TemplateColumn(
        verbose_name="",
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "nowrap"}},
        template_name="study/cells/my_plan_write.html",
    )

    def render_plan(self, record, value):
        return format_html("<b>{}</b> — {}", value, record.title)
