"""What the navigation needs to know about the user, computed once per page — and only on a
page that shows the navigation: the bare pages (a member's check-in on their phone, the QR
screen in the hall) never ask, and are spared the query for the user's roles."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import people
from .access import Action, may
from .logins import is_site_admin


class Lazy:
    """A yes/no answered when a template first asks for it (``{% if nav_has_role %}``)."""

    def __init__(self, answer: Callable[[], bool]) -> None:
        self._answer = answer
        self._value: bool | None = None

    def __bool__(self) -> bool:
        if self._value is None:
            self._value = self._answer()
        return self._value

    def __eq__(self, other: object) -> bool:
        return bool(self) == other

    def __hash__(self) -> int:
        return hash(bool(self))

    def __repr__(self) -> str:
        return repr(bool(self))


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_has_role": Lazy(lambda: may(user, Action.VIEW)),
        "nav_can_audit": Lazy(lambda: may(user, Action.AUDIT)),
        # Lockouts and second factors are of the whole site: its administrators only.
        "nav_can_security": Lazy(lambda: is_site_admin(user)),
        # The person behind the login, read (one query) only when the header shows it.
        "nav_user_name": SimpleLazyObject(lambda: people.header_name(user)),
    }
