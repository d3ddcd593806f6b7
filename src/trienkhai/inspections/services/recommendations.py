"""Recommendations after the conclusion: accepted (a task in the addressee's program, or an
item of its own), reported done, verified and closed, or sent back with why.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.core.access import require
from trienkhai.core.audit import record
from trienkhai.core.uploads import DOCX, PDF
from trienkhai.programs.models import TaskStatus
from trienkhai.programs.services import report_progress
from trienkhai.programs.services.assigned import (
    add_assigned_task,
    adopted_program_of,
    reopen_assigned_task,
)

from .. import notices
from ..access import CONDUCT, RESPOND
from ..models import Recommendation
from .common import Verb, _file, _save_file, _text, _today

# --- recommendations: accepted, carried out, verified -----------------------------------------


def _rec(rec: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("unit", "inspection__unit")
        .get(pk=rec.pk)
    )


@transaction.atomic
def accept(*, user, recommendation: Recommendation, on: datetime.date | None = None):
    """The addressee accepts: a task in its adopted action program (of the inspection's plan
    first), or, without one, the recommendation is followed as an item of its own."""
    rec = _rec(recommendation)
    require(user, RESPOND, rec.unit)
    if rec.state != Recommendation.State.OPEN:
        raise ValidationError(_("Only a recommendation of an approved conclusion is accepted."))
    program = adopted_program_of(rec.unit, rec.inspection.plan_id)
    task = None
    if program is not None:
        task = add_assigned_task(user=user, program=program, title=rec.text, due_on=rec.due_on)
    before = {"state": rec.state}
    rec.state = Recommendation.State.ACCEPTED
    rec.accepted_on = _today(on)
    rec.task = task
    rec.save(update_fields=["state", "accepted_on", "task"])
    record(
        user=user,
        verb=Verb.APPROVE,
        obj=rec,
        unit=rec.unit,
        before=before,
        after={"state": rec.state, "task": str(task) if task else None},
    )
    return rec


@transaction.atomic
def report_done(
    *, user, recommendation: Recommendation, report: str, evidence=None, on=None
) -> Recommendation:
    """The addressee says what was done, with evidence, for the conducting body to verify; a
    recommendation followed as a task reports the task done with the same words and file."""
    rec = _rec(recommendation)
    require(user, RESPOND, rec.unit)
    if rec.state != Recommendation.State.ACCEPTED:
        raise ValidationError(_("Accept the recommendation before reporting on it."))
    errors: dict = {}
    report = _text(report, "report", errors, _("Say what was done."))
    kind = _file(evidence, "evidence", errors)
    if errors:
        raise ValidationError(errors)
    if evidence and kind:
        _save_file(rec, "evidence", "evidence_name", evidence, kind)
    rec.report = report
    rec.reported_on = _today(on)
    rec.state = Recommendation.State.REPORTED
    rec.save()
    if rec.task is not None:  # the task in the action program is reported done with it
        files = [evidence] if evidence and kind in (PDF, DOCX) else []
        report_progress(
            user=user,
            task=rec.task,
            period=rec.reported_on,
            status=TaskStatus.DONE,
            narrative=report,
            files=files,
            on=rec.reported_on,
        )
    event = record(
        user=user,
        verb=Verb.REPORT,
        obj=rec,
        unit=rec.unit,
        after={"state": rec.state, "reported_on": rec.reported_on.isoformat()},
    )
    notices.reported(rec, actor=user, occasion=f"e{event.pk}")
    return rec


@transaction.atomic
def close(*, user, recommendation: Recommendation, on=None) -> Recommendation:
    """The conducting body has verified the evidence: the recommendation is done."""
    rec = _rec(recommendation)
    require(user, CONDUCT, rec.inspection.unit)
    if rec.state != Recommendation.State.REPORTED:
        raise ValidationError(_("Only a recommendation reported done is closed."))
    rec.state = Recommendation.State.CLOSED
    rec.closed_on = _today(on)
    rec.save(update_fields=["state", "closed_on"])
    record(
        user=user,
        verb=Verb.CLOSE,
        obj=rec,
        unit=rec.inspection.unit,
        after={"state": rec.state, "closed_on": rec.closed_on.isoformat()},
    )
    return rec


@transaction.atomic
def send_back(*, user, recommendation: Recommendation, note: str) -> Recommendation:
    """The evidence does not show it done: back to the addressee, with why; the task it became
    in the addressee's program is no longer done either."""
    rec = _rec(recommendation)
    require(user, CONDUCT, rec.inspection.unit)
    if rec.state != Recommendation.State.REPORTED:
        raise ValidationError(_("Only a recommendation reported done is sent back."))
    errors: dict = {}
    note = _text(note, "note", errors, _("Say why it is sent back."))
    if errors:
        raise ValidationError(errors)
    rec.state = Recommendation.State.ACCEPTED
    rec.returned_note = note
    rec.reported_on = None
    rec.save(update_fields=["state", "returned_note", "reported_on"])
    if rec.task is not None:  # the task reported done with it is open again
        reopen_assigned_task(user=user, task=rec.task, note=note)
    event = record(
        user=user,
        verb=Verb.REOPEN,
        obj=rec,
        unit=rec.inspection.unit,
        after={"state": rec.state, "returned_note": note},
    )
    notices.returned(rec, actor=user, occasion=f"e{event.pk}")
    return rec
