"""Forms shared by every app."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form: one message for a wrong name or a wrong password, so the form
    never reveals whether a user exists; inactive users get the same message."""

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        if not user.is_active:
            raise self.get_invalid_login_error()
