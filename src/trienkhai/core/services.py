"""Helpers every service uses: the permission check and validation that speaks Vietnamese."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def require(user, action: str, unit) -> None:
    """Raise PermissionDenied unless ``user`` may perform ``action`` on ``unit``.

    The check is the same ``for_user`` scoping every read uses, so what a user may change is
    always a subset of what they may see.
    """
    from trienkhai.units.models import Unit

    if unit is None or not Unit.objects.for_user(user, action).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You do not have permission to do this here."))


def clean_or_raise(obj, exclude=None) -> None:
    """``full_clean`` with the model's own messages (translated), before any write."""
    obj.full_clean(exclude=exclude)


__all__ = ["PermissionDenied", "ValidationError", "clean_or_raise", "require"]
