"""Writes to the organisation tree. Views, importers and the CLI all call these.

Each service takes keyword arguments and the acting ``user``, runs in one transaction, checks
permission with the same scoping as reads, validates, writes and appends an audit event.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.core.access import Action, AnyUser, forget, require
from trienkhai.core.audit import plain, record, snapshot
from trienkhai.core.changes import audited, update_audited
from trienkhai.core.models import AuditEvent, User
from trienkhai.core.plausible import date_errors

from .models import Person, Position, RoleAssignment, Unit
from .signals import unit_moved, unit_opened

UNIT_FIELDS = ["name", "short_name", "code", "kind", "level", "active_from", "active_to"]
PERSON_FIELDS = [
    "full_name",
    "member_code",
    "gender",
    "birth_year",
    "unit",
    "is_party_member",
    "exempt_from_activity",
    "category",
    "left_on",
]
Verb = AuditEvent.Verb


def _validate_unit(unit: Unit) -> None:
    unit.derive_keys()
    if not unit.name:
        raise ValidationError({"name": _("The name cannot be empty.")})
    if errors := date_errors(active_from=unit.active_from, active_to=unit.active_to):
        raise ValidationError(errors)
    if unit.active_from and unit.active_to and unit.active_to < unit.active_from:
        # The check constraint says the same, but in words no clerk understands.
        raise ValidationError({"active_from": _("A unit cannot close before it opened.")})
    unit.full_clean(exclude=["path", "depth", "numchild", "search_key", "sort_key"])


def _require_open(parent: Unit | None) -> None:
    """No open unit under a closed one: closing a unit needs its sub-units closed first, and
    nothing may reopen, add or move an open unit under it afterwards."""
    if parent is not None and Unit.objects.filter(pk=parent.pk, active_to__isnull=False).exists():
        raise ValidationError(_("The parent unit is closed; reopen it first."))


@transaction.atomic
def create_unit(*, user: AnyUser, parent: Unit, **fields: Any) -> Unit:
    """Add a unit under ``parent`` (the user needs the change right on the parent)."""
    require(user, Action.CHANGE, parent)
    _require_open(parent)
    unit = Unit(**fields)
    _validate_unit(unit)
    unit = Unit.objects.add_child(parent, instance=unit)
    record(user=user, verb=Verb.CREATE, obj=unit, unit=unit, after=snapshot(unit, UNIT_FIELDS))
    unit_opened.send(sender=Unit, unit=unit)
    return unit


@transaction.atomic
def update_unit(*, user: AnyUser, unit: Unit, **fields: Any) -> Unit:
    require(user, Action.CHANGE, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    update_audited(
        unit,
        user=user,
        changes=fields,
        fields=UNIT_FIELDS,
        validate=_validate_unit,
        permission=False,  # checked above, before the lock
    )
    return unit


@transaction.atomic
def move_unit(*, user: AnyUser, unit: Unit, new_parent: Unit) -> Unit:
    """Move ``unit`` and its subtree under ``new_parent``.

    The user needs the change right on both the unit's current parent and the new parent: one
    cannot pull a unit out of someone else's subtree, nor push one into it.
    """
    unit = Unit.objects.get(pk=unit.pk)
    parent = Unit.objects.get_parent(unit)
    if parent is None:
        raise ValidationError(_("The root of the tree cannot be moved."))
    # The event's before and after are the parents, worked out here rather than read from the
    # unit's fields (treebeard rewrites paths, not a parent column): ``report`` says so.
    with audited(user=user, unit=parent, logged_under=unit, verb=Verb.MOVE) as change:
        require(user, Action.CHANGE, new_parent)
        if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved under itself or one of its sub-units."))
        if new_parent.pk == parent.pk:
            return unit  # nothing watched: nothing recorded
        if unit.active_to is None:
            _require_open(new_parent)
        Unit.objects.move(unit, new_parent, pos="last-child")
        unit = Unit.objects.get(pk=unit.pk)
        change.watch(unit, new=True)
        change.report(before={"parent": plain(parent)}, after={"parent": plain(new_parent)})
        unit_moved.send(sender=Unit, unit=unit)
    return unit


@transaction.atomic
def close_unit(*, user: AnyUser, unit: Unit, on: datetime.date | None = None) -> Unit:
    """Close a unit (merged, dissolved). Its sub-units must be closed first."""
    require(user, Action.CHANGE, unit)
    on = on or timezone.localdate()
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.active_to is not None:
        raise ValidationError(_("This unit is already closed."))
    if errors := date_errors(on=on):
        raise ValidationError(errors)
    if unit.active_from and on < unit.active_from:
        raise ValidationError(_("A unit cannot close before it opened."))
    _refuse_closing_while_in_use(unit)
    update_audited(
        unit,
        user=user,
        changes={"active_to": on},
        fields=UNIT_FIELDS,
        validate=_validate_unit,
        verb=Verb.CLOSE,
        permission=False,  # checked above, before the lock
    )
    return unit


def _refuse_closing_while_in_use(unit: Unit) -> None:
    """A closed unit has nothing open left in it: its sub-units are closed or moved, its
    members moved (or marked as left) and its positions ended first, or they would count
    nowhere. All that remains is said at once."""
    problems = []
    open_children = Unit.objects.filter(
        path__prefix=unit.path, depth=unit.depth + 1, active_to__isnull=True
    )
    count = open_children.count()
    if count:
        problems.append(
            ngettext(
                "Close or move its open sub-unit first.",
                "Close or move its %(count)d open sub-units first.",
                count,
            )
            % {"count": count}
        )
    members = Person.objects.filter(unit=unit, left_on__isnull=True).count()
    if members:
        problems.append(
            ngettext(
                "Move its member to another unit (or mark them as left) first.",
                "Move its %(count)d members to other units (or mark them as left) first.",
                members,
            )
            % {"count": members}
        )
    positions = Position.objects.filter(unit=unit, ended_on__isnull=True).count()
    if positions:
        problems.append(
            ngettext(
                "End its current position first.",
                "End its %(count)d current positions first.",
                positions,
            )
            % {"count": positions}
        )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def reopen_unit(*, user: AnyUser, unit: Unit) -> Unit:
    require(user, Action.CHANGE, unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.active_to is None:
        raise ValidationError(_("This unit is not closed."))
    _require_open(Unit.objects.get_parent(unit))
    update_audited(
        unit,
        user=user,
        changes={"active_to": None},
        fields=UNIT_FIELDS,
        validate=_validate_unit,
        verb=Verb.REOPEN,
        permission=False,  # checked above, before the lock
    )
    return unit


_PERSON_TEXT_LIMITS = [
    (name, getattr(Person._meta.get_field(name), "max_length", None) or 0)
    for name in ("full_name", "member_code")
]


def person_problems(person: Person, this_year: int | None = None) -> dict[str, list[str]]:
    """The rules a person's values must meet, without a query: what ``create_person`` and
    ``update_person`` refuse before ``full_clean``, and the lengths of the text fields. The
    bulk import (``imports``) applies them to every row and checks uniqueness for the whole
    file at once. ``derive_keys()`` must have been called; ``this_year``: read once by a
    caller checking many rows."""
    if not person.full_name:
        return {"full_name": [_("The name cannot be empty.")]}
    errors = _person_rule_errors(person, this_year)
    for name, limit in _PERSON_TEXT_LIMITS:
        value = getattr(person, name) or ""
        if len(value) > limit:
            errors.setdefault(name, []).append(
                _("At most %(max)d characters (it has %(count)d).")
                % {"max": limit, "count": len(value)}
            )
    return errors


def _person_rule_errors(person: Person, this_year: int | None = None) -> dict[str, list[str]]:
    errors = date_errors(left_on=person.left_on)
    this_year = this_year or timezone.localdate().year
    if person.birth_year is not None and not 1900 <= person.birth_year <= this_year:
        errors["birth_year"] = [
            _("The year of birth must be between 1900 and %(year)d.") % {"year": this_year}
        ]
    elif person.birth_year and person.left_on and person.left_on.year < person.birth_year:
        errors["left_on"] = [
            _("A person cannot leave (%(year)s) before they were born (%(born)s).")
            % {"year": person.left_on.year, "born": person.birth_year}
        ]
    if not errors and person.exempt_from_activity and not person.is_party_member:
        errors["exempt_from_activity"] = [
            _("Only party members can be exempt from party activity.")
        ]
    return errors


def _validate_person(person: Person) -> None:
    person.derive_keys()
    if not person.full_name:
        raise ValidationError({"full_name": _("The name cannot be empty.")})
    if errors := _person_rule_errors(person):
        raise ValidationError(errors)
    person.full_clean(exclude=["family_name", "middle_name", "given_name", "user"])


@transaction.atomic
def create_person(*, user: AnyUser, unit: Unit, **fields: Any) -> Person:
    require(user, Action.CHANGE, unit)
    person = Person(unit=unit, **fields)
    _validate_person(person)
    person.save()
    record(
        user=user,
        verb=Verb.CREATE,
        obj=person,
        unit=unit,
        after=snapshot(person, PERSON_FIELDS),
    )
    return person


@transaction.atomic
def update_person(*, user: AnyUser, person: Person, **fields: Any) -> Person:
    """Edit a person; a change of ``unit`` moves them, and needs rights on both units."""
    require(user, Action.CHANGE, person.unit)
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    old_unit_id = person.unit_id

    def validate(person: Person) -> None:
        if person.unit_id != old_unit_id:  # moved: needs rights on the new unit too
            require(user, Action.CHANGE, person.unit)
        _validate_person(person)

    update_audited(
        person,
        user=user,
        changes=fields,
        fields=PERSON_FIELDS,
        validate=validate,
        verb=lambda written: Verb.MOVE if "unit_id" in written else Verb.UPDATE,
        permission=False,  # checked above, before the lock
    )
    return person


@transaction.atomic
def set_position(
    *,
    user: AnyUser,
    unit: Unit,
    person: Person,
    title: str,
    is_head: bool = False,
    started_on: datetime.date | None = None,
) -> Position:
    """Give ``person`` a title in ``unit``; a new head ends the current head's term."""
    require(user, Action.CHANGE, unit)
    require(user, Action.VIEW, person)
    started_on = started_on or timezone.localdate()
    if is_head:
        for old in Position.objects.select_for_update().filter(
            unit=unit, is_head=True, ended_on__isnull=True
        ):
            _end(user, old, started_on)
    position = Position(
        unit=unit, person=person, title=title, is_head=is_head, started_on=started_on
    )
    position.title = position.title.strip()
    if not position.title:
        raise ValidationError({"title": _("The position title cannot be empty.")})
    if errors := date_errors(started_on=started_on):
        raise ValidationError(errors)
    position.full_clean()
    position.save()
    record(
        user=user,
        verb=Verb.CREATE,
        obj=position,
        unit=unit,
        after=snapshot(position, ["person", "title", "is_head", "started_on"]),
    )
    return position


def _end(user: AnyUser, position: Position, on: datetime.date) -> None:
    update_audited(
        position,
        user=user,
        changes={"ended_on": on},
        fields=["person", "title", "is_head", "ended_on"],
        verb=Verb.CLOSE,
        permission=False,  # the caller's
    )


@transaction.atomic
def end_position(*, user: AnyUser, position: Position, on: datetime.date | None = None) -> Position:
    require(user, Action.CHANGE, position.unit)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.ended_on is not None:
        raise ValidationError(_("This position has already ended."))
    on = on or timezone.localdate()
    if errors := date_errors(on=on):
        raise ValidationError(errors)
    if position.started_on and on < position.started_on:
        raise ValidationError(_("A position cannot end before it started."))
    _end(user, position, on)
    return position


@transaction.atomic
def grant_role(*, user: AnyUser, target_user: User, unit: Unit, role: str) -> RoleAssignment:
    """Give ``target_user`` a role on ``unit`` (admins only, within their subtree)."""
    require(user, Action.MANAGE_ROLES, unit)
    if RoleAssignment.objects.filter(user=target_user, unit=unit, role=role).exists():
        raise ValidationError(_("This user already holds this role on this unit."))
    assignment = RoleAssignment(user=target_user, unit=unit, role=role)
    assignment.full_clean()
    assignment.save()
    forget(target_user)
    record(
        user=user,
        verb=Verb.GRANT,
        obj=assignment,
        unit=unit,
        after={"user": target_user.get_username(), "role": role, "unit": plain(unit)},
    )
    return assignment


@transaction.atomic
def revoke_role(*, user: AnyUser, assignment: RoleAssignment) -> None:
    require(user, Action.MANAGE_ROLES, assignment.unit)
    before = {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "unit": plain(assignment.unit),
    }
    record(user=user, verb=Verb.REVOKE, obj=assignment, unit=assignment.unit, before=before)
    assignment.delete()
    forget(assignment.user)


@transaction.atomic
def create_login(*, user: AnyUser, person: Person, username: str, password: str) -> User:
    """Give ``person`` a login (admins only, within their subtree); roles are granted after.

    The password is checked by Django's validators (length, common passwords, similarity to
    the name) and stored hashed with Argon2.
    """

    require(user, Action.MANAGE_ROLES, person.unit)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.user_id is not None:
        raise ValidationError(_("This person already has a login."))
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken.")})
    family_and_middle = " ".join(n for n in (person.family_name, person.middle_name) if n)
    login = User(username=username, first_name=person.given_name, last_name=family_and_middle)
    login.full_clean(exclude=["password"])
    try:
        validate_password(password, user=login)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    login.set_password(password)
    login.save()
    person.user = login
    person.save(update_fields=["user"])
    record(
        user=user,
        verb=Verb.CREATE,
        obj=login,
        unit=person.unit,
        after={"username": username, "person": plain(person)},
    )
    return login
