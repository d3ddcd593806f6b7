"""The lists of action programs and of the progress to report, on ``core.lists``."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core import lists
from trienkhai.core.access import Action
from trienkhai.resolutions.models import Plan

from .models import ActionProgram, Task, TaskStatus


class PlanNumberField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.number


def plans_with_programs(request):
    """The plans the user may see that have a program the user may see."""
    user = getattr(request, "user", None)
    visible = ActionProgram.objects.for_user(user, Action.VIEW)
    return (
        Plan.objects.for_user(user, Action.VIEW)
        .filter(pk__in=visible.values("plan_id"))
        .order_by("-issued_on", "-id")
    )


class PlanFilter(django_filters.ModelChoiceFilter):
    field_class = PlanNumberField


class ProgramSearchFilter(lists.SearchFilter):
    """A program's number and title, or one of its tasks: every word, folded, in the
    program's key or in the key of one of its tasks (a topic is usually a task's, not the
    program's title: "chuyen doi so")."""

    def filter(self, qs, value):
        found = lists.words(value)
        if not found:
            return qs
        own = Q()
        task = Task.objects.filter(program=OuterRef("pk"))
        for word in found:
            own &= Q(search_key__contains=word)
            task = task.filter(search_key__contains=word)
        return qs.filter(own | Exists(task))


class ProgramFilter(lists.ListFilterSet):
    q = ProgramSearchFilter(label=_("Number, title or task"))
    plan = PlanFilter(label=_("Plan"), queryset=plans_with_programs, empty_label=_("All plans"))
    unit = lists.UnitFilter(label=_("Unit and below"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionProgram.Status.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ActionProgram.Kind.choices, empty_label=_("All")
    )
    copied = django_filters.BooleanFilter(
        label=_("Mostly copied"), widget=forms.CheckboxInput, method="by_copied"
    )

    def by_copied(self, queryset, name, value):
        return queryset.filter(copy_flagged=True) if value else queryset


class ProgramTable(lists.Table):
    title = tables.TemplateColumn(
        verbose_name=_("Program"),
        order_by=("number", "id"),
        template_name="programs/cells/program_title.html",
    )
    unit = tables.Column(
        verbose_name=_("Unit"),
        accessor="unit__organisation_name",
        order_by=("unit__sort_key", "unit__id"),
    )
    plan = tables.Column(
        verbose_name=_("Plan"), accessor="plan__number", attrs={"td": {"class": "nowrap"}}
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        template_name="programs/cells/program_status.html",
    )
    task_count = tables.Column(
        verbose_name=_("Tasks"), attrs={"th": {"class": "num"}, "td": {"class": "num"}}
    )
    own_share = tables.TemplateColumn(
        verbose_name=_("Own share"),
        attrs={
            "th": {
                "class": "num",
                "title": _(
                    "The share of the text that is the unit’s own, not copied from the "
                    "program above or a neighbour’s."
                ),
            },
            "td": {"class": "num"},
        },
        default="—",
        template_name="programs/cells/program_own_share.html",
    )
    approved_on = lists.DateColumn(verbose_name=_("Approved on"), default="—")

    class Meta(lists.Table.Meta):
        attrs = {"class": "responsive programs"}
        row_attrs = {"class": lambda record: "flag" if record.copy_flagged else None}

    def render_unit(self, record):
        return record.unit.committee_name


def label(text):
    return {"td": {"data-label": text}}


class ProgressFilter(lists.ListFilterSet):
    q = lists.SearchFilter(field_name="program__search_key", label=_("Program"))
    lead = lists.UnitFilter(label=_("Lead unit"), lookup="lead_unit")
    status = django_filters.ChoiceFilter(
        label=_("Latest status"),
        choices=TaskStatus.choices,
        empty_label=_("All"),
        method="by_status",
    )

    def by_status(self, queryset, name, value):
        if value == TaskStatus.NOT_STARTED:
            return queryset.filter(Q(latest_status__isnull=True) | Q(latest_status=value))
        return queryset.filter(latest_status=value)


class ProgressTable(lists.Table):
    task = tables.TemplateColumn(
        verbose_name=_("Task"),
        accessor="title",
        order_by=("program__unit__path", "program_id", "order", "id"),
        template_name="programs/cells/progress_task.html",
    )
    lead_unit = tables.TemplateColumn(
        verbose_name=_("Lead unit"),
        order_by=("lead_unit__sort_key", "lead_unit__id"),
        attrs=label(_("Lead unit")),
        default="",
        accessor="pk",
        template_name="programs/cells/progress_lead_unit.html",
    )
    period = tables.TemplateColumn(
        verbose_name=_("Period to report"),
        orderable=False,
        accessor="pk",
        attrs={"td": {"class": "period", "data-label": _("Period to report")}},
        template_name="programs/cells/progress_period.html",
    )
    status = tables.TemplateColumn(
        verbose_name=_("Latest status"),
        accessor="pk",
        order_by=("latest_status",),
        attrs=label(_("Latest status")),
        template_name="programs/cells/progress_status.html",
    )
    overdue = tables.TemplateColumn(
        verbose_name=_("Overdue milestones"),
        accessor="pk",
        orderable=False,
        attrs=label(_("Overdue milestones")),
        template_name="programs/cells/progress_overdue.html",
    )
    report = tables.TemplateColumn(
        verbose_name="",
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "nowrap"}},
        template_name="programs/cells/progress_report.html",
    )

    class Meta(lists.Table.Meta):
        attrs = {"class": "tasks"}


class CoveragePlanTable(lists.Table):
    """The coverage's plan chooser: issued plans, the number opening the plan's matrix."""

    number = tables.Column(
        verbose_name=_("Number"), order_by=("number", "id"), attrs={"td": {"class": "nowrap"}}
    )
    title = tables.Column(verbose_name=pgettext_lazy("document", "Title"), orderable=False)
    unit = lists.NameColumn(
        verbose_name=_("Issued by"), accessor="unit__committee_name", linkify=False
    )
    issued_on = lists.DateColumn(verbose_name=_("Date"))

    def render_number(self, record, value):
        url = reverse("programs:coverage")
        return format_html('<a href="{}?plan={}">{}</a>', url, record.pk, value)

    def render_unit(self, record):
        return record.unit.committee_name


class RulesBelowTable(lists.Table):
    """The units below with a progress rule of their own (``ProgressRuleSetting``), in tree
    order; each unit opens its own rule settings."""

    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__organisation_name", linkify=False
    )
    rule = tables.Column(verbose_name=_("Rule"))
    changed_at = lists.DateColumn(verbose_name=_("Changed"), attrs={})

    def render_unit(self, record, value):
        url = reverse("programs:rule-settings")
        return format_html('<a href="{}?unit={}">{}</a>', url, record.unit.pk, value)

    def render_changed_at(self, value):
        return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")
