"""What the core does when someone signs in (connected in ``CoreConfig.ready``)."""

from typing import Any

from django.http import HttpRequest

from . import logins
from .models import User


def after_login(sender: Any, request: HttpRequest | None, user: User, **kw: Any) -> None:
    """A right password clears the account's wrong ones and puts the session in its
    second-factor state (a code to type, an authenticator to set up, or nothing)."""
    logins.forget_failures(user.get_username())
    if request is None or not hasattr(request, "session"):
        return
    state = logins.state_after_password(user)
    if state is None:
        request.session.pop(logins.SESSION_KEY, None)
    else:
        request.session[logins.SESSION_KEY] = state
