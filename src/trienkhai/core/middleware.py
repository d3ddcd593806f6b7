"""Language choice: Vietnamese unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an official whose Chrome
is in English would get the English UI. Here only the language cookie (set by the VI/EN
switch) counts; without it the UI is in ``LANGUAGE_CODE`` (Vietnamese).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
