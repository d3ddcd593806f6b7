"""The demo province's study numbers are rows that can be opened, and its obligations agree
with them.

Every study obligation marked done has the rows behind it on the day it says (a session held,
the attendance target reached, every due member's learning report in), and no obligation is
left undone that the rows would fulfil; the dashboard's figures are counts of those rows and
look like a province's (97–99 % attendance in the units that studied, a few laggards).

The demo is loaded once for the package (``conftest.py``: outside the per-test transactions)
and removed at its end.
"""

import datetime
import statistics
from collections import defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from trienkhai.demo.loader import DEMO_ROOT_CODE, load_demo
from trienkhai.demo.plans import PLAN_NUMBER
from trienkhai.demo.study_bulk import Story, StudyWriter
from trienkhai.reporting import engine
from trienkhai.resolutions.models import Obligation, Plan, Requirement
from trienkhai.study import rollup
from trienkhai.study.models import Attendance, CheckState, LearningReport, StudySession
from trienkhai.study.similarity import FLAG_AT
from trienkhai.units.models import Person, Unit

R = Requirement.Kind
K = Unit.Kind
HELD = StudySession.Status.HELD
ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def demo(demo_logins):
    """The demo province, loaded once for the package (conftest)."""
    return demo_logins


def _root():
    return Unit.objects.get(code=DEMO_ROOT_CODE)


def _plan():
    return Plan.objects.get(unit__code=DEMO_ROOT_CODE, number=PLAN_NUMBER)


def _day(moment) -> datetime.date:
    return timezone.localtime(moment).date()


def _plans():
    return Plan.objects.carrying_out(_plan())


def _chains() -> dict[int, set[int]]:
    """Plan id → the ids of the plan and of the plans it carries out (evidence reaches them)."""
    parents = dict(Plan.objects.filter(pk__in=_plans()).values_list("pk", "parent_id"))
    chains = {}
    for pk in parents:
        chain, at = set(), pk
        while at is not None:
            chain.add(at)
            at = parents.get(at)
        chains[pk] = chain
    return chains


def _obligations(kind):
    return Obligation.objects.filter(
        plan__in=_plans(), requirement__kind=kind, cancelled=False, unit__active_to__isnull=True
    ).select_related("unit", "requirement")


def _eligible() -> list[tuple[int, str]]:
    """(person id, home unit path) of every eligible member now."""
    return list(
        Person.objects.current()
        .filter(is_party_member=True, exempt_from_activity=False)
        .values_list("id", "unit__path")
    )


# --- the obligations agree with the rows -------------------------------------------------------


@pytest.mark.django_db
def test_a_session_obligation_is_done_on_the_day_of_the_first_session_held_for_the_unit(demo):
    chains = _chains()
    covering = []  # (path, covers the subtree, day, plans its evidence reaches)
    for path, subtree, starts, plan_id in StudySession.objects.filter(
        plan__in=_plans(), status=HELD
    ).values_list("unit__path", "include_subtree", "starts_at", "plan_id"):
        covering.append((path, subtree, _day(starts), chains[plan_id]))
    obligations = list(_obligations(R.STUDY_SESSION))
    assert len(obligations) > 100
    done = 0
    for o in obligations:
        days = [
            day
            for path, subtree, day, reaches in covering
            if o.plan_id in reaches
            and (path == o.unit.path or (subtree and o.unit.path.startswith(path)))
        ]
        assert o.fulfilled_on == (min(days) if days else None), o
        done += bool(days)
    assert 0 < len(obligations) - done < 0.1 * len(obligations)  # a few have not held one


def _studied(plan_ids) -> dict[int, list[datetime.date]]:
    """Person id → the days of the sessions (make-up ones included) they were present at."""
    days = defaultdict(list)
    for person_id, starts in (
        Attendance.objects.filter(status=Attendance.Status.PRESENT, session__plan__in=plan_ids)
        .exclude(session__status=StudySession.Status.CANCELLED)
        .values_list("person_id", "session__starts_at")
    ):
        days[person_id].append(_day(starts))
    return days


@pytest.mark.django_db
def test_an_attendance_obligation_is_done_when_the_rows_first_reach_its_target(demo):
    studied, eligible = _studied(_plans()), _eligible()
    today = timezone.localdate()
    obligations = list(_obligations(R.ATTENDANCE))
    outcomes = set()
    for o in obligations:
        members = [pk for pk, path in eligible if path.startswith(o.unit.path)]
        target = float(o.requirement.target_value)

        def reached(day, members=members, target=target) -> bool:
            done = sum(any(d <= day for d in studied[pk]) for pk in members)
            return bool(members) and done * 100 >= len(members) * target

        if o.fulfilled_on:
            assert reached(o.fulfilled_on) and not reached(o.fulfilled_on - ONE_DAY), o
        else:
            assert not reached(today), o
        outcomes.add(o.fulfilled_on is not None)
    assert outcomes == {True, False}


@pytest.mark.django_db
def test_a_report_obligation_is_done_when_the_last_due_member_has_submitted(demo):
    submitted = dict(
        LearningReport.objects.filter(plan__in=_plans()).values_list("person_id", "submitted_at")
    )
    eligible, today = _eligible(), timezone.localdate()
    outcomes = set()
    for o in _obligations(R.LEARNING_REPORTS):
        members = [pk for pk, path in eligible if path.startswith(o.unit.path)]
        assert members

        def all_in(day, members=members) -> bool:
            return all(pk in submitted and _day(submitted[pk]) <= day for pk in members)

        if o.fulfilled_on:
            assert all_in(o.fulfilled_on) and not all_in(o.fulfilled_on - ONE_DAY), o
        else:
            assert not all_in(today), o
        outcomes.add(o.fulfilled_on is not None)
    assert outcomes == {True, False}


# --- the rows ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_cell_session_has_its_roster_and_make_ups_bring_back_the_absent(demo):
    sessions = StudySession.objects.filter(
        plan__in=_plans(), status=HELD, unit__kind=K.PARTY_CELL
    ).select_related("unit")
    cells = 0
    for session in sessions.filter(makeup_for__isnull=True):
        eligible = set(
            Person.objects.current()
            .filter(unit=session.unit, is_party_member=True, exempt_from_activity=False)
            .values_list("id", flat=True)
        )
        rows = dict(session.attendances.values_list("person_id", "status"))
        assert eligible <= set(rows), session  # every eligible member is on the roster
        assert session.mode == StudySession.Mode.IN_PERSON and not session.connection_points
        cells += 1
    assert cells > 40
    makeups = list(sessions.filter(makeup_for__isnull=False).select_related("makeup_for"))
    assert makeups
    for makeup in makeups:
        first = makeup.makeup_for
        assert makeup.unit_id == first.unit_id and makeup.starts_at > first.starts_at
        missed = set(
            first.attendances.exclude(status=Attendance.Status.PRESENT).values_list(
                "person_id", flat=True
            )
        )
        came = dict(makeup.attendances.values_list("person_id", "status"))
        assert came and set(came) <= missed
        assert set(came.values()) == {Attendance.Status.PRESENT}
    committees = StudySession.objects.filter(
        plan__in=_plans(), status=HELD, unit__kind=K.PARTY_COMMITTEE, makeup_for__isnull=True
    )
    assert committees.filter(mode=StudySession.Mode.MIXED, connection_points__gte=2).count() > 5
    methods = set(Attendance.objects.values_list("method", flat=True))
    assert {Attendance.Method.ROSTER, Attendance.Method.MEMBER_CODE} <= methods


@pytest.mark.django_db
def test_learning_reports_are_dated_reviewed_and_a_few_copied(demo):
    now = timezone.now()
    reports = LearningReport.objects.filter(plan__in=_plans()).select_related("unit")
    assert reports.count() > 1500
    assert not reports.filter(submitted_at__gt=now).exists()
    assert not reports.filter(reviewed_at__gt=now).exists()
    # Every report is typed, but two of the demo commune's handed in as files (issue 13): a
    # Word file copying the resolution's full text and a scan with no text.
    assert not reports.filter(text="", file="").exists()
    uploaded = {r.file_type: r for r in reports.filter(text="")}
    assert set(uploaded) == {"docx", "pdf"}
    assert uploaded["pdf"].check_state == CheckState.NO_TEXT
    assert uploaded["docx"].similar_to_resolution and uploaded["docx"].similarity >= FLAG_AT
    # Nothing is left "not checked".
    assert set(reports.values_list("check_state", flat=True)) == {
        CheckState.DONE,
        CheckState.NO_TEXT,
    }
    due = {
        (plan_id, unit_id): day
        for plan_id, unit_id, day in Obligation.objects.filter(
            plan__in=_plans(), requirement__kind=R.LEARNING_REPORTS
        ).values_list("plan_id", "unit_id", "due_on")
    }
    statuses, late = defaultdict(int), 0
    for report in reports.defer("text"):
        assert report.due_on == due[report.plan_id, report.unit_id], report
        statuses[report.status] += 1
        late += report.is_late
        if report.status != LearningReport.Status.SUBMITTED:
            assert report.reviewer_id and report.reviewed_at > report.submitted_at
        if report.status == LearningReport.Status.RETURNED:
            assert report.comment and not report.grade
    total = sum(statuses.values())
    assert statuses[LearningReport.Status.GRADED] > 0.6 * total
    assert 0 < statuses[LearningReport.Status.RETURNED] < 0.1 * total
    assert 0.02 * total < late < 0.3 * total
    # The copy signal has something to show: copies of a neighbour's report, matched to it.
    flagged = list(
        reports.filter(similarity__gte=FLAG_AT).select_related("similar_to__unit", "unit")
    )
    assert len(flagged) >= 4
    commune = 2 * Unit.steplen
    for report in flagged:
        if report.similar_to_resolution:  # the upload copying the resolution's full text
            assert report.file_type == "docx"
            continue
        source = report.similar_to
        assert source is not None and source.unit.path[:commune] == report.unit.path[:commune]
        assert source.submitted_at < report.submitted_at
        assert report.status == LearningReport.Status.SUBMITTED  # left for the reviewer


# --- the dashboard -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_counts_the_rows_and_looks_like_a_province(demo):
    plan, root = _plan(), _root()
    numbers = engine.compute(plan, root).total.study
    assert numbers == rollup.study_numbers(plan, root)
    # Every figure is a count of rows one can open.
    assert numbers.sessions_held == rollup.held_sessions(plan, root).count() > 100
    assert numbers.eligible == rollup.eligible_people(plan, root).count()
    assert numbers.attended == rollup.attended_people(plan, root).count()
    assert numbers.reports_due == rollup.reports_due_people(plan, root).count()
    assert numbers.reports_submitted == rollup.submitted_reports(plan, root).count()
    assert numbers.reports_late == rollup.submitted_reports(plan, root, late=True).count()
    assert numbers.units_without_session == rollup.units_without_session(plan, root).count()
    # And they look like a province's: most members studied, a few units lag behind.
    assert 0.9 <= numbers.attendance_rate.value < 0.99
    assert numbers.members_attended > numbers.attended  # some exempt members came too
    assert 1 <= numbers.units_without_session <= 6
    assert 0.7 <= numbers.report_rate.value < 0.95
    assert numbers.reports_late and numbers.reports_returned
    assert all(numbers.grades.values())
    assert numbers.connection_points > 20 and numbers.non_member_attendances > 100
    # In the units that held their session, 97–99 % is typical; some stay below the target.
    studied, rates = _studied(_plans()), []
    for session in StudySession.objects.filter(
        plan__in=_plans(), status=HELD, unit__kind=K.PARTY_CELL, makeup_for__isnull=True
    ).select_related("unit"):
        members = list(
            Person.objects.current()
            .filter(unit=session.unit, is_party_member=True, exempt_from_activity=False)
            .values_list("id", flat=True)
        )
        rates.append(sum(bool(studied[pk]) for pk in members) / len(members))
    assert 0.96 <= statistics.median(rates) < 1
    assert any(rate < 0.95 for rate in rates) and any(rate == 1 for rate in rates)


@pytest.mark.django_db
def test_the_study_rows_are_loaded_once(demo):
    models = [StudySession, Attendance, LearningReport]
    before = [m.objects.count() for m in models]
    load_demo()
    assert [m.objects.count() for m in models] == before


@pytest.mark.django_db
def test_writing_costs_queries_per_unit_not_per_person(demo, django_assert_max_num_queries):
    """The writer's queries grow with the units (a session, the evidence), not with the
    thousands of attendance and report rows, which go in bulk."""
    LearningReport.objects.all().delete()
    Attendance.objects.all().delete()
    StudySession.objects.update(makeup_for=None)
    StudySession.objects.all().delete()
    root, plan = _root(), _plan()
    local = {p.unit_id: p for p in Plan.objects.filter(parent=plan)}
    admin = get_user_model().objects.get(username="admin")
    writer = StudyWriter(root, admin, timezone.localdate())
    # Every other cell: enough thousand rows to tell per-row queries from bulk ones, at half
    # the copy checks' cost (the slowest part of the write).
    cells = list(Unit.objects.filter(kind=K.PARTY_CELL, active_to__isnull=True).order_by("path"))
    cells = cells[::2]
    day = plan.issued_on + datetime.timedelta(days=20)
    for cell in cells:
        commune = Unit.objects.get(path=cell.path[: 2 * Unit.steplen])
        story = Story(cell, local[commune.pk], day, absent=1, reports_on=day + 5 * ONE_DAY)
        writer.add(story)
    stories = len(writer.stories)
    with django_assert_max_num_queries(4 * stories + 50):  # a thousand rows and more
        writer.write()
    assert writer.counts["attendance"] > 1000 and writer.counts["reports"] > 1000


@pytest.mark.django_db
def test_the_demo_gives_a_session_open_for_check_in_and_a_pin_that_works(demo, client):
    from django.urls import reverse

    from trienkhai.demo.study import prepare_checkin
    from trienkhai.study import checkin, qr
    from trienkhai.study.models import CheckinPin

    session, person, pin = prepare_checkin()
    assert session.checkin_open()
    url = reverse("study:checkin", args=[session.pk, qr.token_for(session.pk)])

    response = client.post(url, {"member_code": person.member_code, "pin": pin})

    assert response.status_code == 200, response.context.get("error")
    assert Attendance.objects.filter(session=session, person=person, status="present").exists()
    # The next start of the demo: the same session while it is open, a new PIN.
    again, _, newer = prepare_checkin()
    assert again == session and StudySession.objects.filter(title=session.title).count() == 1
    digest = CheckinPin.objects.get(person=person).digest
    assert checkin.pin_matches(person.pk, newer, digest)
    assert newer == pin or not checkin.pin_matches(person.pk, pin, digest)
