"""The logins and the conference the load scenarios need, made through the product's services.

Everything is written by the demo province's administrator (``admin``) through the same
services the screens call, so each login is audited and its password hashed with Argon2 like
any other. Runs again reuse what exists: ``load.view.NNN`` and ``load.member.NNNN`` are found
by name, and only the missing ones are made.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.core.models import User
from trienkhai.demo.loader import DEMO_ROOT_CODE
from trienkhai.resolutions.models import Plan
from trienkhai.study import services as study_services
from trienkhai.study.models import Attendance, StudySession
from trienkhai.units import services as unit_services
from trienkhai.units.models import Person, RoleAssignment, Unit

#: The password of every load-test login (they exist only in a demo database).
PASSWORD = "thu-tai-14-hoa-lam"
VIEWER_PREFIX = "load.view."
MEMBER_PREFIX = "load.member."


class SetupRefused(Exception):
    pass


@dataclass(frozen=True)
class Visitor:
    """A signed-in user of scenario 1 and the pages they go through."""

    username: str
    pages: tuple[tuple[str, str], ...]  # (name, path)


def _admin_and_root() -> tuple[User, Unit]:
    root = Unit.objects.filter(code=DEMO_ROOT_CODE).first()
    admin = User.objects.filter(username="admin").first()
    if root is None or admin is None:
        raise SetupRefused(
            "The demo province is not loaded here: run `trienkhai demo --no-serve` first "
            "(with the same TRIENKHAI_DATA_DIR / TRIENKHAI_DATABASE_URL)."
        )
    return admin, root


def demo_plan(root: Unit) -> Plan:
    issued = Plan.objects.filter(unit=root, status=Plan.Status.ISSUED)
    plan = issued.order_by("issued_on", "pk").first()
    if plan is None:
        raise SetupRefused("The demo province has no issued plan.")
    return plan


def _candidates(root: Unit, count: int) -> list[Person]:
    """``count`` current party members without a login, spread over the whole province (every
    k-th in the order of the tree), so the visitors are in many communes."""
    if count == 0:
        return []
    people = list(
        Person.objects.current()
        .filter(unit__path__prefix=root.path, user__isnull=True, is_party_member=True)
        .select_related("unit")
        .order_by("unit__path", "pk")
    )
    if len(people) < count:
        raise SetupRefused(f"Only {len(people)} members without a login are left; {count} asked.")
    step = max(1, len(people) // count)
    return people[::step][:count]


def _ensure_logins(prefix: str, count: int, width: int) -> list[tuple[User, Person]]:
    admin, root = _admin_and_root()
    existing: dict[str, tuple[User, Person]] = {}
    for p in Person.objects.filter(user__username__startswith=prefix).select_related(
        "user", "unit"
    ):
        assert p.user is not None
        existing[p.user.username] = (p.user, p)
    names = [f"{prefix}{n:0{width}d}" for n in range(1, count + 1)]
    missing = [name for name in names if name not in existing]
    for name, person in zip(missing, _candidates(root, len(missing)), strict=True):
        with transaction.atomic():
            user = unit_services.create_login(
                user=admin, person=person, username=name, password=PASSWORD
            )
        existing[name] = (user, person)
    return [existing[name] for name in names]


def _viewer_unit(person: Person) -> Unit:
    """Where a visitor views from: the committee above a cell, else the person's own unit."""
    unit = person.unit
    if unit.level == "grassroots" and unit.depth > 1:
        parent = Unit.objects.get_parent(unit)
        assert parent is not None
        return parent
    return unit


def visitors(count: int) -> list[Visitor]:
    """``count`` viewers of their commune (or their own unit), each with the main pages: home,
    the tree, the plan, its dashboard for their unit, their study numbers, the programs."""
    admin, root = _admin_and_root()
    plan = demo_plan(root)
    result = []
    for user, person in _ensure_logins(VIEWER_PREFIX, count, 3):
        unit = _viewer_unit(person)
        held = RoleAssignment.objects.filter(user=user, role=Role.VIEWER).first()
        if held is None:
            unit_services.grant_role(user=admin, target_user=user, unit=unit, role=Role.VIEWER)
        else:
            unit = held.unit
        pages = (
            ("home", reverse("home")),
            ("tree", reverse("units:tree")),
            ("plan", reverse("resolutions:plan-detail", args=[plan.pk])),
            ("dashboard", f"{reverse('reporting:dashboard', args=[plan.pk])}?unit={unit.pk}"),
            ("study_numbers", reverse("study:unit-numbers", args=[unit.pk])),
            ("programs", reverse("programs:program-list")),
        )
        result.append(Visitor(username=user.username, pages=pages))
    return result


def members(count: int) -> list[str]:
    """``count`` members of the province with a login (no role: a member checks in only)."""
    return [user.username for user, _person in _ensure_logins(MEMBER_PREFIX, count, 4)]


def signed_in(usernames: list[str]) -> list[str]:
    """A session for each login, as the login page would leave it (the cookie a member's phone
    keeps from the last time they signed in): the burst measures check-ins, not Argon2.
    Returns the session keys, in order."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    keys = []
    for name in usernames:
        user = users[name]
        session = SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        # The backend that checks passwords and gives the user back (axes' backend, first in
        # AUTHENTICATION_BACKENDS, only counts failures).
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        assert session.session_key is not None
        keys.append(session.session_key)
    return keys


def conference() -> StudySession:
    """A new province conference for the demo plan, starting now, open to every unit below:
    the session the burst checks in to (a new one each run, so its attendance starts at 0)."""
    admin, root = _admin_and_root()
    plan = demo_plan(root)
    now = timezone.now()
    return study_services.schedule_session(
        user=admin,
        unit=root,
        plan=plan,
        title=f"Hội nghị trực tuyến toàn tỉnh (thử tải {timezone.localtime(now):%d/%m/%Y %H:%M})",
        starts_at=now - datetime.timedelta(minutes=5),
        place="Hội trường Tỉnh ủy",
        mode=StudySession.Mode.IN_PERSON,
        include_subtree=True,
    )


def present_count(session: StudySession) -> int:
    return Attendance.objects.filter(session=session, status=Attendance.Status.PRESENT).count()
