"""``{% load notices %}{% bell %}``: the header's bell. The page carries only its place; the
bell itself (the unread count and the newest unread notifications, one query) comes with
HTMX once the page has loaded: no page pays for it in its own queries (the query-count tests
of every page stay as they were), and a page whose request failed still shows a plain link."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("notifications/bell_place.html", takes_context=True)
def bell(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"show": user is not None and user.is_authenticated}
