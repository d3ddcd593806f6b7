"""The demo province and its logins: ``load_demo()`` (``trienkhai demo`` calls it).

The demo is the ``small`` scale with a fixed seed, so every run shows the same province, and
six logins chosen to show how roles and scope work: an administrator of the province; the
clerk and the secretary of one commune committee; the secretary and a plain member of one of
its cells; and the clerk of a neighbouring commune, who sees none of the first commune's
rows.

The province then gets a plan for the resolutions of the 8th plenum of the 13th Central
Committee, cascaded to its communes and part done (:mod:`trienkhai.demo.plans`), and the
action programs of the units that issued theirs (:mod:`trienkhai.demo.programs`). Their heads
approve them with accounts of their own (``head.<code>``, no password); two a visitor would
want to try get the demo password and join the logins: the head of the neighbouring commune,
whose program the copy check flags, and the head of the ward that issued its program late.

Loading is idempotent. When the province (root code ``HL``) is there, nothing is generated;
missing logins or roles are added (e.g. after ``generate --scale province``, which also
builds ``HL``), existing ones are left alone, passwords included; the plan is loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.study import tallies
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

from .flags import load_demo_flags
from .generator import generate
from .inspections import load_demo_inspections
from .notifications import load_demo_notifications
from .outreach import load_demo_outreach
from .planner import refresh_statistics
from .plans import load_demo_plans
from .program_support import stand_in_name
from .programs import late_committee, load_demo_programs
from .study import load_demo_study

DEMO_ROOT_CODE = "HL"
DEMO_SEED = 14  # lands near the shape's means: ~150 units, ~3,000 people
DEMO_PASSWORD = "demo12345"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str  # in Vietnamese, e.g. "Văn thư Đảng ủy xã Tân Phong"
    unit: str  # the name of the unit the role is held on ("" for the login without a role)
    unit_code: str
    role: str  # a trienkhai.core.access.Role value, or ""
    person: str = ""  # the full name of the linked person, if any


@dataclass(frozen=True)
class _Cast:
    """Who plays which part in the demo, found in the generated data."""

    root: Unit
    commune: Unit
    other_commune: Unit
    cell: Unit
    commune_head: Person
    cell_head: Person
    member: Person


def _head(unit: Unit) -> Person:
    return (
        Position.objects.select_related("person")
        .get(unit=unit, is_head=True, ended_on__isnull=True)
        .person
    )


def _staff(unit: Unit, username: str) -> Person | None:
    """A person of ``unit`` holding a position other than its head's (a deputy, a committee
    member): the demo's clerk and administrator are people with a name and a position, not bare
    logins (issue 12: people, not logins). The person the login already belongs to, when the
    demo is loaded again."""
    linked = Person.objects.filter(user__username=username).first()
    if linked is not None:
        return linked
    position = (
        Position.objects.select_related("person")
        .filter(unit=unit, is_head=False, ended_on__isnull=True, person__user__isnull=True)
        .order_by("id")
        .first()
    )
    return position.person if position is not None else None


def _committee_name(unit: Unit) -> str:
    """ "Đảng ủy xã Tân Phong" — the committee that leads "Đảng bộ xã Tân Phong"."""
    return unit.short_name or unit.name.replace("Đảng bộ", "Đảng ủy", 1)


def _find_cast(root: Unit) -> _Cast:
    communes = list(
        Unit.objects.filter(
            path__prefix=root.path,
            depth=root.depth + 1,
            kind=Unit.Kind.PARTY_COMMITTEE,
            level=Unit.Level.COMMUNE,
        )
        .filter(Q(name__startswith="Đảng bộ xã ") | Q(name__startswith="Đảng bộ phường "))
        .order_by("path")[:2]
    )
    if len(communes) < 2:
        raise RuntimeError(f"The demo needs two communes under {root.code}; found {len(communes)}.")
    commune, other = communes
    cell = (
        Unit.objects.filter(
            path__prefix=commune.path, depth=commune.depth + 1, kind=Unit.Kind.PARTY_CELL
        )
        .order_by("path")
        .first()
    )
    if cell is None:
        raise RuntimeError(f"The demo commune {commune.code} has no party cell.")
    member = (
        Person.objects.filter(
            unit=cell,
            is_party_member=True,
            exempt_from_activity=False,
            left_on__isnull=True,
            positions__isnull=True,
        )
        .order_by("id")
        .first()
    )
    if member is None:
        raise RuntimeError(f"The demo cell {cell.code} has no plain member.")
    return _Cast(root, commune, other, cell, _head(commune), _head(cell), member)


def _ensure_login(
    username: str,
    description: str,
    unit: Unit | None,
    role: str | None,
    person: Person | None = None,
) -> DemoLogin:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=person.full_name if person else "")
        user.set_password(DEMO_PASSWORD)
        user.save()
    elif person is not None and not user.first_name:  # a demo loaded before logins had names
        user.first_name = person.full_name
        user.save(update_fields=["first_name"])
    if role is not None:
        RoleAssignment.objects.get_or_create(user=user, unit=unit, role=role)
    if (
        person is not None
        and person.user_id is None
        and not Person.objects.filter(user=user).exists()
    ):
        person.user = user
        person.save(update_fields=["user"])
    return DemoLogin(
        username=username,
        password=DEMO_PASSWORD,
        description=description,
        unit=unit.name if unit else "",
        unit_code=unit.code if unit else "",
        role=role or "",
        person=person.full_name if person else "",
    )


def _head_logins(heads: list[tuple[Unit | None, str]]) -> list[DemoLogin]:
    """The accounts the programs' loading made for the heads of these units (unit,
    description), given the demo password if they had none (a password set since is left
    alone). One hash for all: hashing is made slow on purpose."""
    logins, encoded = [], None
    for unit, description in heads:
        if unit is None:
            continue
        user = get_user_model().objects.filter(username=stand_in_name(unit)).first()
        if user is None:
            continue
        if not user.has_usable_password():
            encoded = encoded or make_password(DEMO_PASSWORD)
            user.password = encoded
            user.save(update_fields=["password"])
        person = Person.objects.filter(user=user).first()
        logins.append(
            DemoLogin(
                username=user.username,
                password=DEMO_PASSWORD,
                description=description,
                unit=unit.name,
                unit_code=unit.code,
                role=Role.HEAD,
                person=person.full_name if person else "",
            )
        )
    return logins


def load_demo(stdout=None) -> list[DemoLogin]:
    """Make sure the demo province and its logins exist; return the logins.

    Raises :class:`~trienkhai.demo.generator.GenerationRefused` when the database holds other
    units but not the demo province (nothing is mixed into someone's data).
    """
    with transaction.atomic():
        root = Unit.objects.filter(code=DEMO_ROOT_CODE).first()
        if root is None:
            generate("small", seed=DEMO_SEED, stdout=stdout)
            root = Unit.objects.get(code=DEMO_ROOT_CODE)
        elif stdout is not None:
            stdout.write(f"The demo province ({root.name}) is already loaded.\n")
        cast = _find_cast(root)
        commune = _committee_name(cast.commune)
        logins = [
            _ensure_login(
                "admin", "Quản trị viên tỉnh", cast.root, Role.ADMIN, _staff(cast.root, "admin")
            ),
            _ensure_login(
                "clerk",
                f"Văn thư {commune}",
                cast.commune,
                Role.CLERK,
                _staff(cast.commune, "clerk"),
            ),
            _ensure_login("head", f"Bí thư {commune}", cast.commune, Role.HEAD, cast.commune_head),
            _ensure_login(
                "secretary", f"Bí thư {cast.cell.name}", cast.cell, Role.HEAD, cast.cell_head
            ),
            _ensure_login(
                "member", f"Đảng viên {cast.cell.name}", cast.cell, Role.VIEWER, cast.member
            ),
            _ensure_login(
                "other",
                f"Văn thư {_committee_name(cast.other_commune)}",
                cast.other_commune,
                Role.CLERK,
                _staff(cast.other_commune, "other"),
            ),
            # A login nobody has given a role yet: shows the page that explains it.
            _ensure_login("guest", "Tài khoản chưa được phân quyền", None, None),
        ]
        # After the logins: the commune's clerk drafts its plan, its head issues it.
        users = get_user_model().objects.in_bulk(["admin", "clerk", "head"], field_name="username")
        plan = load_demo_plans(root, users["admin"], stdout=stdout)
        refresh_statistics()  # tens of thousands of obligations since the last statistics
        written = load_demo_study(cast.commune, users["clerk"], users["head"], timezone.localdate())
        if written and stdout is not None:
            stdout.write(f"Study in {cast.commune.name}: 2 sessions, {written} learning reports.\n")
        # Drawn by demo.plans with the plan (a demo-only attribute, not a field).
        issued = plan.programs_issued if plan is not None else None  # type: ignore[attr-defined]
        refresh_statistics()  # the study's sessions, attendance and reports
        load_demo_programs(
            root, cast.commune, cast.other_commune, timezone.localdate(), stdout, issued=issued
        )
        refresh_statistics()  # the programs, their tasks, milestones and progress reports
        if plan is not None:  # the first load: a few figures of each kind flagged
            warned = load_demo_flags(
                root, cast.commune, cast.other_commune, users, timezone.localdate()
            )
            if stdout is not None:
                listed = ", ".join(f"{n} {rule}" for rule, n in sorted(warned.items()))
                stdout.write(f"Data warnings: {listed}.\n")
        load_demo_inspections(root, cast.commune, cast.other_commune, users, timezone.localdate())
        load_demo_outreach(root, cast.commune, cast.other_commune, timezone.localdate())
        # The study rows above were partly inserted in bulk, without the signals that keep
        # the study tallies: they are counted afresh on the first reading.
        tallies.forget()
        load_demo_notifications(stdout)
        other, late = cast.other_commune, late_committee(root)
        copied = f"Bí thư {_committee_name(other)} (chương trình bị cảnh báo sao chép)"
        slow = f"Bí thư {_committee_name(late)} (ban hành chương trình chậm)" if late else ""
        return logins + _head_logins([(other, copied), (late, slow)])
