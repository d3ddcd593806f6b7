"""Writes for study: sessions, attendance, QR check-in, learning reports and their review.

Each service checks permission with the scoping reads use, validates with messages in the
user's language, writes in one transaction, appends an audit event, and records the evidence
that fulfils the plan's obligations (session held, attendance target, reports submitted).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import flags
from trienkhai.core.access import Action, may, require
from trienkhai.core.audit import record, snapshot
from trienkhai.core.changes import update_audited
from trienkhai.core.models import AuditEvent
from trienkhai.core.plausible import date_errors
from trienkhai.core.querysets import ancestor_paths
from trienkhai.core.uploads import DOCX, ODT, PDF, stored_name, validate_document
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.resolutions.services import record_evidence
from trienkhai.units.models import Person, Unit

from . import checkin, checks, eligibility, notices, qr, tallies
from .access import GRADE
from .models import (
    Attendance,
    CheckinConflict,
    CheckinKiosk,
    CheckinPin,
    Grade,
    LearningReport,
    StudySession,
)

Verb = AuditEvent.Verb
#: The one rule a change of attendance can raise or clear (``study/flags.py``).
ATTENDANCE_RULE = "attendance_above_eligible"
SESSION_FIELDS = [
    "title",
    "starts_at",
    "place",
    "mode",
    "connection_points",
    "lecturer",
    "audience",
    "include_subtree",
    "non_members_invited",
    "makeup_for",
    "duration",
]

#: What a learning report may be uploaded as; each is read for the copy check
#: (``core.textextract``).
REPORT_TYPES = (PDF, DOCX, ODT)


def _plan_reaches(plan: Plan, unit: Unit) -> bool:
    """A unit studies a plan issued by itself or by a unit above it."""
    return unit.path.startswith(plan.unit.path)


def _clean_session(session: StudySession) -> None:
    errors = {}
    session.title = (session.title or "").strip()
    if not session.title:
        errors["title"] = [_("The title cannot be empty.")]
    errors |= date_errors(starts_at=session.starts_at)
    if not session.plan.is_issued:
        errors["plan"] = [_("Sessions are held for issued plans only.")]
    elif not _plan_reaches(session.plan, session.unit):
        errors["plan"] = [_("This plan is not addressed to this unit.")]
    if session.mode == StudySession.Mode.IN_PERSON:
        session.connection_points = 0
    elif session.mode and not session.connection_points:
        errors["connection_points"] = [_("An online session has at least one connection point.")]
    makeup_for = session.makeup_for if session.makeup_for_id else None
    if makeup_for is not None and makeup_for.plan_id != session.plan_id:
        errors["makeup_for"] = [_("A make-up session is for a session of the same plan.")]
    if errors:
        raise ValidationError(errors)
    session.full_clean()


@transaction.atomic
def schedule_session(*, user, unit: Unit, plan: Plan, **fields) -> StudySession:
    require(user, Action.CHANGE, unit)
    session = StudySession(unit=unit, plan=plan, **fields)
    _clean_session(session)
    session.save()
    record(
        user=user,
        verb=Verb.CREATE,
        obj=session,
        unit=unit,
        after=snapshot(session, SESSION_FIELDS),
    )
    flags.inspect(session)
    return session


@transaction.atomic
def update_session(*, user, session: StudySession, **fields) -> StudySession:
    require(user, Action.CHANGE, session.unit)
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    update_audited(
        session,
        user=user,
        changes=fields,
        fields=SESSION_FIELDS,
        validate=_clean_session,
        permission=False,  # checked above, before the lock
    )
    flags.inspect(session)
    return session


@transaction.atomic
def mark_held(*, user, session: StudySession, non_member_count: int | None = None):
    """The session took place: its organiser's (and, when it covered them, the units
    below's) "study session held" obligations are done on its date."""
    require(user, Action.CHANGE, session.unit)
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    if session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("A cancelled session cannot be marked as held."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("A session cannot be marked as held before it starts."))
    changes: dict[str, Any] = {"status": StudySession.Status.HELD}
    if non_member_count is not None:
        changes["non_member_count"] = non_member_count

    def validate(session: StudySession) -> None:
        if non_member_count and not session.non_members_invited:
            raise ValidationError(
                {"non_member_count": _("Non-members were not invited to this session.")}
            )

    update_audited(
        session,
        user=user,
        changes=changes,
        fields=["status", "non_member_count"],
        validate=validate,
        permission=False,  # checked above, before the lock
    )
    held_on = timezone.localtime(session.starts_at).date()
    record_evidence(
        unit=session.unit,
        plan=session.plan,
        kind=Requirement.Kind.STUDY_SESSION,
        on=held_on,
        evidence=_("Session: %(title)s") % {"title": session.title},
        subtree=session.include_subtree,
    )
    _check_attendance_target(session)
    flags.inspect(session)
    return session


def _attendee(session: StudySession, person: Person) -> Person:
    if not eligibility.audience(session).filter(pk=person.pk).exists():
        raise ValidationError(
            _("%(name)s is not in this session's audience.") % {"name": person}, code="audience"
        )
    return person


def _save_attendance(session, person, status, method, user) -> Attendance:
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        person=person,
        defaults={"status": status, "method": method, "recorded_by": user, "unit": person.unit},
    )
    return attendance


@transaction.atomic
def mark_attendance(
    *,
    user,
    session: StudySession,
    person: Person,
    status: str,
    method=Attendance.Method.ROSTER,
    reason: str = "",
) -> Attendance:
    """Mark one person present, excused or absent (the roster screen saves as you go). Once
    the session has ended (its check-in window closed), a change needs a reason."""
    require(user, Action.CHANGE, session.unit)
    if session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    if status not in Attendance.Status.values:
        raise ValidationError(_("Unknown attendance status."))
    reason = _reason_after_the_end(session, reason)
    _attendee(session, person)
    attendance = _save_attendance(session, person, status, method, user)
    # A mark on the roster decides a check-in that met an earlier mark.
    CheckinConflict.objects.filter(
        session=session, person=person, status=CheckinConflict.Status.OPEN
    ).update(
        status=CheckinConflict.Status.ACCEPTED
        if status == Attendance.Status.PRESENT
        else CheckinConflict.Status.KEPT,
        resolved_by=user,
        resolved_at=timezone.now(),
        reason=reason or _("Marked on the roster"),
    )
    after = {"person": str(person), "status": status, "method": method}
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=attendance,
        unit=session.unit,
        after={**after, "reason": reason} if reason else after,
    )
    if session.status == StudySession.Status.HELD:  # a paper roster typed in afterwards
        _check_attendance_target(session, person.unit)
    flags.inspect(session, rules=[ATTENDANCE_RULE])
    return attendance


def _reason_after_the_end(session: StudySession, reason: str) -> str:
    """After the session's end only a clerk changes attendance, and says why."""
    reason = (reason or "").strip()[:500]
    if session.checkin_closed() and not reason:
        raise ValidationError(
            {"reason": _("The session has ended: give a reason for changing its attendance.")}
        )
    return reason


@transaction.atomic
def mark_all_present_except(
    *, user, session: StudySession, absent=(), excused=(), reason: str = ""
) -> int:
    """ "All present except…": every expected member not listed is present. Returns how many
    rows were written. One audit event for the whole roster (with the reason, after the
    session's end)."""
    require(user, Action.CHANGE, session.unit)
    if session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    reason = _reason_after_the_end(session, reason)
    absent, excused = set(absent), set(excused)
    people = list(eligibility.expected(session).select_related("unit"))
    existing = {a.person_id: a for a in session.attendances.all()}
    now = timezone.now()
    new, changed = [], []
    for person in people:
        status = (
            Attendance.Status.ABSENT
            if person.pk in absent
            else Attendance.Status.EXCUSED
            if person.pk in excused
            else Attendance.Status.PRESENT
        )
        row = existing.get(person.pk)
        if row is None:
            new.append(
                Attendance(
                    session=session,
                    person=person,
                    unit=person.unit,
                    status=status,
                    method=Attendance.Method.ROSTER,
                    recorded_by=user,
                    recorded_at=now,
                )
            )
        elif row.status != status and row.method == Attendance.Method.ROSTER:
            row.status, row.recorded_by, row.recorded_at = status, user, now
            changed.append(row)
    Attendance.objects.bulk_create(new, batch_size=1000)
    Attendance.objects.bulk_update(changed, ["status", "recorded_by", "recorded_at"], 1000)
    if new or changed:
        tallies.mark_units({person.unit_id for person in people})
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=session,
        unit=session.unit,
        after={
            "roster": len(people),
            "absent": len(absent),
            "excused": len(excused),
            **({"reason": reason} if reason else {}),
        },
    )
    if session.status == StudySession.Status.HELD:
        _check_attendance_target(session)
    flags.inspect(session, rules=[ATTENDANCE_RULE])
    return len(new) + len(changed)


@dataclass
class CheckIn:
    """What a check-in did: the attendance (present now, or the clerk's mark left as it was),
    the conflict it opened, or ``already`` when the member was already present."""

    attendance: Attendance
    conflict: CheckinConflict | None = None
    already: bool = False


PHONE_METHODS = (
    Attendance.Method.QR,
    Attendance.Method.MEMBER_CODE,
    Attendance.Method.PIN,
    Attendance.Method.KIOSK,
)


def window_error(session: StudySession, now: datetime.datetime) -> str | None:
    """Why members cannot check in now (the window is not open), or None."""
    if now < session.checkin_opens_at:
        return _("Check-in opens at %(time)s.") % {"time": _when(session.checkin_opens_at)}
    if now > session.ends_at:
        return _(
            "Check-in closed when the session ended (%(time)s). Ask the clerk to mark you."
        ) % {"time": _when(session.ends_at)}
    return None


def _when(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M %d/%m/%Y")


@transaction.atomic
def check_in(
    *,
    session: StudySession,
    person: Person,
    method: str,
    user=None,
    token: str = "",
    device: str = "",
    address: str = "",
    kiosk: bool = False,
) -> CheckIn:
    """A member checked in: logged in on their phone (``method`` QR, ``user`` theirs) or with
    their member code and PIN, on their phone (PIN: the token on the screen) or on the hall's
    kiosk (KIOSK: the device a clerk turned on; no token). Within the session's window only.
    A clerk's earlier mark (absent, excused) is never overwritten: a conflict is opened for
    the clerk to decide. Audited with the token, the time, the device and the address."""
    now = timezone.now()
    if not kiosk and not qr.is_valid(session.pk, token):
        raise ValidationError(_("This code has expired. Scan the code on the screen again."))
    if session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    closed = window_error(session, now)
    if closed:
        raise ValidationError(closed)
    # ``eligibility.audience`` without a query: the session's and the person's units are
    # loaded (the check-in is load-tested at 100 a second).
    unit_path = person.unit.path
    if person.left_on is not None or not (
        person.unit_id == session.unit_id
        or (session.include_subtree and unit_path.startswith(session.unit.path))
    ):
        raise ValidationError(
            _("%(name)s is not in this session's audience.") % {"name": person}, code="audience"
        )
    if method == Attendance.Method.PIN and device:
        # One person per device and session: a neighbour's phone cannot check the hall in.
        others = Attendance.objects.filter(session=session, device=device).exclude(person=person)
        if (
            others.exists()
            or CheckinConflict.objects.filter(session=session, device=device)
            .exclude(person=person)
            .exists()
        ):
            raise ValidationError(
                _(
                    "This device has already checked someone else in for this session. "
                    "Each member checks in on their own phone, or at the hall's kiosk."
                )
            )
    proof = {
        "person": str(person),
        "method": method,
        "device": device,
        "address": address,
        "token": token,
        "token_window": qr.window_of(session.pk, token) if token else None,
        "at": now.isoformat(),
    }
    # Without a login the event names the device and the member code typed (no event is left
    # without an actor: ``core.audit.record``).
    actor_label = ""
    if user is None:
        actor_label = _("anonymous device %(device)s, member code %(code)s") % {
            "device": device or "?",
            "code": person.member_code,
        }
    existing = Attendance.objects.select_for_update().filter(session=session, person=person)
    attendance = existing.first()
    if attendance is not None and attendance.status == Attendance.Status.PRESENT:
        return CheckIn(attendance, already=True)
    if attendance is not None:
        # The clerk marked them (absent, excused) before: the clerk decides.
        conflict = CheckinConflict.objects.filter(
            session=session, person=person, status=CheckinConflict.Status.OPEN
        ).first() or CheckinConflict(
            session=session, person=person, unit=session.unit, attendance=attendance
        )
        conflict.marked_status = attendance.status
        conflict.checked_in_at = now
        conflict.method = method
        conflict.device = device
        conflict.checked_in_by = user
        conflict.save()
        record(
            user=user,
            verb=Verb.CREATE,
            obj=conflict,
            unit=session.unit,
            after={
                **proof,
                "status": CheckinConflict.Status.OPEN,
                "marked_status": attendance.status,
            },
            actor_label=actor_label,
        )
        notices.conflict_opened(conflict)
        return CheckIn(attendance, conflict=conflict)
    attendance = Attendance(
        session=session,
        person=person,
        unit=person.unit,
        status=Attendance.Status.PRESENT,
        method=method,
        recorded_by=user,
        device=device,
    )
    try:
        with transaction.atomic():
            attendance.save(force_insert=True)
    except IntegrityError:  # the same member, a moment ago (a double tap)
        return CheckIn(existing.get(), already=True)
    record(
        user=user,
        verb=Verb.CREATE,
        obj=attendance,
        unit=session.unit,
        after={**proof, "status": Attendance.Status.PRESENT},
        actor_label=actor_label,
    )
    if session.status == StudySession.Status.HELD:
        _check_attendance_target(session, person.unit)
    # No plausibility rule to run here: a check-in is a member of the session's audience, once;
    # it cannot make the count implausible, and it must stay cheap (100 a second in a hall).
    return CheckIn(attendance)


@transaction.atomic
def resolve_conflict(*, user, conflict: CheckinConflict, accept: bool, reason: str):
    """The clerk decides a check-in that met their mark: ``accept`` makes the member present
    (as checked in), otherwise the mark stays. A reason is required; both are audited."""
    require(user, Action.CHANGE, conflict.unit)
    conflict = CheckinConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.status != CheckinConflict.Status.OPEN:
        raise ValidationError(_("This conflict has already been decided."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the decision.")})
    attendance = Attendance.objects.select_for_update().get(pk=conflict.attendance_id)
    if accept:
        before = {"status": attendance.status, "method": attendance.method}
        attendance.status = Attendance.Status.PRESENT
        attendance.method = conflict.method
        attendance.device = conflict.device
        attendance.recorded_by = user
        attendance.save(update_fields=["status", "method", "device", "recorded_by", "recorded_at"])
        record(
            user=user,
            verb=Verb.UPDATE,
            obj=attendance,
            unit=conflict.unit,
            before=before,
            after={"status": attendance.status, "method": attendance.method, "reason": reason},
        )
    conflict.status = CheckinConflict.Status.ACCEPTED if accept else CheckinConflict.Status.KEPT
    conflict.resolved_by = user
    conflict.resolved_at = timezone.now()
    conflict.reason = reason
    conflict.save(update_fields=["status", "resolved_by", "resolved_at", "reason"])
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=conflict,
        unit=conflict.unit,
        before={"status": CheckinConflict.Status.OPEN},
        after={"status": conflict.status, "reason": reason},
    )
    session = conflict.session
    if accept and session.status == StudySession.Status.HELD:
        _check_attendance_target(session, attendance.unit)
    return conflict


@transaction.atomic
def issue_pin(*, user, person: Person) -> str:
    """A new check-in PIN for the member (the old one stops working), issued by the member
    themselves or by a clerk of their unit. Returned once, to be shown or printed; only its
    keyed hash is kept, and the audit says who issued it, never the PIN."""
    if not _may_write_for(user, person):
        raise PermissionDenied(_("You do not have permission to do this here."))
    if not person.is_party_member or person.left_on is not None:
        raise ValidationError(_("Check-in PINs are for current party members."))
    pin = checkin.new_pin()
    CheckinPin.objects.update_or_create(
        person=person,
        defaults={
            "unit": person.unit,
            "digest": checkin.hash_pin(person.pk, pin),
            "issued_by": user,
        },
    )
    record(user=user, verb=Verb.UPDATE, obj=person, unit=person.unit, after={"checkin_pin": True})
    return pin


@transaction.atomic
def set_kiosk(*, user, session: StudySession, device: str, on: bool) -> CheckinKiosk | None:
    """A clerk turns the device they are using into the session's hall kiosk (members check
    in on it one after another with their code and PIN), or turns it back."""
    require(user, Action.CHANGE, session.unit)
    if on and session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("The session was cancelled."))
    if on and session.checkin_closed():
        raise ValidationError(_("The session has ended: check-in is closed."))
    existing = CheckinKiosk.objects.filter(session=session, device=device).first()
    if on and existing is None:
        existing = CheckinKiosk.objects.create(
            session=session, device=device, unit=session.unit, enabled_by=user
        )
        record(user=user, verb=Verb.CREATE, obj=existing, unit=session.unit,
               after={"session": session.pk, "device": device})  # fmt: skip
    elif not on and existing is not None:
        record(user=user, verb=Verb.CLOSE, obj=existing, unit=session.unit,
               after={"session": session.pk, "device": device})  # fmt: skip
        existing.delete()
        existing = None
    return existing


def _ancestor_paths(unit: Unit) -> list[str]:
    """The paths of ``unit`` and of every unit above it."""
    return ancestor_paths(unit.path, include_self=True)


def _check_attendance_target(session: StudySession, unit: Unit | None = None) -> None:
    """When a unit's studied share of eligible members reaches the plan's attendance target,
    its attendance obligation is done (as of the session's date). The units checked are the
    session's audience and the units above it, whose members it also counts (a commune whose
    cells each held their own session). Runs when the session is marked held and for roster
    changes made after that; with ``unit`` (one person's home unit), only the units above that
    person are checked."""
    obligations = Obligation.objects.filter(
        plan_id__in=session.plan.and_plans_above(),
        requirement__kind=Requirement.Kind.ATTENDANCE,
        cancelled=False,
        fulfilled_on__isnull=True,
    ).select_related("requirement", "unit", "plan__unit")
    if session.include_subtree:
        audience = Q(unit__path__prefix=session.unit.path)
    else:
        audience = Q(unit=session.unit)
    obligations = obligations.filter(audience | Q(unit__path__in=_ancestor_paths(session.unit)))
    if unit is not None:
        obligations = obligations.filter(unit__path__in=_ancestor_paths(unit))
    owed = list(obligations[:500])  # the units of one session's audience and above
    if not owed:
        return
    # One GROUP BY per plan owed (the session's plan and those it carries out: usually one
    # or two) over the eligible members under the topmost of those units (they lie on one
    # branch: the session's subtree and the units above it), then each unit's totals are
    # summed from the per-unit rows in one pass. Who has studied is ``eligibility.studied``
    # by the day the session was held: the day the obligation is done.
    paths = {o.unit.path for o in obligations}
    # The cells of a commune's session are siblings: count from the session's unit (or from
    # the highest unit above it that owes), not from one of them.
    top = min(paths | {session.unit.path}, key=len)
    held_on = timezone.localtime(session.starts_at).date()
    plans = {o.plan_id: o.plan for o in obligations}
    totals = {}
    for plan in plans.values():
        rows = (
            Person.objects.current()
            .filter(unit__path__prefix=top, is_party_member=True, exempt_from_activity=False)
            .values("unit__path")
            .annotate(
                total=Count("id"), done=Count("id", filter=eligibility.studied(plan, held_on))
            )
            .order_by()
        )
        here = totals[plan.pk] = {path: [0, 0] for path in paths}
        for row in rows:
            for path in ancestor_paths(row["unit__path"], include_self=True):
                if path in here:
                    here[path][0] += row["total"]
                    here[path][1] += row["done"]
    for obligation in obligations:
        total, done = totals[obligation.plan_id][obligation.unit.path]
        target = obligation.requirement.target_value or 100
        if total and done * 100 >= total * float(target):
            record_evidence(
                unit=obligation.unit,
                plan=obligation.plan,
                kind=Requirement.Kind.ATTENDANCE,
                requirement=obligation.requirement,
                on=held_on,
                evidence=_("Attendance %(done)d/%(total)d") % {"done": done, "total": total},
            )


# --- learning reports ------------------------------------------------------------------------


def _report_due(plan: Plan, unit: Unit):
    """The deadline of the learning-report requirement that falls on the member's unit or the
    units above it, under the plan (the earliest one)."""
    paths = _ancestor_paths(unit)
    return (
        Obligation.objects.filter(
            plan=plan,
            requirement__kind=Requirement.Kind.LEARNING_REPORTS,
            unit__path__in=paths,
            cancelled=False,
        )
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )


def _may_write_for(user, person: Person) -> bool:
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return may(user, Action.CHANGE, person)


@transaction.atomic
def submit_report(*, user, plan: Plan, person: Person, text: str = "", upload=None):
    """A member submits their learning report (or a clerk enters it for them); a report sent
    back is rewritten by submitting again."""
    if not _may_write_for(user, person):
        raise PermissionDenied(_("You do not have permission to do this here."))
    if not plan.is_issued or not _plan_reaches(plan, person.unit):
        raise ValidationError(_("This plan is not addressed to this member's unit."))
    text = (text or "").strip()
    if not text and upload is None:
        raise ValidationError({"text": _("Write the report or attach a file.")})
    report = LearningReport.objects.select_for_update().filter(plan=plan, person=person).first()
    if report is not None and report.status != LearningReport.Status.RETURNED:
        raise ValidationError(_("This member has already submitted a report for this plan."))
    report = report or LearningReport(plan=plan, person=person)
    report.unit = person.unit
    report.text = text
    report.entered_by = user
    report.submitted_at = timezone.now()
    report.due_on = _report_due(plan, person.unit)
    report.status = LearningReport.Status.SUBMITTED
    report.grade = ""
    if upload is not None:
        try:
            report.file_type = validate_document(upload, allowed=REPORT_TYPES)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        report.file.save(stored_name(report.file_type), upload, save=False)
    report.file_text = ""  # a new file is read again by the check
    report.similarity, report.similar_to, report.similar_to_resolution = None, None, False
    report.save()
    checks.queue(report)  # the copy check, in the background once this commits
    record(
        user=user,
        verb=Verb.CREATE,
        obj=report,
        unit=person.unit,
        after={"person": str(person), "late": report.is_late, "file": report.file_type},
    )
    _check_reports_complete(plan, person.unit, timezone.localdate())
    flags.inspect(report)
    return report


def _check_reports_complete(plan: Plan, unit: Unit, today) -> None:
    """When every eligible member of a unit has submitted, its report obligation is done."""
    obligations = Obligation.objects.filter(
        plan_id__in=plan.and_plans_above(),
        requirement__kind=Requirement.Kind.LEARNING_REPORTS,
        cancelled=False,
        fulfilled_on__isnull=True,
        unit__path__in=_ancestor_paths(unit),
    ).select_related("unit", "requirement")
    for obligation in obligations:
        eligible = Person.objects.current().within(obligation.unit)
        eligible = eligible.filter(is_party_member=True, exempt_from_activity=False)
        missing = eligible.exclude(learning_reports__plan=plan).exists()
        if not missing:
            record_evidence(
                unit=obligation.unit,
                plan=plan,
                kind=Requirement.Kind.LEARNING_REPORTS,
                requirement=obligation.requirement,
                on=today,
                evidence=_("All learning reports submitted"),
            )


def signal_copies(report: LearningReport) -> None:
    """Run the report's copy check now, in this process (``checks.check``)."""
    state, error = checks.check(report)
    LearningReport.objects.filter(pk=report.pk).update(
        check_state=state, check_error=error, checked_at=timezone.now()
    )
    report.check_state, report.check_error = state, error
    notices.checked(report)


@transaction.atomic
def review_report(
    *, user, report: LearningReport, grade: str = "", send_back: bool = False, comment: str = ""
) -> LearningReport:
    """The cell secretary or someone above grades the report, or sends it back with a
    comment to be rewritten."""
    require(user, GRADE, report.unit)
    report = LearningReport.objects.select_for_update().get(pk=report.pk)
    comment = (comment or "").strip()
    if send_back:
        if not comment:
            raise ValidationError({"comment": _("Say what should be rewritten.")})
        report.status = LearningReport.Status.RETURNED
        report.grade = ""
    else:
        if grade not in Grade.values:
            raise ValidationError({"grade": _("Choose a grade.")})
        report.status = LearningReport.Status.GRADED
        report.grade = grade
    report.reviewer = user
    report.reviewed_at = timezone.now()
    report.comment = comment
    report.save(update_fields=["status", "grade", "reviewer", "reviewed_at", "comment"])
    record(
        user=user,
        verb=Verb.UPDATE,
        obj=report,
        unit=report.unit,
        after={"status": report.status, "grade": report.grade, "comment": comment},
    )
    notices.reviewed(report, actor=user)
    return report
