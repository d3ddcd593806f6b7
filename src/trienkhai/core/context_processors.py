"""What the navigation needs to know about the user, computed once per page."""

from .access import Action, may


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_has_role": may(user, Action.VIEW),
        "nav_can_audit": may(user, Action.AUDIT),
    }
