"""Who calls the API: ``Authorization: Bearer <token>``, narrowed to the token's scope.

The token's user becomes ``request.user`` for the call, and ``core.access.narrow`` restricts
what this request may do to the token's units and actions, so ``for_user``, ``may`` and
``require`` (and through them every service) answer within the token's scope: no second rule.
Each token has its own rate (requests a minute, counted in Django's cache).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from trienkhai.core.access import Narrowing, narrow
from trienkhai.units.models import Unit

from .models import ApiToken
from .services import digest_of

#: ``last_used_at`` is written at most this often (no write, so no lock, on every request).
TOUCH_EVERY = datetime.timedelta(minutes=1)


class RateLimited(Exception):
    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


def within_rate(token: ApiToken, now: datetime.datetime) -> int | None:
    """None if the call is within the token's rate, else the seconds to wait."""
    minute = int(now.timestamp() // 60)
    key = f"trienkhai:api:rate:{token.digest[:24]}:{minute}"
    if cache.add(key, 1, timeout=90):
        return None
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=90)
        return None
    if count > token.rate_per_minute:
        return 60 - int(now.timestamp()) % 60
    return None


def narrowing_for(token: ApiToken) -> Narrowing | None:
    paths = tuple(sorted(u.path for u in token.units.all()))
    actions = frozenset(token.actions) if token.actions else None
    if not paths and actions is None:
        return None
    if not paths and token.user.is_superuser:
        paths = tuple(Unit.objects.filter(depth=1).values_list("path", flat=True))
    return Narrowing(paths=paths or None, actions=actions)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        found = (
            ApiToken.objects.usable(now)
            .select_related("user")
            .filter(digest=digest_of(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        wait = within_rate(found, now)
        if wait is not None:
            raise RateLimited(wait)
        user = found.user
        narrow(user, narrowing_for(found))
        request.user = user
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found
