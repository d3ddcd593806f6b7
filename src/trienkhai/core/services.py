"""Helpers every service uses: validation that speaks the user's language.

The permission check services start with is ``core.access.require``."""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models


def clean_or_raise(obj: models.Model, exclude: Collection[str] | None = None) -> None:
    """``full_clean`` with the model's own messages (translated), before any write."""
    obj.full_clean(exclude=exclude)


__all__ = ["PermissionDenied", "ValidationError", "clean_or_raise"]
