"""The study's plausibility rules (``study/flags.py``) raised where the data is entered:
each rule flags what is suspicious, leaves what is not, and clears itself when corrected."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trienkhai.core import flags
from trienkhai.core.models import DataFlag
from trienkhai.study import services
from trienkhai.study.models import Attendance, StudySession

PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
DAY = datetime.timedelta(days=1)


def flags_of(obj, rule: str) -> list[DataFlag]:
    return [f for f in flags.flags_on(obj) if f.rule == rule]


def present(study, session, *people):
    for p in people:
        services.mark_attendance(user=study.tree.clerk_a, session=session, person=p, status=PRESENT)


@pytest.mark.django_db
def test_more_members_present_than_eligible_is_flagged_and_clears_when_corrected(study):
    """A key cadres' session of the cell expects one member (Cường); three marked present."""
    tree = study.tree
    session = study.session(
        unit=tree.cell_a, audience=StudySession.Audience.KEY_CADRES, include_subtree=False
    )
    present(study, session, study.cuong)
    assert not flags_of(session, "attendance_above_eligible")

    present(study, session, study.an, study.hoa)
    [flag] = flags_of(session, "attendance_above_eligible")
    assert flag.params == {"present": 3, "eligible": 1}
    assert flag.unit == tree.cell_a and flag.plan == study.plan
    assert flag.state == DataFlag.State.OPEN and flag.object_url == session.get_absolute_url()
    assert "3" in flag.reason and "1" in flag.reason

    for p in (study.an, study.hoa):
        services.mark_attendance(user=tree.clerk_a, session=session, person=p, status=ABSENT)
    assert not flags_of(session, "attendance_above_eligible")


@pytest.mark.django_db
def test_a_full_roster_of_an_all_members_session_is_not_flagged(study):
    session = study.session()
    services.mark_all_present_except(user=study.tree.clerk_a, session=session)
    services.mark_held(user=study.tree.clerk_a, session=session)
    assert session.attendances.filter(status=PRESENT).count() == 4
    assert not DataFlag.objects.exists()


@pytest.mark.django_db
def test_a_session_dated_before_its_plan_is_flagged_and_cleared_when_redated(study):
    before = (
        timezone.now().replace(hour=9) - (timezone.localdate() - study.plan.issued_on) - 2 * DAY
    )
    session = study.session(starts_at=before)
    [flag] = flags_of(session, "session_before_plan")
    assert flag.params["plan_date"] == study.plan.issued_on.strftime("%d/%m/%Y")

    services.update_session(
        user=study.tree.clerk_a, session=session, starts_at=timezone.now() - DAY
    )
    assert not flags_of(session, "session_before_plan")


@pytest.mark.django_db
def test_a_session_after_its_plan_is_not_flagged(study):
    assert not flags.flags_on(study.session())


@pytest.mark.django_db
def test_a_report_before_any_session_is_flagged(study):
    report = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.an, text="Bài thu hoạch."
    )
    [flag] = flags_of(report, "report_before_session")
    assert flag.params["first"] == "—" and flag.unit == study.tree.cell_a


@pytest.mark.django_db
def test_a_report_after_the_session_above_is_not_flagged(study):
    """The commune's session (its cells attend) started an hour ago."""
    study.session()
    report = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.an, text="Bài thu hoạch."
    )
    assert not flags.flags_on(report)


@pytest.mark.django_db
def test_a_session_of_another_commune_does_not_count_for_the_report(study):
    study.session(unit=study.tree.commune_b, user=study.tree.admin)
    report = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.an, text="Bài thu hoạch."
    )
    assert flags_of(report, "report_before_session")


@pytest.mark.django_db
def test_the_recheck_finds_what_was_loaded_without_the_services(study):
    """Rows written in bulk (the demo, imports) are flagged by ``recheck``."""
    session = study.session()
    StudySession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - 60 * DAY)
    assert not DataFlag.objects.exists()
    raised = flags.recheck([study.plan.pk])
    assert raised["session_before_plan"] == 1
    assert DataFlag.objects.get().rule == "session_before_plan"
