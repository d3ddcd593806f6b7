"""API: ``/api/v1/`` (the API, its OpenAPI document and docs) and the token page."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from . import views
from .v1 import api


def _language(request) -> str:
    """The API's language: the first of ``Accept-Language`` we speak, else Vietnamese (the
    screens follow the language cookie instead: ``core.middleware``)."""
    known = dict(settings.LANGUAGES)
    for code, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        try:
            chosen = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        if chosen in known:
            return chosen
    return settings.LANGUAGE_CODE


def api_view(view):
    """An API view: reached without a login (the token is its own), in the caller's language."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with translation.override(_language(request)):
            response = view(request, *args, **kwargs)
            response["Content-Language"] = translation.get_language()
            return response

    return login_not_required(wrapped)


def _api_urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = api_view(pattern.callback)
    return patterns, app_name, namespace


app_name = "api"
urlpatterns = [
    path("v1/", _api_urls()),
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.RevokeTokenView.as_view(), name="token-revoke"),
]
