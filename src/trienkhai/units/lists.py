"""The lists of the organisation: units and people, declared on ``core.lists``."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from trienkhai.core import lists

from .models import Person, RoleAssignment, Unit
from .querysets import PersonQuerySet, UnitQuerySet

OPEN, CLOSED = "open", "closed"
NUM = {"th": {"class": "num"}, "td": {"class": "num"}}
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


def with_unit_parents(people: list[Any]) -> list[Any]:
    """Give each person of a page their unit's parent's name (``unit.parent_name``), in one
    query: "Chi bộ thôn 1" is one of many; "Chi bộ thôn 1 · Đảng bộ xã An Phú" is one."""
    paths = {p.unit.path[: -Unit.steplen] for p in people if p.unit.depth > 1}
    names = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    for person in people:
        person.unit.parent_name = names.get(person.unit.path[: -Unit.steplen], "")
    return people


class PersonTable(lists.Table):
    """People, each with their unit and the unit above it (attach ``with_unit_parents`` to
    the page)."""

    full_name = lists.NameColumn(verbose_name=_("Full name"))
    member_code = tables.Column(verbose_name=_("Member code"), default="—")
    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__organisation_name", linkify=unit_link
    )

    def render_unit(self, record: Any, value: str) -> SafeString:
        parent = getattr(record.unit, "parent_name", "")
        if not parent:
            return format_html("{}", value)
        return format_html('{}<div class="meta">{}</div>', value, parent)

    is_party_member = tables.BooleanColumn(verbose_name=_("Party member"), yesno="✓,")
    category = tables.Column(verbose_name=_("Category"))
    left_on = lists.DateColumn(verbose_name=_("Left on"), default="")


class UnitPeopleTable(lists.Table):
    """The people directly in a unit, on the unit's page (``core.lists.table_page``)."""

    full_name = lists.NameColumn(verbose_name=_("Full name"))
    member_code = tables.Column(verbose_name=_("Member code"), default="—")
    birth_year = tables.Column(verbose_name=_("Born"), default="—", attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name=_("Status"), accessor="pk", orderable=False)

    def render_status(self, record: Person) -> SafeString:
        if not record.is_party_member:
            badge = format_html('<span class="badge">{}</span>', _("non-member"))
        elif record.exempt_from_activity:
            badge = format_html('<span class="badge">{}</span>', _("exempt"))
        else:
            badge = format_html('<span class="badge">{}</span>', _("member"))
        if record.left_on:
            badge += format_html(' <span class="badge closed">{}</span>', _("left"))
        return badge


class SubUnitTable(lists.Table):
    """The sub-units on a unit's page, with the people of each subtree (``with_counts``
    attaches them to a page of rows in one GROUP BY)."""

    name = lists.NameColumn(verbose_name=_("Name"), linkify=False)
    kind = tables.Column(verbose_name=_("Kind"))
    numchild = tables.Column(verbose_name=_("Sub-units"), attrs=NUM)
    member_count = tables.Column(
        verbose_name=_("Party members"), accessor="pk", orderable=False, attrs=NUM
    )
    people_count = tables.Column(
        verbose_name=_("People"), accessor="pk", orderable=False, attrs=NUM
    )

    def render_name(self, record: Unit, value: str) -> SafeString:
        if record.active_to:
            return format_html(
                '<a href="{}">{}</a> <span class="badge closed">{}</span>',
                record.get_absolute_url(),
                value,
                _("closed"),
            )
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_numchild(self, value: int) -> str:
        return intcomma(value)

    def render_member_count(self, record: Unit) -> str:
        return intcomma(record.member_count)

    def render_people_count(self, record: Unit) -> str:
        return intcomma(record.people_count)


class RoleTable(lists.Table):
    """The roles held on a unit and under it (``units:roles``); each row can be revoked."""

    user = tables.Column(verbose_name=_("User"), accessor="user__username")
    role = tables.Column(verbose_name=_("Role"))
    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__organisation_name", linkify=unit_link
    )
    revoke = tables.Column(verbose_name="", accessor="pk", orderable=False)

    def render_revoke(self, record: RoleAssignment) -> SafeString:
        return format_html(
            '<form class="inline" method="post" action="{}" data-confirm="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit">{}</button></form>',
            reverse("units:role-revoke", args=[record.pk]),
            _("Revoke this role?"),
            get_token(self.request),
            _("Revoke"),
        )
