"""The one way in: every read of unit-owned rows goes through ``for_user(user, action)``.

The user's role paths (a handful of short strings: the materialised paths of the units they
hold a role on, from ``core.access``, read once per request) become ``path__prefix`` range
conditions, so the restriction happens in SQL on an indexed column, whatever the size of the
tree. No list of row ids is ever collected in Python.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.db.models.lookups import Exact

from .access import role_model, role_paths, roles_granting, unrestricted

if TYPE_CHECKING:
    from .access import AnyUser

_M = TypeVar("_M", bound=models.Model, covariant=True)

STEPLEN = 4  # characters of the materialised path per level (units.Unit.steplen)


def column_of(model: type[models.Model], name: str) -> str:
    """The database column of one of ``model``'s own fields, for hand-written SQL
    (``get_field`` also answers reverse relations, which have no column)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column, f"{name} is not a concrete field"
    return field.column


def ancestor_paths(path: str, include_self: bool = False) -> list[str]:
    """The paths of the units above ``path`` (top first), and ``path`` itself if asked:
    "the units above me" is a handful of strings, matched with ``path__in``."""
    end = len(path) + (STEPLEN if include_self else 0)
    return [path[:i] for i in range(STEPLEN, end, STEPLEN)]


def _holding(user_id: Any, action: str) -> models.QuerySet[Any, Any]:
    return role_model()._default_manager.filter(
        user_id=OuterRef(user_id), role__in=roles_granting(action)
    )


def held_over(user_id: Any, path: str, action: str) -> Exists:
    """``EXISTS`` a role granting ``action``, held by the user whose id is ``user_id`` (a
    column, or an ``OuterRef``, of the query it filters) on the unit at ``path`` (a lookup of
    that query) or on one above it: ``path__prefix`` of the user's ``role_paths``, in SQL."""
    return Exists(
        _holding(user_id, action).filter(unit__path=Substr(OuterRef(path), 1, Length("unit__path")))
    )


def held_under(user_id: Any, path: str, action: str) -> Exists:
    """``EXISTS`` such a role on a unit strictly under the unit at ``path``: ``path`` is one of
    the ``ancestor_paths`` of the user's ``role_paths``."""
    outer = OuterRef(path)
    return Exists(
        _holding(user_id, action).filter(
            Exact(Substr("unit__path", 1, Length(outer)), outer), unit__path__gt=outer
        )
    )


class ScopedQuerySet(models.QuerySet[_M, _M]):
    """A queryset that knows where its rows hang in the unit tree."""

    #: The lookup from this model to the materialised path of its unit.
    path_lookup = "unit__path"
    #: Documents issued from above (resolutions, plans) are addressed to the units below:
    #: for the ``view`` action, such rows of the units *above* a user's roles are visible too.
    visible_from_below = False

    def for_user(self, user: AnyUser | None, action: str = "view") -> Self:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if unrestricted(user):
            return self.all()
        paths = role_paths(user, action)
        if not paths:
            return self.none()
        q = self.scope_q(paths)
        if self.visible_from_below and action == "view":
            above = {a for p in paths for a in ancestor_paths(p)}
            if above:
                from_above = Q(**{f"{self.path_lookup}__in": sorted(above)})
                addressed = self.addressed_below()
                q |= from_above if addressed is None else from_above & addressed
        return self.filter(q)

    def for_holder(self, user_id: Any, action: str = "view") -> Self:
        """``for_user`` for many people at once: the rows that the user whose id is the
        expression ``user_id`` (an ``OuterRef`` to a column of the query this one is a subquery
        of: a notification's recipient) may perform ``action`` on through the role assignments
        they hold now, joined in SQL instead of read into Python, so the query is the same
        whoever the user is and one query answers for a whole batch of people.

        The same rule as ``for_user`` for an active user who is not a superuser (the caller
        keeps those apart: the inactive see nothing, superusers everything) and has no
        narrowing (a request's token, never a batch's): a role's unit is the row's unit or one
        above it (``scope_q``), or, for documents addressed below, one under it.

        A subclass that overrides ``for_user`` overrides this too, by the same rule
        (``notifications/tests/test_batch.py`` holds each target model to it)."""
        q: Any = held_over(user_id, self.path_lookup, action)
        if self.visible_from_below and action == "view":
            below = held_under(user_id, self.path_lookup, action)
            addressed = self.addressed_below()
            q |= below if addressed is None else below & addressed
        return self.filter(q)

    def addressed_below(self) -> Q | None:
        """Of the rows of the units above, those addressed to the units below (an issued
        plan, an adopted program; drafts stay with their unit). ``None``: all of them."""
        return None

    def scope_q(self, paths: list[str]) -> Q:
        return reduce(or_, (Q(**{f"{self.path_lookup}__prefix": p}) for p in paths))

    def within(self, unit: Any) -> Self:
        """Rows of ``unit`` and of every unit under it."""
        return self.filter(**{f"{self.path_lookup}__prefix": unit.path})
