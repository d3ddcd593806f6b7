"""Forms of the drafting and approval screens. Every choice (a plan, a key point, a task above,
a lead or coordinating unit, a deputy) is offered from a scoped queryset, so a forged id is an
invalid choice with a clear message; the services check the same rules again."""

from __future__ import annotations

import decimal
from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core import access, people, textvi
from trienkhai.core.access import Action
from trienkhai.core.fields import DayField
from trienkhai.core.forms import IdMultipleChoiceField
from trienkhai.core.plausible import SUMMARY_MAX
from trienkhai.core.querysets import ancestor_paths
from trienkhai.resolutions.models import KeyPoint, Plan
from trienkhai.units.forms import DATE_WIDGET, ScopedForm, UnitCodeField
from trienkhai.units.models import Unit

from .models import ActionProgram, Task
from .models.task import TASK_TITLE_MAX
from .services import program_key_points

#: Above this many units under a program's unit, lead and coordinating units are typed as
#: codes (with the autocomplete) instead of chosen from a list.
UNIT_LIST_LIMIT = 200
#: Empty milestone rows offered below the existing ones.
EMPTY_MILESTONES = 3


def addressed_plans(user, unit: Unit):
    """Issued plans the user may see that are addressed to ``unit``: issued by it or by a
    unit above it (newest first)."""
    return (
        Plan.objects.for_user(user, Action.VIEW)
        .filter(status=Plan.Status.ISSUED, unit__path__in=ancestor_paths(unit.path, True))
        .select_related("unit")
        .order_by("-issued_on", "-id")
    )


class PlanChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} — {obj.title} ({obj.unit.committee_name})"


class ProgramForm(ScopedForm):
    """A new program of ``unit`` (``obj`` is the program when editing its header)."""

    plan = PlanChoiceField(
        label=_("Plan carried out"),
        queryset=Plan.objects.none(),
        empty_label=_("— choose the plan —"),
        error_messages={"invalid_choice": _("This plan is not addressed to this unit.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionProgram.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=32, required=False)
    title = forms.CharField(label=_("Title"), max_length=500)
    field = forms.CharField(
        label=_("Field"),
        max_length=200,
        required=False,
        help_text=_("For the government, the Front and the organisations: the field it covers."),
    )
    summary = forms.CharField(
        label=_("Purpose and requirements"),
        required=False,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reporting_period = forms.ChoiceField(
        label=_("Progress reported"),
        choices=ActionProgram.Period.choices,
        initial=ActionProgram.Period.QUARTER,
    )
    start_from_parent = forms.BooleanField(
        label=_("Start from the tasks of the program above"),
        required=False,
        help_text=_(
            "Its tasks are copied as a starting point: rewrite them for this unit, the copy "
            "check shows how much is still the text above."
        ),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        if isinstance(self.obj, ActionProgram):
            # The plan of a program does not change once it exists.
            del self.fields["plan"]
            del self.fields["start_from_parent"]
            if not self.is_bound:
                for name in ("kind", "number", "title", "field", "summary", "reporting_period"):
                    self.initial[name] = getattr(self.obj, name)
        else:
            cast(forms.ModelChoiceField, self.fields["plan"]).queryset = addressed_plans(
                self.user, unit
            )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("kind", "number", "title", "field", "summary", "reporting_period")
        }


class UnitChoiceField(forms.ModelChoiceField):
    """Units under a program's unit, indented by depth below it."""

    def __init__(self, *args, top: Unit | None = None, **kwargs):
        self.top = top
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        depth = obj.depth - self.top.depth if self.top else 0
        return f"{'— ' * depth}{obj.name} ({obj.code})"


class UnitMultipleChoiceField(IdMultipleChoiceField):
    def __init__(self, *args, top: Unit | None = None, **kwargs):
        self.top = top
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        depth = obj.depth - self.top.depth if self.top else 0
        return f"{'— ' * depth}{obj.name} ({obj.code})"


class UnitCodesField(forms.CharField):
    """Several units typed as codes separated by commas or spaces, found in one query among
    ``units`` (the program's unit and those under it)."""

    def __init__(self, *args, units=None, **kwargs):
        self.units = units
        kwargs.setdefault("max_length", 2000)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        codes = [c.upper() for c in textvi.normalize(value or "").replace(",", " ").split()]
        if not codes:
            return []
        found = {u.code: u for u in self.units.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError(
                _("Coordinating units must be this unit or units under it: %(codes)s."),
                params={"codes": ", ".join(missing)},
            )
        return list(dict.fromkeys(found[c] for c in codes))


class KeyPointField(IdMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.order}. {obj.text}"


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.order}. {obj.title[:160]}"


class TaskForm(ScopedForm):
    """A task of ``program`` (``obj`` is the task when editing). The milestone rows are a
    formset of their own (``MilestoneFormSet``)."""

    title = forms.CharField(
        label=_("What is to be done"),
        max_length=TASK_TITLE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    key_points = KeyPointField(
        label=_("Key points served"),
        queryset=KeyPoint.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one key point of the resolution this task serves."),
            "invalid_choice": _("A key point chosen is not in the documents of this plan."),
            "invalid_pk_value": _("A key point chosen is not in the documents of this plan."),
        },
    )
    parent_task = TaskChoiceField(
        label=_("Carries out the task of the program above"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("The task above must be a task of the program above.")},
    )
    due_on = DayField(
        label=_("To be completed by"),
        required=False,
        widget=DATE_WIDGET,
    )
    indicator = forms.CharField(
        label=_("Indicator"),
        max_length=300,
        required=False,
        help_text=_("Where the task can be measured: what is counted."),
    )
    measure = forms.CharField(
        label=_("Measure"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("%, households, people…")}),
    )
    baseline = forms.CharField(label=_("Baseline"), max_length=20, required=False)
    target = forms.CharField(label=_("Target"), max_length=20, required=False)
    target_year = forms.IntegerField(
        label=_("Target year"),
        required=False,
        min_value=1900,
        max_value=2200,
        error_messages={
            "min_value": _("The target year is not plausible for this plan."),
            "max_value": _("The target year is not plausible for this plan."),
        },
    )

    unit_error = _("The lead unit must be this unit or a unit under it.")

    def __init__(self, *args, program: ActionProgram, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        cast(forms.ModelChoiceField, self.fields["key_points"]).queryset = program_key_points(
            program
        ).select_related("resolution")
        if program.parent_id:
            cast(forms.ModelChoiceField, self.fields["parent_task"]).queryset = Task.objects.filter(
                program_id=program.parent_id
            )
        else:
            del self.fields["parent_task"]
        units = Unit.objects.filter(path__prefix=program.unit.path).order_by("path")
        self.subtree = units
        self.few_units = units[: UNIT_LIST_LIMIT + 1].count() <= UNIT_LIST_LIMIT
        if self.few_units:
            self.fields["lead_unit"] = UnitChoiceField(
                label=_("Lead unit"),
                queryset=units,
                top=program.unit,
                required=False,
                empty_label=_("— not assigned —"),
                error_messages={"invalid_choice": self.unit_error},
            )
            self.fields["coordinating_units"] = UnitMultipleChoiceField(
                label=_("Coordinating units"),
                queryset=units,
                top=program.unit,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _("Coordinating units must be this unit or units under it.")
                },
            )
        else:
            lead = UnitCodeField(label=_("Lead unit (code)"), required=False, action=Action.VIEW)
            lead.user = self.user
            self.fields["lead_unit"] = lead
            self.fields["coordinating_units"] = UnitCodesField(
                label=_("Coordinating units (codes)"),
                required=False,
                units=units,
                help_text=_("Codes separated by commas."),
            )
        self.order_fields(
            [
                "title",
                "key_points",
                "parent_task",
                "lead_unit",
                "coordinating_units",
                "due_on",
                "indicator",
                "measure",
                "baseline",
                "target",
                "target_year",
            ]
        )
        task = self.obj if isinstance(self.obj, Task) else None
        if task is not None and not self.is_bound:
            self.initial.update(task_initial(task, codes=not self.few_units))

    def clean_lead_unit(self):
        unit = self.cleaned_data.get("lead_unit")
        if unit is not None and not unit.path.startswith(self.program.unit.path):
            raise ValidationError(self.unit_error)
        return unit

    def clean_title(self):
        return textvi.normalize(self.cleaned_data["title"])

    def clean_baseline(self):
        return parse_number(self.cleaned_data.get("baseline"))

    def clean_target(self):
        return parse_number(self.cleaned_data.get("target"))

    def key_point_groups(self) -> list[tuple]:
        """The key points grouped by document: (resolution, [(key point, checked)])."""
        field = self["key_points"]
        chosen = {str(v) for v in (field.value() or [])}
        groups: dict = {}
        key_points = cast(forms.ModelChoiceField, self.fields["key_points"]).queryset
        assert key_points is not None  # set in __init__
        for kp in key_points.order_by("resolution__number", "order"):
            groups.setdefault(kp.resolution, []).append((kp, str(kp.pk) in chosen))
        return list(groups.items())

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "key_points": list(data["key_points"]),
            "parent_task": data.get("parent_task"),
            "lead_unit": data.get("lead_unit"),
            "coordinating_units": list(data.get("coordinating_units") or []),
            "due_on": data.get("due_on"),
            "indicator": data.get("indicator", ""),
            "measure": data.get("measure", ""),
            "baseline": data.get("baseline"),
            "target": data.get("target"),
            "target_year": data.get("target_year"),
        }


def parse_number(value):
    """A number as people type it: ``12,5`` or ``12.5`` (no thousands separators)."""
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    try:
        number = decimal.Decimal(value.replace(",", "."))
    except decimal.InvalidOperation as exc:
        raise ValidationError(_("Enter a number.")) from exc
    if not number.is_finite() or abs(number) >= 10**12:
        raise ValidationError(_("Enter a number."))
    return number


def show_number(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def task_initial(task: Task, codes: bool = False) -> dict:
    coordinating = list(task.coordinating_units.all())
    return {
        "title": task.title,
        "key_points": [kp.pk for kp in task.key_points.all()],
        "parent_task": task.parent_task_id,
        "lead_unit": (task.lead_unit.code if task.lead_unit else "")
        if codes
        else task.lead_unit_id,
        "coordinating_units": ", ".join(u.code for u in coordinating)
        if codes
        else [u.pk for u in coordinating],
        "due_on": task.due_on,
        "indicator": task.indicator,
        "measure": task.measure,
        "baseline": show_number(task.baseline),
        "target": show_number(task.target),
        "target_year": task.target_year,
    }


class MilestoneForm(forms.Form):
    when = forms.CharField(
        label=_("By (date or quarter)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Q2/2026"}),
    )
    expected_value = forms.CharField(label=_("Expected value"), max_length=20, required=False)
    deliverable = forms.CharField(label=_("Deliverable"), max_length=300, required=False)

    def row(self) -> dict | None:
        """The row for ``save_task``, None when it was left empty."""
        data = self.cleaned_data
        if not any((data.get(k) or "").strip() for k in ("when", "expected_value", "deliverable")):
            return None
        return {
            "when": data["when"].strip(),
            "expected_value": data["expected_value"].strip(),
            "deliverable": data["deliverable"].strip(),
        }


class BaseMilestoneFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("A task has at most %(num)d milestones."),
    }

    def rows(self) -> list[dict]:
        return [row for form in self.forms if (row := form.row()) is not None]


MilestoneFormSet = forms.formset_factory(
    MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=EMPTY_MILESTONES,
    max_num=60,
    validate_max=True,
    absolute_max=60,
)


def milestone_initial(task: Task | None) -> list[dict]:
    if task is None:
        return []
    return [
        {
            "when": m.when_label,
            "expected_value": show_number(m.expected_value),
            "deliverable": m.deliverable,
        }
        for m in task.milestones.all()
    ]


class CommentForm(ScopedForm):
    """A comment during discussion, on the whole program or on one of its tasks."""

    task = forms.ModelChoiceField(
        label=_("On"),
        queryset=Task.objects.none(),
        required=False,
        empty_label=_("the whole program"),
        error_messages={"invalid_choice": _("This task belongs to another program.")},
    )
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = Task.objects.filter(program=self.obj)
        self.fields["task"].label_from_instance = lambda t: f"{t.order}. {t.title[:100]}"


class EffectForm(ScopedForm):
    on = DayField(label=_("In effect from"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["on"] = timezone.localdate()


class DeputyForm(ScopedForm):
    """The head names a deputy among the people holding a role on the program's unit."""

    deputy = forms.ModelChoiceField(
        label=_("Deputy who may approve"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("— nobody (only the head) —"),
        error_messages={"invalid_choice": _("The deputy must hold a role in this unit.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.obj
        holders = access.holders(program.unit)
        field = self.fields["deputy"]
        field.queryset = people.users_with_people(
            get_user_model()
            .objects.filter(pk__in=holders, is_active=True)
            .exclude(pk=self.user.pk)
            .order_by(F("person__sort_key").asc(nulls_last=True), "username")
        )
        field.label_from_instance = people.display_name
        if not self.is_bound:
            self.initial["deputy"] = program.deputy_id


class SendBackForm(ScopedForm):
    """Why the head sends the program back to its drafters (required: they rework it by it)."""

    reason = forms.CharField(
        label=_("Why it is sent back"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The drafters read it on the program's page and in their notification."),
        error_messages={"required": _("Say why the program is sent back.")},
    )


class ApproveForm(ScopedForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, revision: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.revision = revision
        if revision:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Say why the approved program is being changed."
            )
            self.fields["reason"].help_text = _(
                "Required for a new version: it is kept with the differences."
            )
        else:
            del self.fields["reason"]
