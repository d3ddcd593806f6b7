"""Writes for resolutions, plans and obligations. Views, the CLI and the demo call these.

Each service runs in one transaction, checks permission with the scoping every read uses,
validates with messages in the user's language, writes, and appends an audit event.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trienkhai.core import flags, plausible, textextract, textvi
from trienkhai.core.access import Action, AnyUser, require
from trienkhai.core.audit import record, snapshot
from trienkhai.core.changes import audited
from trienkhai.core.models import AuditEvent
from trienkhai.core.plausible import KEY_POINT_MAX
from trienkhai.core.querysets import ancestor_paths, column_of
from trienkhai.core.uploads import (
    DOCX,
    PDF,
    display_name,
    sha256_of,
    stored_name,
    validate_document,
)
from trienkhai.units.models import Unit
from trienkhai.units.querysets import UnitQuerySet

from . import notices, numbers
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

log = logging.getLogger(__name__)

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


def _registers_the_centre(unit: Unit) -> bool:
    """Where the Central Committee's documents are registered: a central unit, or the top of
    the tree (a province's tree has no central unit above it)."""
    return unit.level == Unit.Level.CENTRAL or unit.depth == 1


def _registered_in_line(resolution: Resolution) -> Unit | None:
    """The unit above or below that already registered this number, if any: one document is
    registered once in a line of units and carried out below through plans. (Twice in the
    same unit is the unique constraint's; sibling communes each have their own 05-NQ/ĐU.)"""
    unit = resolution.unit
    found = (
        Resolution.objects.filter(number=resolution.number)
        .filter(Q(unit__path__in=ancestor_paths(unit.path)) | Q(unit__path__prefix=unit.path))
        .exclude(unit=unit)
        .exclude(pk=resolution.pk)
        .select_related("unit")
        .first()
    )
    return found.unit if found is not None else None


def _clean_resolution(resolution: Resolution) -> None:
    errors = {}
    try:
        resolution.number = numbers.parse_number(
            resolution.number, numbers.KIND_TYPES.get(resolution.kind, "NQ")
        )
    except ValidationError as exc:
        errors["number"] = exc.messages
    resolution.derive_keys()  # after the number is normalised: the search key holds it
    if (
        "number" not in errors
        and plausible.is_central_number(resolution.number)
        and not _registers_the_centre(resolution.unit)
    ):
        errors["number"] = [
            _(
                "%(number)s is a document of the Central Committee: it is registered once, at "
                "the top of the tree, and the units below carry it out through its plans."
            )
            % {"number": resolution.number}
        ]
    if "number" not in errors and (holder := _registered_in_line(resolution)) is not None:
        errors["number"] = [
            _("%(number)s is already registered by %(unit)s, in the same line of units.")
            % {"number": resolution.number, "unit": holder.name}
        ]
    errors |= plausible.date_errors(issued_on=resolution.issued_on)
    if not resolution.title:
        errors["title"] = [_("The title cannot be empty.")]
    if not resolution.issuing_body:
        errors["issuing_body"] = [_("Say which body issued the document.")]
    if errors:
        raise ValidationError(errors)
    resolution.full_clean(exclude=["search_key", "document"])


#: The most key points a document has (a resolution has a dozen or two).
MAX_KEY_POINTS = 200


def _clean_key_points(key_points: Iterable[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """``[(text, is_new)]`` normalised (NFC, ``Ð``→``Đ``, spaces), blank points dropped."""
    points = [(textvi.normalize(text), bool(is_new)) for text, is_new in key_points]
    points = [(text, is_new) for text, is_new in points if text]
    if len(points) > MAX_KEY_POINTS:
        message = _("A document has at most %(max)s key points.") % {"max": MAX_KEY_POINTS}
        raise ValidationError({"key_points": message})
    long = [i for i, (text, _new) in enumerate(points, start=1) if len(text) > KEY_POINT_MAX]
    if long:
        raise ValidationError(
            {
                "key_points": _("Key point %(n)s is longer than %(max)s characters.")
                % {"n": long[0], "max": KEY_POINT_MAX}
            }
        )
    return points


def _save_key_points(resolution: Resolution, key_points: list[tuple[str, bool]]) -> None:
    resolution.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(resolution=resolution, order=i, text=text, is_new=is_new)
        for i, (text, is_new) in enumerate(key_points, start=1)
    )


def _attach_pdf(resolution: Resolution, upload: File[Any]) -> None:
    try:
        validate_document(upload, allowed=(PDF,))
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc
    resolution.document.save(stored_name(PDF), upload, save=False)
    resolution.full_text, resolution.full_text_state = "", ""  # read again when next needed


def full_text(resolution: Resolution) -> str:
    """The text of the resolution's registered PDF, read once (``core.textextract``) and kept
    on the row; "" when there is none, it is a scan or it cannot be read (the state says
    which). The learning reports' copy check compares them with it."""
    if not resolution.document:
        return ""
    if not resolution.full_text_state:
        try:
            with resolution.document.open("rb") as handle:
                found = textextract.extract(handle)
        except OSError as exc:  # the file is missing from storage: said, tried again later
            log.warning("Resolution %s: cannot open its PDF: %s", resolution.pk, exc)
            return ""
        resolution.full_text, resolution.full_text_state = found.text, found.state
        Resolution.objects.filter(pk=resolution.pk).update(
            full_text=found.text, full_text_state=found.state
        )
    return resolution.full_text


@transaction.atomic
def register_resolution(
    *,
    user: AnyUser,
    unit: Unit,
    key_points: Iterable[tuple[str, bool]] = (),
    document: File[Any] | None = None,
    **fields: Any,
) -> Resolution:
    """Register a document so plans can implement it; ``key_points`` is
    ``[(text, is_new), ...]`` in order."""
    require(user, Action.CHANGE, unit)
    key_points = _clean_key_points(key_points)
    resolution = Resolution(unit=unit, **fields)
    _clean_resolution(resolution)
    if document is not None:
        _attach_pdf(resolution, document)
    resolution.save()
    _save_key_points(resolution, key_points)
    after = snapshot(resolution, RESOLUTION_FIELDS) | {"key_points": len(key_points)}
    record(user=user, verb=Verb.CREATE, obj=resolution, unit=unit, after=after)
    return resolution


def _key_point_texts(resolution: Resolution) -> dict[str, Any]:
    """The related rows an edit of a resolution shows: its key points, in order."""
    return {"key_points": [k.text for k in resolution.key_points.all()]}


@transaction.atomic
def update_resolution(
    *,
    user: AnyUser,
    resolution: Resolution,
    key_points: Iterable[tuple[str, bool]] | None = None,
    document: File[Any] | None = None,
    **fields: Any,
) -> Resolution:
    with audited(
        user=user, unit=resolution.unit, fields=RESOLUTION_FIELDS, related=_key_point_texts
    ) as change:
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        change.watch(resolution)
        for name, value in fields.items():
            if name not in RESOLUTION_FIELDS:
                raise ValueError(f"not an editable resolution field: {name}")
            setattr(resolution, name, value)
        _clean_resolution(resolution)
        if document is not None:
            _attach_pdf(resolution, document)
            change.always = True  # a new PDF is news even when the text stays the same
        resolution.save()
        if key_points is not None:
            _save_key_points(resolution, _clean_key_points(key_points))
    return resolution


# --- plans -----------------------------------------------------------------------------------


def _clean_plan(plan: Plan, requirements: list[dict[str, Any]], *, issuing: bool) -> None:
    """Everything that makes a plan valid; all problems at once, by field."""
    errors: dict[str, list[str]] = {}
    try:
        plan.number = numbers.parse_number(plan.number, "KH")
    except ValidationError as exc:
        errors["number"] = exc.messages
    plan.derive_keys()  # after the number is normalised: the search key holds it
    errors |= plausible.date_errors(issued_on=plan.issued_on)
    if not plan.title:
        errors["title"] = [_("The title cannot be empty.")]
    parent = plan.parent if plan.parent_id else None
    if parent is not None:
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
        text = (req.get("title") or "").strip()
        title = text or f"#{i}"
        due = req.get("due_on")
        if not text:
            problems.append(_("Requirement %(n)d has no title.") % {"n": i})
        if req.get("kind") not in Requirement.Kind.values:
            problems.append(
                _("Requirement “%(title)s” asks for something unknown.") % {"title": title}
            )
        if not req.get("target_kinds"):
            problems.append(_("Requirement “%(title)s” names no kind of unit.") % {"title": title})
        elif not (
            set(req["target_kinds"]) <= set(Unit.Kind.values)
            and set(req.get("target_levels") or ()) <= set(Unit.Level.values)
        ):
            problems.append(
                _("Requirement “%(title)s” names an unknown kind or level of unit.")
                % {"title": title}
            )
        if not due:
            problems.append(_("Requirement “%(title)s” has no deadline.") % {"title": title})
        elif problem := plausible.date_problem(due):
            problems.append(
                _("The deadline of “%(title)s”: %(problem)s") % {"title": title, "problem": problem}
            )
        if due and plan.issued_on and due < plan.issued_on:
            problems.append(
                _("The deadline of “%(title)s” (%(due)s) is before the plan's date (%(date)s).")
                % {"title": title, "due": _d(due), "date": _d(plan.issued_on)}
            )
        parent_req = req.get("parent_requirement")
        if parent_req is not None and parent_req.plan_id != plan.parent_id:
            problems.append(
                _(
                    "Requirement “%(title)s” carries out a requirement that is not in the plan "
                    "above."
                )
                % {"title": title}
            )
        elif due and parent_req is not None and due > parent_req.due_on:
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


def _save_requirements(plan: Plan, requirements: list[dict[str, Any]]) -> None:
    """Create, update and delete the plan's requirements to match ``requirements``."""
    existing: dict[Any, Requirement] = {r.pk: r for r in plan.requirements.all()}
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


def _visible_resolutions(user: AnyUser, resolutions: Iterable[Resolution]) -> list[Resolution]:
    """The documents a plan implements must be ones its author can see (scoped like reads)."""
    resolutions = list(resolutions)
    pks = {r.pk for r in resolutions}
    if pks and Resolution.objects.for_user(user, Action.VIEW).filter(pk__in=pks).count() != len(
        pks
    ):
        raise PermissionDenied(_("You do not have permission to do this here."))
    return resolutions


def requirements_from_parent(parent: Plan) -> list[dict[str, Any]]:
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
    *,
    user: AnyUser,
    unit: Unit,
    resolutions: Iterable[Resolution] = (),
    requirements: list[dict[str, Any]] | None = None,
    parent: Plan | None = None,
    **fields: Any,
) -> Plan:
    """Draft a plan. With a ``parent`` and no requirements, start from the parent's."""
    require(user, Action.CHANGE, unit)
    resolutions = _visible_resolutions(user, resolutions or ())
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
    *,
    user: AnyUser,
    plan: Plan,
    requirements: list[dict[str, Any]] | None = None,
    resolutions: Iterable[Resolution] | None = None,
    reason: str = "",
    **fields: Any,
) -> Plan:
    """Edit a plan. A draft changes in place; an issued plan only through a new version,
    by its unit's head, with a reason, and its obligations follow."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("unit", "parent")
        .get(pk=plan.pk)
    )
    issued = plan.is_issued
    action = Action.APPROVE if issued else Action.CHANGE
    with audited(user=user, unit=plan.unit, related=plan_snapshot, action=action) as change:
        if resolutions is not None:
            resolutions = _visible_resolutions(user, resolutions)
        if issued and not reason.strip():
            raise ValidationError({"reason": _("Say why the issued plan changes.")})
        change.watch(plan)  # after the refusals: a refused edit costs no snapshot
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
        after = change.measure()
        assert change.before is not None  # watched above
        changes = snapshot_changes(change.before, after)
        if not changes:
            change.skip()
            return plan
        if issued:
            assert user.is_authenticated, "require() lets only a login through"
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
        # The versions keep the text; the log says which version and how much changed.
        change.report(
            before={"version": plan.version - 1 if issued else plan.version},
            after={"version": plan.version, "changes": len(changes)},
        )
    return plan


@transaction.atomic
def issue_plan(*, user: AnyUser, plan: Plan) -> Plan:
    """The head approves and issues the plan: its obligations fall on the units below."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("unit", "parent")
        .get(pk=plan.pk)
    )
    require(user, Action.APPROVE, plan.unit)
    if plan.is_issued:
        raise ValidationError(_("This plan has already been issued."))
    requirements = [{n: getattr(r, n) for n in REQUIREMENT_FIELDS} for r in plan.requirements.all()]
    _clean_plan(plan, requirements, issuing=True)
    plan.status = Plan.Status.ISSUED
    plan.version = 1
    plan.save(update_fields=["status", "version", "number", "title", "search_key"])
    assert user.is_authenticated, "require() lets only a login through"
    PlanVersion.objects.create(
        plan=plan, number=1, issued_by=user, snapshot=plan_snapshot(plan), changes=[]
    )
    created = sync_obligations(plan)
    notices.plan_issued(plan, actor=user)
    record(
        user=user,
        verb=Verb.ISSUE,
        obj=plan,
        unit=plan.unit,
        after={"version": 1, "obligations": created},
    )
    return plan


# --- obligations -----------------------------------------------------------------------------


def target_units(requirement: Requirement, plan: Plan) -> UnitQuerySet:
    """The units below the issuer that a requirement falls on: active on the plan's date and
    opened by the deadline."""
    units = (
        Unit.objects.filter(
            path__prefix=plan.unit.path,
            depth__gt=plan.unit.depth,
            kind__in=requirement.target_kinds,
        )
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=plan.issued_on))
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=requirement.due_on))
    )
    if requirement.target_levels:
        units = units.filter(level__in=requirement.target_levels)
    return units


def sync_obligations(plan: Plan) -> int:
    """Make the plan's obligations match its requirements (idempotent); returns how many
    were created. Deadlines follow the requirement; removed requirements cancel theirs, and
    so does a requirement for the units it no longer names (its kinds or levels changed).

    No statement here reads the obligations table it writes (issue 21): each UPDATE filters
    the requirement's rows by conditions on the units, and the INSERT relies on the unique
    constraint (``ON CONFLICT DO NOTHING``) instead of an anti-join against the obligations
    already there. Such an anti-join scans the table once per unit when PostgreSQL takes it
    for empty, as it does for a new plan — and rescans the rows the statement itself just
    wrote: quadratic, tens of minutes for a national plan."""
    created = 0
    for requirement in plan.requirements.filter(withdrawn=False):
        obligations = Obligation.objects.filter(requirement=requirement)
        obligations.exclude(due_on=requirement.due_on).update(due_on=requirement.due_on)
        # NOT EXISTS rather than NOT IN: PostgreSQL runs ``NOT IN (subquery)`` as a hashed
        # subplan only while it fits in work_mem, and as a nested scan beyond (hours for a
        # national plan's 300,000 units).
        targeted = Exists(target_units(requirement, plan).filter(pk=OuterRef("unit_id")))
        obligations.filter(cancelled=False).exclude(targeted).update(cancelled=True)
        obligations.filter(cancelled=True).filter(targeted).update(cancelled=False)
        targets = (
            target_units(requirement, plan)
            .annotate(owing_unit=F("pk"))
            .values_list("owing_unit", flat=True)
        )
        created += _insert_obligations(targets, requirement, plan)
    return created


def _insert_obligations(unit_ids: QuerySet[Any, Any], requirement: Requirement, plan: Plan) -> int:
    """``INSERT … SELECT`` one obligation per unit of the ``unit_ids`` queryset that does not
    owe the requirement yet (cancelled or not); returns how many were inserted. A province
    plan falls on ~10,000 units per requirement, which the database writes in one statement
    instead of Python building and sending as many objects.

    The units that already owe it are skipped by the unique constraint (``ON CONFLICT … DO
    NOTHING``, PostgreSQL and SQLite ≥ 3.24): one index probe per unit, whatever the table's
    statistics, where reading the obligations in the statement went quadratic (issue 21)."""
    sql, params = unit_ids.query.sql_with_params()
    meta = Obligation._meta
    qn = connection.ops.quote_name
    columns = ", ".join(
        qn(column_of(Obligation, name))
        for name in ("unit", "requirement", "plan", "due_on", "evidence", "cancelled")
    )
    conflict = ", ".join(qn(column_of(Obligation, name)) for name in ("requirement", "unit"))
    due_on = connection.ops.adapt_datefield_value(requirement.due_on)
    with connection.cursor() as cursor:
        # ``WHERE 1 = 1``: without a WHERE, SQLite would read ``ON CONFLICT`` as the join
        # condition of ``FROM (…) t`` (its documented parsing ambiguity).
        cursor.execute(
            f"INSERT INTO {qn(meta.db_table)} ({columns}) "
            f"SELECT t.{qn('owing_unit')}, %s, %s, %s, %s, %s FROM ({sql}) t WHERE 1 = 1 "
            f"ON CONFLICT ({conflict}) DO NOTHING",
            [requirement.pk, plan.pk, due_on, "", False, *params],
        )
        inserted: int = cursor.rowcount
        return inserted


def attach_new_unit(unit: Unit) -> int:
    """A unit opened or moved during a plan owes what the plans above it require of units
    like it, when the deadline has not passed; so do the open units under it (a moved
    subtree). Runs on the units app's ``unit_opened`` and ``unit_moved`` signals (``receivers``)."""
    ancestors = ancestor_paths(unit.path)
    today = timezone.localdate()
    # Moved away from its former superiors, the subtree no longer owes their plans: what it
    # still owed under them is cancelled (what it had done stays, as history). The units and
    # plans are subqueries, not joins: an UPDATE with joins becomes ``id IN (SELECT … FROM
    # obligations …)``, reading the table it writes (issue 21).
    subtree = Unit.objects.filter(path__prefix=unit.path).values("pk")
    superiors = Plan.objects.filter(
        Q(unit__path__prefix=unit.path) | Q(unit__path__in=ancestors)
    ).values("pk")
    Obligation.objects.filter(unit__in=subtree, fulfilled_on__isnull=True, cancelled=False).exclude(
        plan__in=superiors
    ).update(cancelled=True)
    requirements = list(
        Requirement.objects.filter(
            plan__status=Plan.Status.ISSUED,
            plan__unit__path__in=ancestors,
            withdrawn=False,
            due_on__gte=today,
        ).select_related("plan")
    )
    if not requirements:
        return 0
    units = Unit.objects.filter(path__prefix=unit.path).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=today)
    )
    existing = set(
        Obligation.objects.filter(
            unit__path__prefix=unit.path, requirement__in=requirements
        ).values_list("unit_id", "requirement_id")
    )
    new = [
        Obligation(unit=u, requirement=r, plan=r.plan, due_on=r.due_on)
        for u in units
        for r in requirements
        if u.kind in r.target_kinds
        and (not r.target_levels or u.level in r.target_levels)
        and (u.active_from is None or u.active_from <= r.due_on)
        and (u.pk, r.pk) not in existing
    ]
    Obligation.objects.bulk_create(new, batch_size=2000)
    return len(new)


def record_evidence(
    *,
    unit: Unit,
    plan: Plan | None,
    kind: str,
    on: datetime.date,
    evidence: str,
    subtree: bool = False,
    requirement: Requirement | None = None,
) -> int:
    """Mark what ``unit`` owes under ``plan`` (and the plans it implements) for requirements
    of ``kind`` as done on ``on``, unless it was done earlier. With ``subtree``, the units
    under it too (a commune's session that its cells attended). With ``requirement``, only
    what is owed under that one requirement (a document uploaded against one obligation, a
    target checked against one requirement's value); ``plan`` may then be ``None``.

    The one way an obligation is fulfilled: study sessions, attendance targets, learning
    reports, action programs and uploaded reports call this when their evidence is
    recorded (the bulk loaders use ``record_evidence_bulk``).

    The requirements and the subtree are subqueries, not joins: Django writes an UPDATE with
    joins as ``id IN (SELECT … FROM obligations …)``, which reads the table it writes and
    rescans it when PostgreSQL takes it for empty (issue 21)."""
    obligations = Obligation.objects.filter(cancelled=False)
    if requirement is not None:
        if requirement.kind != kind:
            return 0
        obligations = obligations.filter(requirement_id=requirement.pk)
    else:
        assert plan is not None, "record_evidence needs a plan or a requirement"
        plans = plan.and_plans_above()
        requirements = Requirement.objects.filter(plan_id__in=plans, kind=kind).values("pk")
        obligations = obligations.filter(plan_id__in=plans, requirement__in=requirements)
    obligations = obligations.filter(Q(fulfilled_on__isnull=True) | Q(fulfilled_on__gt=on))
    if subtree:
        obligations = obligations.filter(
            unit__in=Unit.objects.filter(path__prefix=unit.path).values("pk")
        )
    else:
        obligations = obligations.filter(unit=unit)
    return obligations.update(fulfilled_on=on, evidence=evidence[:300])


def record_evidence_bulk(
    obligations: QuerySet[Obligation], *, on: datetime.date, evidence: str
) -> int:
    """``record_evidence`` for the loaders that write a plan's history at once (the demo,
    the timings and benchmarks): ``obligations`` (a queryset, e.g. one requirement's rows in
    a bucket of units) done on ``on``, under the same rule — never a cancelled one, never
    later than evidence already recorded — in one UPDATE. The loaders write each plan's
    rows themselves, so it does not walk up to the plans above."""
    return (
        obligations.filter(cancelled=False)
        .filter(Q(fulfilled_on__isnull=True) | Q(fulfilled_on__gt=on))
        .update(fulfilled_on=on, evidence=evidence[:300])
    )


def record_evidence_rows(rows: Iterable[tuple[int, int, datetime.date, str]]) -> int:
    """``record_evidence_bulk`` with a date per obligation: ``rows`` of (requirement id,
    unit id, day, evidence), one obligation each (the unique requirement × unit), written
    with one statement executed for every row (hundreds of thousands at national scale,
    where one ORM update per row would take minutes). Returns the number of rows given."""
    table = connection.ops.quote_name(Obligation._meta.db_table)
    adapt = connection.ops.adapt_datefield_value
    params = [
        (adapt(day), evidence[:300], requirement_id, unit_id, adapt(day))
        for requirement_id, unit_id, day, evidence in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET fulfilled_on = %s, evidence = %s "
            "WHERE requirement_id = %s AND unit_id = %s AND NOT cancelled "
            "AND (fulfilled_on IS NULL OR fulfilled_on > %s)",
            params,
        )
    return len(params)


@transaction.atomic
def upload_report(
    *, user: AnyUser, obligation: Obligation, upload: File[Any]
) -> ObligationDocument:
    """Upload a results report (PDF or Word) against an obligation; it is the evidence."""
    require(user, Action.CHANGE, obligation.unit)
    obligation = (
        Obligation.objects.select_related("requirement")
        .select_for_update(of=("self",))
        .get(pk=obligation.pk)
    )
    if obligation.cancelled:
        raise ValidationError(_("This obligation was cancelled by a new version of the plan."))
    try:
        kind = validate_document(upload, allowed=(PDF, DOCX))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    assert user.is_authenticated, "require() lets only a login through"
    document = ObligationDocument(
        obligation=obligation,
        original_name=display_name(upload.name, kind),
        content_type=kind,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=user,
    )
    document.file.save(stored_name(kind), upload, save=False)
    document.save()
    flags.inspect(document)  # a warning, not a refusal: the same file elsewhere…
    record_evidence(
        unit=obligation.unit,
        plan=None,
        kind=obligation.requirement.kind,
        requirement=obligation.requirement,
        on=timezone.localdate(),
        evidence=_("Document: %(name)s") % {"name": document.original_name},
    )
    record(
        user=user,
        verb=Verb.CREATE,
        obj=document,
        unit=obligation.unit,
        after={"obligation": str(obligation), "file": document.original_name},
    )
    return document
