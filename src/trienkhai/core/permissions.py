"""Roles and the actions they allow.

A role is held on a unit and covers that unit and everything under it. Views and services
ask for an *action*; the roles that grant it are looked up here, in one place.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    CLERK = "clerk", _("Clerk")
    HEAD = "head", _("Head")
    INSPECTOR = "inspector", _("Inspector")
    ADMIN = "admin", _("Administrator")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CHANGE = "change", _("change")
    APPROVE = "approve", _("approve")
    INSPECT = "inspect", _("inspect")
    MANAGE_ROLES = "manage_roles", _("manage roles")
    AUDIT = "audit", _("read the audit log")
    CONFIGURE = "configure", _("choose settings such as the progress rule")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.CLERK: frozenset({Action.VIEW, Action.CHANGE}),
    Role.HEAD: frozenset({Action.VIEW, Action.CHANGE, Action.APPROVE}),
    Role.INSPECTOR: frozenset({Action.VIEW, Action.INSPECT}),
    Role.ADMIN: frozenset(Action.values),
}


def roles_granting(action: str) -> list[str]:
    """The roles whose holders may perform ``action``."""
    if action not in Action.values:
        raise ValueError(f"unknown action {action!r}")
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]
