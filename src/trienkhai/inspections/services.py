"""Writes for inspection and supervision. Views, the demo and tests call these.

Each runs in one transaction: the permission first (``access.py`` says who does which step),
then the state of the inspection, the values, the write and its audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.access import holds, require
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.core.uploads import DOCX, PDF, display_name, stored_name, validate_document
from trienkhai.programs.models import TaskStatus
from trienkhai.programs.services import report_progress
from trienkhai.programs.services.assigned import add_assigned_task, adopted_program_of
from trienkhai.units.models import Unit

from . import notices
from .access import CONDUCT, RESPOND, SIGN
from .models import (
    MAX_REVIEW_YEARS,
    Finding,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    Kind,
    ProgramItem,
    Recommendation,
    State,
    TeamMember,
    legal_days,
    max_extension,
)

Verb = AuditEvent.Verb
DOCS = (PDF, "docx", "odt")
MAX_TEXT = 20000


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def _text(value: str | None, key: str, errors: dict, required: str | None = None) -> str:
    text = textvi.normalize_paragraphs(value or "")
    if required and not text:
        errors[key] = required
    elif len(text) > MAX_TEXT:
        errors[key] = _("At most %(max)s characters.") % {"max": MAX_TEXT}
    return text


def _check_targets(conducting: Unit, targets: Iterable[Unit], errors: dict) -> list[Unit]:
    """The level above inspects the levels below it (a unit may also inspect itself)."""
    targets = list(dict.fromkeys(targets))
    if not targets:
        errors["targets"] = _("Choose at least one target unit.")
    elif any(not t.path.startswith(conducting.path) for t in targets):
        errors["targets"] = _("A target unit must be the conducting unit or a unit under it.")
    return targets


def _check_period(start, end, errors: dict, before: datetime.date | None = None) -> None:
    if start is None or end is None:
        errors["period_from"] = _("Give the period under review.")
        return
    if end < start:
        errors["period_to"] = _("The end of the period is before its start.")
    elif (end - start).days > MAX_REVIEW_YEARS * 366:
        errors["period_to"] = _("The period under review is at most %(n)s years.") % {
            "n": MAX_REVIEW_YEARS
        }
    elif before is not None and start > before:
        errors["period_from"] = _("The period under review cannot start after the decision.")


def _file(upload, key: str, errors: dict) -> str | None:
    if not upload:
        return None
    try:
        return validate_document(upload, DOCS)
    except ValidationError as exc:
        errors[key] = exc.messages
        return None


def _save_file(row, field: str, name_field: str, upload, kind: str) -> None:
    setattr(row, name_field, display_name(upload.name, kind))
    getattr(row, field).save(stored_name(kind), upload, save=False)


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=inspection.pk)
    )


def _move(user, inspection: Inspection, verb: str, **changes: Any) -> None:
    before = {k: _plain(getattr(inspection, k)) for k in changes}
    for key, value in changes.items():
        setattr(inspection, key, value)
    inspection.save(update_fields=list(changes))
    after = {k: _plain(v) for k, v in changes.items()}
    record(user=user, verb=verb, obj=inspection, unit=inspection.unit, before=before, after=after)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    return value


# --- the annual program -----------------------------------------------------------------------


@transaction.atomic
def create_program(*, user, unit: Unit, year: int, title: str) -> InspectionProgram:
    require(user, CONDUCT, unit)
    errors: dict = {}
    title = textvi.normalize(title or "")
    if not title:
        errors["title"] = _("Enter the title of the program.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year such as 2026.")
    elif InspectionProgram.objects.filter(unit=unit, year=year).exists():
        errors["year"] = _("This unit already has its program for this year.")
    if errors:
        raise ValidationError(errors)
    program = InspectionProgram.objects.create(unit=unit, year=year, title=title[:300])
    record(user=user, verb=Verb.CREATE, obj=program, unit=unit, after={"year": year})
    return program


@transaction.atomic
def add_item(
    *,
    user,
    program: InspectionProgram,
    kind: str,
    topic: str,
    subject: str,
    targets: Iterable[Unit],
    period_from: datetime.date | None,
    period_to: datetime.date | None,
    quarter: int,
    plan=None,
) -> ProgramItem:
    require(user, CONDUCT, program.unit)
    errors: dict = {}
    subject = textvi.normalize(subject or "")
    if not subject:
        errors["subject"] = _("Say what is inspected.")
    targets = _check_targets(program.unit, targets, errors)
    _check_period(period_from, period_to, errors)
    if quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Choose a quarter.")
    if errors or period_from is None or period_to is None:
        raise ValidationError(errors)
    item = ProgramItem.objects.create(
        program=program,
        kind=kind,
        topic=topic,
        subject=subject[:300],
        plan=plan,
        period_from=period_from,
        period_to=period_to,
        quarter=quarter,
    )
    item.targets.set(targets)
    record(
        user=user,
        verb=Verb.CREATE,
        obj=item,
        unit=program.unit,
        after={"subject": item.subject, "quarter": quarter, "targets": len(targets)},
    )
    return item


# --- from decision to conclusion -------------------------------------------------------------


@transaction.atomic
def create_inspection(
    *,
    user,
    unit: Unit,
    kind: str,
    title: str,
    targets: Iterable[Unit],
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    decision_number: str = "",
    team: Iterable[tuple[str, str]] = (),
    item: ProgramItem | None = None,
    plan=None,
    reinspection_of: Inspection | None = None,
) -> Inspection:
    """The inspector prepares the decision: kind, subject, targets, period under review, team.
    The time limit is set by the conducting unit's level; the head signs next."""
    require(user, CONDUCT, unit)
    errors: dict = {}
    title = textvi.normalize(title or "")
    if not title:
        errors["title"] = _("Say what is inspected.")
    targets = _check_targets(unit, targets, errors)
    if kind != Kind.REGULAR:
        _check_period(period_from, period_to, errors)
    if kind not in Kind.values:
        errors["kind"] = _("Choose the kind.")
    members = [(textvi.normalize(n or ""), r) for n, r in team]
    members = [(n[:120], r) for n, r in members if n]
    if kind != Kind.REGULAR and not members:
        errors["team"] = _("Name the team's members.")
    if item is not None and item.program.unit_id != unit.pk:
        errors["item"] = _("This planned inspection is another unit's.")
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(
        unit=unit,
        kind=kind,
        title=title[:300],
        item=item,
        plan=plan or (item.plan if item else None),
        reinspection_of=reinspection_of,
        period_from=period_from,
        period_to=period_to,
        decision_number=textvi.normalize(decision_number or "")[:40],
        limit_days=legal_days(unit.level),
    )
    InspectionTarget.objects.bulk_create(
        [InspectionTarget(inspection=inspection, unit=t) for t in targets]
    )
    TeamMember.objects.bulk_create(
        [TeamMember(inspection=inspection, name=n, role=r) for n, r in members]
    )
    record(
        user=user,
        verb=Verb.CREATE,
        obj=inspection,
        unit=unit,
        after={"kind": kind, "targets": len(targets), "limit_days": inspection.limit_days},
    )
    return inspection


def _require_head(user, inspection: Inspection) -> None:
    if not holds(user, SIGN, inspection.unit):
        raise PermissionDenied(_("Only the head of the conducting unit may do this."))


@transaction.atomic
def sign_decision(
    *, user, inspection: Inspection, number: str = "", on: datetime.date | None = None
) -> Inspection:
    """The head signs the decision: the inspection starts that day and the clock runs."""
    inspection = _locked(inspection)
    _require_head(user, inspection)
    if inspection.state != State.DECISION:
        raise ValidationError(_("The decision is already signed."))
    number = textvi.normalize(number or inspection.decision_number)
    if not number:
        raise ValidationError({"number": _("Give the decision its number.")})
    on = _today(on)
    if inspection.period_from and on < inspection.period_from:
        raise ValidationError({"on": _("The decision cannot come before the period reviewed.")})
    _move(
        user,
        inspection,
        Verb.APPROVE,
        decision_number=number[:40],
        decision_on=on,
        started_on=on,
        signed_by=user,
        state=State.FINDINGS if inspection.is_regular else State.SELF_REPORT,
    )
    notices.decision_signed(inspection, actor=user)
    return inspection


@transaction.atomic
def extend(*, user, inspection: Inspection, days: int, reason: str) -> Inspection:
    """Once, by at most a third of the limit, with a reason: the head decides."""
    inspection = _locked(inspection)
    _require_head(user, inspection)
    errors: dict = {}
    if not inspection.may_extend or inspection.started_on is None:
        raise ValidationError(_("This inspection cannot be extended (once only, while open)."))
    most = max_extension(inspection.limit_days)
    if not 1 <= days <= most:
        errors["days"] = _("An extension is from 1 to %(n)s days.") % {"n": most}
    reason = _text(reason, "reason", errors, _("Say why the time is extended."))
    if errors:
        raise ValidationError(errors)
    _move(user, inspection, Verb.UPDATE, extension_days=days, extension_reason=reason)
    return inspection


@transaction.atomic
def upload_self_report(
    *, user, target: InspectionTarget, upload, on: datetime.date | None = None
) -> InspectionTarget:
    """The target unit's clerk uploads its self-report."""
    target = InspectionTarget.objects.select_related("unit", "inspection").get(pk=target.pk)
    require(user, RESPOND, target.unit)
    if target.inspection.state not in (State.SELF_REPORT, State.FINDINGS):
        raise ValidationError(_("The self-report is taken once the decision is signed."))
    errors: dict = {}
    if not upload:
        errors["file"] = _("Choose the file.")
    kind = _file(upload, "file", errors)
    if errors or kind is None:
        raise ValidationError(errors)
    _save_file(target, "self_report", "self_report_name", upload, kind)
    target.self_report_on = _today(on)
    target.save()
    record(
        user=user,
        verb=Verb.REPORT,
        obj=target,
        unit=target.unit,
        after={"self_report_name": target.self_report_name},
    )
    notices.self_report_uploaded(target, actor=user)
    return target


def _conducting(user, inspection: Inspection, states: tuple[str, ...], message) -> Inspection:
    inspection = _locked(inspection)
    require(user, CONDUCT, inspection.unit)
    if inspection.state not in states:
        raise ValidationError(message)
    return inspection


@transaction.atomic
def add_finding(
    *,
    user,
    inspection: Inspection,
    target: Unit,
    kind: str,
    severity: str,
    text: str,
    task=None,
    obligation=None,
    program=None,
    requirement=None,
    evidence=None,
) -> Finding:
    """The team records what it found at a target unit, linked to the rows concerned."""
    inspection = _conducting(
        user,
        inspection,
        (State.SELF_REPORT, State.FINDINGS, State.DRAFT_CONCLUSION),
        _("Findings are recorded after the decision and before the conclusion."),
    )
    errors: dict = {}
    text = _text(text, "text", errors, _("Write the finding."))
    if kind not in Finding.Kind.values:
        errors["kind"] = _("Choose the kind.")
    if kind != Finding.Kind.STRENGTH and severity not in Finding.Severity.values:
        errors["severity"] = _("Say how serious it is.")
    targets = list(inspection.targets.select_related("unit"))
    if not any(target.path.startswith(t.unit.path) for t in targets):
        errors["target"] = _("The unit concerned must be a target of this inspection.")
    else:
        for key, row, path in (
            ("task", task, task and task.program.unit.path),
            ("program", program, program and program.unit.path),
            ("obligation", obligation, obligation and obligation.unit.path),
        ):
            if row is not None and not path.startswith(target.path):
                errors[key] = _("This row is not the unit concerned's.")
    if requirement is not None and requirement.plan_id != inspection.plan_id:
        errors["requirement"] = _("This figure is not of the plan the inspection concerns.")
    kind_of_file = _file(evidence, "evidence", errors)
    if errors:
        raise ValidationError(errors)
    finding = Finding(
        inspection=inspection,
        target=target,
        kind=kind,
        severity=severity if kind != Finding.Kind.STRENGTH else "",
        text=text,
        task=task,
        obligation=obligation,
        program=program,
        requirement=requirement,
    )
    if evidence and kind_of_file:
        _save_file(finding, "evidence", "evidence_name", evidence, kind_of_file)
    finding.save()
    if inspection.state == State.SELF_REPORT:
        inspection.state = State.FINDINGS
        inspection.save(update_fields=["state"])
    record(
        user=user,
        verb=Verb.CREATE,
        obj=finding,
        unit=inspection.unit,
        after={"kind": kind, "severity": finding.severity, "target": str(target)},
    )
    return finding


@transaction.atomic
def add_recommendation(
    *, user, inspection: Inspection, unit: Unit, text: str, due_on: datetime.date | None
) -> Recommendation:
    inspection = _conducting(
        user,
        inspection,
        (State.FINDINGS, State.DRAFT_CONCLUSION),
        _("Recommendations are written with the draft conclusion."),
    )
    errors: dict = {}
    text = _text(text, "text", errors, _("Say what must be done."))
    targets = list(inspection.targets.select_related("unit"))
    if not any(unit.path.startswith(t.unit.path) for t in targets):
        errors["unit"] = _("The addressee must be a target of this inspection or under one.")
    if due_on is None:
        errors["due_on"] = _("Give the deadline.")
    elif inspection.started_on and due_on < inspection.started_on:
        errors["due_on"] = _("The deadline cannot come before the inspection.")
    if errors or due_on is None:
        raise ValidationError(errors)
    rec = Recommendation.objects.create(inspection=inspection, unit=unit, text=text, due_on=due_on)
    record(
        user=user,
        verb=Verb.CREATE,
        obj=rec,
        unit=inspection.unit,
        after={"unit": str(unit), "due_on": due_on.isoformat() if due_on else None},
    )
    return rec


@transaction.atomic
def submit_draft(*, user, inspection: Inspection, conclusion: str) -> Inspection:
    """The team's draft conclusion, for the head to approve."""
    inspection = _conducting(
        user,
        inspection,
        (State.FINDINGS, State.DRAFT_CONCLUSION),
        _("The conclusion is drafted after the findings."),
    )
    errors: dict = {}
    conclusion = _text(conclusion, "conclusion", errors, _("Write the conclusion."))
    if errors:
        raise ValidationError(errors)
    _move(user, inspection, Verb.UPDATE, conclusion=conclusion, state=State.DRAFT_CONCLUSION)
    return inspection


@transaction.atomic
def approve_conclusion(
    *, user, inspection: Inspection, number: str = "", on: datetime.date | None = None
) -> Inspection:
    """The head approves the conclusion: it is notified, its recommendations become due."""
    inspection = _locked(inspection)
    _require_head(user, inspection)
    if inspection.state != State.DRAFT_CONCLUSION:
        raise ValidationError(_("Only a draft conclusion is approved."))
    on = _today(on)
    if inspection.started_on and on < inspection.started_on:
        raise ValidationError({"on": _("The conclusion cannot come before the decision.")})
    _move(
        user,
        inspection,
        Verb.APPROVE,
        state=State.CONCLUDED,
        concluded_on=on,
        approved_by=user,
        conclusion_number=textvi.normalize(number or "")[:40],
    )
    inspection.recommendations.filter(state=Recommendation.State.PROPOSED).update(
        state=Recommendation.State.OPEN
    )
    notices.concluded(inspection, actor=user)
    return inspection


@transaction.atomic
def record_supervision(
    *, user, inspection: Inspection, looked_at: str, remarks: str, on: datetime.date | None = None
) -> Inspection:
    """Regular supervision, lighter: what was looked at and the remarks, and it is done."""
    inspection = _conducting(
        user,
        inspection,
        (State.DECISION, State.FINDINGS),
        _("This supervision is already recorded."),
    )
    if not inspection.is_regular:
        raise ValidationError(_("Only a regular supervision is recorded this way."))
    errors: dict = {}
    looked_at = _text(looked_at, "looked_at", errors, _("Say what was looked at."))
    remarks = _text(remarks, "remarks", errors, _("Write the remarks."))
    if errors:
        raise ValidationError(errors)
    on = _today(on)
    _move(
        user,
        inspection,
        Verb.UPDATE,
        looked_at=looked_at,
        conclusion=remarks,
        started_on=inspection.started_on or on,
        concluded_on=on,
        state=State.CONCLUDED,
    )
    notices.concluded(inspection, actor=user)
    return inspection


@transaction.atomic
def schedule_reinspection(*, user, inspection: Inspection) -> Inspection:
    """A new inspection of the addressees of the recommendations still open."""
    require(user, CONDUCT, inspection.unit)
    units = list(
        Unit.objects.filter(
            pk__in=inspection.recommendations.filter(
                state__in=(
                    Recommendation.State.OPEN,
                    Recommendation.State.ACCEPTED,
                    Recommendation.State.REPORTED,
                )
            ).values("unit")
        )
    )
    if not units:
        raise ValidationError(_("No recommendation of this inspection is open."))
    today = timezone.localdate()
    return create_inspection(
        user=user,
        unit=inspection.unit,
        kind=Kind.INSPECTION,
        title=_("Re-inspection: %(title)s") % {"title": inspection.title},
        targets=units,
        period_from=inspection.concluded_on or inspection.started_on or today,
        period_to=today,
        team=list(inspection.team.values_list("name", "role")),
        plan=inspection.plan,
        reinspection_of=inspection,
    )


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
    """The evidence does not show it done: back to the addressee, with why."""
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
    event = record(
        user=user,
        verb=Verb.REOPEN,
        obj=rec,
        unit=rec.inspection.unit,
        after={"state": rec.state, "returned_note": note},
    )
    notices.returned(rec, actor=user, occasion=f"e{event.pk}")
    return rec
