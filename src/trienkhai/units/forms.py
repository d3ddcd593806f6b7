"""Forms of the organisation screens. Every choice of a unit or person is scoped to the user,
so a forged id in a form is an invalid choice, not a way into another subtree."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core import textvi
from trienkhai.core.access import Action, AnyUser, Role
from trienkhai.core.fields import DayField
from trienkhai.core.models import User
from trienkhai.core.parsing import parse_id

from .models import Person, Unit

DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


class UnitCodeField(forms.CharField):
    """A unit chosen by its code (with an autocomplete), looked up within the user's scope."""

    def __init__(self, *args: Any, action: str = Action.CHANGE, **kwargs: Any) -> None:
        self.user: AnyUser | None = None
        self.action = action
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {
                "list": "unit-codes",
                "autocomplete": "off",
                "data-lookup": reverse_lazy("units:lookup"),
            }
        )

    def clean(self, value: Any) -> Unit | None:
        value = super().clean(value)
        if not value:
            return None
        unit = (
            Unit.objects.for_user(self.user, self.action)
            .filter(code=textvi.normalize(value).upper())
            .first()
        )
        if unit is None:
            raise forms.ValidationError(
                _("There is no unit with code %(code)s in your scope."), params={"code": value}
            )
        return unit


class ScopedForm(forms.Form):
    """A form that knows the acting user and the object it is about."""

    def __init__(self, *args: Any, user: AnyUser, obj: Any = None, **kwargs: Any) -> None:
        self.user = user
        self.obj = obj
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, UnitCodeField | PersonRefField):
                field.user = user


class UnitForm(ScopedForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=64, required=False)
    code = forms.CharField(label=_("Code"), max_length=32)
    kind = forms.ChoiceField(label=_("Kind"), choices=Unit.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Unit.Level.choices)
    active_from = DayField(label=_("Active from"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, edit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if edit and self.obj is not None and not self.is_bound:
            for name in self.fields:
                self.initial[name] = getattr(self.obj, name)

    def clean_code(self) -> str:
        code = textvi.normalize(self.cleaned_data["code"]).upper()
        if not code.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise forms.ValidationError(_("Use only letters, digits, '-', '_' or '.'."))
        return code


class MoveUnitForm(ScopedForm):
    new_parent = UnitCodeField(label=_("New parent unit (code)"))


class CloseUnitForm(ScopedForm):
    on = DayField(label=_("Closed on"), widget=DATE_WIDGET)


class PersonForm(ScopedForm):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    member_code = forms.CharField(label=_("Member code"), max_length=32, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Person.Gender.choices], required=False
    )
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    unit = UnitCodeField(label=_("Home unit (code)"))
    is_party_member = forms.BooleanField(label=_("Party member"), required=False)
    exempt_from_activity = forms.BooleanField(label=_("Exempt from party activity"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=Person.Category.choices)
    left_on = DayField(
        label=_("Left on"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Moved away, died or struck off: the person no longer counts."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            return
        if isinstance(self.obj, Person):
            for name in self.fields:
                self.initial[name] = getattr(self.obj, name)
            self.initial["unit"] = self.obj.unit.code
        elif isinstance(self.obj, Unit):
            self.initial.update(unit=self.obj.code, is_party_member=True)

    def clean_birth_year(self) -> int | None:
        year: int | None = self.cleaned_data["birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not 1900 <= year <= this_year:
            raise forms.ValidationError(
                _("The year of birth must be between 1900 and %(year)d."),
                params={"year": this_year},
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("exempt_from_activity") and not data.get("is_party_member"):
            self.add_error(
                "exempt_from_activity", _("Only party members can be exempt from party activity.")
            )
        return data


class PersonRefField(forms.CharField):
    """A person chosen by member code (or ``#id`` from the autocomplete, for non-members
    without a code), looked up among the current people the user may see."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.user: AnyUser | None = None
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {
                "list": "person-refs",
                "autocomplete": "off",
                "data-lookup": reverse_lazy("units:person-lookup"),
            }
        )

    def clean(self, value: Any) -> Person | None:
        value = textvi.normalize(super().clean(value))
        if not value:
            return None
        people = Person.objects.for_user(self.user, Action.VIEW).current()
        if value.startswith("#"):
            pk = parse_id(value[1:])
            person = None if pk is None else people.filter(pk=pk).first()
        else:
            person = people.filter(member_code=value.upper()).first()
        if person is None:
            raise forms.ValidationError(
                _("There is no person with member code %(code)s in your scope."),
                params={"code": value},
            )
        return person


class PositionForm(ScopedForm):
    person = PersonRefField(
        label=_("Person (member code)"),
        help_text=_("Type a name or a member code and pick from the list."),
    )
    title = forms.CharField(label=_("Position title"), max_length=120)
    is_head = forms.BooleanField(label=_("Head of the unit"), required=False)
    started_on = DayField(label=_("From"), required=False, widget=DATE_WIDGET)


class RoleForm(ScopedForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active user with this name."))
        return user


class LoginCreateForm(ScopedForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self) -> str:
        name: str = self.cleaned_data["username"].strip()
        if not name:
            raise forms.ValidationError(_("The user name cannot be empty."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
