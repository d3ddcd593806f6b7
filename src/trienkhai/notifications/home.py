"""The newest unread notifications, on the home page (``core.home``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from trienkhai.core import home

from . import kinds
from .services import mine


@home.card(order=5)
def unread(user: Any, today: datetime.date) -> home.Card | None:
    rows = mine(user).filter(read_at__isnull=True).select_related("unit")
    items = []
    for notification in rows[: home.LIMIT]:
        kind = kinds.get(notification.kind)
        text = kind.render(notification.params) if kind else notification.kind
        urgent = notification.kind.endswith("overdue") or notification.kind.endswith("submitted")
        items.append(
            home.Item(
                text=text,
                url=notification.url,  # the thing itself; the list's button also marks it read
                urgency=home.Urgency.SOON if urgent else home.Urgency.INFO,
                note=f"{timezone.localtime(notification.created_at):%d/%m/%Y}",
            )
        )
    if not items:
        return None
    return home.Card(
        key="notifications",
        title=gettext_lazy("New notifications"),
        items=items,
        total=rows.count() if len(items) >= home.LIMIT else len(items),
        more_url=reverse("notifications:list") + "?state=unread",
        more_text=gettext_lazy("All notifications"),
    )
