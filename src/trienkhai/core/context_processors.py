"""What the navigation needs to know about the user, computed once per page."""

from django.http import HttpRequest

from .access import Action, may
from .logins import is_site_admin


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_has_role": may(user, Action.VIEW),
        "nav_can_audit": may(user, Action.AUDIT),
        # Lockouts and second factors are of the whole site: its administrators only.
        "nav_can_security": is_site_admin(user),
    }
