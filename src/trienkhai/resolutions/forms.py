"""Forms of the resolution and plan screens.

Every choice is scoped to the user: the resolutions a plan implements and the plan above are
chosen among those the user may see, the issuing unit among those they may change, and the
hidden links of a plan's rows (the requirement a row carries out, the row being edited) are
checked against the plan above and the plan itself. A forged id is an invalid choice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from trienkhai.core import textvi
from trienkhai.core.access import Action
from trienkhai.core.fields import DayField
from trienkhai.core.forms import IdMultipleChoiceField
from trienkhai.core.plausible import SUMMARY_MAX
from trienkhai.core.uploads import PDF, max_upload_bytes, validate_document
from trienkhai.units.forms import DATE_WIDGET, ScopedForm, UnitCodeField
from trienkhai.units.models import Unit

from . import numbers
from .models import KeyPoint, ObligationStatus, Plan, Requirement, Resolution
from .scope import visible_plans

MAX_KEY_POINTS = 200


class ResolutionForm(ScopedForm):
    unit = UnitCodeField(
        label=_("Registered by (unit code)"),
        help_text=_("The unit whose plans will implement this document."),
    )
    kind = forms.ChoiceField(label=_("Kind of document"), choices=Resolution.Kind.choices)
    number = forms.CharField(
        label=_("Number"),
        max_length=32,
        help_text=_("As printed on the document, e.g. 18-NQ/TW, 01-CT/TW, 45-KL/TW, 05-NQ/TU."),
    )
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=500)
    issuing_body = forms.CharField(
        label=_("Issuing body"),
        max_length=200,
        help_text=_("e.g. Ban Chấp hành Trung ương, Bộ Chính trị, Ban Thường vụ Tỉnh ủy."),
    )
    issued_on = DayField(label=_("Date"), widget=DATE_WIDGET)
    term = forms.CharField(
        label=_("Term"), max_length=64, required=False, help_text=_("e.g. khóa XIII")
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    key_points = forms.CharField(
        label=_("Key points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One key point per line, in order. Start a line with * to mark a new point "
            "(điểm mới), e.g. “* Lần đầu tiên …”."
        ),
    )
    document = forms.FileField(
        label=_("Official PDF"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args: Any, edit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = _(
            "The signed document as a PDF (checked from its content, %(mb)d MB at most)."
        ) % {"mb": max_upload_bytes() // 1024 // 1024}
        if edit:
            del self.fields["unit"]
            if isinstance(self.obj, Resolution):
                self.fields["document"].help_text = _(
                    "Leave empty to keep the current file; a new file replaces it."
                )
                if not self.is_bound:
                    for name in ("kind", "number", "title", "issuing_body", "issued_on"):
                        self.initial[name] = getattr(self.obj, name)
                    self.initial["term"] = self.obj.term
                    self.initial["summary"] = self.obj.summary
                    points = KeyPoint.objects.for_user(self.user, Action.VIEW).filter(
                        resolution=self.obj
                    )
                    self.initial["key_points"] = "\n".join(
                        ("* " if p.is_new else "") + p.text for p in points
                    )
        elif isinstance(self.obj, Unit) and not self.is_bound:
            self.initial["unit"] = self.obj.code

    def clean_document(self) -> UploadedFile[Any] | None:
        """The same check as the service, so that every problem shows at once."""
        upload: UploadedFile[Any] | None = self.cleaned_data.get("document")
        if upload is not None:
            validate_document(upload, allowed=(PDF,))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("number") and data.get("kind"):
            # The service checks it too; here so that every problem shows at once.
            expected = numbers.KIND_TYPES.get(data["kind"], "NQ")
            try:
                data["number"] = numbers.parse_number(data["number"], expected)
            except forms.ValidationError as exc:
                self.add_error("number", exc)
        return data

    def clean_summary(self) -> str:
        return textvi.normalize_paragraphs(self.cleaned_data["summary"])

    def clean_key_points(self) -> list[tuple[str, bool]]:
        points = []
        for line in self.cleaned_data["key_points"].splitlines():
            text = textvi.normalize(line)
            is_new = text.startswith("*")
            text = text.lstrip("*").strip()
            if text:
                points.append((text, is_new))
        if len(points) > MAX_KEY_POINTS:
            raise forms.ValidationError(
                _("At most %(n)d key points."), params={"n": MAX_KEY_POINTS}
            )
        return points


class PlanChoiceField(forms.ModelChoiceField[Plan]):
    def label_from_instance(self, obj: Plan) -> str:
        unit = obj.unit.committee_name
        return f"{obj.number} ({unit}): {obj.title}"


class ResolutionChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Resolution) -> str:
        return f"{obj.number}: {obj.title}"


class PlanForm(ScopedForm):
    """A plan's header. ``edit`` leaves out the issuing unit and the plan above (fixed once
    drafted) and, for an issued plan, asks why it changes."""

    unit = UnitCodeField(label=_("Issuing unit (code)"))
    number = forms.CharField(
        label=_("Number"), max_length=32, help_text=_("e.g. 12-KH/TU, 05-KH/ĐU")
    )
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=500)
    issued_on = DayField(label=_("Date"), widget=DATE_WIDGET)
    parent = PlanChoiceField(
        label=_("Implements the plan of the unit above"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=_("— none —"),
        help_text=_("Choosing it fills in its requirements below, to adapt."),
    )
    resolutions = ResolutionChoiceField(
        label=_("Documents implemented"),
        queryset=Resolution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Left empty under a plan above: the documents of that plan."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An issued plan changes by a new version; the units below see why."),
    )

    def __init__(self, *args: Any, edit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolutions = cast(ResolutionChoiceField, self.fields["resolutions"])
        resolutions.queryset = Resolution.objects.for_user(self.user, Action.VIEW).order_by(
            "-issued_on", "number"
        )
        if edit:
            del self.fields["unit"], self.fields["parent"]
            plan = self.obj
            if not plan.is_issued:
                del self.fields["reason"]
            if not self.is_bound:
                for name in ("number", "title", "issued_on"):
                    self.initial[name] = getattr(plan, name)
                self.initial["resolutions"] = list(
                    resolutions.queryset.filter(plans=plan).values_list("pk", flat=True)
                )
        else:
            del self.fields["reason"]
            cast(PlanChoiceField, self.fields["parent"]).queryset = (
                visible_plans(self.user)
                .filter(status=Plan.Status.ISSUED)
                .select_related("unit")
                .order_by("-issued_on", "-id")
            )

    def clean_number(self) -> str:
        # The service checks it too; here so that every problem of the form shows at once.
        return numbers.parse_number(self.cleaned_data["number"], "KH")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, parent = data.get("unit"), data.get("parent")
        if (
            unit
            and parent
            and (not unit.path.startswith(parent.unit.path) or unit.pk == parent.unit_id)
        ):
            self.add_error("parent", _("A plan can only implement a plan of a unit above its own."))
        return data


class RequirementForm(forms.Form):
    """One row of a plan: what, of which units, by when. ``id`` (the row being edited) and
    ``parent_requirement`` (the row of the plan above it carries out) are hidden and checked
    against ``existing`` and ``parents`` (dicts by id), so a forged id is refused."""

    id = forms.CharField(widget=forms.HiddenInput, required=False)
    parent_requirement = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label=_("What"), choices=[("", "—"), *Requirement.Kind.choices])
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=300)
    target_kinds = forms.MultipleChoiceField(
        label=_("Kinds of units"), choices=Unit.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    target_levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Unit.Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: every level."),
    )
    due_on = DayField(label=_("Due by"), widget=DATE_WIDGET)
    target_value = forms.DecimalField(
        label=_("Target (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("For attendance: the share of members who must attend."),
    )

    def __init__(
        self,
        *args: Any,
        existing: dict[str, Requirement] | None = None,
        parents: dict[str, Requirement] | None = None,
        plan_date: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        self.existing = existing or {}
        self.parents = parents or {}
        self.plan_date = plan_date
        super().__init__(*args, **kwargs)
        ref = self["parent_requirement"].value()
        self.carries_out = self.parents.get(str(ref)) if ref else None

    def _lookup(
        self, name: str, choices: dict[str, Requirement], message: StrOrPromise
    ) -> Requirement | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        found = choices.get(value)
        if found is None:
            raise forms.ValidationError(message)
        return found

    def clean_id(self) -> Requirement | None:
        return self._lookup("id", self.existing, _("This row does not belong to the plan."))

    def clean_parent_requirement(self) -> Requirement | None:
        return self._lookup(
            "parent_requirement",
            self.parents,
            _("This row refers to a requirement that is not in the plan above."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Requirement.Kind.ATTENDANCE and data.get("target_value") is None:
            self.add_error("target_value", _("Say the attendance target, e.g. 95."))
        due, above = data.get("due_on"), data.get("parent_requirement")
        if due and self.plan_date and due < self.plan_date:
            self.add_error(
                "due_on",
                _("Before the plan's date (%(date)s).") % {"date": _short(self.plan_date)},
            )
        if due and above is not None and due > above.due_on:
            self.add_error(
                "due_on",
                _("Later than the deadline of the plan above (%(date)s).")
                % {"date": _short(above.due_on)},
            )
        return data

    def requirement(self) -> dict[str, Any]:
        """The row as ``services.create_plan``/``update_plan`` take it."""
        data = self.cleaned_data
        row = {
            name: data.get(name)
            for name in ("kind", "title", "target_kinds", "target_levels", "due_on")
        }
        row["target_value"] = data.get("target_value")
        row["parent_requirement"] = data.get("parent_requirement")
        row["title"] = textvi.normalize(row["title"])
        if data.get("id") is not None:
            row["id"] = data["id"].pk
        return row


class BaseRequirementFormSet(forms.BaseFormSet[RequirementForm]):
    default_error_messages = {
        "too_many_forms": _("A plan has at most %(num)d requirements."),
    }

    def __init__(
        self,
        *args: Any,
        existing: Iterable[Requirement] = (),
        parents: Iterable[Requirement] = (),
        plan_date: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        self.existing = {str(r.pk): r for r in existing}
        self.parents = {str(r.pk): r for r in parents}
        self.plan_date = plan_date
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"existing": self.existing, "parents": self.parents, "plan_date": self.plan_date}

    def clean(self) -> None:
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):  # type: ignore[attr-defined]  # private in Django, not in its stubs
                continue
            row = form.cleaned_data.get("id")
            if row is not None:
                if row.pk in seen:
                    raise forms.ValidationError(_("A row of the plan appears twice."))
                seen.add(row.pk)

    def requirements(self) -> list[dict[str, Any]]:
        """The rows kept, in order: not removed, not a blank row left at the end."""
        return [
            form.requirement()
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)  # type: ignore[attr-defined]
        ]


#: The most requirements a plan may have. ``absolute_max`` bounds the forms built from a posted
#: ``TOTAL_FORMS`` too (Django's default is max_num + 1,000: one forged POST built 1,100 forms,
#: took seconds and answered 4 MB); more is refused with the formset's message.
MAX_REQUIREMENTS = 100

# django-stubs types the factory's class as a plain BaseFormSet: say it is ours.
RequirementFormSet = cast(
    type[BaseRequirementFormSet],
    forms.formset_factory(
        RequirementForm,
        formset=BaseRequirementFormSet,
        extra=0,
        can_delete=True,
        max_num=MAX_REQUIREMENTS,
        validate_max=True,
        absolute_max=MAX_REQUIREMENTS,
    ),
)


def _short(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _plain(value: Decimal | None) -> str | None:
    """``95`` rather than ``95.00`` in the form (the number input reads a dot)."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def requirement_initial(requirement: Requirement, *, as_parent: bool) -> dict[str, Any]:
    """A form row's initial data from a requirement: its own row to edit, or the row of the
    plan above to start from (``as_parent``)."""
    row: dict[str, Any] = {
        "kind": requirement.kind,
        "title": requirement.title,
        "target_kinds": list(requirement.target_kinds),
        "target_levels": list(requirement.target_levels),
        "due_on": requirement.due_on,
        "target_value": _plain(requirement.target_value),
    }
    if as_parent:
        row["parent_requirement"] = str(requirement.pk)
    else:
        row["id"] = str(requirement.pk)
        if requirement.parent_requirement_id:
            row["parent_requirement"] = str(requirement.parent_requirement_id)
    return row


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Results report (PDF or Word .docx)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100)


#: Statuses a list of obligations can be filtered by, beyond the single statuses.
STATUS_GROUPS = {
    "owed": ("pending", "overdue", "on_time", "late"),
    "done": ("on_time", "late"),
    "behind": ("overdue", "late"),
}


class ObligationFilterForm(forms.Form):
    requirement = forms.ModelChoiceField[Requirement](
        label=_("Requirement"),
        queryset=Requirement.objects.none(),
        required=False,
        empty_label=_("All requirements"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, requirements: QuerySet[Requirement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requirement = cast(forms.ModelChoiceField[Requirement], self.fields["requirement"])
        requirement.queryset = requirements
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", _("All")),
            ("owed", _("Owed (not counting closed units)")),
            ("done", _("Done")),
            ("behind", _("Late or overdue")),
            *ObligationStatus.choices,
        ]

    def statuses(self) -> tuple[str, ...]:
        status = self.cleaned_data.get("status") or ""
        return STATUS_GROUPS.get(status, (status,) if status else ())
