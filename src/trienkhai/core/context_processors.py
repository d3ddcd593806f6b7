"""What the navigation needs to know about the user, computed once per page."""

from django.http import HttpRequest

from .access import Action, may


def navigation(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_has_role": may(user, Action.VIEW),
        "nav_can_audit": may(user, Action.AUDIT),
    }
