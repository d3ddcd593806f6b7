"""Rotating QR check-in tokens.

The screen in the hall shows a code that changes every ``WINDOW`` seconds. A token is an HMAC
of the session and the time window, so the server keeps no state and a code photographed and
sent away, or shown yesterday, stops working within a minute: the current and the previous
window are accepted (a member may scan just before the code turns), nothing older.
"""

from __future__ import annotations

import time

from django.utils.crypto import constant_time_compare, salted_hmac

WINDOW = 30  # seconds
SALT = "trienkhai.study.qr"


def _window(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // WINDOW)


def token_for(session_pk: int, at: float | None = None) -> str:
    return _sign(session_pk, _window(at))


def _sign(session_pk: int, window: int) -> str:
    return salted_hmac(SALT, f"{session_pk}:{window}", algorithm="sha256").hexdigest()[:20]


def is_valid(session_pk: int, token: str, at: float | None = None) -> bool:
    now = _window(at)
    return any(constant_time_compare(token, _sign(session_pk, w)) for w in (now, now - 1))


def seconds_left(at: float | None = None) -> int:
    now = time.time() if at is None else at
    return WINDOW - int(now % WINDOW)


def window_of(session_pk: int, token: str, at: float | None = None) -> int | None:
    """The time window a valid token was shown in (recorded with each check-in)."""
    now = _window(at)
    for w in (now, now - 1):
        if constant_time_compare(token, _sign(session_pk, w)):
            return w
    return None
