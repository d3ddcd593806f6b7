"""The lists of the organisation: units and people, declared on ``core.lists``."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core import lists

from .models import Person, Unit
from .querysets import PersonQuerySet, UnitQuerySet

OPEN, CLOSED = "open", "closed"
CURRENT, LEFT = "current", "left"


def unit_link(record: Any) -> str:
    return str(record.unit.get_absolute_url())


class UnitFilter(lists.ListFilterSet):
    q = lists.SearchFilter(label=_("Name or code"))
    under = lists.UnitFilter(label=_("Under the unit"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Unit.Kind.choices, empty_label=_("All")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Unit.Level.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Active")), (CLOSED, _("Closed"))],
        empty_label=_("All"),
        method="by_status",
    )

    def by_status(self, queryset: UnitQuerySet, name: str, value: str) -> UnitQuerySet:
        today = timezone.localdate()
        if value == OPEN:
            return queryset.active(today)
        return queryset.filter(active_to__lt=today)


class UnitTable(lists.Table):
    name = lists.NameColumn(verbose_name=_("Name"))
    code = tables.Column(verbose_name=_("Code"))
    kind = tables.Column(verbose_name=_("Kind"))
    level = tables.Column(verbose_name=_("Level"))
    active_to = lists.DateColumn(verbose_name=_("Closed on"), default="")


class PersonFilter(lists.ListFilterSet):
    q = lists.SearchFilter(label=_("Name or member code"))
    unit = lists.UnitFilter(label=_("Unit"))
    member = django_filters.ChoiceFilter(
        label=_("Party member"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        empty_label=_("All"),
        method="by_membership",
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Person.Category.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(CURRENT, _("Current")), (LEFT, _("Left"))],
        empty_label=_("All"),
        method="by_status",
    )

    def by_membership(self, queryset: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        return queryset.filter(is_party_member=value == "yes")

    def by_status(self, queryset: PersonQuerySet, name: str, value: str) -> PersonQuerySet:
        return queryset.current() if value == CURRENT else queryset.filter(left_on__isnull=False)


class PersonTable(lists.Table):
    full_name = lists.NameColumn(verbose_name=_("Full name"))
    member_code = tables.Column(verbose_name=_("Member code"), default="—")
    unit = lists.NameColumn(verbose_name=_("Unit"), accessor="unit__name", linkify=unit_link)
    is_party_member = tables.BooleanColumn(verbose_name=_("Party member"), yesno="✓,")
    category = tables.Column(verbose_name=_("Category"))
    left_on = lists.DateColumn(verbose_name=_("Left on"), default="")
