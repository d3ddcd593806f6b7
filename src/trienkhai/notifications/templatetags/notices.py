"""``{% load notices %}{% bell %}``: the header's bell. The page carries only its place; the
bell itself (the unread count and the newest unread notifications, one query) comes with
HTMX once the page has loaded: no page pays for it in its own queries (the query-count tests
of every page stay as they were), and a page whose request failed still shows a plain link."""

from __future__ import annotations

from typing import Any

from django import template

from trienkhai.core import logins

register = template.Library()


@register.inclusion_tag("notifications/bell_place.html", takes_context=True)
def bell(context: Any) -> dict[str, Any]:
    """No bell while the sign-in waits for its second factor: every other page answers with a
    redirect to the code page, which HTMX follows as a whole page, which loads the bell again
    (a page that reloaded forever under the set-up of the authenticator)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    pending = session is not None and session.get(logins.SESSION_KEY) is not None
    return {"show": user is not None and user.is_authenticated and not pending}
