"""A task assigned to an adopted program from outside its drafting: a recommendation of an
inspection's conclusion that the unit accepted (``inspections.services.accept``).

An adopted program changes through a new version (``revise_program``); a conclusion's
recommendation cannot wait for one, so it is added to the version in force as a task whose
progress is reported like any other. The audit log records it; the next version carries it.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.access import Action, require
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Unit

from ..models import ActionProgram, ProgressUpdate, Task, TaskStatus
from ..models.task import TASK_TITLE_MAX
from .progress import refresh_milestones, refresh_reported


def adopted_program_of(unit: Unit, plan_id: int | None = None) -> ActionProgram | None:
    """The unit's adopted program in force, that of ``plan_id`` first, the latest otherwise."""
    programs = ActionProgram.objects.filter(
        unit=unit, status__in=(ActionProgram.Status.APPROVED, ActionProgram.Status.IN_EFFECT)
    )
    if plan_id is not None:
        same = programs.filter(plan_id=plan_id).order_by("-approved_on", "-id").first()
        if same is not None:
            return same
    return programs.order_by("-approved_on", "-id").first()


@transaction.atomic
def add_assigned_task(
    *, user, program: ActionProgram, title: str, due_on: datetime.date | None
) -> Task:
    """Add a task to ``program`` (adopted) led by the program's own unit."""
    program = (
        ActionProgram.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=program.pk)
    )
    require(user, Action.CHANGE, program.unit)
    if not program.is_adopted or program.status == ActionProgram.Status.CLOSED:
        raise ValidationError(_("Only an adopted program in force takes an assigned task."))
    title = textvi.normalize(title or "")[:TASK_TITLE_MAX]
    if not title:
        raise ValidationError(_("Say what is to be done."))
    last = program.tasks.order_by("-order").values_list("order", flat=True).first() or 0
    task = Task.objects.create(
        program=program, order=last + 1, title=title, due_on=due_on, lead_unit=program.unit
    )
    record(
        user=user,
        verb=AuditEvent.Verb.CREATE,
        obj=task,
        unit=program.unit,
        after={"title": title, "due_on": due_on.isoformat() if due_on else None},
    )
    return task


@transaction.atomic
def reopen_assigned_task(*, user, task: Task, note: str) -> int:
    """The body that assigned ``task`` did not accept it as done (a recommendation sent back):
    its reports that say *done* now say *on track*, the reason appended to their narrative, and
    the task's milestones and latest status follow. Nothing is deleted: the reports stay, the
    audit log keeps what they said. Returns how many reports were reopened.

    The caller has checked its own right (the conducting body verifying its recommendation);
    it may hold no role on the unit that reported."""
    reopened = list(
        ProgressUpdate.objects.select_for_update()
        .filter(task=task, status=TaskStatus.DONE)
        .order_by("pk")
    )
    suffix = _("Sent back: %(note)s") % {"note": note}
    for update in reopened:
        update.status = TaskStatus.ON_TRACK
        update.narrative = f"{update.narrative}\n{suffix}".strip()
    ProgressUpdate.objects.bulk_update(reopened, ["status", "narrative"])
    if reopened:
        refresh_milestones(task)
        refresh_reported(Task.objects.filter(pk=task.pk))
        record(
            user=user,
            verb=AuditEvent.Verb.REOPEN,
            obj=task,
            unit=task.program.unit,
            before={"status": TaskStatus.DONE},
            after={"status": TaskStatus.ON_TRACK, "note": note, "reports": len(reopened)},
        )
    return len(reopened)
