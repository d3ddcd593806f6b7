"""The public builders on the small scale: their dates are parameters (nothing patched into
another module), a plan is reused unless rebuilt, and ``delete_plan`` leaves nothing behind.
The benchmark's workload is tested in ``test_bench.py``."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trienkhai.resolutions.models import Obligation, Plan
from trienkhai.study.models import Attendance, LearningReport, StudySession
from trienkhai.tooling import builders
from trienkhai.tooling.timing.study_rows import FIXED_DATES, PLAN_NUMBER, StudyDates

pytestmark = pytest.mark.django_db

DATES = StudyDates(
    issued=datetime.date(2025, 3, 3),
    session_due=datetime.date(2025, 4, 10),
    report_due=datetime.date(2025, 4, 30),
)


def quiet(message: str) -> None:
    pass


def test_study_plan_follows_the_dates_it_is_given():
    builders.ensure_units("small", out=quiet)
    plan = builders.study_plan(report_chars=200, dates=DATES, out=quiet)
    assert plan.number == PLAN_NUMBER and plan.issued_on == DATES.issued
    due = dict(plan.requirements.values_list("kind", "due_on"))
    assert due == {
        "study_session": DATES.session_due,
        "attendance": DATES.session_due,
        "learning_reports": DATES.report_due,
    }
    held = StudySession.objects.filter(plan=plan, status="held", makeup_for__isnull=True)
    first = min(timezone.localtime(s).date() for s in held.values_list("starts_at", flat=True))
    assert DATES.issued < first <= DATES.session_due
    reports = LearningReport.objects.filter(plan=plan)
    assert (
        reports.exists()
        and not reports.exclude(due_on__isnull=True).exclude(due_on=DATES.report_due).exists()
    )
    assert max(len(t) for t in reports.values_list("text", flat=True)) <= 200


def test_study_plan_is_reused_unless_rebuilt_and_deleted_whole():
    builders.ensure_units("small", out=quiet)
    plan = builders.study_plan(report_chars=100, out=quiet)
    assert plan.issued_on == FIXED_DATES.issued
    assert builders.study_plan(report_chars=100, dates=DATES, out=quiet) == plan
    rebuilt = builders.study_plan(report_chars=100, dates=DATES, rebuild=True, out=quiet)
    assert rebuilt.pk != plan.pk and rebuilt.issued_on == DATES.issued
    assert not Plan.objects.filter(pk=plan.pk).exists()

    builders.delete_plan(rebuilt)
    assert not Plan.objects.filter(number=PLAN_NUMBER).exists()
    assert not Obligation.objects.exists()
    assert not StudySession.objects.exists() and not Attendance.objects.exists()
    assert not LearningReport.objects.exists()


def test_units_of_another_scale_are_refused():
    builders.ensure_units("small", out=quiet)
    with pytest.raises(builders.WrongScale, match="scale 'province'"):
        builders.ensure_units("province", out=quiet)
