"""What the navigation needs to know about the user, computed once per page."""

from .permissions import Action
from .querysets import role_paths


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.is_superuser:
        return {"nav_has_role": True, "nav_can_audit": True}
    return {
        "nav_has_role": bool(role_paths(user, Action.VIEW)),
        "nav_can_audit": bool(role_paths(user, Action.AUDIT)),
    }
