"""The import page's forms: the upload, and the mapping the user corrects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Action
from trienkhai.core.parsing import parse_id, parse_int
from trienkhai.study.models import StudySession

from . import columns
from .models import ImportBatch


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file lists"),
        choices=columns.KINDS,
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(".xlsx, .xls, .ods or .csv; the first sheet is read."),
    )
    on_conflict = forms.ChoiceField(
        label=_("When a row is already recorded"),
        choices=ImportBatch.Conflict.choices,
        initial=ImportBatch.Conflict.SKIP,
    )

    session = forms.ChoiceField(
        label=_("Study session (for attendance)"),
        required=False,
        help_text=_("The session whose paper sign-in sheet was typed in."),
    )

    def __init__(self, *args: Any, user: Any = None, obj: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sessions = (
            StudySession.objects.for_user(user, Action.CHANGE)
            .filter(unit=obj)
            .exclude(status=StudySession.Status.CANCELLED)
            .order_by("-starts_at")[:30]
        )
        session_field = self.fields["session"]
        assert isinstance(session_field, forms.ChoiceField)
        session_field.choices = [("", "—")] + [
            (str(s.pk), f"{s.starts_at:%d/%m/%Y} · {s.title}") for s in sessions
        ]

    def clean_session(self) -> int | None:
        return parse_id(self.cleaned_data.get("session"))


class MappingForm(forms.Form):
    """One choice per column of the sheet (its header shown), the header row, the conflict
    mode and, optionally, a name to keep the mapping as a template."""

    header_row = forms.IntegerField(label=_("Header row"), min_value=1, required=False)
    on_conflict = forms.ChoiceField(
        label=_("When a row is already recorded"), choices=ImportBatch.Conflict.choices
    )
    save_as = forms.CharField(
        label=_("Keep this mapping as a template named"), max_length=80, required=False
    )

    def __init__(self, *args: Any, user: Any = None, obj: ImportBatch, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"header_row": obj.header_row + 1, "on_conflict": obj.on_conflict},
        )
        super().__init__(*args, **kwargs)
        self.batch = obj
        choices = [("", _("(not imported)"))] + [
            (f.name, f.label) for f in columns.FIELDS[obj.kind]
        ]
        self.column_fields = []
        for i, header in enumerate(obj.header[:60]):
            name = f"col_{i}"
            self.fields[name] = forms.ChoiceField(
                label=str(header) or _("Column %(n)s") % {"n": i + 1},
                choices=choices,
                required=False,
                initial=obj.mapping.get(str(i), ""),
            )
            self.column_fields.append(name)

    def clean_header_row(self) -> int | None:
        value = self.cleaned_data.get("header_row")
        if value is None:
            return None
        return parse_int(value, minimum=1, maximum=100_000)

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("col_"): self.cleaned_data[name]
            for name in self.column_fields
            if self.cleaned_data.get(name)
        }
