"""Forms of the outreach pages. Choices are scoped: plans the user may read that are issued,
key points of their resolutions, units of the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Action
from trienkhai.core.fields import DayField
from trienkhai.core.forms import IdMultipleChoiceField
from trienkhai.core.parsing import parse_int
from trienkhai.core.views import DATE_INPUT
from trienkhai.resolutions.models import KeyPoint, Plan, Resolution
from trienkhai.resolutions.scope import visible_plans
from trienkhai.units.models import Unit

from .models import (
    ANSWER_MAX,
    CONTACT_MAX,
    CONTENT_MAX,
    COUNT_MAX,
    QUESTION_MAX,
    THEMES_MAX,
    TITLE_MAX,
    Activity,
    Answer,
    Channel,
)
from .services import answers_above

#: The most plans (and resolutions) a form offers: the latest ones.
CHOICES_LIMIT = 200


class CountField(forms.CharField):
    """A count typed by people (reach, population, opinions): ASCII digits, 0 or more, read
    with ``core.parsing`` (``²`` and ``-5`` are errors on the form, never a crash)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]*"})

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        number = parse_int(text.replace(".", "").replace(" ", ""), 0, COUNT_MAX)
        if number is None:
            raise forms.ValidationError(_("Write a whole number, 0 or more."))
        return number


def plan_choices(user: Any) -> Any:
    return visible_plans(user).filter(status=Plan.Status.ISSUED).order_by("-issued_on", "-id")


class PlanChoiceField(forms.ModelChoiceField[Plan]):
    def label_from_instance(self, obj: Plan) -> str:
        return f"{obj.number} · {obj.title}"[:120]


class KeyPointField(IdMultipleChoiceField):
    def label_from_instance(self, obj: KeyPoint) -> str:
        return f"{obj.resolution.number} · {obj.order}. {obj.text[:100]}"


class ActivityForm(forms.Form):
    plan = PlanChoiceField(label=_("Plan"), queryset=Plan.objects.none())
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    held_on = DayField(label=_("Date"), widget=DATE_INPUT)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    key_points = KeyPointField(
        label=_("Key points carried"),
        queryset=KeyPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    link = forms.URLField(
        label=_("Link (article, video, post)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    evidence = forms.FileField(
        label=_("Evidence (photo JPEG/PNG or PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    reach = CountField(
        label=_("Reach (listeners, readers, views, copies, attendees)"), required=True
    )
    audience_unit = forms.ModelChoiceField(
        label=_("Population addressed: a unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Its size is then taken from the unit's data unless you enter it."),
    )
    audience_label = forms.CharField(
        label=_("… or a group (a hamlet, the youth of a ward)"), max_length=200, required=False
    )
    audience_size = CountField(label=_("Size of the population addressed"), required=False)
    opinions = CountField(label=_("Opinions received (how many)"), required=False)
    opinion_themes = forms.CharField(
        label=_("Main themes of the opinions (a few words)"), max_length=THEMES_MAX, required=False
    )

    def __init__(self, *args: Any, user: Any, obj: Unit | Activity, **kwargs: Any) -> None:
        """``obj``: the unit recording an activity, or the activity being corrected (the
        form then starts from what it says; its plan stays a choice even when older than the
        latest plans offered)."""
        super().__init__(*args, **kwargs)
        unit = obj.unit if isinstance(obj, Activity) else obj
        plan_ids = [p.pk for p in plan_choices(user)[:CHOICES_LIMIT]]
        if isinstance(obj, Activity):
            plan_ids.append(obj.plan_id)
        self.fields["plan"].queryset = plan_choices(user).filter(  # type: ignore[attr-defined]
            pk__in=plan_ids
        )
        self.fields["key_points"].queryset = (  # type: ignore[attr-defined]
            KeyPoint.objects.filter(resolution__plans__in=plan_ids)
            .select_related("resolution")
            .distinct()
            .order_by("resolution__number", "order")
        )
        self.fields["audience_unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.for_user(user, Action.VIEW)
            .filter(path__prefix=unit.path, depth__lte=unit.depth + 1)
            .order_by("path")
        )
        if isinstance(obj, Activity):
            self.fill(obj)

    def fill(self, activity: Activity) -> None:
        """Start from what the activity says; the evidence field keeps the file unless
        another is chosen (no link to the stored file: it is served only through its page)."""
        for name in (
            "plan",
            "channel",
            "held_on",
            "title",
            "link",
            "reach",
            "audience_unit",
            "audience_label",
            "audience_size",
            "opinions",
            "opinion_themes",
        ):
            self.fields[name].initial = getattr(activity, name)
        self.fields["key_points"].initial = [p.pk for p in activity.key_points.all()]
        if activity.evidence_name:
            self.fields["evidence"].help_text = _(
                "Leave empty to keep the file given: %(name)s. A file chosen replaces it."
            ) % {"name": activity.evidence_name}


def _bounded(max_length: int) -> list[Any]:
    return [MaxLengthValidator(max_length)]


class PageForm(forms.Form):
    resolution = forms.ModelChoiceField(label=_("Resolution"), queryset=Resolution.objects.none())
    content = forms.CharField(
        label=_("Core content in plain language"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=CONTENT_MAX,
        validators=_bounded(CONTENT_MAX),
        help_text=_("Short sentences, everyday words: what it means for the people of the unit."),
    )

    def __init__(self, *args: Any, user: Any, obj: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(obj, Unit):
            self.fields["resolution"].queryset = (  # type: ignore[attr-defined]
                Resolution.objects.for_user(user, Action.VIEW)
                .filter(plans__in=plan_choices(user).values("pk"))
                .distinct()
                .order_by("-issued_on", "number")
            )
        else:
            del self.fields["resolution"]
            self.fields["content"].initial = obj.content


class AnswerForm(forms.Form):
    question = forms.CharField(
        label=_("Question as it will be published"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=QUESTION_MAX,
    )
    text = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}), max_length=ANSWER_MAX
    )
    key_points = KeyPointField(
        label=_("Key points it explains"),
        queryset=KeyPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, obj: Any, **kwargs: Any) -> None:
        """``obj``: the question being answered, or the draft answer being reworked."""
        super().__init__(*args, **kwargs)
        if isinstance(obj, Answer):
            self.fields["question"].initial = obj.question
            self.fields["text"].initial = obj.text
            self.fields["key_points"].initial = [p.pk for p in obj.key_points.all()]
        else:
            self.fields["question"].initial = obj.text
        self.fields["key_points"].queryset = KeyPoint.objects.filter(  # type: ignore[attr-defined]
            resolution_id=obj.page.resolution_id
        ).select_related("resolution")


class ReuseForm(forms.Form):
    answer = forms.ModelChoiceField(label=_("Answer"), queryset=Answer.objects.none())

    def __init__(self, *args: Any, user: Any, obj: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = answers_above(obj)  # type: ignore[attr-defined]


class QuestionForm(forms.Form):
    """The public's question form: the question, an optional contact, a honeypot field that
    people never see (``website``) and the signed time the form was shown (``stamp``)."""

    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": QUESTION_MAX}),
        max_length=QUESTION_MAX,
    )
    contact = forms.CharField(
        label=_("How to reach you (optional: phone or e-mail)"),
        max_length=CONTACT_MAX,
        required=False,
        help_text=_("Only if you want a reply; nothing else about you is kept."),
    )
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))
    stamp = forms.CharField(widget=forms.HiddenInput, max_length=200)


class MergeForm(forms.Form):
    answer = forms.ModelChoiceField(
        label=_("Published answer"), queryset=Answer.objects.none(), widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: Any, obj: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = obj.page.answers.filter(  # type: ignore[attr-defined]
            state=Answer.State.PUBLISHED
        )


class ConfirmForm(forms.Form):
    """A confirmation with nothing to fill in: the POST is the decision (a withdrawal)."""

    def __init__(self, *args: Any, user: Any, obj: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
