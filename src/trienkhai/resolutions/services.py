"""Writes for resolutions, plans and obligations. Views, the CLI and the demo call these.

Each service runs in one transaction, checks permission with the scoping every read uses,
validates with messages in the user's language, writes, and appends an audit event.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trienkhai.core.audit import record, snapshot
from trienkhai.core.models import AuditEvent
from trienkhai.core.permissions import Action
from trienkhai.core.services import require
from trienkhai.core.uploads import DOCX, PDF, validate_document
from trienkhai.units.models import Unit

from . import numbers
from .models import (
    KeyPoint,
    Obligation,
    ObligationDocument,
    Plan,
    PlanVersion,
    Requirement,
    Resolution,
)
from .versions import plan_snapshot, snapshot_changes

Verb = AuditEvent.Verb
RESOLUTION_FIELDS = ["kind", "number", "title", "issuing_body", "issued_on", "term", "summary"]
REQUIREMENT_FIELDS = [
    "kind",
    "title",
    "target_kinds",
    "target_levels",
    "due_on",
    "target_value",
    "parent_requirement",
]


# --- resolutions ---------------------------------------------------------------------------


def _clean_resolution(resolution: Resolution) -> None:
    resolution.derive_keys()
    errors = {}
    try:
        resolution.number = numbers.parse_number(
            resolution.number, numbers.KIND_TYPES.get(resolution.kind, "NQ")
        )
    except ValidationError as exc:
        errors["number"] = exc.messages
    if not resolution.title:
        errors["title"] = [_("The title cannot be empty.")]
    if not resolution.issuing_body:
        errors["issuing_body"] = [_("Say which body issued the document.")]
    if errors:
        raise ValidationError(errors)
    resolution.full_clean(exclude=["search_key", "document"])


def _save_key_points(resolution: Resolution, key_points) -> None:
    resolution.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(resolution=resolution, order=i, text=text, is_new=is_new)
        for i, (text, is_new) in enumerate(key_points, start=1)
    )


def _attach_pdf(resolution: Resolution, upload) -> None:
    try:
        validate_document(upload, allowed=(PDF,))
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc
    resolution.document.save(upload.name, upload, save=False)


@transaction.atomic
def register_resolution(*, user, unit: Unit, key_points=(), document=None, **fields) -> Resolution:
    """Register a document so plans can implement it; ``key_points`` is
    ``[(text, is_new), ...]`` in order."""
    require(user, Action.CHANGE, unit)
    resolution = Resolution(unit=unit, **fields)
    _clean_resolution(resolution)
    if document is not None:
        _attach_pdf(resolution, document)
    resolution.save()
    _save_key_points(resolution, key_points)
    after = snapshot(resolution, RESOLUTION_FIELDS) | {"key_points": len(key_points)}
    record(user=user, verb=Verb.CREATE, obj=resolution, unit=unit, after=after)
    return resolution


@transaction.atomic
def update_resolution(
    *, user, resolution: Resolution, key_points=None, document=None, **fields
) -> Resolution:
    require(user, Action.CHANGE, resolution.unit)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    before = snapshot(resolution, RESOLUTION_FIELDS) | {
        "key_points": [k.text for k in resolution.key_points.all()]
    }
    for name, value in fields.items():
        if name not in RESOLUTION_FIELDS:
            raise ValueError(f"not an editable resolution field: {name}")
        setattr(resolution, name, value)
    _clean_resolution(resolution)
    if document is not None:
        _attach_pdf(resolution, document)
    resolution.save()
    if key_points is not None:
        _save_key_points(resolution, key_points)
    after = snapshot(resolution, RESOLUTION_FIELDS) | {
        "key_points": [k.text for k in resolution.key_points.all()]
    }
    if after != before or document is not None:
        record(
            user=user,
            verb=Verb.UPDATE,
            obj=resolution,
            unit=resolution.unit,
            before=before,
            after=after,
        )
    return resolution


# --- plans -----------------------------------------------------------------------------------


def _clean_plan(plan: Plan, requirements: list[dict], *, issuing: bool) -> None:
    """Everything that makes a plan valid; all problems at once, by field."""
    plan.derive_keys()
    errors: dict[str, list] = {}
    try:
        plan.number = numbers.parse_number(plan.number, "KH")
    except ValidationError as exc:
        errors["number"] = exc.messages
    if not plan.title:
        errors["title"] = [_("The title cannot be empty.")]
    if plan.parent_id:
        parent = plan.parent
        if not parent.is_issued:
            errors.setdefault("parent", []).append(_("The plan above has not been issued yet."))
        if not plan.unit.path.startswith(parent.unit.path) or plan.unit_id == parent.unit_id:
            errors.setdefault("parent", []).append(
                _("A plan can only implement a plan of a unit above its own.")
            )
    problems = []
    if issuing and not requirements:
        problems.append(_("A plan needs at least one requirement before it is issued."))
    for i, req in enumerate(requirements, start=1):
        title = req.get("title") or f"#{i}"
        due = req.get("due_on")
        if not req.get("title"):
            problems.append(_("Requirement %(n)d has no title.") % {"n": i})
        if not req.get("target_kinds"):
            problems.append(_("Requirement “%(title)s” names no kind of unit.") % {"title": title})
        if due and plan.issued_on and due < plan.issued_on:
            problems.append(
                _("The deadline of “%(title)s” (%(due)s) is before the plan's date (%(date)s).")
                % {"title": title, "due": _d(due), "date": _d(plan.issued_on)}
            )
        parent_req = req.get("parent_requirement")
        if due and parent_req is not None and due > parent_req.due_on:
            problems.append(
                _(
                    "The deadline of “%(title)s” (%(due)s) falls after the deadline of the plan "
                    "above (%(parent_due)s)."
                )
                % {"title": title, "due": _d(due), "parent_due": _d(parent_req.due_on)}
            )
        value = req.get("target_value")
        if value is not None and not 0 < value <= 100:
            problems.append(
                _("The target of “%(title)s” must be a percentage above 0 and at most 100.")
                % {"title": title}
            )
    if problems:
        errors.setdefault("__all__", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    plan.full_clean(exclude=["search_key", "resolutions"])


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _save_requirements(plan: Plan, requirements: list[dict]) -> None:
    """Create, update and delete the plan's requirements to match ``requirements``."""
    existing = {r.pk: r for r in plan.requirements.all()}
    keep = set()
    for order, data in enumerate(requirements, start=1):
        req = existing.get(data.get("id")) or Requirement(plan=plan)
        for name in REQUIREMENT_FIELDS:
            if name in data:
                setattr(req, name, data[name])
        req.title = (req.title or "").strip()
        req.order = order
        req.save()
        keep.add(req.pk)
    for pk, req in existing.items():
        if pk not in keep:
            if req.obligations.exists():
                req.obligations.update(cancelled=True)
                req.withdrawn = True
                req.save(update_fields=["withdrawn"])
            else:
                req.delete()


def requirements_from_parent(parent: Plan) -> list[dict]:
    """The parent plan's requirements as a starting point for a plan that implements it."""
    return [
        {
            "kind": r.kind,
            "title": r.title,
            "target_kinds": list(r.target_kinds),
            "target_levels": list(r.target_levels),
            "due_on": r.due_on,
            "target_value": r.target_value,
            "parent_requirement": r,
        }
        for r in parent.requirements.filter(withdrawn=False)
    ]


@transaction.atomic
def create_plan(
    *, user, unit: Unit, resolutions=(), requirements=None, parent: Plan | None = None, **fields
) -> Plan:
    """Draft a plan. With a ``parent`` and no requirements, start from the parent's."""
    require(user, Action.CHANGE, unit)
    if requirements is None:
        requirements = requirements_from_parent(parent) if parent else []
    plan = Plan(unit=unit, parent=parent, **fields)
    _clean_plan(plan, requirements, issuing=False)
    plan.save()
    plan.resolutions.set(resolutions or (parent.resolutions.all() if parent else []))
    _save_requirements(plan, requirements)
    record(
        user=user,
        verb=Verb.CREATE,
        obj=plan,
        unit=unit,
        after=snapshot(plan, ["number", "title", "issued_on", "parent"])
        | {"requirements": len(requirements)},
    )
    return plan


@transaction.atomic
def update_plan(
    *, user, plan: Plan, requirements=None, resolutions=None, reason: str = "", **fields
) -> Plan:
    """Edit a plan. A draft changes in place; an issued plan only through a new version,
    by its unit's head, with a reason, and its obligations follow."""
    plan = Plan.objects.select_for_update().select_related("unit", "parent").get(pk=plan.pk)
    issued = plan.is_issued
    require(user, Action.APPROVE if issued else Action.CHANGE, plan.unit)
    if issued and not reason.strip():
        raise ValidationError({"reason": _("Say why the issued plan changes.")})
    before = plan_snapshot(plan)
    for name, value in fields.items():
        if name not in {"number", "title", "issued_on"}:
            raise ValueError(f"not an editable plan field: {name}")
        setattr(plan, name, value)
    if requirements is None:
        requirements = [
            {"id": r.pk, **{n: getattr(r, n) for n in REQUIREMENT_FIELDS}}
            for r in plan.requirements.filter(withdrawn=False)
        ]
    _clean_plan(plan, requirements, issuing=issued)
    plan.save()
    if resolutions is not None:
        plan.resolutions.set(resolutions)
    _save_requirements(plan, requirements)
    after = plan_snapshot(plan)
    changes = snapshot_changes(before, after)
    if not changes:
        return plan
    if issued:
        plan.version += 1
        plan.save(update_fields=["version"])
        PlanVersion.objects.create(
            plan=plan,
            number=plan.version,
            issued_by=user,
            reason=reason.strip(),
            snapshot=after,
            changes=changes,
        )
        sync_obligations(plan)
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=plan,
        unit=plan.unit,
        before={"version": plan.version - 1 if issued else plan.version},
        after={"version": plan.version, "changes": len(changes)},
    )
    return plan


@transaction.atomic
def issue_plan(*, user, plan: Plan) -> Plan:
    """The head approves and issues the plan: its obligations fall on the units below."""
    plan = Plan.objects.select_for_update().select_related("unit", "parent").get(pk=plan.pk)
    require(user, Action.APPROVE, plan.unit)
    if plan.is_issued:
        raise ValidationError(_("This plan has already been issued."))
    requirements = [{n: getattr(r, n) for n in REQUIREMENT_FIELDS} for r in plan.requirements.all()]
    _clean_plan(plan, requirements, issuing=True)
    plan.status = Plan.Status.ISSUED
    plan.version = 1
    plan.save(update_fields=["status", "version", "number", "title", "search_key"])
    PlanVersion.objects.create(
        plan=plan, number=1, issued_by=user, snapshot=plan_snapshot(plan), changes=[]
    )
    created = sync_obligations(plan)
    record(
        user=user,
        verb=Verb.ISSUE,
        obj=plan,
        unit=plan.unit,
        after={"version": 1, "obligations": created},
    )
    return plan


# --- obligations -----------------------------------------------------------------------------


def target_units(requirement: Requirement, plan: Plan):
    """The units below the issuer that a requirement falls on, active on the plan's date."""
    units = Unit.objects.filter(
        path__startswith=plan.unit.path,
        depth__gt=plan.unit.depth,
        kind__in=requirement.target_kinds,
    ).filter(Q(active_to__isnull=True) | Q(active_to__gte=plan.issued_on))
    if requirement.target_levels:
        units = units.filter(level__in=requirement.target_levels)
    return units


def sync_obligations(plan: Plan) -> int:
    """Make the plan's obligations match its requirements (idempotent); returns how many
    were created. Deadlines follow the requirement; removed requirements cancel theirs."""
    created = 0
    for requirement in plan.requirements.filter(withdrawn=False):
        Obligation.objects.filter(requirement=requirement).exclude(
            due_on=requirement.due_on
        ).update(due_on=requirement.due_on)
        Obligation.objects.filter(requirement=requirement, cancelled=True).update(cancelled=False)
        have = set(
            Obligation.objects.filter(requirement=requirement).values_list("unit_id", flat=True)
        )
        missing = [
            Obligation(unit_id=pk, requirement=requirement, plan=plan, due_on=requirement.due_on)
            for pk in target_units(requirement, plan).values_list("pk", flat=True)
            if pk not in have
        ]
        Obligation.objects.bulk_create(missing, batch_size=2000)
        created += len(missing)
    return created


def attach_new_unit(unit: Unit) -> int:
    """A unit opened during a plan owes what the plan requires of units like it, when the
    deadline has not passed. Called by ``units.services.create_unit`` and ``move_unit``."""
    ancestors = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
    today = timezone.localdate()
    requirements = Requirement.objects.filter(
        plan__status=Plan.Status.ISSUED,
        plan__unit__path__in=ancestors,
        withdrawn=False,
        due_on__gte=today,
    ).select_related("plan")
    new = [
        Obligation(unit=unit, requirement=r, plan=r.plan, due_on=r.due_on)
        for r in requirements
        if unit.kind in r.target_kinds and (not r.target_levels or unit.level in r.target_levels)
    ]
    existing = set(Obligation.objects.filter(unit=unit).values_list("requirement_id", flat=True))
    new = [o for o in new if o.requirement_id not in existing]
    Obligation.objects.bulk_create(new)
    return len(new)


def record_evidence(
    *, unit: Unit, plan: Plan, kind: str, on: datetime.date, evidence: str, subtree=False
):
    """Mark what ``unit`` owes under ``plan`` (and the plans it implements) for requirements
    of ``kind`` as done on ``on``, unless it was done earlier. With ``subtree``, the units
    under it too (a commune's session that its cells attended). Study sessions, action
    programs and reports call this when their evidence is recorded."""
    plans = []
    while plan is not None:
        plans.append(plan.pk)
        plan = plan.parent
    obligations = Obligation.objects.filter(
        plan_id__in=plans, requirement__kind=kind, cancelled=False
    ).filter(Q(fulfilled_on__isnull=True) | Q(fulfilled_on__gt=on))
    if subtree:
        obligations = obligations.within(unit)
    else:
        obligations = obligations.filter(unit=unit)
    return obligations.update(fulfilled_on=on, evidence=evidence[:300])


@transaction.atomic
def upload_report(*, user, obligation: Obligation, upload) -> ObligationDocument:
    """Upload a results report (PDF or Word) against an obligation; it is the evidence."""
    require(user, Action.CHANGE, obligation.unit)
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    if obligation.cancelled:
        raise ValidationError(_("This obligation was cancelled by a new version of the plan."))
    try:
        kind = validate_document(upload, allowed=(PDF, DOCX))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = ObligationDocument(
        obligation=obligation,
        original_name=upload.name[:255],
        content_type=kind,
        size=upload.size,
        uploaded_by=user,
    )
    document.file.save(upload.name, upload, save=False)
    document.save()
    today = timezone.localdate()
    if obligation.fulfilled_on is None:
        obligation.fulfilled_on = today
        obligation.evidence = _("Document: %(name)s") % {"name": document.original_name}
        obligation.save(update_fields=["fulfilled_on", "evidence"])
    record(
        user=user,
        verb=Verb.CREATE,
        obj=document,
        unit=obligation.unit,
        after={"obligation": str(obligation), "file": document.original_name},
    )
    return document
