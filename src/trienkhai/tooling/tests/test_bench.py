"""The benchmark: its workload at small scale has the rows DESIGN.md's workload table says, and
``bench --json`` prints one well-formed JSON object a line (issue 6, "Benchmark")."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import timezone

from trienkhai.programs.models import ActionProgram, AnnualReview, Milestone, ProgressUpdate, Task
from trienkhai.resolutions.models import Obligation, Requirement
from trienkhai.study.models import Attendance, LearningReport, StudySession
from trienkhai.tooling import builders
from trienkhai.tooling.bench.workload import (
    PROGRAM_KINDS,
    PROGRAM_LEVELS,
    TASKS_PER_PROGRAM,
    calendar,
)
from trienkhai.units.models import Person, Unit

KEYS = {
    "name",
    "scale",
    "database",
    "runs",
    "median_s",
    "floor_median_s",
    "ratio",
    "peak_rss_mib",
}


@pytest.mark.django_db
def test_calendar_puts_five_quarters_before_today():
    dates = calendar(datetime.date(2026, 11, 26))
    assert dates.issued == datetime.date(2025, 7, 1)
    assert dates.quarters[-1] == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert dates.results_due == datetime.date(2026, 6, 30)
    assert calendar(datetime.date(2027, 1, 1)).issued == datetime.date(2025, 10, 1)


@pytest.mark.django_db
def test_small_workload_has_the_specified_rows():
    workload = builders.workload("small", out=lambda message: None)
    plan, root = workload.plan, workload.root
    assert workload.built and root.depth == 1 and plan.unit == root and plan.is_issued

    # Five requirements, each owed by the units it names.
    kinds = dict(
        Requirement.objects.filter(plan=plan)
        .values_list("kind")
        .annotate(n=Count("obligations"))
        .order_by()
    )
    cells_and_committees = Unit.objects.filter(
        depth__gt=1, kind__in=["party_cell", "party_committee"]
    ).count()
    programmable = Unit.objects.filter(
        depth__gt=1, kind__in=PROGRAM_KINDS, level__in=PROGRAM_LEVELS
    ).count()
    assert kinds == {
        "study_session": cells_and_committees,
        "attendance": cells_and_committees,
        "learning_reports": cells_and_committees,
        "action_program": programmable,
        "results_report": cells_and_committees,
    }
    # Study rows at scale: a session per cell and committee (and make-ups), an attendance row
    # for nearly every person, a learning report from most members.
    people = Person.objects.count()
    sessions = StudySession.objects.filter(plan=plan, makeup_for__isnull=True).count()
    assert sessions == cells_and_committees + 1  # the root's own
    assert 0.9 * people <= Attendance.objects.filter(session__plan=plan).count() <= people * 1.05
    assert LearningReport.objects.filter(plan=plan).count() >= 0.75 * people

    # Programs: one per unit owing one, and the root's own, each under the nearest above.
    programs = ActionProgram.objects.filter(plan=plan)
    assert programs.count() == programmable + 1
    assert programs.filter(parent__isnull=True).get().unit == root
    assert not programs.exclude(unit=root).filter(parent__isnull=True).exists()
    tasks = Task.objects.filter(program__plan=plan)
    n_programs, n_tasks = programs.count(), tasks.count()
    low, high = TASKS_PER_PROGRAM
    assert low * n_programs <= n_tasks <= high * n_programs
    assert 10 <= n_tasks / n_programs <= 14  # ~10 each
    measurable = tasks.exclude(indicator="").filter(target__isnull=False).count()
    assert 0.35 <= measurable / n_tasks <= 0.65  # indicators on about half
    assert not tasks.filter(lead_unit__isnull=True).exists()
    assert not tasks.annotate(k=Count("key_points")).filter(k=0).exists()
    assert Milestone.objects.filter(task__program__plan=plan).count() == 2 * n_tasks
    updates = ProgressUpdate.objects.filter(task__program__plan=plan)
    assert 3 * n_tasks <= updates.count() <= 5 * n_tasks  # ~4 quarterly reports a task
    statuses = set(updates.values_list("status", flat=True))
    assert {"on_track", "at_risk", "late", "done"} <= statuses
    assert AnnualReview.objects.filter(program__plan=plan).count() > 0
    assert 0 < programs.filter(copy_flagged=True).count() < n_programs / 4
    assert tasks.filter(copied_from__isnull=False).exists()
    assert workload.counts["late_updates"] > 0 and workload.counts["late_programs"] > 0
    # Approved programs are the action-program obligations' evidence: some late, some open.
    owed = Obligation.objects.filter(plan=plan, requirement__kind="action_program")
    done = owed.filter(fulfilled_on__isnull=False)
    assert 0 < done.count() < owed.count()
    due = Requirement.objects.get(plan=plan, kind="action_program").due_on
    late = done.filter(fulfilled_on__gt=due).count()
    assert late == workload.counts["late_programs"]
    # Everything has happened by today (the dashboard reads no future date).
    today = timezone.localdate()
    assert not updates.filter(reported_on__gt=today).exists()
    assert not done.filter(fulfilled_on__gt=today).exists()

    # A second call reuses it.
    again = builders.workload("small", out=lambda message: None)
    assert not again.built and again.plan == plan


@pytest.mark.django_db
def test_bench_json_lines():
    out, err = StringIO(), StringIO()
    call_command("bench", scale="small", json=True, runs=1, stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert lines, err.getvalue()
    results = [json.loads(line) for line in lines]
    for result in results:
        assert set(result) == KEYS
        assert result["scale"] == "small" and result["database"] in ("sqlite", "postgresql")
        if result["median_s"] is None:  # a part not in the code base yet
            assert result["runs"] == 0
            assert f"{result['name']}: not available" in err.getvalue()
        else:
            assert result["median_s"] >= 0 and result["peak_rss_mib"] > 0
    by_name = {r["name"]: r for r in results}
    rollup = next(r for name, r in by_name.items() if name.endswith("rollup_root"))
    assert rollup["runs"] == 1 and rollup["floor_median_s"] > 0
    assert rollup["ratio"] == pytest.approx(rollup["median_s"] / rollup["floor_median_s"], 1e-2)
    assert {"dashboard_mid", "report_xlsx_root", "report_docx_root"} <= set(by_name)
    # the study tallies counted afresh once; the rollup with every member counted live,
    # beside its own floor (the members joined live rather than read from the tallies)
    assert by_name["tallies_count"]["runs"] == 1 and by_name["tallies_count"]["median_s"] > 0
    live = by_name["rollup_root_live"]
    assert live["floor_median_s"] > 0 and live["floor_median_s"] != rollup["floor_median_s"]


@pytest.mark.django_db
def test_bench_refuses_a_database_of_another_scale():
    builders.workload("small", out=lambda message: None)
    with pytest.raises(CommandError, match="scale 'province'"):
        call_command("bench", scale="province", runs=1, stdout=StringIO(), stderr=StringIO())
