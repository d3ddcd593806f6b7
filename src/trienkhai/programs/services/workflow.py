"""The program's way to adoption: draft → discussion → approved by the head (or the deputy the
head named) → in effect → closed, and revisions through new versions. From discussion the head
may instead send the program back to draft, with the reason, for its drafters to rework."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import textvi, versions
from trienkhai.core.access import Action, holds, may, require
from trienkhai.core.changes import audited, update_audited
from trienkhai.core.models import AuditEvent
from trienkhai.resolutions.models import Requirement
from trienkhai.resolutions.services import record_evidence
from trienkhai.units.models import Unit

from .. import notices
from ..copying import check_program
from ..models import ActionProgram, ProgramComment, ProgramVersion
from ..versions import SHAPE, program_snapshot, snapshot_changes

Verb = AuditEvent.Verb
S = ActionProgram.Status
#: The longest reason for sending a program back.
SEND_BACK_REASON_MAX = 2000


def is_head(user, unit: Unit) -> bool:
    """Whether ``user`` heads ``unit`` itself: a head's (or administrator's) role held on the
    unit, not on a unit above — the province's head does not approve a commune's program."""
    return holds(user, Action.APPROVE, unit)


def may_approve(user, program: ActionProgram) -> bool:
    """The head of the program's unit, or the deputy the head named for this program."""
    if is_head(user, program.unit):
        return True
    return (
        program.deputy_id is not None
        and program.deputy_id == user.pk
        and may(user, Action.VIEW, program.unit)
    )


def _locked(program: ActionProgram) -> ActionProgram:
    return (
        ActionProgram.objects.select_for_update(of=("self",))
        .select_related("unit", "plan", "parent")
        .get(pk=program.pk)
    )


def _move(user, program: ActionProgram, status: str, **extra) -> None:
    """A step of the workflow, checked by the step itself (permission and state), audited
    with the fields it sets before and after."""
    update_audited(
        program,
        user=user,
        changes={"status": status, **extra},
        fields=["status", *extra],
        validate=_checked_by_the_step,
        permission=False,
    )


def _checked_by_the_step(program: ActionProgram) -> None:
    """Nothing more to validate: a workflow step sets its status and dates from the state
    it checked, not from a form."""


@transaction.atomic
def open_discussion(*, user, program: ActionProgram) -> ActionProgram:
    """Put the draft before the committee: members comment on its tasks."""
    program = _locked(program)
    require(user, Action.CHANGE, program.unit)
    if program.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be put to discussion."))
    if not program.tasks.exists():
        raise ValidationError(_("Add the program's tasks before putting it to discussion."))
    _move(user, program, S.DISCUSSION)
    notices.submitted(program, actor=user)
    return program


@transaction.atomic
def send_back_program(*, user, program: ActionProgram, reason: str) -> ActionProgram:
    """The head (or the named deputy) does not approve the program as discussed: it returns to
    draft for its drafters to rework. The reason is kept as the head's comment on the whole
    program (marked ``sent_back``: the program's page shows it to the drafters while they
    rework it), carried by the audit event of the move and sent to the unit's clerks. Putting
    the program to discussion again asks the head anew (``notices.submitted``)."""
    program = _locked(program)
    if not may_approve(user, program):
        raise PermissionDenied(
            _("Only the head of the unit, or the deputy the head named, may send it back.")
        )
    if program.status != S.DISCUSSION:
        raise ValidationError(_("Only a program in discussion can be sent back to its drafters."))
    reason = textvi.normalize_paragraphs(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the program is sent back.")})
    if len(reason) > SEND_BACK_REASON_MAX:
        raise ValidationError({"reason": _("The reason is too long (at most 2,000 characters).")})
    comment = ProgramComment.objects.create(
        program=program, author=user, text=reason, sent_back=True
    )
    # One event: the move (as ``_move`` records it) and why, which only the comment says.
    with audited(user=user, obj=program, fields=["status"], permission=False) as change:
        program.status = S.DRAFT
        program.save(update_fields=["status"])
        change.note(sent_back=reason, comment=comment.pk)
    notices.sent_back(program, comment, actor=user)
    return program


@transaction.atomic
def name_deputy(*, user, program: ActionProgram, deputy) -> ActionProgram:
    """The head names a deputy who may approve this program in the head's place (or clears
    the choice with ``deputy=None``)."""
    program = _locked(program)
    if not is_head(user, program.unit):
        raise PermissionDenied(_("Only the head of the unit may name a deputy to approve."))
    if deputy is not None and not may(deputy, Action.VIEW, program.unit):
        raise ValidationError({"deputy": _("The deputy must hold a role in this unit.")})
    update_audited(
        program,
        user=user,
        changes={"deputy": deputy},
        fields=["deputy"],
        validate=_checked_by_the_step,
        permission=False,  # the head's, checked above
    )
    return program


def last_version(program: ActionProgram) -> ProgramVersion | None:
    return versions.last_version(program.versions)


def pending_changes(program: ActionProgram) -> list[dict]:
    """What approving now would change from the last approved version (empty before the
    first approval: everything is new)."""
    return versions.since_last(SHAPE, program.versions, program_snapshot(program))


@transaction.atomic
def approve_program(
    *, user, program: ActionProgram, reason: str = "", on: datetime.date | None = None
) -> ActionProgram:
    """The head (or the named deputy) approves the program after discussion. A revision needs
    a reason and must change something; the first approval fulfils the unit's obligation to
    issue a program under the plan (on time or late by its date)."""
    program = _locked(program)
    if not may_approve(user, program):
        raise PermissionDenied(
            _("Only the head of the unit, or the deputy the head named, may approve it.")
        )
    if program.status != S.DISCUSSION:
        raise ValidationError(_("The program must be discussed by the committee before approval."))
    if not program.tasks.exists():
        raise ValidationError(_("A program without tasks cannot be approved."))
    on = on or timezone.localdate()
    previous = last_version(program)
    snap = program_snapshot(program)
    changes = snapshot_changes(previous.snapshot, snap) if previous else []
    reason = (reason or "").strip()
    if previous is not None:
        if not reason:
            raise ValidationError({"reason": _("Say why the approved program is being changed.")})
        if not changes:
            raise ValidationError(_("Nothing has changed since the last approved version."))
    number = program.version + 1
    ProgramVersion.objects.create(
        program=program,
        number=number,
        approved_by=user,
        reason=reason,
        snapshot=snap,
        changes=changes,
    )
    status = S.IN_EFFECT if program.effective_on else S.APPROVED
    first_approved_on = program.first_approved_on or on
    _move(
        user,
        program,
        status,
        version=number,
        approved_on=on,
        approved_by=user,
        first_approved_on=first_approved_on,
    )
    label = f"{program.get_kind_display()} {program.number or program.title[:80]}"
    record_evidence(
        unit=program.unit,
        plan=program.plan,
        kind=Requirement.Kind.ACTION_PROGRAM,
        on=first_approved_on,
        evidence=label,
    )

    check_program(program)
    notices.approved(program, actor=user)
    return program


@transaction.atomic
def put_in_effect(
    *, user, program: ActionProgram, on: datetime.date | None = None
) -> ActionProgram:
    """The approved program is issued (ban hành) and takes effect from a date."""
    program = _locked(program)
    require(user, Action.CHANGE, program.unit)
    if program.status != S.APPROVED:
        raise ValidationError(_("Only an approved program can be put into effect."))
    on = on or timezone.localdate()
    if program.approved_on and on < program.approved_on:
        raise ValidationError(
            {"effective_on": _("A program cannot take effect before it was approved.")}
        )
    _move(user, program, S.IN_EFFECT, effective_on=on)
    return program


@transaction.atomic
def close_program(*, user, program: ActionProgram, on: datetime.date | None = None):
    """The head closes a program whose term is over; its numbers stay as history."""
    program = _locked(program)
    if not may_approve(user, program):
        raise PermissionDenied(_("Only the head of the unit may close the program."))
    if program.status not in (S.APPROVED, S.IN_EFFECT):
        raise ValidationError(_("Only an adopted program can be closed."))
    on = on or timezone.localdate()
    if program.approved_on and on < program.approved_on:
        raise ValidationError(
            {"closed_on": _("A program cannot be closed before it was approved.")}
        )
    _move(user, program, S.CLOSED, closed_on=on)
    return program


@transaction.atomic
def revise_program(*, user, program: ActionProgram) -> ActionProgram:
    """Open a new version of an approved program: it returns to draft, the approved version
    stays in force (and counted) until the head approves the new one."""
    program = _locked(program)
    require(user, Action.CHANGE, program.unit)
    if program.status not in (S.APPROVED, S.IN_EFFECT):
        raise ValidationError(_("Only an approved program in force can be revised."))
    _move(user, program, S.DRAFT)
    return program
