"""The project's middleware: the language (below), private pages and the second factor.

Language choice: Vietnamese unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an official whose Chrome
is in English would get the English UI. Here only the language cookie (set by the VI/EN
switch) counts; without it the UI is in ``LANGUAGE_CODE`` (Vietnamese).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from . import logins
from .errors import max_request_bytes, too_large


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestSizeMiddleware:
    """Refuse a request whose declared body exceeds ``MAX_REQUEST_MB`` before anything reads
    it (Django bounds the form fields, not the uploaded files): a clear 413 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            return too_large(request)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages for a signed-in user are theirs alone: ``Cache-Control: private, no-store`` so that
    neither a shared proxy nor the browser's history keeps them (a page left open on an office
    computer is not there after logging out). Static files never reach here (WhiteNoise answers
    them first) and anonymous pages keep their own headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response


class SecondFactorMiddleware:
    """Holds a session whose password was right but whose second factor is not done on the page
    that finishes it: the code page (``verify``) or the authenticator set-up (``enrol``); see
    ``core/logins.py``. The state lives in the session: no query on ordinary pages."""

    ALLOWED = {
        logins.VERIFY: {"login-verify", "logout", "set_language"},
        logins.ENROL: {"two-factor", "logout", "set_language"},
    }
    TARGET = {logins.VERIFY: "login-verify", logins.ENROL: "two-factor"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        state = request.session.get(logins.SESSION_KEY) if hasattr(request, "session") else None
        if state in self.TARGET and request.user.is_authenticated:
            try:
                view_name = resolve(request.path_info).view_name
            except Resolver404:
                view_name = None
            if view_name not in self.ALLOWED[state]:
                target = reverse(self.TARGET[state])
                if request.method == "GET":
                    target += "?" + urlencode({"next": request.get_full_path()})
                if request.headers.get("HX-Request") == "true":
                    return HttpResponse(status=204, headers={"HX-Redirect": target})
                return HttpResponseRedirect(target)
        return self.get_response(request)
