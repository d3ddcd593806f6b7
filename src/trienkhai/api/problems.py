"""Errors as problem details (RFC 9457), in the language of ``Accept-Language``.

Every refusal of the API is ``application/problem+json``: ``type``, ``title``, ``status``,
``detail`` and, for invalid input, ``errors`` (field → messages, the services' own messages).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .auth import RateLimited

CONTENT_TYPE = "application/problem+json"


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: dict[str, list[str]] | None = None


class BadInput(Exception):
    """An input the API itself refuses (a cursor that is not one, an unknown filter value)."""

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


#: The responses every operation may give besides its success, for the OpenAPI document.
PROBLEMS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem}


def problem(
    status: int, title: str, detail: str = "", errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=CONTENT_TYPE)


def _messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for m in DjangoValidationError(errs).messages]
            for field, errs in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


def install(api: Any) -> None:
    def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = problem(
            401,
            _("Not signed in"),
            _("Send a valid, unexpired token: Authorization: Bearer <token>."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            403, _("Not allowed"), str(exc) or _("You do not have permission to do this here.")
        )

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(
            404, _("Not found"), _("There is nothing here, or it is outside your scope.")
        )

    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = _messages(exc)
        detail = " ".join(m for msgs in errors.values() for m in msgs)
        return problem(400, _("Invalid input"), detail, errors)

    def bad_input(request: HttpRequest, exc: BadInput) -> HttpResponse:
        return problem(400, _("Invalid input"), exc.detail, exc.errors)

    def schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path")]
            errors.setdefault(".".join(loc) or "__all__", []).append(_("This value is not valid."))
        return problem(400, _("Invalid input"), _("Some values are not valid."), errors)

    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = problem(
            429, _("Too many requests"), _("This token's rate is spent; try again in a minute.")
        )
        response["Retry-After"] = str(exc.wait)
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc), str(exc))

    api.add_exception_handler(AuthenticationError, unauthorized)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(DjangoValidationError, invalid)
    api.add_exception_handler(BadInput, bad_input)
    api.add_exception_handler(NinjaValidationError, schema_invalid)
    api.add_exception_handler(RateLimited, rate_limited)
    api.add_exception_handler(HttpError, http_error)
