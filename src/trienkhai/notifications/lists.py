"""The list of a person's notifications, on ``core.lists``: filtered by kind and read/unread."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from trienkhai.core import lists

from . import kinds


def kind_choices() -> list[tuple[str, str]]:
    return [(k.key, str(k.title)) for k in kinds.all_kinds()]


class NotificationFilter(lists.ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices, empty_label=_("All"))
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("unread", _("Unread")), ("read", _("Read"))],
        empty_label=_("All"),
        method="by_state",
    )

    def by_state(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "unread")


class NotificationTable(lists.Table):
    text = tables.TemplateColumn(
        verbose_name=_("Notification"),
        template_name="notifications/cells/open.html",
        orderable=False,
    )
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__name", orderable=False)
    created_at = lists.DateColumn(verbose_name=_("Time"), with_time=True)

    class Meta:
        attrs = {"class": "responsive notifications"}
        order_by = "-created_at"
        row_attrs = {"class": lambda record: "unread" if record.read_at is None else "read"}
