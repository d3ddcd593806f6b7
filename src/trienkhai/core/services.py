"""Helpers every service uses: validation that speaks the user's language.

The permission check services start with is ``core.access.require``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


def clean_or_raise(obj, exclude=None) -> None:
    """``full_clean`` with the model's own messages (translated), before any write."""
    obj.full_clean(exclude=exclude)


__all__ = ["PermissionDenied", "ValidationError", "clean_or_raise"]
