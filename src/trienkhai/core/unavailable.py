"""The database went away: a 503 page, not a 500.

A request whose database connection fails (the server restarted, the network to it dropped,
SQLite's file locked beyond ``timeout``) gets HTTP 503 with a page in the user's language
saying to try again in a minute, and a ``Retry-After`` header. Nothing is half written: every
service writes inside its own ``transaction.atomic`` block, which the error leaves through a
rollback (on PostgreSQL the server drops the unfinished transaction with the connection), and
Django closes the broken connection when the request ends, so the next request opens a fresh
one.

Two ways in, one page:

- ``DatabaseUnavailableMiddleware.process_exception``: an error raised by a view or while its
  template renders (where nearly all database work happens);
- ``server_error`` (``handler500`` in ``trienkhai/urls.py``): an error raised elsewhere — in a
  middleware such as the login check, which reads the session and the user before the view.

The page is rendered without a request context: the context processors read the database.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("trienkhai.unavailable")

#: Seconds a client is told to wait before trying again.
RETRY_AFTER = 30

UNAVAILABLE = (OperationalError, InterfaceError)


def is_unavailable(exception: BaseException | None) -> bool:
    """An error that says the database cannot be reached or used now, rather than a bug.

    A ``DatabaseError`` that is neither (an integrity or a programming error) is a bug: a 500.
    """
    return isinstance(exception, UNAVAILABLE)


def unavailable_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    logger.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
    html = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a view's ``OperationalError``/``InterfaceError`` into the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_unavailable(exception):
            return unavailable_response(request, exception)
        return None


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the 503 page when the error being handled is the database's, else
    the plain 500 page (rendered without a context, like Django's own)."""
    exception = sys.exc_info()[1]
    if is_unavailable(exception) and exception is not None:
        return unavailable_response(request, exception)
    if isinstance(exception, DatabaseError):
        logger.error("Database error during %s %s", request.method, request.path)
    return HttpResponseServerError(loader.render_to_string("500.html"))
