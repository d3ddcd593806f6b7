"""``{% may "change" unit as can_change %}``: templates ask ``core.access`` the same question
as views and services, answered from the roles read once for the request."""

from typing import Any

from django import template

from trienkhai.core import access

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, action: str, target: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return access.may(user, action, target)
