"""Spam protection of the public question form, without a third-party service:

- a honeypot field (``website``) hidden from people: a bot that fills it is thanked and
  nothing is stored;
- a signed timestamp (``stamp``) issued with the form for that page: a form sent faster than
  ``MIN_SECONDS`` after it was shown, older than ``MAX_AGE`` or signed for another page is
  refused;
- a per-address rate limit in the cache (``ADDRESS_LIMIT`` questions per ``WINDOW`` seconds)
  and a per-page ceiling (``PAGE_LIMIT`` per window, whatever the addresses), so that the
  storage a flood can take is bounded; the sizes of the fields are bounded by the form.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

SALT = "trienkhai.outreach.ask"
MIN_SECONDS = 3
MAX_AGE = 4 * 3600
WINDOW = 600


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, "TRIENKHAI_ASK_LIMITS", {}).get(name, default))


def stamp(slug: str, now: float | None = None) -> str:
    """The signed time the form of page ``slug`` was shown."""
    return signing.dumps(
        {"p": slug, "t": round(now if now is not None else time.time(), 1)}, salt=SALT
    )


def stamp_ok(value: str, slug: str, now: float | None = None) -> bool:
    """The stamp is ours, for this page, neither too fresh (a bot) nor too old."""
    try:
        data = signing.loads(value or "", salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if not isinstance(data, dict) or data.get("p") != slug:
        return False
    shown = data.get("t")
    if not isinstance(shown, (int, float)):
        return False
    now = time.time() if now is None else now
    return MIN_SECONDS <= now - shown <= MAX_AGE


def _hit(key: str, most: int, now: float) -> bool:
    """Count one question under ``key`` in the current window; False past ``most``."""
    bucket = f"outreach:ask:{key}:{int(now // WINDOW)}"
    cache.add(bucket, 0, timeout=2 * WINDOW)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between the two calls
        cache.set(bucket, 1, timeout=2 * WINDOW)
        count = 1
    return count <= most


def allow(address: str | None, slug: str, now: float | None = None) -> bool:
    """Whether one more question from ``address`` on page ``slug`` is let through now."""
    now = time.time() if now is None else now
    if not _hit(f"a:{address or 'unknown'}", _limit("address", 5), now):
        return False
    return _hit(f"p:{slug}", _limit("page", 200), now)
