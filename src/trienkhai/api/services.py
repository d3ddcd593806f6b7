"""Making and revoking API tokens (the token page, ``trienkhai token create``)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import access
from trienkhai.core.access import Action, AnyUser
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Unit

from .models import ApiToken

TOKEN_PREFIX = "tk_"
MAX_DAYS = 366
DEFAULT_DAYS = 90


def digest_of(secret: str) -> str:
    """Tokens are 256 random bits: a plain SHA-256 is enough (no guessing to slow down)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _audit_unit(user: AnyUser, units: list[Unit]) -> Unit:
    """The unit a token's events are logged under: its first unit, else the user's top one."""
    if units:
        return units[0]
    top = Unit.objects.top_for(user, Action.VIEW) or Unit.objects.filter(depth=1).first()
    if top is None:
        raise ValidationError(_("There is no unit yet."))
    return top


@transaction.atomic
def create_token(
    *,
    user: AnyUser,
    name: str,
    days: int = DEFAULT_DAYS,
    units: Iterable[Unit] = (),
    actions: Iterable[str] = (),
    kind: str = ApiToken.Kind.PERSONAL,
    rate_per_minute: int = 120,
) -> tuple[ApiToken, str]:
    """Make a token for ``user`` itself, narrowed to ``units`` and ``actions`` (both within the
    user's own roles; empty: all of them). Returns the token and its secret, shown once. A
    service token is made by whoever manages the roles of its units (an administrator)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("You do not have permission to do this here."))
    units = list(units)
    actions = sorted(set(actions))
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the token a name.")]
    elif len(name) > 80:
        errors["name"] = [_("At most 80 characters.")]
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [_("A token lasts from 1 to %(max)s days.") % {"max": MAX_DAYS}]
    if not 1 <= rate_per_minute <= 6000:
        errors["rate_per_minute"] = [_("From 1 to 6000 requests a minute.")]
    known = access.actions()
    for action in actions:
        if action not in known:
            errors.setdefault("actions", []).append(_("Unknown action: %(a)s") % {"a": action})
        elif not access.may(user, action):
            errors.setdefault("actions", []).append(
                _("Your roles do not grant “%(a)s”.") % {"a": known[action].label}
            )
    for unit in units:
        if not access.may(user, Action.VIEW, unit):
            errors.setdefault("units", []).append(
                _("%(unit)s is outside your roles.") % {"unit": unit.name}
            )
    if kind not in ApiToken.Kind.values:
        errors["kind"] = [_("Unknown kind of token.")]
    elif kind == ApiToken.Kind.SERVICE and not (
        all(access.may(user, Action.MANAGE_ROLES, u) for u in units)
        if units
        else access.may(user, Action.MANAGE_ROLES)
    ):
        raise PermissionDenied(_("Only an administrator makes service tokens."))
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        kind=kind,
        name=name,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=digest_of(secret),
        actions=actions,
        rate_per_minute=rate_per_minute,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token.units.set(units)
    record(
        user=user,
        verb=AuditEvent.Verb.CREATE,
        obj=token,
        unit=_audit_unit(user, units),
        after={
            "name": name,
            "kind": kind,
            "units": [u.code for u in units],
            "actions": actions,
            "expires_at": token.expires_at.isoformat(),
        },
    )
    return token, secret


@transaction.atomic
def revoke_token(*, user: AnyUser, token: ApiToken) -> ApiToken:
    """The token's owner revokes it (at once: the next request with it is refused)."""
    if not user.is_authenticated or token.user_id != user.pk:
        raise PermissionDenied(_("You do not have permission to do this here."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(
        user=user,
        verb=AuditEvent.Verb.REVOKE,
        obj=token,
        unit=_audit_unit(user, list(token.units.all()[:1])),
        after={"name": token.name},
    )
    return token
