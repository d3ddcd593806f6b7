"""Attendance of one study session from its paper sign-in sheet, typed into a spreadsheet.

Each row is matched to the session's audience (``study.eligibility.audience``: the people of
the unit, and of its subtree when the session covers it) by card number, else by name (and
year of birth when the sheet gives it). A row nobody matches, or several people match, is
shown as a warning and left out — the sheet is still imported — and the preview counts the
expected members the sheet does not list. A person listed is present unless the status
column says absent (``vắng``) or excused (``có phép``). Every mark goes through
``study.services.mark_attendance`` (the roster's rules: the session not cancelled, a reason
after its end, the audit event, the attendance target, the data warnings).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.study import eligibility
from trienkhai.study import services as study_services
from trienkhai.study.models import Attendance, StudySession
from trienkhai.units.models import Person, Unit

from . import cleaning
from .pipeline import Outcome, Progress, Row, no_progress

Status = Attendance.Status
_ABSENT = {"vang", "v", "absent", "k", "khong"}
_EXCUSED = {"co phep", "cp", "p", "phep", "vang co phep", "excused"}
_PRESENT = {"x", "co", "co mat", "c", "1", "present", "v/", "✓", "✔"}


def status_of(value: Any) -> str | None:
    key = textvi.fold(cleaning.text(value))
    if not key or key in _PRESENT:
        return Status.PRESENT
    if key in _EXCUSED:
        return Status.EXCUSED
    if key in _ABSENT:
        return Status.ABSENT
    return None


def session_for(session_id: int | None, root: Unit) -> StudySession | None:
    if session_id is None:
        return None
    return (
        StudySession.objects.filter(pk=session_id, unit__path__startswith=root.path)
        .select_related("unit", "plan")
        .first()
    )


def plan(
    rows: list[Row],
    *,
    root: Unit,
    on_conflict: str,
    progress: Progress = no_progress,
    session_id: int | None = None,
) -> Outcome:
    outcome = Outcome()
    session = session_for(session_id, root)
    if session is None:
        outcome.error(0, "session_unknown")
        outcome.close()
        return outcome
    if session.status == StudySession.Status.CANCELLED:
        outcome.error(0, "session_cancelled")
        outcome.close()
        return outcome
    outcome.extra["session_id"] = session.pk
    people = list(
        eligibility.audience(session).values_list("pk", "full_name", "member_code", "birth_year")
    )
    by_code = {code: pk for pk, _n, code, _b in people if code}
    by_name: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for pk, name, _code, born in people:
        by_name[textvi.fold(name)].append((pk, born))
    expected = set(eligibility.expected(session).values_list("pk", flat=True))
    marked = dict(session.attendances.values_list("person_id", "status"))
    seen: dict[int, int] = {}
    for i, row in enumerate(rows):
        if i % 1000 == 0:
            progress(i, len(rows))
        n = row.number
        name = cleaning.name(row.get("full_name"))
        code = cleaning.code(row.get("member_code"))
        shown = name or code
        status = status_of(row.get("status"))
        if status is None:
            outcome.error(n, "bad_status", value=cleaning.text(row.get("status")))
            continue
        born, problem = cleaning.birth_year(row.get("birth"))
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("birth")))
            continue
        pk = by_code.get(code) if code else None
        if pk is None and name:
            candidates = by_name.get(textvi.fold(name), [])
            if born is not None:
                candidates = [c for c in candidates if c[1] == born]
            if len(candidates) > 1:
                outcome.warn(n, "person_ambiguous", value=shown)
                outcome.counts["unmatched"] += 1
                continue
            pk = candidates[0][0] if candidates else None
        if pk is None:
            outcome.warn(n, "not_expected", value=shown)
            outcome.counts["unmatched"] += 1
            continue
        if pk in seen:
            outcome.error(n, "duplicate_person", other=seen[pk])
            continue
        seen[pk] = n
        before = marked.get(pk)
        if before == status:
            outcome.counts["unchanged"] += 1
        elif before is None:
            outcome.creates.append((pk, status))
            outcome.counts["create"] += 1
        elif on_conflict == "stop":
            outcome.error(n, "conflict_stop")
        elif on_conflict == "update":
            outcome.warn(n, "already_marked")
            outcome.updates.append(((pk, status), {"status": before}))
            outcome.counts["update"] += 1
        else:
            outcome.counts["skip"] += 1
    outcome.counts["expected_missing"] = len(expected - set(seen))
    outcome.close()
    return outcome


def write(
    outcome: Outcome, progress: Progress = no_progress, user: Any = None
) -> tuple[list[int], list[Any]]:
    if user is None:
        raise ValidationError(_("Attendance is marked by a user: give one (--as USERNAME)."))
    session = StudySession.objects.select_related("unit").get(pk=outcome.extra["session_id"])
    marks = [*outcome.creates, *(mark for mark, _before in outcome.updates)]
    people = Person.objects.select_related("unit").in_bulk([pk for pk, _s in marks])
    reason = _("Typed from the paper sign-in sheet") if session.checkin_closed() else ""
    created = []
    for i, (pk, status) in enumerate(marks):
        attendance = study_services.mark_attendance(
            user=user, session=session, person=people[pk], status=status, reason=reason
        )
        if i < len(outcome.creates):
            created.append(attendance.pk)
        progress(i + 1, len(marks))
    updated = [[pk, before] for (pk, _s), before in outcome.updates]
    return created, updated


def blocking_undo(created: list[int]) -> bool:
    return True  # attendance marks feed the study numbers at once: corrected on the roster


def undo(created: list[int], updated: list[Any]) -> None:
    raise ValidationError(_("An attendance import is corrected on the session's roster."))
