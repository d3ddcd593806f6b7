"""Forms of the follow-up screens: a progress report on a task, an annual review's year and
narrative sections, the progress rule.

They only shape what the user typed; the services decide (a file's type is read from its
content, a period must have begun, a measurable task needs its value), and their refusals are
put back on these forms by the views.
"""

from __future__ import annotations

import datetime
import decimal
import re
from typing import cast

from django import forms
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from trienkhai.core.uploads import max_upload_bytes

from .models import AnnualReview, Milestone, Task, TaskStatus
from .models.program import ProgressRule
from .periods import period_label, periods_between

#: One sentence per rule, shown where the administrator chooses and beside the percentages.
RULE_EXPLANATIONS = {
    ProgressRule.TASKS_DONE: _(
        "The share of the program's tasks whose latest progress report says done."
    ),
    ProgressRule.MILESTONES: _(
        "The share of roadmap milestones done by the date; a task without milestones counts "
        "as one milestone, done when the task is done."
    ),
    ProgressRule.INDICATORS: _(
        "The average attainment of the measurable tasks: how far each got from its baseline "
        "to its target ((value − baseline) / (target − baseline), kept between 0 and 100 %)."
    ),
}

_GROUPED_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def parse_number(text: str) -> decimal.Decimal:
    """A number as people type it: ``1.234,5`` (Vietnamese), ``1234.5`` or ``1,234.5``.

    With both separators the last one is the decimal mark. With one kind only, a group of
    thousands in the language's style (``1.234`` in Vietnamese) is read as such; otherwise
    the mark is a decimal mark.
    """
    value = re.sub(r"[\s\u00a0]", "", text or "")
    if "," in value and "." in value:
        decimal_mark = "," if value.rfind(",") > value.rfind(".") else "."
        group = "." if decimal_mark == "," else ","
        value = value.replace(group, "").replace(decimal_mark, ".")
    elif "," in value:
        english = translation.get_language() == "en"
        value = value.replace(",", "") if english and _GROUPED_COMMAS.match(value) else value
        value = value.replace(",", ".")
    elif "." in value and translation.get_language() != "en" and _GROUPED_DOTS.match(value):
        value = value.replace(".", "")
    number = decimal.Decimal(value)  # InvalidOperation for anything else
    if not number.is_finite():
        raise decimal.InvalidOperation
    return number


class NumberField(forms.CharField):
    """A decimal typed the Vietnamese way or the English way (see ``parse_number``)."""

    def __init__(self, *args, decimal_places=2, **kwargs):
        self.decimal_places = decimal_places
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            number = parse_number(value)
        except (decimal.InvalidOperation, ValueError) as exc:
            raise forms.ValidationError(_("Enter a number, such as 1.234,5.")) from exc
        if abs(number) >= 10**12:
            raise forms.ValidationError(_("This number is too large."))
        if -number.as_tuple().exponent > self.decimal_places:
            raise forms.ValidationError(
                _("Give at most %(n)s digits after the decimal mark."),
                params={"n": self.decimal_places},
            )
        return number


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each one's type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


def indicator_help(task: Task) -> str:
    """``Indicator: … · measure … · baseline … · target … (2030)`` for the value field."""
    parts = [f"{_('Indicator')}: {task.indicator}"]
    if task.measure:
        parts.append(f"{_('measure')}: {task.measure}")
    if task.baseline is not None:
        parts.append(f"{_('baseline')}: {fmt_number(task.baseline)}")
    if task.target is not None:
        target = f"{_('target')}: {fmt_number(task.target)}"
        if task.target_year:
            target += f" ({task.target_year})"
        parts.append(target)
    return " · ".join(parts)


def fmt_number(number) -> str:
    return formats.number_format(number.normalize(), use_l10n=True, force_grouping=True)


class MilestoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Milestone) -> str:
        what = obj.deliverable or (fmt_number(obj.expected_value) if obj.expected_value else "")
        return f"{obj.when_label}: {what}" if what else obj.when_label


class ProgressForm(forms.Form):
    """The lead unit's report on one task for one period.

    ``periods`` run from the program's first approval to the current period (latest first);
    a period already reported says so in its label, because a new report replaces it.
    """

    period = forms.TypedChoiceField(
        label=_("Period"), coerce=datetime.date.fromisoformat, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=TaskStatus.choices, widget=forms.RadioSelect
    )
    value = NumberField(label=_("Value reached"), required=False)
    narrative = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    milestone = MilestoneChoiceField(
        label=_("Milestone reached"),
        queryset=Milestone.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    # Named like BaseForm.files (the uploads); Django moves declared fields to base_fields.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Evidence files (PDF or Word)"),
        required=False,
    )

    def __init__(self, *args, task: Task, today: datetime.date, reported=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task
        program = task.program
        reported = reported or {}
        starts = []
        if program.first_approved_on:
            starts = periods_between(program.first_approved_on, today, program.reporting_period)
        choices = []
        for start in reversed(starts):
            label = period_label(start, program.reporting_period)
            if start in reported:
                label = _("%(period)s — reported on %(day)s, a new report replaces it") % {
                    "period": label,
                    "day": reported[start].strftime("%d/%m/%Y"),
                }
            choices.append((start.isoformat(), label))
        cast(forms.ChoiceField, self.fields["period"]).choices = choices
        cast(forms.ModelChoiceField, self.fields["milestone"]).queryset = task.milestones.order_by(
            "due_on", "order", "id"
        )
        if task.is_measurable:
            self.fields["value"].help_text = indicator_help(task)
        else:
            self.fields["value"].help_text = _("This task has no indicator: a value is optional.")
        self.fields["files"].help_text = _(
            "Up to 5 files, PDF or Word (.docx), at most %(mb)s MB each."
        ) % {"mb": _max_mb()}
        if not task.milestones.exists():
            del self.fields["milestone"]


def _max_mb() -> int:

    return max_upload_bytes() // 1024 // 1024


class ReviewYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class ReviewForm(forms.ModelForm):
    """The narrative sections people write; the figures come from the data."""

    class Meta:
        model = AnnualReview
        fields = ["results", "shortcomings", "causes", "lessons", "next_year"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        help_texts = {
            "results": _("What was achieved, with the figures above."),
            "shortcomings": _("What fell short of the roadmap, and where."),
            "causes": _("Objective and subjective causes."),
            "next_year": _("The tasks and solutions for next year."),
        }


class RuleForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Progress rule"), choices=ProgressRule.choices, widget=forms.RadioSelect
    )
