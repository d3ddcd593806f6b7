"""Forms of the inspection screens. Choices are scoped: the target units are those under the
conducting unit, the rows a finding links to are the target units' own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.fields import DayField
from trienkhai.core.forms import IdMultipleChoiceField
from trienkhai.core.parsing import parse_id
from trienkhai.core.views import DATE_INPUT
from trienkhai.programs.models import ActionProgram, Task
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.units.models import Unit

from .models import Finding, Kind, TeamMember, Topic

#: How deep under the conducting unit targets are offered (its units and theirs).
TARGET_DEPTH = 2
#: At most this many units offered (a province: the ~170 units directly under it and theirs).
MAX_CHOICES = 400


def units_under(unit: Unit, depth: int = TARGET_DEPTH, include_self: bool = False):
    units = Unit.objects.filter(
        path__prefix=unit.path, depth__lte=unit.depth + depth, active_to__isnull=True
    )
    if not include_self:
        units = units.exclude(pk=unit.pk)
    # A choice field filters its queryset to validate, which a sliced queryset refuses.
    ids = list(units.order_by("path").values_list("pk", flat=True)[:MAX_CHOICES])
    return Unit.objects.filter(pk__in=ids).order_by("path")


class UnitChoiceField(forms.ModelChoiceField[Any]):
    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid")
        return super().to_python(value)


class IdChoiceField(UnitChoiceField):
    """A choice of one row by id that refuses what is not an id before it queries."""


def _label(unit: Unit) -> str:
    return f"{'— ' * max(0, unit.depth - 1)}{unit.name}"


class BaseForm(forms.Form):
    def __init__(self, *args: Any, user=None, obj=None, **kwargs: Any) -> None:
        self.user, self.obj = user, obj
        super().__init__(*args, **kwargs)


class ProgramForm(BaseForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)


def plans_for(user: Any, field: forms.Field) -> None:
    """The plan an inspection carries out (its numbers count under it): issued plans the user
    sees, latest first."""
    assert isinstance(field, IdChoiceField)
    ids = list(
        Plan.objects.for_user(user)
        .filter(status=Plan.Status.ISSUED)
        .order_by("-issued_on", "-id")
        .values_list("pk", flat=True)[:100]
    )
    field.queryset = Plan.objects.filter(pk__in=ids).order_by("-issued_on", "-id")


class ItemForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    targets = IdMultipleChoiceField(
        label=_("Target units"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    period_from = DayField(label=_("Period under review from"), widget=DATE_INPUT)
    period_to = DayField(label=_("Period under review to"), widget=DATE_INPUT)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)], coerce=int
    )
    plan = IdChoiceField(label=_("Plan carried out"), queryset=Plan.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plans_for(self.user, self.fields["plan"])
        targets = self.fields["targets"]
        assert isinstance(targets, IdMultipleChoiceField)
        targets.queryset = units_under(self.obj.unit)
        targets.label_from_instance = _label  # type: ignore[method-assign,assignment]


class InspectionForm(BaseForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Subject"), max_length=300)
    targets = IdMultipleChoiceField(
        label=_("Target units"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    period_from = DayField(label=_("Period under review from"), widget=DATE_INPUT, required=False)
    period_to = DayField(label=_("Period under review to"), widget=DATE_INPUT, required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=40, required=False)
    plan = IdChoiceField(label=_("Plan carried out"), queryset=Plan.objects.none(), required=False)
    leader = forms.CharField(label=_("Team leader"), max_length=120, required=False)
    deputy = forms.CharField(label=_("Deputy leader"), max_length=120, required=False)
    secretary = forms.CharField(label=_("Secretary"), max_length=120, required=False)
    members = forms.CharField(
        label=_("Members (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = self.fields["targets"]
        assert isinstance(targets, IdMultipleChoiceField)
        targets.queryset = units_under(self.obj, include_self=True)
        targets.label_from_instance = _label  # type: ignore[method-assign,assignment]
        plans_for(self.user, self.fields["plan"])

    def team(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        team = [
            (data.get("leader") or "", TeamMember.Role.LEADER),
            (data.get("deputy") or "", TeamMember.Role.DEPUTY),
            (data.get("secretary") or "", TeamMember.Role.SECRETARY),
        ]
        team += [
            (line, TeamMember.Role.MEMBER) for line in (data.get("members") or "").splitlines()
        ]
        return [(n.strip(), r) for n, r in team if n.strip()]


class SignForm(BaseForm):
    number = forms.CharField(label=_("Decision number"), max_length=40)
    on = DayField(label=_("Signed on"), widget=DATE_INPUT)


class ExtendForm(BaseForm):
    days = forms.IntegerField(label=_("Days added"), min_value=1, max_value=20)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class SelfReportForm(BaseForm):
    file = forms.FileField(label=_("Self-report (PDF, Word or ODT)"))


class FindingForm(BaseForm):
    target = UnitChoiceField(label=_("Unit concerned"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Finding.Kind.choices)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", "—"), *Finding.Severity.choices], required=False
    )
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}))
    task = IdChoiceField(label=_("Task concerned"), queryset=Task.objects.none(), required=False)
    program = IdChoiceField(
        label=_("Action program concerned"), queryset=ActionProgram.objects.none(), required=False
    )
    obligation = IdChoiceField(
        label=_("Obligation concerned"), queryset=Obligation.objects.none(), required=False
    )
    requirement = IdChoiceField(
        label=_("Figure of the plan concerned"),
        queryset=Requirement.objects.none(),
        required=False,
    )
    evidence = forms.FileField(label=_("Evidence (PDF, Word or ODT)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inspection = self.obj
        targets = list(inspection.targets.select_related("unit"))
        target_field = self.fields["target"]
        assert isinstance(target_field, UnitChoiceField)
        target_field.queryset = Unit.objects.filter(pk__in=[t.unit_id for t in targets])
        from django.db.models import Q

        paths = [t.unit.path for t in targets] or ["-"]
        q_program = Q()
        q_unit = Q()
        for p in paths:
            q_program |= Q(program__unit__path__prefix=p)
            q_unit |= Q(unit__path__prefix=p)
        self._set("task", Task.objects.filter(q_program).select_related("program")[:300])
        self._set("program", ActionProgram.objects.filter(q_unit)[:100])
        if inspection.plan_id is not None:
            self._set("requirement", Requirement.objects.filter(plan_id=inspection.plan_id))
        self._set(
            "obligation",
            Obligation.objects.filter(q_unit).select_related("unit", "requirement")[:300],
        )

    def _set(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, IdChoiceField)
        field.queryset = queryset.model.objects.filter(pk__in=[r.pk for r in queryset])


class RecommendationForm(BaseForm):
    unit = UnitChoiceField(label=_("Addressee"), queryset=Unit.objects.none())
    text = forms.CharField(label=_("What must be done"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = DayField(label=_("Deadline"), widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, UnitChoiceField)
        field.queryset = Unit.objects.filter(pk__in=self.obj.targets.values("unit")).order_by(
            "path"
        )


class DraftForm(BaseForm):
    conclusion = forms.CharField(
        label=_("Draft conclusion"), widget=forms.Textarea(attrs={"rows": 10})
    )


class ApproveForm(BaseForm):
    number = forms.CharField(label=_("Notice number"), max_length=40, required=False)
    on = DayField(label=_("Approved on"), widget=DATE_INPUT)


class SupervisionForm(BaseForm):
    looked_at = forms.CharField(
        label=_("What was looked at"), widget=forms.Textarea(attrs={"rows": 4})
    )
    remarks = forms.CharField(label=_("Remarks"), widget=forms.Textarea(attrs={"rows": 4}))


class ReportForm(BaseForm):
    report = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label=_("Evidence (PDF, Word or ODT)"), required=False)


class SendBackForm(BaseForm):
    note = forms.CharField(label=_("Why it is sent back"), widget=forms.Textarea(attrs={"rows": 3}))
