"""Scheduling sessions, marking them held, the roster, and the obligations they fulfil."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Obligation
from trienkhai.study import services
from trienkhai.study.models import Attendance, StudySession

from .test_services_builders import make_plan

PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
EXCUSED = Attendance.Status.EXCUSED
HOUR = datetime.timedelta(hours=1)


def held_on(session) -> datetime.date:
    return timezone.localtime(session.starts_at).date()


def fulfilled(study, kind) -> dict[str, datetime.date | None]:
    return dict(
        Obligation.objects.filter(plan=study.plan, requirement__kind=kind).values_list(
            "unit__code", "fulfilled_on"
        )
    )


def statuses(session) -> dict[str, str]:
    return dict(session.attendances.values_list("person__full_name", "status"))


# --- scheduling --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_is_scheduled_and_audited(study):
    session = study.session()
    assert session.status == StudySession.Status.SCHEDULED
    event = AuditEvent.objects.get(object_type="study.studysession", object_id=str(session.pk))
    assert event.verb == AuditEvent.Verb.CREATE and event.actor == study.tree.clerk_a


@pytest.mark.django_db
def test_sessions_are_held_for_issued_plans_only(study):
    draft = make_plan(study.tree, study.resolution, number="30-KH/TU", issue=False)
    with pytest.raises(ValidationError) as caught:
        services.schedule_session(
            user=study.tree.clerk_a,
            unit=study.tree.commune_a,
            plan=draft,
            title="Hội nghị",
            starts_at=timezone.now(),
            mode=StudySession.Mode.IN_PERSON,
        )
    assert "plan" in caught.value.message_dict
    assert not StudySession.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1900, 2100])
def test_a_session_dated_1900_or_2100_is_refused(study, year):
    """Issue 14: a typing slip in the year is refused with the reason, nothing written."""
    starts_at = timezone.make_aware(datetime.datetime(year, 3, 1, 8, 0))
    with pytest.raises(ValidationError) as caught:
        services.schedule_session(
            user=study.tree.clerk_a,
            unit=study.tree.commune_a,
            plan=study.plan,
            title="Hội nghị",
            starts_at=starts_at,
            mode=StudySession.Mode.IN_PERSON,
        )
    [message] = caught.value.message_dict["starts_at"]
    assert message.startswith(f"01/03/{year} là ")
    assert not StudySession.objects.exists()


@pytest.mark.django_db
def test_a_unit_studies_only_plans_addressed_to_it(study):
    """Given a plan commune B issued for its own cells, commune A cannot hold a session of it;
    commune B's cell can."""
    tree = study.tree
    plan_b = plans.create_plan(
        user=tree.admin,
        unit=tree.commune_b,
        number="05-KH/ĐU",
        title="Kế hoạch của phường",
        issued_on=timezone.localdate() - datetime.timedelta(days=5),
        resolutions=[study.resolution],
        requirements=[
            {
                "kind": "study_session",
                "title": "Học tập",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": timezone.localdate() + datetime.timedelta(days=5),
            }
        ],
    )
    plan_b = plans.issue_plan(user=tree.admin, plan=plan_b)
    fields = dict(title="Hội nghị", starts_at=timezone.now(), mode=StudySession.Mode.IN_PERSON)
    with pytest.raises(ValidationError) as caught:
        services.schedule_session(user=tree.admin, unit=tree.commune_a, plan=plan_b, **fields)
    assert "plan" in caught.value.message_dict
    services.schedule_session(user=tree.clerk_b, unit=tree.cell_b, plan=plan_b, **fields)


@pytest.mark.django_db
def test_connection_points_follow_the_mode(study):
    """An in-person session has no connection points (they are dropped); an online or mixed
    one needs at least one."""
    session = study.session(mode=StudySession.Mode.IN_PERSON, connection_points=4)
    assert session.connection_points == 0
    for mode in (StudySession.Mode.ONLINE, StudySession.Mode.MIXED):
        with pytest.raises(ValidationError) as caught:
            study.session(mode=mode, connection_points=0)
        assert "connection_points" in caught.value.message_dict
    online = study.session(mode=StudySession.Mode.ONLINE, connection_points=12)
    assert online.connection_points == 12


@pytest.mark.django_db
def test_an_empty_title_is_refused(study):
    with pytest.raises(ValidationError) as caught:
        study.session(title="   ")
    assert "title" in caught.value.message_dict


@pytest.mark.django_db
def test_updating_a_session_revalidates_it(study):
    session = study.session(mode=StudySession.Mode.ONLINE, connection_points=3)
    with pytest.raises(ValidationError):
        services.update_session(user=study.tree.clerk_a, session=session, connection_points=0)
    session = services.update_session(
        user=study.tree.clerk_a, session=session, place="Nhà văn hóa thôn 1"
    )
    assert session.place == "Nhà văn hóa thôn 1"
    with pytest.raises(ValueError):
        services.update_session(user=study.tree.clerk_a, session=session, status="held")


# --- marking a session held --------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_cannot_be_marked_held_before_it_starts(study):
    session = study.session(starts_at=timezone.now() + HOUR)
    with pytest.raises(ValidationError):
        services.mark_held(user=study.tree.clerk_a, session=session)
    session.refresh_from_db()
    assert session.status == StudySession.Status.SCHEDULED
    assert all(day is None for day in fulfilled(study, "study_session").values())


@pytest.mark.django_db
def test_a_cancelled_session_cannot_be_marked_held(study):
    session = study.session()
    StudySession.objects.filter(pk=session.pk).update(status=StudySession.Status.CANCELLED)
    with pytest.raises(ValidationError):
        services.mark_held(user=study.tree.clerk_a, session=session)


@pytest.mark.django_db
def test_a_commune_session_over_its_subtree_fulfils_its_cells_too(study):
    """Given commune A's session covers its cells, when it is marked held, then the "session
    held" obligations of commune A and of its cell are done on the session's date, and commune
    B's are not."""
    session = study.session(include_subtree=True)
    services.mark_held(user=study.tree.clerk_a, session=session)
    day = held_on(session)
    assert fulfilled(study, "study_session") == {
        "HL-A": day,
        "HL-A1": day,
        "HL-B": None,
        "HL-B1": None,
    }
    obligation = study.obligation(study.tree.cell_a, "study_session")
    assert session.title in obligation.evidence


@pytest.mark.django_db
def test_a_session_without_the_subtree_fulfils_only_its_organiser(study):
    session = study.session(include_subtree=False)
    services.mark_held(user=study.tree.clerk_a, session=session)
    done = fulfilled(study, "study_session")
    assert done["HL-A"] == held_on(session)
    assert done["HL-A1"] is None


@pytest.mark.django_db
def test_a_cell_session_fulfils_only_the_cell(study):
    session = study.session(unit=study.tree.cell_a)
    services.mark_held(user=study.tree.clerk_a, session=session)
    done = fulfilled(study, "study_session")
    assert done["HL-A1"] == held_on(session)
    assert done["HL-A"] is None


@pytest.mark.django_db
def test_an_earlier_session_keeps_its_date(study):
    """Given the cell held a session three days ago and the commune one today (over the
    subtree), the cell's obligation keeps the earlier date."""
    early = study.session(
        unit=study.tree.cell_a, starts_at=timezone.now() - datetime.timedelta(days=3)
    )
    services.mark_held(user=study.tree.clerk_a, session=early)
    late = study.session()
    services.mark_held(user=study.tree.clerk_a, session=late)
    done = fulfilled(study, "study_session")
    assert done["HL-A1"] == held_on(early)
    assert done["HL-A"] == held_on(late)


@pytest.mark.django_db
def test_non_member_attendances_are_counted_only_when_invited(study):
    """Given a session that did not invite non-members, a count of non-member attendances is
    refused (and nothing is marked); one that invited them keeps the count."""
    closed = study.session(non_members_invited=False)
    with pytest.raises(ValidationError) as caught:
        services.mark_held(user=study.tree.clerk_a, session=closed, non_member_count=12)
    assert "non_member_count" in caught.value.message_dict
    closed.refresh_from_db()
    assert closed.status == StudySession.Status.SCHEDULED
    services.mark_held(user=study.tree.clerk_a, session=closed, non_member_count=0)
    open_ = study.session(non_members_invited=True, title="Hội nghị mở rộng")
    open_ = services.mark_held(user=study.tree.clerk_a, session=open_, non_member_count=35)
    assert open_.non_member_count == 35
    assert open_.status == StudySession.Status.HELD


# --- the roster and the attendance target ------------------------------------------------


@pytest.mark.django_db
def test_the_attendance_target_is_reached_per_unit(study):
    """Given the cell's three members and the commune's four, when the cell's three attend and
    the commune's key cadre does not, then the cell reaches 95 % (3/3) and the commune does
    not (3/4 = 75 %)."""
    session = study.session()
    for member in (study.an, study.hoa, study.cuong):
        services.mark_attendance(
            user=study.tree.clerk_a, session=session, person=member, status=PRESENT
        )
    services.mark_attendance(
        user=study.tree.clerk_a, session=session, person=study.giang, status=ABSENT
    )
    services.mark_held(user=study.tree.clerk_a, session=session)
    done = fulfilled(study, "attendance")
    assert done == {"HL-A": None, "HL-A1": held_on(session), "HL-B": None, "HL-B1": None}
    assert "3/3" in study.obligation(study.tree.cell_a, "attendance").evidence


@pytest.mark.django_db
def test_exempt_and_non_members_do_not_make_up_for_an_absent_member(study):
    """Given Hoa is absent, the exempt member and the non-member attending do not lift the
    cell to its target (2/3)."""
    session = study.session(unit=study.tree.cell_a, non_members_invited=True)
    services.mark_all_present_except(
        user=study.tree.clerk_a, session=session, absent=[study.hoa.pk]
    )
    for other in (study.dung, study.em):
        services.mark_attendance(
            user=study.tree.clerk_a, session=session, person=other, status=PRESENT
        )
    services.mark_held(user=study.tree.clerk_a, session=session)
    assert fulfilled(study, "attendance")["HL-A1"] is None


@pytest.mark.django_db
def test_a_make_up_session_completes_the_attendance_target(study):
    """Given Hoa missed the commune's session, the cell is short of its target; when she
    attends the cell's make-up session, the target is reached on the make-up's date."""
    main = study.session(starts_at=timezone.now() - datetime.timedelta(days=2))
    services.mark_all_present_except(
        user=study.tree.clerk_a, session=main, absent=[study.hoa.pk], reason="Sổ giấy"
    )
    services.mark_held(user=study.tree.clerk_a, session=main)
    assert fulfilled(study, "attendance")["HL-A1"] is None
    assert fulfilled(study, "attendance")["HL-A"] is None  # 3/4
    makeup = study.session(unit=study.tree.cell_a, makeup_for=main, title="Học bù")
    services.mark_attendance(
        user=study.tree.clerk_a, session=makeup, person=study.hoa, status=PRESENT
    )
    services.mark_held(user=study.tree.clerk_a, session=makeup)
    done = fulfilled(study, "attendance")
    assert done["HL-A1"] == held_on(makeup)
    # The cell's make-up also completes the commune above it (now 4/4).
    assert done["HL-A"] == held_on(makeup)
    assert done["HL-B"] is None and done["HL-B1"] is None


@pytest.mark.django_db
def test_a_commune_reaches_its_target_through_its_cells_own_sessions(study):
    """Given commune A holds no session of its own scope, when its cell's session and a
    session of the committee itself (without the cells) together cover every member, then the
    commune's attendance obligation is done on the date of the one that completed it."""
    cell = study.session(unit=study.tree.cell_a, starts_at=timezone.now() - 2 * HOUR)
    services.mark_all_present_except(user=study.tree.clerk_a, session=cell)
    services.mark_held(user=study.tree.clerk_a, session=cell)
    assert fulfilled(study, "attendance")["HL-A"] is None  # 3/4: Giang is in the committee
    committee = study.session(include_subtree=False, title="Hội nghị Ban Chấp hành")
    services.mark_all_present_except(user=study.tree.clerk_a, session=committee)
    services.mark_held(user=study.tree.clerk_a, session=committee)
    assert fulfilled(study, "attendance")["HL-A"] == held_on(committee)


@pytest.mark.django_db
def test_a_roster_entered_after_the_session_was_held_still_counts(study):
    """Given a clerk marks the session held first and types the paper roster in afterwards,
    when the roster is complete, then the attendance target is reached on the session's
    date."""
    session = study.session()
    session = services.mark_held(user=study.tree.clerk_a, session=session)
    assert fulfilled(study, "attendance")["HL-A1"] is None
    services.mark_all_present_except(user=study.tree.clerk_a, session=session)
    done = fulfilled(study, "attendance")
    assert done["HL-A1"] == held_on(session)
    assert done["HL-A"] == held_on(session)


@pytest.mark.django_db
def test_one_roster_click_after_the_session_was_held_counts_too(study):
    session = study.session(unit=study.tree.cell_a)
    services.mark_all_present_except(user=study.tree.clerk_a, session=session, absent=[study.an.pk])
    session = services.mark_held(user=study.tree.clerk_a, session=session)
    assert fulfilled(study, "attendance")["HL-A1"] is None
    services.mark_attendance(
        user=study.tree.clerk_a, session=session, person=study.an, status=PRESENT
    )
    assert fulfilled(study, "attendance")["HL-A1"] == held_on(session)


@pytest.mark.django_db
def test_all_present_except(study):
    """Given the commune's roster of four expected members, when the clerk marks everybody
    present except Giang (absent) and Cường (excused), then four rows are written, the exempt
    member and the non-member get none, and one audit event covers the roster."""
    session = study.session()
    events = AuditEvent.objects.count()
    written = services.mark_all_present_except(
        user=study.tree.clerk_a,
        session=session,
        absent=[study.giang.pk],
        excused=[study.cuong.pk],
    )
    assert written == 4
    assert statuses(session) == {
        "Nguyễn Văn An": PRESENT,
        "Trần Thị Hoa": PRESENT,
        "Lê Văn Cường": EXCUSED,
        "Võ Văn Giang": ABSENT,
    }
    assert AuditEvent.objects.count() == events + 1
    row = session.attendances.get(person=study.giang)
    assert row.method == Attendance.Method.ROSTER and row.recorded_by == study.tree.clerk_a
    assert row.unit == study.tree.commune_a
    # Again with nobody absent: only the two changed rows are written.
    assert services.mark_all_present_except(user=study.tree.clerk_a, session=session) == 2
    assert set(statuses(session).values()) == {PRESENT}
    # Nothing changed: nothing written.
    assert services.mark_all_present_except(user=study.tree.clerk_a, session=session) == 0


@pytest.mark.django_db
def test_all_present_except_keeps_qr_check_ins(study, monkeypatch):
    """Given Hoa checked in with the QR code, "all present except Hoa" keeps her check-in (the
    roster shortcut does not overrule what the member did); a single explicit mark does."""
    from trienkhai.study import qr

    session = study.session()
    services.check_in(
        session=session,
        token=qr.token_for(session.pk),
        person=study.hoa,
        user=study.tree.nobody,
        method=Attendance.Method.QR,
    )
    services.mark_all_present_except(
        user=study.tree.clerk_a, session=session, absent=[study.hoa.pk]
    )
    row = session.attendances.get(person=study.hoa)
    assert (row.status, row.method) == (PRESENT, Attendance.Method.QR)
    services.mark_attendance(
        user=study.tree.clerk_a, session=session, person=study.hoa, status=ABSENT
    )
    row.refresh_from_db()
    assert (row.status, row.method) == (ABSENT, Attendance.Method.ROSTER)


@pytest.mark.django_db
def test_unknown_statuses_and_cancelled_sessions_are_refused(study):
    session = study.session()
    with pytest.raises(ValidationError):
        services.mark_attendance(
            user=study.tree.clerk_a, session=session, person=study.an, status="late"
        )
    StudySession.objects.filter(pk=session.pk).update(status=StudySession.Status.CANCELLED)
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        services.mark_attendance(
            user=study.tree.clerk_a, session=session, person=study.an, status=PRESENT
        )
    with pytest.raises(ValidationError):
        services.mark_all_present_except(user=study.tree.clerk_a, session=session)
    assert not session.attendances.exists()


@pytest.mark.django_db
def test_a_person_outside_the_audience_is_refused(study):
    """Given a session of commune A, commune B's member cannot be marked on its roster."""
    session = study.session()
    with pytest.raises(ValidationError):
        services.mark_attendance(
            user=study.tree.admin, session=session, person=study.binh, status=PRESENT
        )


# --- scoping -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "nobody"])
def test_only_clerks_of_the_organiser_write_its_roster(study, who):
    """Given commune A's session, the sibling commune's clerk, a viewer and a user without a
    role can neither schedule, mark attendance, mark everyone present, nor mark it held."""
    user = getattr(study.tree, who)
    session = study.session()
    with pytest.raises(PermissionDenied):
        study.session(user=user)
    with pytest.raises(PermissionDenied):
        services.mark_attendance(user=user, session=session, person=study.an, status=PRESENT)
    with pytest.raises(PermissionDenied):
        services.mark_all_present_except(user=user, session=session)
    with pytest.raises(PermissionDenied):
        services.mark_held(user=user, session=session)
    with pytest.raises(PermissionDenied):
        services.update_session(user=user, session=session, place="x")
    assert not session.attendances.exists()
    session.refresh_from_db()
    assert session.status == StudySession.Status.SCHEDULED


@pytest.mark.django_db
def test_the_commune_clerk_marks_the_cells_sessions(study):
    """A role covers the unit and everything under it: commune A's clerk runs the cell's
    session."""
    session = study.session(unit=study.tree.cell_a, user=study.tree.clerk_a)
    services.mark_attendance(
        user=study.tree.clerk_a, session=session, person=study.an, status=PRESENT
    )
    services.mark_held(user=study.tree.clerk_a, session=session)
