"""Drafting a program: the program itself, its tasks and roadmap, and the discussion."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.access import Action, require
from trienkhai.core.audit import record, snapshot
from trienkhai.core.changes import audited, update_audited
from trienkhai.core.fields import no_such_day
from trienkhai.core.models import AuditEvent
from trienkhai.core.parsing import parse_decimal, parse_int
from trienkhai.core.plausible import negative_problem
from trienkhai.core.querysets import ancestor_paths
from trienkhai.resolutions.models import KeyPoint, Plan
from trienkhai.units.models import Unit

from ..copying import check_program
from ..models import ActionProgram, Milestone, ProgramComment, Task
from ..models.task import TASK_TITLE_MAX
from ..periods import parse_quarter
from .progress import refresh_milestones

Verb = AuditEvent.Verb
PROGRAM_FIELDS = ["kind", "number", "title", "field", "summary", "reporting_period", "parent"]
TASK_FIELDS = [
    "order",
    "title",
    "parent_task",
    "lead_unit",
    "due_on",
    "indicator",
    "measure",
    "baseline",
    "target",
    "target_year",
]


def program_key_points(program: ActionProgram):
    """The key points a task may serve: those of the documents the plan (or a plan above it
    that it implements) carries out."""
    return KeyPoint.objects.filter(resolution__plans__in=program.plan.and_plans_above()).distinct()


def _check_copies(program: ActionProgram) -> None:

    check_program(program)


def _editable(program: ActionProgram) -> None:
    if not program.is_editable:
        raise ValidationError(
            _("An approved program changes only through a new version: start a revision first.")
        )


def _clean_program(program: ActionProgram) -> None:
    program.derive_keys()
    program.number = textvi.normalize(program.number)
    errors = {}
    if not program.title:
        errors["title"] = _("Enter the title of the program.")
    unit, plan = program.unit, program.plan
    if not unit.path.startswith(plan.unit.path) or (not plan.is_issued and plan.unit_id != unit.pk):
        errors["plan"] = _("This plan is not addressed to this unit.")
    if program.number:
        same = ActionProgram.objects.filter(unit=unit, number=program.number).exclude(pk=program.pk)
        if same.exists():
            errors["number"] = _("This unit already has a program with this number.")
    parent = program.parent
    if parent is not None:
        if not unit.path.startswith(parent.unit.path) or parent.unit_id == unit.pk:
            errors["parent"] = _("The program above must belong to a unit above this one.")
        elif not parent.is_adopted:
            errors["parent"] = _("The program above has not been approved yet.")
        elif parent.plan_id not in plan.and_plans_above():
            errors["parent"] = _("The program above carries out another plan.")
    if errors:
        raise ValidationError(errors)


def default_parent(unit: Unit, plan: Plan) -> ActionProgram | None:
    """The approved program of the nearest unit above for this plan or a plan it implements;
    at that unit, its action program before an implementation plan or a project (the kinds'
    own order, not their alphabetical one, which would put "plan" first)."""

    Kind = ActionProgram.Kind
    kind_rank = Case(
        When(kind=Kind.PROGRAM, then=Value(0)),
        When(kind=Kind.PLAN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        ActionProgram.objects.filter(
            unit__path__in=ancestor_paths(unit.path),
            plan_id__in=plan.and_plans_above(),
            version__gt=0,
        )
        .select_related("unit")
        .order_by("-unit__depth", kind_rank, "-id")
        .first()
    )


@transaction.atomic
def create_program(
    *,
    user,
    unit: Unit,
    plan: Plan,
    title: str,
    kind: str = ActionProgram.Kind.PROGRAM,
    start_from_parent: bool = False,
    parent: ActionProgram | None = None,
    **fields,
) -> ActionProgram:
    """A new draft. With ``start_from_parent`` it begins with the tasks of the program above
    (the copy check then shows how much is still the parent's text)."""
    require(user, Action.CHANGE, unit)
    if parent is None:
        parent = default_parent(unit, plan)
    program = ActionProgram(unit=unit, plan=plan, title=title, kind=kind, parent=parent, **fields)
    _clean_program(program)
    program.full_clean(exclude=["unit", "plan", "parent", "approved_by", "deputy"])
    program.save()
    if start_from_parent:
        if parent is None:
            raise ValidationError(_("There is no approved program above to start from."))
        _copy_tasks(parent, program)
    record(
        user=user,
        verb=Verb.CREATE,
        obj=program,
        unit=unit,
        after=snapshot(program, ["kind", "number", "title", "field", "plan", "parent"]),
    )
    if start_from_parent:
        _check_copies(program)
    return program


def _copy_tasks(source: ActionProgram, program: ActionProgram) -> None:
    for old in source.tasks.prefetch_related("key_points"):
        task = Task.objects.create(
            program=program,
            order=old.order,
            title=old.title,
            parent_task=old,
            indicator=old.indicator,
            measure=old.measure,
            target_year=old.target_year,
        )
        task.key_points.set(old.key_points.all())


@transaction.atomic
def update_program(*, user, program: ActionProgram, **fields) -> ActionProgram:
    program = ActionProgram.objects.select_for_update(of=("self",)).get(pk=program.pk)
    require(user, Action.CHANGE, program.unit)
    _editable(program)

    def validate(program: ActionProgram) -> None:
        _clean_program(program)
        program.full_clean(exclude=["unit", "plan", "parent", "approved_by", "deputy"])

    update_audited(
        program,
        user=user,
        changes=fields,
        fields=PROGRAM_FIELDS,
        validate=validate,
        unknown=TypeError,
        permission=False,  # checked above, before the edit rule
    )
    return program


# --- tasks -----------------------------------------------------------------------------------


def _plausible_date(day, errors: dict, key: str, plan: Plan) -> None:
    if day is None:
        return
    if not isinstance(day, datetime.date):
        errors[key] = _("Enter a valid date.")
    elif day.year < plan.issued_on.year - 1 or day.year > plan.issued_on.year + 30:
        errors[key] = _("The date %(date)s is not plausible for this plan.") % {
            "date": day.strftime("%d/%m/%Y")
        }


def clean_milestones(rows, plan: Plan) -> list[Milestone]:
    """Milestones from form rows: ``when`` (a date or a quarter ``Q2/2026``) or ``due_on``,
    and an expected value or a deliverable."""
    out = []
    for i, row in enumerate(rows or [], start=1):
        errors: dict = {}
        due, by_quarter = row.get("due_on"), False
        when = row.get("when")
        if due is None and isinstance(when, str) and when.strip():
            due = parse_quarter(when)
            by_quarter = due is not None
            if due is None:
                try:
                    due = datetime.datetime.strptime(when.strip(), "%d/%m/%Y").date()
                except ValueError:
                    errors["when"] = no_such_day(when) or _(
                        "Write a date dd/mm/yyyy or a quarter such as Q2/2026."
                    )
        if due is None and not errors:
            errors["when"] = _("Each milestone needs a date or a quarter.")
        _plausible_date(due, errors, "when", plan)
        expected = parse_decimal(row.get("expected_value"), errors, "expected_value")
        if problem := negative_problem(expected):
            errors["expected_value"] = problem
        deliverable = textvi.normalize(row.get("deliverable") or "")
        if expected is None and not deliverable and "expected_value" not in errors:
            errors["deliverable"] = _("Say what is expected by then: a value or a deliverable.")
        if errors:
            message = "; ".join(str(m) for m in errors.values())
            raise ValidationError(
                {"milestones": _("Milestone %(n)s: %(message)s") % {"n": i, "message": message}}
            )
        out.append(
            Milestone(
                order=i,
                due_on=due,
                by_quarter=row.get("by_quarter", by_quarter),
                expected_value=expected,
                deliverable=deliverable[:300],
            )
        )
    return out


def _clean_task(task: Task, program: ActionProgram, key_points, coordinating) -> None:
    errors: dict = {}
    task.title = textvi.normalize(task.title or "")
    task.indicator = textvi.normalize(task.indicator or "")
    task.measure = textvi.normalize(task.measure or "")
    if not task.title:
        errors["title"] = _("Say what is to be done.")
    elif len(task.title) > TASK_TITLE_MAX:
        errors["title"] = _("At most %(max)s characters (this text has %(n)s).") % {
            "max": TASK_TITLE_MAX,
            "n": len(task.title),
        }
    if not key_points:
        errors["key_points"] = _(
            "Choose at least one key point of the resolution this task serves."
        )
    else:
        allowed = set(program_key_points(program).values_list("pk", flat=True))
        if any(kp.pk not in allowed for kp in key_points):
            errors["key_points"] = _("A key point chosen is not in the documents of this plan.")
    parent_task = task.parent_task if task.parent_task_id else None
    if parent_task is not None and (
        program.parent_id is None or parent_task.program_id != program.parent_id
    ):
        errors["parent_task"] = _("The task above must be a task of the program above.")
    path = program.unit.path
    lead_unit = task.lead_unit if task.lead_unit_id else None
    if lead_unit is not None and not lead_unit.path.startswith(path):
        errors["lead_unit"] = _("The lead unit must be this unit or a unit under it.")
    if any(not u.path.startswith(path) for u in coordinating):
        errors["coordinating_units"] = _("Coordinating units must be this unit or units under it.")
    elif task.lead_unit_id and any(u.pk == task.lead_unit_id for u in coordinating):
        errors["coordinating_units"] = _("The lead unit cannot also be a coordinating unit.")
    _plausible_date(task.due_on, errors, "due_on", program.plan)
    task.baseline = parse_decimal(task.baseline, errors, "baseline")
    task.target = parse_decimal(task.target, errors, "target")
    for key in ("baseline", "target"):  # an indicator counts or rates: a decrease is a level
        if problem := negative_problem(getattr(task, key)):
            errors[key] = problem
    if task.target is not None and not task.indicator:
        errors["indicator"] = _("Name the indicator the target measures.")
    if task.indicator and task.target is None and "target" not in errors:
        errors["target"] = _("Give the indicator a target.")
    year = task.target_year
    if year in ("", None):
        task.target_year = None
    elif (number := parse_int(year)) is None:
        errors["target_year"] = _("Enter a year such as 2030.")
    elif not (program.plan.issued_on.year <= number <= program.plan.issued_on.year + 30):
        errors["target_year"] = _("The target year is not plausible for this plan.")
    else:
        task.target_year = number
    if errors:
        raise ValidationError(errors)


def _save_milestones(task: Task, rows: list[Milestone]) -> None:
    """Replace the roadmap with ``rows``, keeping the rows of milestones whose date did not
    change: the progress reports that named them stay linked, and what was reached stays
    reached (``done_on`` is recomputed from the reports, as when a report is made)."""

    existing = list(task.milestones.order_by("due_on", "order", "id"))
    kept, new = [], []
    for row in rows:
        same = next((m for m in existing if m.due_on == row.due_on), None)
        if same is None:
            row.task = task
            new.append(row)
            continue
        existing.remove(same)
        for name in ("order", "by_quarter", "expected_value", "deliverable"):
            setattr(same, name, getattr(row, name))
        kept.append(same)
    Milestone.objects.filter(pk__in=[m.pk for m in existing]).delete()
    Milestone.objects.bulk_update(kept, ["order", "by_quarter", "expected_value", "deliverable"])
    Milestone.objects.bulk_create(new)
    if task.updates.exists():
        refresh_milestones(task)


@transaction.atomic
def save_task(
    *,
    user,
    program: ActionProgram,
    task: Task | None = None,
    key_points=(),
    coordinating_units=(),
    milestones=None,
    **fields,
) -> Task:
    """Add a task (``task=None``) or change one: what, key points, the task above, lead and
    coordinating units, indicator, and the roadmap (``milestones`` replaces the list when
    given). The copy check runs again afterwards."""
    program = (
        ActionProgram.objects.select_for_update(of=("self",))
        .select_related("unit", "plan", "parent")
        .get(pk=program.pk)
    )
    creating = task is None
    verb = Verb.CREATE if creating else Verb.UPDATE
    with audited(user=user, unit=program.unit, fields=TASK_FIELDS, verb=verb) as change:
        _editable(program)
        if creating:
            last = program.tasks.order_by("-order").values_list("order", flat=True).first() or 0
            task = Task(program=program, order=last + 1)
        else:
            assert task is not None  # not creating
            task = Task.objects.select_for_update().filter(pk=task.pk, program=program).first()
            if task is None:  # a forged or stale id: refused like any bad input, not a crash
                raise ValidationError(_("This task belongs to another program."))
        change.watch(task, new=creating)
        for name, value in fields.items():
            if name not in TASK_FIELDS:
                raise TypeError(f"unknown field {name!r}")
            setattr(task, name, value)
        key_points, coordinating = list(key_points), list(coordinating_units)
        _clean_task(task, program, key_points, coordinating)
        rows = clean_milestones(milestones, program.plan) if milestones is not None else None
        task.save()
        task.key_points.set(key_points)
        task.coordinating_units.set(coordinating)
        if rows is not None:
            _save_milestones(task, rows)
        # Counts, not the lists: the task's text is in the event, its roadmap in the versions.
        change.note(
            key_points=len(key_points),
            milestones=len(rows) if rows is not None else task.milestones.count(),
        )
    _check_copies(program)
    return task


@transaction.atomic
def remove_task(*, user, task: Task) -> None:
    program = ActionProgram.objects.select_for_update(of=("self",)).get(pk=task.program_id)
    require(user, Action.CHANGE, program.unit)
    _editable(program)
    if task.updates.exists():
        raise ValidationError(_("Progress has been reported on this task: it cannot be removed."))
    before = snapshot(task, TASK_FIELDS)
    record(user=user, verb=Verb.DELETE, obj=task, unit=program.unit, before=before)
    task.delete()
    _check_copies(program)


@transaction.atomic
def add_comment(*, user, program: ActionProgram, text: str, task: Task | None = None):
    """A committee member's comment during discussion (on one task or the whole program)."""
    program = ActionProgram.objects.select_related("unit").get(pk=program.pk)  # status as stored
    require(user, Action.VIEW, program.unit)
    if program.status != ActionProgram.Status.DISCUSSION:
        raise ValidationError(_("Comments are taken while the program is in discussion."))
    text = textvi.normalize_paragraphs(text or "")
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("The comment is too long (at most 5,000 characters).")})
    if task is not None and task.program_id != program.pk:
        raise ValidationError(_("This task belongs to another program."))
    comment = ProgramComment.objects.create(program=program, task=task, author=user, text=text)
    record(
        user=user, verb=Verb.COMMENT, obj=program, unit=program.unit, after={"comment": text[:200]}
    )
    return comment
