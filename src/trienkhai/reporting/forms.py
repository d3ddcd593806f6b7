"""The dashboard's query parameters, validated: a bad date is a 400 with a message, not a 500."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from trienkhai.core.fields import DayField
from trienkhai.units.forms import DATE_WIDGET

from .indicators import CATALOGUE, GROUPS


class AsOfForm(forms.Form):
    """``as_of`` (dd/mm/yyyy, today when empty, never in the future)."""

    as_of = DayField(
        label=_("As of"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy, for example 31/12/2025.")},
    )

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        today = timezone.localdate()
        if day is not None and day > today:
            raise ValidationError(
                _("The date cannot be in the future (today is %(today)s)."),
                params={"today": date_format(today, "SHORT_DATE_FORMAT")},
            )
        return day or today


class DashboardForm(AsOfForm):
    """The date, the order of the table of units below, its group of columns, and the
    indicator the ranking uses. Unknown sort or ranking keys fall back to the defaults."""

    sort = forms.CharField(required=False)
    dir = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)
    group = forms.ChoiceField(choices=[("", ""), *GROUPS.items()], required=False)
    rank = forms.CharField(required=False)

    def clean_sort(self):
        key = self.cleaned_data.get("sort") or ""
        return key if key in CATALOGUE else "name"

    def clean_rank(self):
        key = self.cleaned_data.get("rank") or ""
        return key if key in CATALOGUE and CATALOGUE[key].format == "percent" else ""
