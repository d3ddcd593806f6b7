"""From the annual program to the conclusion: the decision, its time limit and extension,
the self-report, findings, recommendations, the draft and the approved conclusion, regular
supervision and re-inspection.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.core.access import holds, require
from trienkhai.core.audit import record
from trienkhai.units.models import Unit

from .. import notices
from ..access import CONDUCT, RESPOND, SIGN
from ..models import (
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
from .common import (
    Verb,
    _check_period,
    _check_targets,
    _file,
    _locked,
    _move,
    _save_file,
    _text,
    _today,
)

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
