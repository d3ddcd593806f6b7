"""Requests refused before any view runs: a body larger than the limits (``RequestSizeMiddleware``
and Django's own ``DATA_UPLOAD_MAX_*`` checks). The user gets a page saying what was too large
and what the limit is, with the status that says so (413, or 400 for too many fields), never a
500; nothing has been written."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def max_request_bytes() -> int:
    return int(settings.MAX_REQUEST_MB) * 1024 * 1024


def refused(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return render(request, "core/request_refused.html", {"reason": reason}, status=status)


def too_large(request: HttpRequest) -> HttpResponse:
    return refused(
        request,
        _(
            "What you sent is too large: at most %(limit)s MB in one go, and %(file)s MB a file. "
            "Nothing was saved."
        )
        % {"limit": settings.MAX_REQUEST_MB, "file": settings.MAX_UPLOAD_MB},
        413,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: Django's refusals of a request body say why."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    if isinstance(exception, TooManyFieldsSent):
        reason = _("The form sent too many fields (at most %(n)s). Nothing was saved.") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    elif isinstance(exception, TooManyFilesSent):
        reason = _("Too many files were sent at once (at most %(n)s). Nothing was saved.") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    else:
        reason = _("The request could not be understood. Nothing was saved.")
    return refused(request, reason, 400)
