"""Forms shared by every app."""

from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .parsing import parse_id


class LoginForm(AuthenticationForm):
    """Django's login form: one message for a wrong name or a wrong password, so the form
    never reveals whether a user exists; inactive users get the same message."""

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
