"""What one member's phone sends to check in: the scenario's requests in one function.

Today's flow (``study/views/checkin.py``), for a member signed in on their own phone: the
phone opens the URL in the code on the hall's screen, ``GET /study/checkin/<session>/<token>/``
(the token changes every 30 s: an HMAC of the session and the time window, computed here as
the screen computes it, with the server's ``SECRET_KEY``), and the member presses "I am
present": ``POST`` of the same URL with the form's ``csrfmiddlewaretoken`` and
``confirm=1`` (the session cookie says who they are; no member code). The page answers 200
with "done" on success, 400 with a message on refusal. When the check-in flow changes, adapt
this function only.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from django.urls import reverse

from trienkhai.study import qr

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

#: (name, method, path, form) → (status, body)
Send = Callable[[str, str, str, dict[str, str] | None], Awaitable[tuple[int, str]]]


def checkin_path(session_pk: int) -> str:
    return reverse("study:checkin", args=[session_pk, qr.token_for(session_pk)])


async def check_in(send: Send, session_pk: int, tap: float = 0.0) -> bool:
    """Scan, then confirm ``tap`` seconds later. True when the server said the member is
    checked in."""
    path = checkin_path(session_pk)
    status, body = await send("checkin_scan", "GET", path, None)
    match = CSRF.search(body)
    if status != 200 or match is None:
        return False
    await asyncio.sleep(tap)
    status, body = await send(
        "checkin_confirm", "POST", path, {"csrfmiddlewaretoken": match[1], "confirm": "1"}
    )
    return status == 200 and 'class="checkin-ok"' in body
