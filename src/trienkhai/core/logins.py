"""Signing in: the throttling of wrong passwords (django-axes) and the second factor
(django-otp: an authenticator app's codes, TOTP, and single-use recovery codes).

Throttling: an account, and separately an address, is locked after
``AXES_FAILURE_LIMIT`` wrong passwords until ``AXES_COOLOFF_TIME`` has passed since the last
one. The person locked out sees why and until when (:func:`lockout_response`); site
administrators see the lockouts and the failed logins and can lift a lockout
(``login_views.SecurityView``).

Second factor: after the password, a session is in one of two states, kept in the session so
that no page pays a query to know it: ``verify`` (the user has an authenticator: they type a
code before anything else) or ``enrol`` (they must have one and have not: they set it up
before anything else). ``SecondFactorMiddleware`` holds them on those pages. Who must have one
is asked of the access module by action (:func:`second_factor_required`).
"""

from __future__ import annotations

import datetime
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import Action, AnyUser, may, role_paths
from .forms import LoginForm
from .models import User

#: The session key holding the second-factor state of a signed-in session.
SESSION_KEY = "trienkhai_second_factor"
VERIFY = "verify"
ENROL = "enrol"
#: How many recovery codes a user gets (each works once).
RECOVERY_CODES = 10


# --- throttling ---------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str | None:
    """The address axes counts failures against. Behind a trusted proxy (TRIENKHAI_TRUSTED_PROXY)
    it is the last address the proxy added to X-Forwarded-For (the one it saw: earlier ones
    were sent by the client and prove nothing); otherwise the connection's address."""
    if settings.TRUSTED_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


@dataclass(frozen=True)
class Lockout:
    until: datetime.datetime
    failures: int


def typed_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The user name a failed login typed, as axes counts it: what the form sent, cut to the
    length of a login (``User.username``), so that an absurd name is counted, not a 500."""
    typed = (credentials or {}).get("username") or request.POST.get("username") or ""
    typed = str(typed).replace("\x00", "")[: User._meta.get_field("username").max_length]
    return typed or None


def lockout_of(username: str | None, address: str | None) -> Lockout | None:
    """The lockout holding this account or this address, if any, and until when."""
    cool_off = get_cool_off()
    assert cool_off is not None, "AXES_COOLOFF_TIME is always set (settings.py)"
    condition = Q(pk__in=[])
    if username:
        condition |= Q(username=username)
    if address:
        condition |= Q(ip_address=address)
    since = timezone.now() - cool_off
    attempts = AccessAttempt.objects.filter(condition, attempt_time__gte=since)
    limit = int(settings.AXES_FAILURE_LIMIT)
    by_user = sum(a.failures_since_start for a in attempts if username and a.username == username)
    by_address = sum(
        a.failures_since_start for a in attempts if address and a.ip_address == address
    )
    if max(by_user, by_address) < limit:
        return None
    last = max(a.attempt_time for a in attempts)
    return Lockout(until=last + cool_off, failures=max(by_user, by_address))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any]
) -> HttpResponse:
    """What a locked-out person sees (axes calls this): the login page, status 429, saying that
    too many wrong passwords were typed and when to try again; the form stays, unfilled."""
    username = get_client_username(request, credentials)
    lockout = lockout_of(username, client_ip(request))
    minutes = int(get_cool_off().total_seconds() // 60)
    return render(
        request,
        "core/login.html",
        {
            "form": LoginForm(request),
            "lockout": lockout,
            "cooloff_minutes": minutes,
            "next": request.POST.get("next", ""),
        },
        status=429,
    )


def forget_failures(username: str) -> None:
    """A right password clears the account's wrong ones (not the address's, see settings)."""
    AccessAttempt.objects.filter(username=username).delete()


def current_lockouts(limit_rows: int = 200) -> list[tuple[AccessAttempt, datetime.datetime]]:
    """The attempt rows that lock an account or an address now (the latest ``limit_rows``),
    newest first, with the time each lockout ends (unless someone tries again before then).
    The sums per account and per address are made in SQL: one query however many rows."""
    cool_off = get_cool_off()
    assert cool_off is not None
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
    limit = int(settings.AXES_FAILURE_LIMIT)
    locked_users = (
        recent.exclude(username=None)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=limit)
        .values("username")
    )
    locked_addresses = (
        recent.exclude(ip_address=None)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=limit)
        .values("ip_address")
    )
    rows = recent.filter(
        Q(username__in=locked_users) | Q(ip_address__in=locked_addresses)
    ).order_by("-attempt_time")[:limit_rows]
    return [(a, a.attempt_time + cool_off) for a in rows]


def unlock(username: str | None, address: str | None) -> int:
    """Lift the lockout of an account and/or an address; returns how many rows went."""
    if username:
        count = AxesProxyHandler.reset_attempts(username=username)
    else:
        count = 0
    if address:
        count += AxesProxyHandler.reset_attempts(ip_address=address)
    return int(count)


#: The length of a top-level unit's path (treebeard's steplen in units.Unit).
ROOT_PATH_LENGTH = 4


def is_site_admin(user: AnyUser) -> bool:
    """Lockouts and second factors are of the whole site: only those who manage roles on a
    top-level unit see them."""
    return any(len(p) == ROOT_PATH_LENGTH for p in role_paths(user, Action.MANAGE_ROLES))


# --- second factor ------------------------------------------------------------------------


def second_factor_required(user: AnyUser) -> bool:
    """Heads and administrators (whoever may approve or manage roles somewhere) must sign in
    with a second factor when TRIENKHAI_REQUIRE_2FA is on."""
    if not settings.TRIENKHAI_REQUIRE_2FA:
        return False
    return may(user, Action.APPROVE) or may(user, Action.MANAGE_ROLES)


def authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def state_after_password(user: User) -> str | None:
    """The session's state once the password was right: ``verify``, ``enrol`` or none."""
    if authenticator(user) is not None:
        return VERIFY
    if second_factor_required(user):
        return ENROL
    return None


def pending_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new secret each time one is started)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an inline SVG QR code for the phone's app."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, border=2))


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 (what an app asks for when the QR cannot be scanned), in groups."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def clean_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def authenticator_code(token: str) -> bool:
    """An authenticator's codes are digits; recovery codes are letters and digits."""
    return token.isascii() and token.isdigit() and len(token) <= 8


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a code it shows; replace the user's recovery codes and
    return them (to be shown once). None when the code is wrong (nothing is written)."""
    if not device.verify_token(clean_code(code)):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(user)
    otp_login(request, device)
    request.session.pop(SESSION_KEY, None)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())


@transaction.atomic
def verify_second_factor(request: HttpRequest, user: User, code: str) -> bool:
    """A code from the authenticator (digits) or one recovery code (used up). Only the device
    the code is for is asked, so a recovery code does not count as a wrong authenticator code;
    each device throttles its own wrong codes (django-otp: a growing wait after each)."""
    token = clean_code(code)
    if not token:
        return False
    model = TOTPDevice if authenticator_code(token) else StaticDevice
    device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is not None and device.verify_token(token):
        otp_login(request, device)
        request.session.pop(SESSION_KEY, None)
        return True
    return False


def throttled(device: TOTPDevice | StaticDevice | None) -> bool:
    """Whether the device waits before taking another code (after wrong ones)."""
    if device is None:
        return False
    allowed, _ = device.verify_is_allowed()
    return not allowed


def device_for(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device a code is for: the authenticator for digits, else the recovery codes."""
    if authenticator_code(clean_code(code)):
        return authenticator(user)
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def remove_second_factor(user: User) -> bool:
    """Remove the user's authenticator and recovery codes; whether they had any."""
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    removed_static, _ = StaticDevice.objects.filter(user=user).delete()
    return bool(removed or removed_static)


def has_second_factor(user: User) -> bool:
    return authenticator(user) is not None
