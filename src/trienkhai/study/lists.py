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
        template_code=(
            '{% load i18n %}<a href="{{ record.get_absolute_url }}">{{ record.title }}</a>'
            "{% if record.makeup_for_id %} "
            '<span class="badge">{% translate "make-up" %}</span>{% endif %}'
        ),
    )
    plan = tables.TemplateColumn(
        verbose_name=_("Plan"),
        order_by=("plan__number",),
        attrs={"td": {"class": "nowrap"}},
        template_code=(
            "{% load study %}{% with u=record.plan|plan_url %}{% if u %}"
            '<a href="{{ u }}">{{ record.plan.number }}</a>'
            "{% else %}{{ record.plan.number }}{% endif %}{% endwith %}"
        ),
    )
    unit = tables.TemplateColumn(
        verbose_name=_("Organised by"),
        order_by=("unit__sort_key", "unit__id"),
        template_code=(
            "{% load i18n %}{% if record.unit_id == table.view.unit.pk %}"
            '<span class="muted">{% translate "this unit" %}</span>{% else %}'
            "<a href=\"{% url 'study:unit-sessions' record.unit_id %}\">"
            "{{ record.unit.short_name|default:record.unit.name }}</a>{% endif %}"
        ),
    )
    mode = tables.TemplateColumn(
        verbose_name=_("Mode"),
        template_code=(
            "{% load i18n %}{{ record.get_mode_display }}{% if record.connection_points %} "
            '<span class="muted">· {% blocktranslate count n=record.connection_points %}'
            "{{ n }} point{% plural %}{{ n }} points{% endblocktranslate %}</span>{% endif %}"
        ),
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        template_code=(
            '<span class="badge {{ record.status }}">{{ record.get_status_display }}</span>'
        ),
    )
    present = tables.TemplateColumn(
        verbose_name=_("Present"),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
        template_code="{% load humanize %}{{ record.present|intcomma }}",
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
        template_code=(
            '{% load i18n %}{{ record.submitted_at|date:"SHORT_DATE_FORMAT" }}'
            '{% if record.is_late %} <span class="badge closed">{% translate "late" %}</span>'
            "{% endif %}"
        ),
    )
    status = tables.TemplateColumn(
        verbose_name=_("Status"),
        template_code=(
            '<span class="badge {{ record.status }}">{% if record.grade %}'
            "{{ record.get_grade_display }}{% else %}{{ record.get_status_display }}"
            "{% endif %}</span>"
        ),
    )
    similarity = tables.TemplateColumn(
        verbose_name=_("Similarity"),
        attrs={"th": {"class": "num"}, "td": {"class": "num"}},
        template_code=(
            "{% load i18n study %}{% if record.similarity is not None %}"
            "{% if record.similarity >= table.view.flag_at %}"
            '<span class="badge closed" title="{% translate \'possible copy\' %}">'
            "{{ record.similarity|percent:1 }}</span>{% else %}"
            "{{ record.similarity|percent:1 }}{% endif %}{% else %}—{% endif %}"
        ),
    )

    def render_unit(self, record):
        return record.unit.short_name or record.unit.name
