"""The lists of documents and plans, declared on ``core.lists``."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core import lists

from .forms import STATUS_GROUPS
from .models import Obligation, ObligationStatus, Plan, Requirement, Resolution
from .models.obligation import ObligationQuerySet


def unit_name(record: Resolution | Plan) -> str:
    return record.unit.committee_name


class ResolutionFilter(lists.ListFilterSet):
    q = lists.SearchFilter(label=_("Number or title"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Resolution.Kind.choices, empty_label=_("All")
    )
    unit = lists.UnitFilter(label=_("Registered by"))


class ResolutionTable(lists.Table):
    number = tables.Column(
        verbose_name=_("Number"), linkify=True, attrs={"td": {"class": "nowrap"}}
    )
    title = tables.Column(
        verbose_name=pgettext_lazy("document", "Title"), linkify=True, orderable=False
    )
    issuing_body = tables.Column(verbose_name=_("Issuing body"), orderable=False)
    issued_on = lists.DateColumn(verbose_name=_("Date"))
    unit = lists.NameColumn(
        verbose_name=_("Registered by"), accessor="unit__committee_name", linkify=False
    )

    def render_number(self, record: Resolution, value: str) -> SafeString:
        return format_html('{}<br><span class="badge">{}</span>', value, record.get_kind_display())

    def render_issuing_body(self, record: Resolution, value: str) -> str:
        if record.term:
            return format_html('{} <span class="muted">({})</span>', value, record.term)
        return value

    def render_unit(self, record: Resolution) -> str:
        return unit_name(record)


class PlanFilter(lists.ListFilterSet):
    # A plan below a plan is found by its issuer's name too ("phong" finds Đảng ủy xã Tân Phong's).
    q = lists.SearchFilter(label=_("Number, title or unit"), also=("unit__search_key",))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Plan.Status.choices, empty_label=_("All")
    )
    unit = lists.UnitFilter(label=_("Issued by"))


class PlanTable(lists.Table):
    number = tables.Column(
        verbose_name=_("Number"), linkify=True, attrs={"td": {"class": "nowrap"}}
    )
    title = tables.Column(verbose_name=pgettext_lazy("document", "Title"), orderable=False)
    unit = lists.NameColumn(
        verbose_name=_("Issued by"), accessor="unit__committee_name", linkify=False
    )
    issued_on = lists.DateColumn(verbose_name=_("Date"))
    status = tables.Column(verbose_name=_("Status"))

    def render_title(self, record: Plan, value: str) -> SafeString:
        if record.parent is not None:
            return format_html(
                '<a href="{}">{}</a><br><span class="muted">{}</span>',
                record.get_absolute_url(),
                value,
                _("implements %(n)s") % {"n": record.parent.number},
            )
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_unit(self, record: Plan) -> str:
        return unit_name(record)

    def render_status(self, record: Plan) -> str:
        return render_to_string("resolutions/plan_status.html", {"p": record})


class ObligationFilter(lists.ListFilterSet):
    """The requirement (of the plan, or fixed by the page) and the status of obligations."""

    requirement = django_filters.ModelChoiceFilter(
        label=_("Requirement"),
        queryset=Requirement.objects.none(),
        empty_label=_("All requirements"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            ("owed", _("Owed (not counting closed units)")),
            ("done", _("Done")),
            ("behind", _("Late or overdue")),
            *ObligationStatus.choices,
        ],
        empty_label=_("All"),
        method="by_status",
    )

    def __init__(
        self,
        *args: Any,
        requirements: QuerySet[Requirement] | None = None,
        fixed: Requirement | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if fixed is not None:
            del self.filters["requirement"]
        else:
            self.filters["requirement"].queryset = requirements

    def by_status(self, queryset: ObligationQuerySet, name: str, value: str) -> ObligationQuerySet:
        groups = STATUS_GROUPS.get(value, (value,))
        return queryset.filter(status__in=groups)  # type: ignore[misc]  # "status": with_status


class ObligationTable(lists.Table):
    unit = lists.NameColumn(verbose_name=_("Unit"), accessor="unit__organisation_name")
    head = tables.Column(verbose_name=_("Head"), accessor="pk", orderable=False)
    requirement = tables.Column(
        verbose_name=_("Requirement"),
        accessor="requirement__title",
        order_by=("requirement__order", "requirement__id"),
    )
    due_on = lists.DateColumn(verbose_name=_("Due by"))
    status = tables.Column(verbose_name=_("Status"), order_by=("urgency", "due_on"))
    fulfilled_on = lists.DateColumn(verbose_name=_("Done on"), default="—")

    def render_unit(self, record: Obligation, value: str) -> str:
        return render_to_string("resolutions/obligation_unit.html", {"o": record})

    def render_head(self, record: Obligation) -> str:
        return record.head.person.full_name if record.head else "—"

    def render_status(self, record: Obligation) -> str:
        status = record.status  # type: ignore[attr-defined]  # annotated by with_status
        return render_to_string("resolutions/status.html", {"status": status})


class PlansBelowTable(PlanTable):
    """The plans implementing one plan, on its page: every row implements that plan, so the
    title does not repeat it."""

    def render_title(self, record: Plan, value: str) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)


class DueColumn(lists.DateColumn):
    """The due date and, below it, the days left (negative: overdue), computed per page by
    the inbox's ``decorate``; the header says both."""

    @property
    def header(self) -> SafeString:
        return format_html("{}<br>{}", _("Due by"), _("days left"))


class InboxTable(lists.Table):
    """What a unit owes (``rollup.inbox``): the requirement under its plan, the due date with
    the days left, the status. Its rows carry ``days_left`` and ``days_overdue``."""

    requirement = tables.Column(verbose_name=_("Requirement"), accessor="pk", orderable=False)
    due_on = DueColumn(
        verbose_name=_("Due by"),
        order_by=("due_on", "id"),
        attrs={
            "th": {"class": "num", "title": _("Negative: days overdue")},
            "td": {"class": "num"},
        },
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("urgency", "due_on"))

    class Meta:
        attrs = {"class": "inbox"}

    def render_requirement(self, record: Obligation) -> str:
        return render_to_string("resolutions/inbox_requirement.html", {"o": record})

    def render_due_on(self, record: Obligation) -> str:
        return render_to_string("resolutions/inbox_due.html", {"o": record})

    def render_status(self, record: Obligation) -> str:
        return render_to_string("resolutions/inbox_status.html", {"o": record})
