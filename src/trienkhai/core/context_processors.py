"""What the navigation needs to know about the user, computed once per page."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import people
from .access import Action, may
from .logins import is_site_admin


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_has_role": may(user, Action.VIEW),
        "nav_can_audit": may(user, Action.AUDIT),
        # Lockouts and second factors are of the whole site: its administrators only.
        "nav_can_security": is_site_admin(user),
        # The person behind the login, read (one query) only when the header shows it.
        "nav_user_name": SimpleLazyObject(lambda: people.header_name(user)),
    }
