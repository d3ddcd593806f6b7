"""Forms of the study screens. Every choice (a plan, a session, a person) is looked up within
the user's scope, so a forged id is an invalid choice, not a way into another subtree."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.access import Action
from trienkhai.core.fields import DayField
from trienkhai.core.lists import UnitChoiceField, UnitWidget
from trienkhai.core.querysets import ancestor_paths
from trienkhai.core.uploads import validate_document
from trienkhai.resolutions.models import Plan
from trienkhai.units.forms import DATE_WIDGET, ScopedForm
from trienkhai.units.models import Person, Unit

from .models import Attendance, Grade, StudySession
from .services import REPORT_TYPES

TIME_WIDGET = forms.TimeInput(
    format="%H:%M", attrs={"placeholder": "HH:MM", "inputmode": "numeric", "size": 6}
)


def unit_prefixes(unit: Unit) -> list[str]:
    """The paths of ``unit`` and of every unit above it."""
    return ancestor_paths(unit.path, include_self=True)


def plans_for(user, unit: Unit):
    """Issued plans the user may see that are addressed to ``unit``: issued by it or by a unit
    above it."""
    return (
        Plan.objects.for_user(user, Action.VIEW)
        .filter(status=Plan.Status.ISSUED, unit__path__in=unit_prefixes(unit))
        .order_by("-issued_on", "-id")
    )


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} — {obj.title}"


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localtime(obj.starts_at).strftime("%d/%m/%Y %H:%M")
        return f"{when} — {obj.title}"


class SessionForm(ScopedForm):
    """Schedule or edit a session of ``obj`` (a unit; a session when editing or making up)."""

    plan = PlanChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    title = forms.CharField(label=_("Session title"), max_length=300)
    date = DayField(label=_("Date"), widget=DATE_WIDGET)
    time = forms.TimeField(label=_("Time"), widget=TIME_WIDGET, input_formats=["%H:%M", "%Hh%M"])
    duration = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=24 * 60,
        initial=180,
        required=False,
        help_text=_("Members can check in by QR code until the session ends."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    mode = forms.ChoiceField(
        label=_("Mode"), choices=StudySession.Mode.choices, widget=forms.RadioSelect
    )
    connection_points = forms.IntegerField(
        label=_("Online connection points"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Only for online or mixed sessions."),
    )
    lecturer = forms.CharField(label=_("Lecturer"), max_length=160, required=False)
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=StudySession.Audience.choices,
        widget=forms.RadioSelect,
        initial=StudySession.Audience.ALL_MEMBERS,
    )
    include_subtree = forms.BooleanField(
        label=_("The units below attend too"), required=False, initial=True
    )
    non_members_invited = forms.BooleanField(label=_("Non-members invited"), required=False)
    makeup_for = SessionChoiceField(
        label=_("Make-up for the session"),
        queryset=StudySession.objects.none(),
        required=False,
        empty_label=_("— not a make-up session —"),
        help_text=_("For those who missed an earlier session of the same plan."),
    )

    def __init__(self, *args, unit: Unit, session: StudySession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.session = session
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = plans_for(self.user, unit)
        earlier = StudySession.objects.for_user(self.user, Action.VIEW).filter(unit=unit)
        if session is not None and session.pk:
            earlier = earlier.exclude(pk=session.pk)
        cast(forms.ModelChoiceField, self.fields["makeup_for"]).queryset = earlier.select_related(
            "plan"
        ).order_by("-starts_at", "-id")
        if session is not None and session.pk:
            # The plan of a session does not change; the service refuses it too.
            self.fields["plan"].disabled = True
            cast(forms.ModelChoiceField, self.fields["plan"]).queryset = Plan.objects.filter(
                pk=session.plan_id
            )
            self.initial["plan"] = session.plan_id
            if not self.is_bound:
                self.initial.update(self.initial_from(session))

    @staticmethod
    def initial_from(session: StudySession) -> dict:
        local = timezone.localtime(session.starts_at)
        return {
            "plan": session.plan_id,
            "title": session.title,
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration": session.duration,
            "place": session.place,
            "mode": session.mode,
            "connection_points": session.connection_points or None,
            "lecturer": session.lecturer,
            "audience": session.audience,
            "include_subtree": session.include_subtree,
            "non_members_invited": session.non_members_invited,
            "makeup_for": session.makeup_for_id,
        }

    def clean(self):
        data = super().clean()
        mode, points = data.get("mode"), data.get("connection_points")
        if mode == StudySession.Mode.IN_PERSON and points:
            self.add_error(
                "connection_points", _("An in-person session has no online connection points.")
            )
        elif mode in (StudySession.Mode.ONLINE, StudySession.Mode.MIXED) and not points:
            self.add_error(
                "connection_points", _("An online session has at least one connection point.")
            )
        makeup, plan = data.get("makeup_for"), data.get("plan")
        if makeup is not None and plan is not None and makeup.plan_id != plan.pk:
            self.add_error("makeup_for", _("A make-up session is for a session of the same plan."))
        if data.get("date") and data.get("time"):
            naive = datetime.datetime.combine(data["date"], data["time"])
            data["starts_at"] = timezone.make_aware(naive)
            if makeup is not None and data["starts_at"] <= makeup.starts_at:
                self.add_error("date", _("A make-up session comes after the session it makes up."))
        return data

    def service_fields(self) -> dict:
        """The cleaned data as the session services take it."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "duration": data.get("duration") or 180,
            "place": data["place"],
            "mode": data["mode"],
            "connection_points": data["connection_points"] or 0,
            "lecturer": data["lecturer"],
            "audience": data["audience"],
            "include_subtree": data["include_subtree"],
            "non_members_invited": data["non_members_invited"],
            "makeup_for": data["makeup_for"],
        }


class HeldForm(ScopedForm):
    non_member_count = forms.IntegerField(
        label=_("Non-member attendances"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Counted as attendances, not persons. Leave empty to keep the count."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.obj is not None:
            self.initial["non_member_count"] = self.obj.non_member_count
        if self.obj is not None and not self.obj.non_members_invited:
            self.fields["non_member_count"].disabled = True
            self.fields["non_member_count"].help_text = _(
                "Non-members were not invited to this session."
            )


class MarkForm(forms.Form):
    """One roster row: a person of the session's audience and a status."""

    person = forms.IntegerField(min_value=1)
    status = forms.ChoiceField(choices=Attendance.Status.choices)


class RosterFilterForm(forms.Form):
    """The roster's filters. The cell is chosen by name (the list layer's unit widget, its
    suggestions limited to the session's audience); its choices are the units of the
    audience the user may see, so a forged or sibling id (``²``, ``-1``, another commune's
    cell) is an invalid choice, not a 500 and not a way to read another subtree."""

    q = forms.CharField(label=_("Name or member code"), required=False, max_length=100)
    unit = UnitChoiceField(
        label=_("Cell"), required=False, queryset=Unit.objects.none(), empty_label=None
    )
    pending = forms.BooleanField(
        label=_("Only those who have not studied the plan"), required=False
    )
    everyone = forms.BooleanField(
        label=_("Also members who are not expected (exempt, other categories)"), required=False
    )

    def __init__(self, *args, session: StudySession, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.for_user(user, Action.VIEW)
        if session.include_subtree:
            units = units.filter(path__prefix=session.unit.path)
        else:
            units = units.filter(pk=session.unit_id)
        field = self.fields["unit"]
        assert isinstance(field, UnitChoiceField)
        field.widget = UnitWidget(action=Action.VIEW, under=session.unit_id)
        field.queryset = units

    def clean_q(self):
        return textvi.fold(textvi.normalize(self.cleaned_data["q"]))


def _validate_upload(upload):
    if upload is None:
        return None
    try:
        validate_document(upload, allowed=REPORT_TYPES)
    except ValidationError as exc:
        raise forms.ValidationError(exc.messages) from exc
    return upload


class ReportForm(ScopedForm):
    """A learning report: text, or a .docx/.odt/.pdf file."""

    text = forms.CharField(
        label=_("Your learning report"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    file = forms.FileField(
        label=_("Or attach a file (.docx, .odt or .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.odt,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.oasis.opendocument.text"
            }
        ),
    )

    def clean_file(self):
        return _validate_upload(self.cleaned_data.get("file"))

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Write the report or attach a file."))
        return data


class MemberCodeField(forms.CharField):
    """A current person of the unit's subtree, chosen by member code, among those the user
    may change."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", _("Type a name or a member code and pick from the list."))
        super().__init__(*args, **kwargs)
        self.unit = None
        self.user = None
        self.widget.attrs.update(
            {
                "list": "person-refs",
                "autocomplete": "off",
                "data-lookup": reverse_lazy("units:person-lookup"),
            }
        )

    def clean(self, value):
        value = textvi.normalize(super().clean(value)).upper()
        person = (
            Person.objects.for_user(self.user, Action.CHANGE)
            .current()
            .within(self.unit)
            .filter(member_code=value)
            .select_related("unit")
            .first()
        )
        if person is None:
            raise forms.ValidationError(
                _("There is no member with code %(code)s in this unit."), params={"code": value}
            )
        return person


class ClerkReportForm(ReportForm):
    """A clerk enters the report of a member who has no phone."""

    plan = PlanChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    person = MemberCodeField(label=_("Member code"))

    field_order = ["plan", "person", "text", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans_for(self.user, self.obj)
        if not self.is_bound:
            newest = self.fields["plan"].queryset.first()
            self.initial.setdefault("plan", newest.pk if newest else None)
        self.fields["person"].unit = self.obj
        self.fields["person"].user = self.user
        self.fields["text"].label = _("Text of the report")


class ReviewForm(ScopedForm):
    grade = forms.ChoiceField(choices=Grade.choices, required=False)
    send_back = forms.BooleanField(required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("send_back"):
            if not (data.get("comment") or "").strip():
                self.add_error("comment", _("Say what should be rewritten."))
        elif not data.get("grade"):
            raise forms.ValidationError(_("Choose a grade."))
        return data


__all__ = [
    "ClerkReportForm",
    "HeldForm",
    "MarkForm",
    "ReportForm",
    "ReviewForm",
    "RosterFilterForm",
    "SessionForm",
    "plans_for",
]
