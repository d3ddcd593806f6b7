"""Who may do what, where: the one place roles are read.

A role (viewer, clerk, head, inspector, administrator) is held on a unit and covers that unit
and everything under it. Code never asks "which role does this user hold?"; it asks for an
*action* — ``may(user, "change", unit)`` — and this module answers from the roles that grant
it. Actions are named once: the core declares the generic ones below, and an app that needs
its own (grading learning reports, say) declares it in its ``access.py`` with the roles that
may perform it.

The user's role assignments are read once per request (one query: a handful of unit paths
and roles, cached on the user object, which Django builds afresh for every request) and
every later question is answered from them in Python without a query:

- ``may(user, action, target)`` / ``require(...)``: is the target (a unit, or anything with a
  ``unit``) inside a subtree the user holds the action on? Services call ``require``; views and
  templates call ``may`` (``{% may "change" unit as can_change %}``).
- ``role_paths(user, action)``: the minimal set of those subtrees' paths; the scoping queryset
  (``core.querysets.ScopedQuerySet.for_user``) turns them into path-prefix ranges in SQL,
  so lists are restricted in the database by the same rule ``may`` applies to one object.
- ``holds(user, action, unit)``: a role granting the action held on the unit itself, not
  above it (a commune's program is approved by the commune's head, not the province's).

The role assignments live in the model named by ``settings.TRIENKHAI_ROLE_MODEL`` (like
Django's ``AUTH_USER_MODEL``): the organisation app owns them, and the core reads them
without importing it, so dependencies keep flowing one way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

#: Whoever makes a request: a login or the anonymous visitor (``request.user``). Services take
#: it as ``user``; the questions below answer ``False`` (or nothing) for an anonymous one.
type AnyUser = User | AnonymousUser


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    CLERK = "clerk", _("Clerk")
    HEAD = "head", _("Head")
    INSPECTOR = "inspector", _("Inspector")
    ADMIN = "admin", _("Administrator")


@dataclass(frozen=True)
class ActionSpec:
    """A declared action: its name, what it reads as, and the roles that grant it."""

    name: str
    label: str | Promise
    roles: frozenset[str]


_ACTIONS: dict[str, ActionSpec] = {}


def declare(name: str, *, label: str | Promise, roles: Iterable[str]) -> str:
    """Name an action once, with the roles that may perform it; returns the name.

    The administrator may do everything, so ``Role.ADMIN`` is always added."""
    spec = ActionSpec(name=name, label=label, roles=frozenset({*roles, Role.ADMIN}))
    known = _ACTIONS.get(name)
    if known is not None and known.roles != spec.roles:
        raise ValueError(f"action {name!r} is declared twice with different roles")
    _ACTIONS[name] = spec
    return name


def actions() -> dict[str, ActionSpec]:
    """Every declared action (for the permission matrix and the docs)."""
    return dict(_ACTIONS)


def roles_granting(action: str) -> frozenset[str]:
    """The roles whose holders may perform ``action``."""
    try:
        return _ACTIONS[action].roles
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None


class Action:
    """The generic actions, declared by the core. Apps add their own with ``declare``."""

    VIEW = declare(
        "view",
        label=_("view"),
        roles={Role.VIEWER, Role.CLERK, Role.HEAD, Role.INSPECTOR},
    )
    CHANGE = declare("change", label=_("change"), roles={Role.CLERK, Role.HEAD})
    APPROVE = declare("approve", label=_("approve"), roles={Role.HEAD})
    INSPECT = declare("inspect", label=_("inspect"), roles={Role.INSPECTOR})
    MANAGE_ROLES = declare("manage_roles", label=_("manage roles"), roles=())
    AUDIT = declare("audit", label=_("read the audit log"), roles=())
    CONFIGURE = declare("configure", label=_("choose settings such as the progress rule"), roles=())


# --- the user's roles, read once per request -------------------------------------------------

_CACHE = "_trienkhai_roles"


def role_model() -> type[models.Model]:
    """The model of role assignments (user × unit × role), from settings."""
    return apps.get_model(settings.TRIENKHAI_ROLE_MODEL)


def _active(user: AnyUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _assignments(user: AnyUser) -> list[tuple[str, int, str]]:
    """(unit path, unit id, role) of every role the user holds: one query per request."""
    cached: list[tuple[str, int, str]] | None = user.__dict__.get(_CACHE)
    if cached is None:
        cached = list(
            role_model()
            ._default_manager.filter(user_id=user.pk)
            .values_list("unit__path", "unit_id", "role")
        )
        user.__dict__[_CACHE] = cached
    return cached


@dataclass(frozen=True)
class Narrowing:
    """What a request may do at most, whatever the user's roles: an API token's scope. ``paths``
    are the units (and everything under them) it may touch (``None``: all of the user's
    subtrees), ``actions`` the actions it may perform (``None``: all of them). Every question
    below honours it, so a token never reaches beyond its own scope and the user's roles."""

    paths: tuple[str, ...] | None = None
    actions: frozenset[str] | None = None

    def allows(self, action: str) -> bool:
        return self.actions is None or action in self.actions

    def covers(self, path: str) -> bool:
        return self.paths is None or any(path.startswith(p) for p in self.paths)


_NARROWING = "_trienkhai_narrowing"


def narrow(user: AnyUser, narrowing: Narrowing | None) -> None:
    """Let this request (``user`` is built afresh for each) act within ``narrowing`` only."""
    user.__dict__.pop("_trienkhai_role_paths", None)
    if narrowing is None:
        user.__dict__.pop(_NARROWING, None)
    else:
        user.__dict__[_NARROWING] = narrowing


def narrowing_of(user: AnyUser | None) -> Narrowing | None:
    return None if user is None else user.__dict__.get(_NARROWING)


def unrestricted(user: AnyUser | None) -> bool:
    """A superuser acting without a narrowing: every row, no question asked."""
    return bool(
        user is not None and _active(user) and user.is_superuser and narrowing_of(user) is None
    )


def forget(user: AnyUser) -> None:
    """Drop what was read of the user's roles, after they changed within a request."""
    user.__dict__.pop(_CACHE, None)
    user.__dict__.pop("_trienkhai_role_paths", None)


def role_paths(user: AnyUser | None, action: str) -> list[str]:
    """The minimal set of unit paths on which ``user`` may perform ``action`` (sorted; no path
    under another). Empty for an anonymous or inactive user; superusers are not asked."""
    if user is None or not _active(user):
        return []
    by_action: dict[str, list[str]] = user.__dict__.setdefault("_trienkhai_role_paths", {})
    if action not in by_action:
        granting = roles_granting(action)
        narrowing = narrowing_of(user)
        if narrowing is not None and not narrowing.allows(action):
            paths: list[str] = []
        elif user.is_superuser:  # narrowed (else never asked): everything, within the narrowing
            paths = [""]
        else:
            paths = sorted({path for path, _id, role in _assignments(user) if role in granting})
        if narrowing is not None and narrowing.paths is not None:
            # Each subtree of the roles, cut to the parts the narrowing covers.
            paths = sorted(
                {n for p in paths for n in narrowing.paths if n.startswith(p)}
                | {p for p in paths if narrowing.covers(p)}
            )
        minimal: list[str] = []
        for path in paths:  # sorted, so an ancestor comes before its descendants
            if not minimal or not path.startswith(minimal[-1]):
                minimal.append(path)
        by_action[action] = minimal
    return by_action[action]


def _path_of(target: object) -> str:
    """The unit path of a unit or of anything that belongs to one."""
    path = getattr(target, "path", None)
    if isinstance(path, str):
        return path
    unit = getattr(target, "unit", None)
    if unit is not None:
        return str(unit.path)
    raise TypeError(f"cannot tell which unit {target!r} belongs to")


def may(user: AnyUser | None, action: str, target: object = None) -> bool:
    """Whether ``user`` may perform ``action`` on ``target`` (a unit, or a row with a ``unit``);
    with no target, whether they may perform it anywhere at all (to show a menu entry)."""
    roles_granting(action)  # an unknown action is a programming error, even for superusers
    if user is None or not _active(user):
        return False
    if unrestricted(user):
        return True
    paths = role_paths(user, action)
    if target is None:
        return bool(paths)
    path = _path_of(target)
    return any(path.startswith(p) for p in paths)


def require(user: AnyUser | None, action: str, target: object) -> None:
    """Raise ``PermissionDenied`` unless ``may(user, action, target)``: the first line of
    every service that writes."""
    if target is None or not may(user, action, target):
        raise PermissionDenied(_("You do not have permission to do this here."))


def holds(user: AnyUser | None, action: str, unit: models.Model) -> bool:
    """Whether ``user`` holds a role granting ``action`` on ``unit`` itself, not on a unit
    above it: the head of a commune approves its program; the province's head does not."""
    if user is None or not _active(user):
        return False
    narrowing = narrowing_of(user)
    if narrowing is not None and not (
        narrowing.allows(action) and narrowing.covers(str(getattr(unit, "path", "")))
    ):
        return False
    if user.is_superuser:
        return True
    granting = roles_granting(action)
    return any(
        unit_id == unit.pk and role in granting for _path, unit_id, role in _assignments(user)
    )


def holders(unit: models.Model) -> models.QuerySet[Any, dict[str, Any]]:
    """The ids of the users holding any role on ``unit`` itself, as a subquery (the people a
    head may name as a deputy)."""
    return role_model()._default_manager.filter(unit_id=unit.pk).values("user_id")


def top_path(user: AnyUser | None, action: str, under: str | None = None) -> str | None:
    """The path of the highest unit the user holds ``action`` on (at or under the unit at
    ``under`` if given; ``under`` itself when a role covers it). None if there is none."""
    paths = role_paths(user, action)
    if under is not None:
        if any(under.startswith(p) for p in paths):
            return under
        paths = [p for p in paths if p.startswith(under)]
    if not paths:
        return None
    return min(paths, key=lambda p: (len(p), p))


__all__ = [
    "Action",
    "ActionSpec",
    "AnyUser",
    "Narrowing",
    "PermissionDenied",
    "Role",
    "actions",
    "declare",
    "forget",
    "holders",
    "holds",
    "may",
    "narrow",
    "narrowing_of",
    "require",
    "role_model",
    "role_paths",
    "roles_granting",
    "top_path",
    "unrestricted",
]
