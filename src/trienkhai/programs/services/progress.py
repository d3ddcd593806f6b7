"""Progress reports on tasks, and the administrator's choice of the progress rule."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import flags, textvi
from trienkhai.core.access import Action
from trienkhai.core.changes import audited
from trienkhai.core.models import AuditEvent
from trienkhai.core.parsing import parse_decimal
from trienkhai.core.plausible import negative_problem
from trienkhai.core.uploads import (
    DOCX,
    PDF,
    display_name,
    sha256_of,
    stored_name,
    validate_document,
)

from ..flags import BACK_AND_FORTH, neighbours
from ..models import ActionProgram, Milestone, ProgressEvidence, ProgressUpdate, Task, TaskStatus
from ..models.program import ProgressRule, ProgressRuleSetting
from ..periods import period_bounds

Verb = AuditEvent.Verb
UPDATE_FIELDS = ["period_start", "status", "value", "narrative", "milestone"]
MAX_FILES = 5


def refresh_milestones(task: Task) -> None:
    """A milestone is done on the date of the first report that names it or says the whole
    task is done; recomputed from the reports, so a corrected report corrects it too."""
    reports = ProgressUpdate.objects.filter(task=task)
    task_done = reports.filter(status=TaskStatus.DONE).aggregate(d=Min("reported_on"))["d"]
    named = dict(
        reports.filter(milestone__isnull=False)
        .exclude(status=TaskStatus.NOT_STARTED)
        .values("milestone")
        .annotate(d=Min("reported_on"))
        .values_list("milestone", "d")
    )
    changed = []
    for milestone in task.milestones.all():
        days = [d for d in (named.get(milestone.pk), task_done) if d is not None]
        done_on = min(days) if days else None
        if milestone.done_on != done_on:
            milestone.done_on = done_on
            changed.append(milestone)
    Milestone.objects.bulk_update(changed, ["done_on"])


def refresh_reported(tasks) -> int:
    """Copy onto ``tasks`` (a queryset) their latest report's status and the latest value
    reported (``Task.reported_status``/``reported_value``): one UPDATE. Bulk loaders of
    progress reports call it too."""
    latest = ProgressUpdate.objects.filter(task=OuterRef("pk")).order_by(
        "-period_start", "-reported_on", "-id"
    )
    return tasks.update(
        reported_status=Coalesce(
            Subquery(latest.values("status")[:1]), Value(TaskStatus.NOT_STARTED)
        ),
        reported_value=Subquery(latest.filter(value__isnull=False).values("value")[:1]),
    )


def _clean_report(*, task, period, status, value, narrative, milestone, files, on):
    """Everything that makes a progress report valid, all problems at once, by field; returns
    the period's bounds, the value and narrative as stored, the files and their kinds."""
    program = task.program
    today = timezone.localdate()
    on = on or today
    if not program.is_adopted or program.status == ActionProgram.Status.CLOSED:
        raise ValidationError(_("Progress is reported on approved programs that are not closed."))
    errors: dict = {}
    if status not in TaskStatus.values:
        errors["status"] = _("Choose a status.")
    start, end = period_bounds(period, program.reporting_period)
    if on > today:
        errors["period"] = _("A report cannot be dated in the future.")
    elif start > on:
        errors["period"] = _("A report cannot be made for a period that has not begun.")
    elif end < program.plan.issued_on:
        errors["period"] = _("This period ends before the plan was issued.")
    if milestone is not None and milestone.task_id != task.pk:
        errors["milestone"] = _("This milestone belongs to another task.")
    value = parse_decimal(value, errors, "value")  # "72,5" as people write it, like the targets
    if problem := negative_problem(value):  # a value reached, like its target, is not negative
        errors["value"] = problem
    measured = task.is_measurable and status in (TaskStatus.DONE, TaskStatus.ON_TRACK)
    if value is None and measured and "value" not in errors:
        errors["value"] = _("Give the value reached for this measurable task.")
    narrative = textvi.normalize_paragraphs(narrative or "")  # its paragraphs kept
    if status in (TaskStatus.AT_RISK, TaskStatus.LATE) and not narrative:
        errors["narrative"] = _("Say what is holding the task back.")
    files = list(files or [])
    if len(files) > MAX_FILES:
        errors["files"] = _("Attach at most %(n)s files.") % {"n": MAX_FILES}
    kinds = []
    for upload in files:
        try:
            kinds.append(validate_document(upload, allowed=(PDF, DOCX)))
        except ValidationError as error:
            errors["files"] = error.messages
    if errors:
        raise ValidationError(errors)
    return start, end, value, narrative, files, kinds, on


@transaction.atomic
def report_progress(
    *,
    user,
    task: Task,
    period: datetime.date,
    status: str,
    value=None,
    narrative: str = "",
    milestone: Milestone | None = None,
    files=(),
    on: datetime.date | None = None,
) -> ProgressUpdate:
    """The lead unit reports on a task for the period containing ``period``. A second report
    for the same period replaces the first (the audit log keeps what it said)."""
    task = Task.objects.select_related("program__unit", "program__plan", "lead_unit").get(
        pk=task.pk
    )
    program = task.program
    reporter = task.lead_unit or program.unit
    # A report is an act, not an edit: recorded even when it repeats the last one word for word.
    with audited(
        user=user,
        unit=reporter,
        logged_under=program.unit,
        fields=UPDATE_FIELDS,
        verb=Verb.REPORT,
        always=True,
    ) as change:
        start, end, value, narrative, files, kinds, on = _clean_report(
            task=task,
            period=period,
            status=status,
            value=value,
            narrative=narrative,
            milestone=milestone,
            files=files,
            on=on,
        )
        found = ProgressUpdate.objects.filter(task=task, period_start=start).first()
        update = found or ProgressUpdate(task=task, period_start=start)
        change.watch(update, new=found is None)
        update.period_end = end
        update.status = status
        update.value = value
        update.narrative = narrative
        update.milestone = milestone
        update.reported_by_unit = reporter
        update.reported_by = user
        update.reported_on = on
        update.full_clean(exclude=["task", "milestone", "reported_by_unit", "reported_by"])
        update.save()
        for upload, kind in zip(files, kinds, strict=True):
            evidence = ProgressEvidence(
                update=update,
                original_name=display_name(upload.name, kind),
                content_type=kind,
                size=upload.size,
                sha256=sha256_of(upload),
            )
            evidence.file.save(stored_name(kind), upload, save=False)
            evidence.save()
        refresh_milestones(task)
        refresh_reported(Task.objects.filter(pk=task.pk))
        inspect_report(update)
        if files:
            change.note(evidence=len(files))
    return update


def inspect_report(update: ProgressUpdate) -> None:
    """The plausibility rules on a report (``programs/flags.py``): the report itself, its
    evidence files, and the reports around it, which a new value may make turn back."""
    flags.inspect(update)
    for evidence in update.evidence.all():
        flags.inspect(evidence)
    for other in neighbours(update):
        flags.inspect(other, rules=[BACK_AND_FORTH.code])


def tasks_to_report(user, unit):
    """Tasks whose lead unit is ``unit`` (or under it) in adopted, open programs."""
    return (
        Task.objects.for_user(user, Action.VIEW)
        .filter(
            Q(lead_unit__path__prefix=unit.path) | Q(lead_unit__isnull=True, program__unit=unit)
        )
        .filter(program__version__gt=0)
        .exclude(program__status=ActionProgram.Status.CLOSED)
    )


@transaction.atomic
def set_progress_rule(*, user, unit, rule: str) -> ProgressRuleSetting:
    """An administrator chooses how programs' progress is computed in a subtree."""
    # Saving the rule again is recorded too, as it always was: an administrator's decision.
    with audited(
        user=user,
        unit=unit,
        logged_under=unit,
        action=Action.CONFIGURE,
        fields=["rule"],
        always=True,
    ) as change:
        if rule not in ProgressRule.values:
            raise ValidationError({"rule": _("Choose one of the progress rules.")})
        setting, created = ProgressRuleSetting.objects.get_or_create(
            unit=unit, defaults={"rule": rule}
        )
        change.watch(setting, new=created)
        setting.rule = rule
        setting.save()
    return setting
