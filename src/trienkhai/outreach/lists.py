"""The lists of the outreach app, declared on ``core.lists``."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core import lists, numbers
from trienkhai.core.views import DATE_INPUT

from .models import Activity, Channel, PublicPage


class ActivityFilter(lists.ListFilterSet):
    """Activities by title, channel, unit, plan and period (the dates they were held)."""

    q = lists.SearchFilter(label=_("Title"), field_name="title_key")
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("All")
    )
    unit = lists.UnitFilter(label=_("Unit"))
    plan = lists.ScopedChoiceFilter(
        model="resolutions.Plan",
        label=_("Plan"),
        empty_label=_("All"),
        narrow=lambda plans: plans.filter(outreach_activities__isnull=False).distinct(),
    )
    held_from = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=_("From"), widget=DATE_INPUT
    )
    held_to = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=_("To"), widget=DATE_INPUT
    )


class ActivityTable(lists.Table):
    held_on = lists.DateColumn(verbose_name=_("Date"))
    title = tables.Column(verbose_name=pgettext_lazy("document", "Title"), linkify=True)
    channel = tables.Column(verbose_name=_("Channel"))
    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__organisation_name", linkify=False
    )
    reach = tables.Column(verbose_name=_("Reach"), attrs={"td": {"class": "num"}})
    audience_size = tables.Column(
        verbose_name=_("Population"), attrs={"td": {"class": "num"}}, default="—"
    )
    plan = tables.Column(
        verbose_name=_("Plan"),
        accessor="plan__number",
        orderable=False,
        attrs={"td": {"class": "nowrap"}},
    )
    warnings = tables.Column(
        verbose_name=_("Data warnings"), accessor="pk", orderable=False, empty_values=()
    )

    def render_warnings(self, record: Activity) -> str:
        """The rules the activity is flagged by (attached per page by the view)."""
        found = getattr(record, "warnings", [])
        return ", ".join(flag.rule_label for flag in found) if found else "—"

    def render_unit(self, record: Activity) -> str:
        return record.unit.organisation_name

    def render_reach(self, value: int) -> str:
        return numbers.number(value)

    def render_audience_size(self, value: int) -> str:
        return numbers.number(value)


class PageTable(lists.Table):
    resolution = tables.Column(
        verbose_name=_("Resolution"),
        accessor="resolution__number",
        linkify=lambda record: record.get_absolute_url(),
    )
    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__organisation_name", linkify=False
    )
    published_at = lists.DateColumn(verbose_name=_("Published"), default="—")

    def render_unit(self, record: PublicPage) -> str:
        return record.unit.organisation_name


class PageFilter(lists.ListFilterSet):
    unit = lists.UnitFilter(label=_("Unit"))
