"""The inspection forms' base views: a service form, and the head's steps."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import holds
from trienkhai.core.views import ServiceFormView as BaseFormView

from ..access import SIGN

FORM = "inspections/form.html"


class ServiceFormView(BaseFormView):
    """The house's form view, with uploaded files and the page's subject in its context."""

    template_name = FORM

    def get_form(self, data: Any = None) -> Any:
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())

    def context(self, form: Any) -> dict[str, Any]:
        return {**super().context(form), "back": self.object.get_absolute_url()}

    def post(self, request, *args: Any, **kwargs: Any):
        """A POST by whom may not save the form is refused before the form is read."""
        self.object = self.get_object()
        if not self.may_post():
            return self.refused()
        return super().post(request, *args, **kwargs)


class HeadFormView(ServiceFormView):
    """A step only the conducting unit's own head takes (``holds``)."""

    post_action = SIGN

    def may_post(self) -> bool:
        return holds(self.request.user, SIGN, self.object.unit)

    def refusal_message(self) -> Any:
        return _("Only the head of the conducting unit signs this.")
