"""What proves a QR check-in: members' PINs, the device cookie, and the rate limits.

- **PIN.** A member's personal check-in PIN is ``PIN_DIGITS`` random digits (``secrets``),
  shown once when issued and stored as an HMAC keyed with the project's secret and the
  person's id (``hash_pin``): a leaked table cannot be reversed without the secret key, and
  checking one costs microseconds (the rate limits below, not a slow hash, stop guessing). The
  member code alone proves nothing: codes run in sequence.
- **Device.** A browser gets a random id in a signed, long-lived, HTTP-only cookie on its
  first visit (``device_id``); a PIN check-in records it, and a device checks in one person
  per session unless a clerk turned it into the session's kiosk. A visitor can drop the cookie:
  the per-address and per-member limits still hold, and the PIN is still needed.
- **Rate limits.** Sliding windows in Django's cache (``allow``): attempts per device and per
  address a minute, and wrong PINs per device and session and per member and session; past
  the limit the device (or that member's PIN) is locked for ``lock_minutes``. The numbers are
  ``settings.TRIENKHAI_CHECKIN_LIMITS``.
"""

from __future__ import annotations

import math
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac

PIN_DIGITS = 6
PIN_SALT = "trienkhai.study.pin"
DEVICE_COOKIE = "trienkhai_device"
DEVICE_SALT = "trienkhai.study.device"
DEVICE_MAX_AGE = 400 * 86_400  # the longest browsers keep a cookie


# --- PINs ------------------------------------------------------------------------------------


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def hash_pin(person_pk: int, pin: str) -> str:
    return salted_hmac(PIN_SALT, f"{person_pk}:{pin}", algorithm="sha256").hexdigest()


def pin_matches(person_pk: int, pin: str, digest: str | None) -> bool:
    if not digest or not pin.isdigit() or len(pin) != PIN_DIGITS:
        return False
    return constant_time_compare(hash_pin(person_pk, pin), digest)


# --- the device --------------------------------------------------------------------------------


def device_id(request: HttpRequest) -> tuple[str, bool]:
    """The device's id and whether it is new (then ``remember_device`` sets the cookie)."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    if value and len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value, False
    return secrets.token_hex(16), True


def remember_device(response: HttpResponse, device: str) -> HttpResponse:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def address(request: HttpRequest) -> str:
    """The client's address as the server sees it (behind a proxy, the proxy sets it)."""
    return (request.META.get("REMOTE_ADDR") or "unknown")[:45]


# --- rate limits -------------------------------------------------------------------------------


def limit(name: str) -> int:
    return int(settings.TRIENKHAI_CHECKIN_LIMITS[name])


def _count(key: str, period: int, now: float) -> tuple[int, str]:
    """The sliding-window estimate: this window's hits plus the previous window's, weighted
    by how much of it still lies within ``period`` seconds of now (rounded up: a burst just
    before the turn of the window still counts whole)."""
    slot = int(now // period)
    current, previous = f"ck:{key}:{slot}", f"ck:{key}:{slot - 1}"
    hits = cache.get_many([current, previous])
    weight = 1 - (now % period) / period
    return hits.get(current, 0) + math.ceil(hits.get(previous, 0) * weight), current


def _hit(bucket: str, period: int) -> None:
    cache.add(bucket, 0, timeout=2 * period)
    try:
        cache.incr(bucket)
    except ValueError:  # expired between the two calls
        cache.set(bucket, 1, timeout=2 * period)


def allow(key: str, most: int, period: int = 60, now: float | None = None) -> bool:
    """Count one attempt under ``key``; False (and not counted) past ``most`` in ``period``."""
    count, bucket = _count(key, period, time.time() if now is None else now)
    if count >= most:
        return False
    _hit(bucket, period)
    return True


def locked_for(key: str, now: float | None = None) -> int:
    """Minutes left of a lock on ``key`` (0: not locked)."""
    until = cache.get(f"ck:lock:{key}")
    left = (until or 0) - (time.time() if now is None else now)
    return math.ceil(left / 60) if left > 0 else 0


def wrong_pin(key: str, most: int, now: float | None = None) -> bool:
    """Count a wrong PIN under ``key``; past ``most`` within the lock period, lock the key.
    True if it is now locked."""
    now = time.time() if now is None else now
    period = limit("lock_minutes") * 60
    count, bucket = _count(f"wrong:{key}", period, now)
    _hit(bucket, period)
    if count + 1 >= most:
        cache.set(f"ck:lock:{key}", now + period, timeout=period)
        return True
    return False
