"""The study numbers against values computed by hand, and the rows behind every number.

The world is ``make_study(tree)`` (see ``test_services_builders``) plus a few people and four
sessions, all made through the services (times relative to now, T = today)::

    HL    Tỉnh ủy Hòa Lâm            Phúc (member, directly in the province: owes no report)
    ├── HL-A   Đảng ủy xã An Phú     Giang (key cadre)
    │   └── HL-A1  Chi bộ thôn 1     An, Cường (members), Dũng (exempt), Em (not a member),
    │                                Hoa (until she moved to HL-B1 after studying)
    └── HL-B   Đảng ủy phường Bình Minh            (no session: a unit without one)
        └── HL-B1  Chi bộ khu phố 1  Bình, Khoa, Hoa (members), Lan (exempt),
                                     Minh (member, left on T-2)

    S1  HL-A with its subtree, T-10, mixed, 3 connection points, 4 non-members:
        An, Hoa, Giang, Dũng (exempt), Em (non-member) present; Cường absent
    S2  make-up of S1 at HL-A1, T-5, in person: Cường present
    S3  HL-B1, T-8, marked Bình present, then cancelled: does not count
    S4  HL-B1, T-3, online, 2 connection points: Khoa, Lan (exempt) present; Bình absent

    Learning reports (owed by the committees and cells, so not by Phúc): An (on time,
    graded good; as if submitted at T-8), Giang (late: his commune's deadline was yesterday;
    graded fair), Cường (sent back), Hoa (on time, graded pass, before moving), Khoa (on time,
    not graded yet); Bình none; Dũng (exempt) and Phúc wrote one although not due.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Obligation
from trienkhai.study import rollup, services
from trienkhai.study.models import Grade, LearningReport, StudySession
from trienkhai.units import services as units

from .test_services_builders import make_study, person

DAY = datetime.timedelta(days=1)
TEXT = "Qua học tập Nghị quyết, tôi nhận thức rõ hơn yêu cầu đổi mới và sắp xếp bộ máy."


def ago(days: int) -> datetime.datetime:
    return timezone.now() - days * DAY


def mark(study, session, people, status="present"):
    for who in people:
        services.mark_attendance(
            user=study.tree.admin, session=session, person=who, status=status, reason="Sổ giấy"
        )


def submit(study, who):
    return services.submit_report(user=study.tree.admin, plan=study.plan, person=who, text=TEXT)


def review(study, report, grade="", send_back=False):
    return services.review_report(
        user=study.tree.admin,
        report=report,
        grade=grade,
        send_back=send_back,
        comment="Viết lại phần liên hệ bản thân." if send_back else "",
    )


def set_report_due(study, unit, due):
    Obligation.objects.filter(
        plan=study.plan, unit=unit, requirement__kind="learning_reports"
    ).update(due_on=due)


def build_world(tree):
    study = make_study(tree)
    admin = tree.admin
    study.phuc = person(tree.province, "Trịnh Văn Phúc", "P001")
    study.khoa = person(tree.cell_b, "Lý Văn Khoa", "B002")
    study.lan = person(tree.cell_b, "Mai Thị Lan", "B003", exempt_from_activity=True)
    study.minh = person(tree.cell_b, "Ngô Văn Minh", "B004")

    s1 = study.session(
        starts_at=ago(10),
        mode=StudySession.Mode.MIXED,
        connection_points=3,
        non_members_invited=True,
    )
    mark(study, s1, [study.an, study.hoa, study.giang, study.dung, study.em])
    mark(study, s1, [study.cuong], "absent")
    services.mark_held(user=admin, session=s1, non_member_count=4)
    s2 = study.session(
        unit=tree.cell_a, starts_at=ago(5), title="Học bù", makeup_for=s1, include_subtree=False
    )
    mark(study, s2, [study.cuong])
    services.mark_held(user=admin, session=s2)
    s3 = study.session(unit=tree.cell_b, user=admin, starts_at=ago(8))
    mark(study, s3, [study.binh])
    StudySession.objects.filter(pk=s3.pk).update(status=StudySession.Status.CANCELLED)
    s4 = study.session(
        unit=tree.cell_b,
        user=admin,
        starts_at=ago(3),
        mode=StudySession.Mode.ONLINE,
        connection_points=2,
    )
    mark(study, s4, [study.khoa, study.lan])
    mark(study, s4, [study.binh], "absent")
    services.mark_held(user=admin, session=s4)

    today = timezone.localdate()
    set_report_due(study, tree.commune_a, today - DAY)
    giang = submit(study, study.giang)
    set_report_due(study, tree.commune_a, today + 45 * DAY)
    assert giang.is_late
    an = submit(study, study.an)
    LearningReport.objects.filter(pk=an.pk).update(submitted_at=ago(8))
    review(study, giang, Grade.FAIR)
    review(study, an, Grade.GOOD)
    review(study, submit(study, study.cuong), send_back=True)
    review(study, submit(study, study.hoa), Grade.PASS)
    submit(study, study.khoa)
    submit(study, study.dung)
    submit(study, study.phuc)

    study.hoa = units.update_person(user=admin, person=study.hoa, unit=tree.cell_b)
    units.update_person(user=admin, person=study.minh, left_on=today - 2 * DAY)
    study.sessions = [s1, s2, s3, s4]
    return study


@pytest.fixture(scope="module")
def shared_world(shared_tree, build_once):
    """Built once when every database test here asks for it (root conftest)."""
    return build_once("world", lambda: build_world(shared_tree))


@pytest.fixture
def world(shared_world, tree, own_copy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(tree) if shared_world is None else own_copy(shared_world)


def numbers(world, unit, days_ago=0) -> rollup.StudyNumbers:
    return rollup.study_numbers(world.plan, unit, timezone.localdate() - days_ago * DAY)


def modes(in_person=0, online=0, mixed=0) -> dict[str, int]:
    return {"in_person": in_person, "online": online, "mixed": mixed}


def grades(good=0, fair=0, passed=0, fail=0) -> dict[str, int]:
    return {"good": good, "fair": fair, "pass": passed, "fail": fail}


@pytest.mark.django_db
def test_the_province_today(world):
    n = numbers(world, world.tree.province)
    assert n.sessions_by_mode == modes(in_person=1, online=1, mixed=1)  # S3 was cancelled
    assert (n.sessions_held, n.connection_points, n.non_member_attendances) == (3, 5, 4)
    # Phúc, Giang, An, Cường, Hoa, Bình, Khoa + Dũng, Lan (Minh has left, Em is no member)
    assert (n.members, n.eligible, n.exempt) == (9, 7, 2)
    # Giang, An, Hoa (S1), Cường (make-up), Khoa (S4); Bình only at the cancelled S3
    assert (n.attended, n.members_attended, n.exempt_attended, n.not_attended) == (5, 7, 2, 2)
    assert n.attendance_rate == rollup.Ratio(5, 7)
    assert n.rate_all_members == rollup.Ratio(7, 9)
    assert n.rate_reported == rollup.Ratio(7, 7)
    # Due: everyone eligible under a committee or cell, so not Phúc; Dũng's does not count
    assert (n.reports_due, n.reports_submitted, n.reports_missing) == (6, 5, 1)
    assert (n.reports_late, n.reports_on_time, n.reports_returned) == (1, 4, 1)
    assert n.grades == grades(good=1, fair=1, passed=1)
    assert n.report_rate == rollup.Ratio(5, 6)
    assert (n.units_owing_session, n.units_without_session, n.units_with_session) == (4, 1, 3)
    assert (n.units_owing_reports, n.units_missing_reports) == (4, 2)  # HL-B and HL-B1


@pytest.mark.django_db
def test_exempt_members_who_came_push_the_reported_rate_past_100_percent(world):
    """Commune A: its three eligible members studied and so did the exempt Dũng: 100 % of
    eligible, 100 % of all members, and the 133 % results reports print (4 / 3)."""
    n = numbers(world, world.tree.commune_a)
    assert (n.members, n.eligible, n.attended, n.members_attended) == (4, 3, 3, 4)
    assert n.attendance_rate.percent == 100
    assert n.rate_all_members.percent == 100
    assert n.rate_reported == rollup.Ratio(4, 3) and n.rate_reported.value > 1


@pytest.mark.django_db
def test_the_drill_down_from_the_province(world):
    overview = rollup.study_overview(world.plan, world.tree.province)
    assert [u.code for u, _n in overview.children] == ["HL-B", "HL-A"]  # Bình < An (xã)
    by_code = {u.code: n for u, n in overview.children}
    b, a = by_code["HL-B"], by_code["HL-A"]
    assert b.sessions_by_mode == modes(online=1) and b.connection_points == 2
    assert a.sessions_by_mode == modes(in_person=1, mixed=1) and a.non_member_attendances == 4
    # Hoa moved to B after studying in A: she counts in B, as having studied
    assert (b.members, b.eligible, b.attended, b.members_attended) == (4, 3, 2, 3)
    assert (a.members, a.eligible, a.attended, a.members_attended) == (4, 3, 3, 4)
    assert (b.reports_due, b.reports_submitted, b.reports_late, b.grades["pass"]) == (3, 2, 0, 1)
    assert (a.reports_due, a.reports_submitted, a.reports_late, a.reports_returned) == (3, 3, 1, 1)
    assert (b.units_owing_session, b.units_without_session) == (2, 1)
    assert (a.units_owing_session, a.units_without_session) == (2, 0)
    assert (b.units_missing_reports, a.units_missing_reports) == (2, 0)
    # The province's own row: Phúc, who neither studied nor owes a report
    assert (overview.own.members, overview.own.attended, overview.own.reports_due) == (1, 0, 0)
    assert [u for u, _n in rollup.study_by_child(world.plan, world.tree.province)] == [
        u for u, _n in overview.children
    ]
    summed = rollup.StudyNumbers()
    for numbers_ in [overview.own, a, b]:
        summed.add(numbers_)
    assert summed == overview.total == rollup.study_numbers(world.plan, world.tree.province)


@pytest.mark.django_db
def test_the_numbers_a_week_ago(world):
    """As of T-7: only S1 had been held; Minh had not left yet; Cường's make-up and S4 were
    still to come; only An's report was in, not yet graded; B1's session obligation was not
    done yet."""
    n = numbers(world, world.tree.province, days_ago=7)
    assert n.sessions_by_mode == modes(mixed=1)
    assert (n.connection_points, n.non_member_attendances) == (3, 4)
    assert (n.members, n.eligible) == (10, 8)
    assert (n.attended, n.members_attended) == (3, 4)  # Giang, An, Hoa + Dũng
    assert (n.reports_due, n.reports_submitted, n.reports_missing) == (7, 1, 6)
    assert n.grades == grades()
    assert (n.units_owing_session, n.units_without_session) == (4, 2)
    assert (n.units_owing_reports, n.units_missing_reports) == (4, 4)


@pytest.mark.django_db
def test_a_cell_owes_reports_through_the_units_above_it(world):
    """The cell's own numbers: its report deadline and those of its commune both apply."""
    n = numbers(world, world.tree.cell_b)
    assert (n.eligible, n.attended, n.reports_due, n.reports_submitted) == (3, 2, 3, 2)
    assert (n.units_owing_reports, n.units_missing_reports) == (1, 1)
    assert n.sessions_by_mode == modes(online=1)


@pytest.mark.django_db
def test_a_plan_counts_only_under_the_unit_that_issued_it(world):
    """A plan of commune A, seen from the province, covers commune A's subtree only; its
    reports are owed by the cells, so not by Giang, who sits in the committee itself."""
    plan = plans.create_plan(
        user=world.tree.admin,
        unit=world.tree.commune_a,
        number="3-KH/ĐU",
        title="Kế hoạch của xã",
        issued_on=timezone.localdate() - 20 * DAY,
        resolutions=[world.resolution],
        requirements=[
            {
                "kind": "learning_reports",
                "title": "Bài thu hoạch",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": timezone.localdate() + 10 * DAY,
            }
        ],
    )
    plans.issue_plan(user=world.tree.admin, plan=plan)
    n = rollup.study_numbers(plan, world.tree.province)
    assert (n.members, n.eligible, n.attended, n.sessions_held) == (4, 3, 0, 0)
    assert (n.reports_due, n.units_owing_reports, n.units_owing_session) == (2, 1, 0)  # An, Cường
    children = dict(rollup.study_by_child(plan, world.tree.province))
    assert children[world.tree.commune_b] == rollup.StudyNumbers()
    assert rollup.study_numbers(plan, world.tree.commune_b) == rollup.StudyNumbers()


@pytest.mark.django_db
def test_a_unit_outside_the_plan_has_empty_numbers(world):
    overview = rollup.study_overview(world.plan, world.tree.cell_a)
    assert overview.children == []
    assert overview.total == overview.own


# --- the rows behind each number -------------------------------------------------------------


def behind(plan, unit, as_of) -> dict:
    """Every number recomputed from the rows the screens link to."""
    r = rollup
    rows = {
        "sessions_held": r.held_sessions(plan, unit, as_of),
        "members": r.member_people(plan, unit, as_of),
        "eligible": r.eligible_people(plan, unit, as_of),
        "attended": r.attended_people(plan, unit, as_of),
        "members_attended": r.attended_people(plan, unit, as_of, include_exempt=True),
        "not_attended": r.not_attended_people(plan, unit, as_of),
        "reports_due": r.reports_due_people(plan, unit, as_of),
        "reports_submitted": r.submitted_reports(plan, unit, as_of),
        "reports_late": r.submitted_reports(plan, unit, as_of, late=True),
        "reports_on_time": r.submitted_reports(plan, unit, as_of, late=False),
        "reports_missing": r.missing_report_people(plan, unit, as_of),
        "units_without_session": r.units_without_session(plan, unit, as_of),
        "units_missing_reports": r.units_missing_reports(plan, unit, as_of),
    }
    counted = {name: qs.count() for name, qs in rows.items()}
    counted["sessions_by_mode"] = {
        m: r.held_sessions(plan, unit, as_of, mode=m).count() for m in StudySession.Mode.values
    }
    counted["grades"] = {
        g: r.submitted_reports(plan, unit, as_of, grade=g).count() for g in Grade.values
    }
    return counted


@pytest.mark.parametrize("code", ["HL", "HL-A", "HL-B", "HL-A1", "HL-B1"])
@pytest.mark.parametrize("days_ago", [0, 7])
@pytest.mark.django_db
def test_every_number_opens_to_the_rows_behind_it(world, code, days_ago):
    unit = {u.code: u for u in [world.tree.province, world.tree.commune_a, world.tree.commune_b]}
    unit |= {world.tree.cell_a.code: world.tree.cell_a, world.tree.cell_b.code: world.tree.cell_b}
    as_of = timezone.localdate() - days_ago * DAY
    n = rollup.study_numbers(world.plan, unit[code], as_of)
    counted = behind(world.plan, unit[code], as_of)
    assert counted == {name: getattr(n, name) for name in counted}


@pytest.mark.django_db
def test_the_rows_behind_are_the_people_named_above(world):
    province = world.tree.province
    names = lambda qs: sorted(p.full_name for p in qs)  # noqa: E731
    assert names(rollup.not_attended_people(world.plan, province)) == [
        "Trịnh Văn Phúc",
        "Đặng Thị Bình",
    ]
    assert names(rollup.missing_report_people(world.plan, province)) == ["Đặng Thị Bình"]
    late = rollup.submitted_reports(world.plan, province, late=True)
    assert [r.person.full_name for r in late] == ["Võ Văn Giang"]
    assert [u.code for u in rollup.units_without_session(world.plan, province)] == ["HL-B"]
    assert sorted(u.code for u in rollup.units_missing_reports(world.plan, province)) == [
        "HL-B",
        "HL-B1",
    ]


@pytest.mark.django_db
def test_late_means_after_the_due_day_in_local_time(world):
    """Submitted at 23:59 local time on the due day is on time; a minute after midnight is
    late — the same rule as ``LearningReport.is_late``, for a deadline of the plan and for a
    date that is no deadline of the plan (Giang's)."""
    due = timezone.localdate() + 45 * DAY  # the plan's deadline
    tz = timezone.get_current_timezone()
    an = LearningReport.objects.get(person=world.an)
    khoa = LearningReport.objects.get(person=world.khoa)
    an.submitted_at = datetime.datetime.combine(due, datetime.time(23, 59), tz)
    khoa.submitted_at = datetime.datetime.combine(due + DAY, datetime.time(0, 1), tz)
    for report in (an, khoa):
        LearningReport.objects.filter(pk=report.pk).update(submitted_at=report.submitted_at)
    as_of = due + 2 * DAY
    late = set(rollup.submitted_reports(world.plan, world.tree.province, as_of, late=True))
    reports = rollup.submitted_reports(world.plan, world.tree.province, as_of)
    assert late == {r for r in reports if r.is_late}
    assert {r.person.full_name for r in late} == {"Võ Văn Giang", "Lý Văn Khoa"}
