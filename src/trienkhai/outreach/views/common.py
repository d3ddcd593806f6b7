"""What the outreach screens share: forms and buttons refused, before anything is read, to
whom may not save them."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponseBase

from trienkhai.core.access import may
from trienkhai.core.views import ServiceActionView, ServiceFormView


class GuardedFormView(ServiceFormView):
    """A service form whose POST by a role too weak to save it is refused (403, the page
    that says why) before the form is read, like its GET."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.object = self.get_object()
        if not self.may_post():
            return self.refused()
        return super().post(request, *args, **kwargs)


class GuardedActionView(ServiceActionView):
    """A POST button refused (404) to whom may not press it, before anything is read."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        obj = self.get_queryset().filter(pk=kwargs["pk"]).first()
        if obj is None or not may(request.user, self.post_action or self.action, obj.unit):
            raise Http404
        return super().post(request, *args, **kwargs)


class FilesFormView(GuardedFormView):
    """A service form that also takes the uploaded files."""

    def get_form(self, data: Any = None) -> Any:
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())
