"""The token page's form: a token for oneself, within one's own roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core import access
from trienkhai.core.access import Action
from trienkhai.core.forms import IdMultipleChoiceField
from trienkhai.units.models import Unit

from .models import ApiToken
from .services import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, help_text=_("What uses it, e.g. “e-handbook app”.")
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )
    units = IdMultipleChoiceField(
        label=_("Only these units (and the units under them)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every unit of your roles."),
    )
    actions = forms.MultipleChoiceField(
        label=_("Only these actions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: every action of your roles. Tick only “view” for a read-only token."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ApiToken.Kind.choices, initial=ApiToken.Kind.PERSONAL
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.roots_for(user, Action.VIEW).order_by("path")  # type: ignore[attr-defined]
        self.fields["actions"].choices = [  # type: ignore[attr-defined]
            (name, spec.label) for name, spec in access.actions().items() if access.may(user, name)
        ]
        if not access.may(user, Action.MANAGE_ROLES):
            del self.fields["kind"]
