"""Language choice: Vietnamese unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an official whose Chrome
is in English would get the English UI. Here only the language cookie (set by the VI/EN
switch) counts; without it the UI is in ``LANGUAGE_CODE`` (Vietnamese).
"""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
