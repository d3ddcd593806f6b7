"""Forms shared by every app."""

from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from .parsing import parse_id


class LoginForm(AuthenticationForm):
    """Django's login form: one message for a wrong name or a wrong password, so the form
    never reveals whether a user exists; inactive users get the same message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What is wrong with the name itself is said on the field (the page shows it): an
        # empty name, or one with a NUL character (pasted), which no user has.
        username, password = self.fields["username"], self.fields["password"]
        username.error_messages["required"] = _("Enter your user name.")
        password.error_messages["required"] = _("Enter your password.")
        nul = ProhibitNullCharactersValidator(_("A user name cannot contain a NUL character."))
        username.validators = [  # the field's own list (the form's copy of the field)
            nul if isinstance(v, ProhibitNullCharactersValidator) else v
            for v in username.validators
        ]

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        if not user.is_active:
            raise self.get_invalid_login_error()


class IdMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Django's multiple choice of rows by id, refusing what is not an id before it queries:
    Django looks ``id IN (…)`` up with the values as typed, and an id larger than the column
    holds (``18446744073709551616``) is then a server error instead of an invalid choice."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # Django's private check
