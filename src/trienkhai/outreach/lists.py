"""The lists of the outreach app, declared on ``core.lists``, and the activities' table by
month that sits under the list's filters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core import lists, numbers
from trienkhai.core.fields import DayField
from trienkhai.core.views import DATE_INPUT

from .models import Activity, Channel, PublicPage


class DayFilter(django_filters.DateFilter):
    """A date filter read as people type days (``core.fields.DayField``): "31/02/2026" is
    said to be no day of the calendar, not a format mistake."""

    field_class = DayField


class PeriodForm(forms.Form):
    """The activity filters' form: a period that ends before it starts is an error on it
    (the list answers 400 and shows it), not an empty list that looks like no activity."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("held_from"), data.get("held_to")
        if start and end and start > end:
            self.add_error("held_to", _("The end of the period is before its start."))
        return data


class ActivityFilter(lists.ListFilterSet):
    """Activities by title, channel, unit, plan and period (the dates they were held)."""

    class Meta:
        form = PeriodForm

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
    held_from = DayFilter(
        field_name="held_on", lookup_expr="gte", label=_("From"), widget=DATE_INPUT
    )
    held_to = DayFilter(field_name="held_on", lookup_expr="lte", label=_("To"), widget=DATE_INPUT)


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


@dataclass
class MonthRow:
    month: datetime.date
    counts: list[int]
    total: int

    @property
    def label(self) -> str:
        """The month as people write it: ``03/2026``."""
        return f"{self.month.month:02d}/{self.month.year}"


@dataclass
class ByMonth:
    """Activities by month (rows, oldest first: a campaign reads forward in time) and channel
    (columns, only the channels present, in the channels' order), with the totals."""

    channels: list[tuple[str, str]] = field(default_factory=list)
    rows: list[MonthRow] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    total: int = 0


def by_month(rows: QuerySet[Activity]) -> ByMonth:
    """Count ``rows`` (the list's filtered, scoped activities) by month and channel in one
    ``GROUP BY``: the figures always agree with the list under them."""
    found = (
        rows.order_by()
        .annotate(month=TruncMonth("held_on"))
        .values("month", "channel")
        .annotate(n=Count("pk"))
        .values_list("month", "channel", "n")
    )
    cells: dict[tuple[datetime.date, str], int] = {}
    for month, channel, n in found:
        day = month.date() if isinstance(month, datetime.datetime) else month
        cells[day, channel] = cells.get((day, channel), 0) + n
    present = {channel for _month, channel in cells}
    channels = [(value, str(label)) for value, label in Channel.choices if value in present]
    table = ByMonth(channels=channels)
    for month in sorted({month for month, _channel in cells}):
        counts = [cells.get((month, value), 0) for value, _label in channels]
        table.rows.append(MonthRow(month, counts, sum(counts)))
    table.totals = [sum(row.counts[i] for row in table.rows) for i in range(len(channels))]
    table.total = sum(table.totals)
    return table
