"""The preferences form: a channel per kind, the language of e-mails, quiet hours."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Channel


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)
    quiet_from = forms.TimeField(
        label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_to = forms.TimeField(
        label=_("Quiet until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, *args: Any, mandatory: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mandatory = mandatory
        for kind in kinds.all_kinds():
            choices = [
                (value, label)
                for value, label in Channel.choices
                if not (value == Channel.OFF and kind.key in mandatory)
            ]
            self.fields[f"kind_{kind.key}"] = forms.ChoiceField(
                label=str(kind.title), choices=choices, widget=forms.RadioSelect
            )

    def kind_fields(self):
        return [self[f"kind_{k.key}"] for k in kinds.all_kinds()]

    def channels(self) -> dict[str, str]:
        return {k.key: self.cleaned_data[f"kind_{k.key}"] for k in kinds.all_kinds()}
