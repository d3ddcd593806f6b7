"""Rotating QR tokens and the check-in that uses them: expiry, replay, other sessions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from trienkhai.core.models import AuditEvent
from trienkhai.study import qr, services
from trienkhai.study.models import Attendance, CheckinConflict, StudySession

# A moment five seconds into a window, so that "30 s earlier" is the previous window and
# "60 s earlier" the one before it, whatever the window size's alignment.
NOW = qr.WINDOW * 56_666_666 + 5
DAY = 24 * 60 * 60


# --- the tokens --------------------------------------------------------------------------


def test_the_current_and_the_previous_window_are_accepted():
    assert qr.is_valid(7, qr.token_for(7, at=NOW), at=NOW)
    assert qr.is_valid(7, qr.token_for(7, at=NOW - qr.WINDOW), at=NOW)


def test_a_token_two_windows_old_has_expired():
    assert not qr.is_valid(7, qr.token_for(7, at=NOW - 2 * qr.WINDOW), at=NOW)


def test_a_token_shown_yesterday_has_expired():
    assert not qr.is_valid(7, qr.token_for(7, at=NOW - DAY), at=NOW)


def test_a_token_from_the_future_is_not_accepted():
    assert not qr.is_valid(7, qr.token_for(7, at=NOW + qr.WINDOW), at=NOW)


def test_a_token_of_another_session_is_refused():
    assert qr.token_for(7, at=NOW) != qr.token_for(8, at=NOW)
    assert not qr.is_valid(8, qr.token_for(7, at=NOW), at=NOW)


def test_the_token_rotates_every_window_and_is_stable_within_one():
    assert qr.token_for(7, at=NOW) == qr.token_for(7, at=NOW + qr.WINDOW - 6)
    assert qr.token_for(7, at=NOW) != qr.token_for(7, at=NOW + qr.WINDOW)


@pytest.mark.parametrize("token", ["", "0" * 20, "not a token", None])
def test_garbage_is_refused(token):
    assert not qr.is_valid(7, token, at=NOW)


def test_tokens_depend_on_the_secret_key(settings):
    before = qr.token_for(7, at=NOW)
    settings.SECRET_KEY = "another-secret-key-for-another-installation-0123456789"
    assert qr.token_for(7, at=NOW) != before


def test_seconds_left_counts_down_to_the_next_code():
    assert qr.seconds_left(at=NOW) == qr.WINDOW - 5
    assert qr.seconds_left(at=NOW + qr.WINDOW - 5 - 1) == 1


# --- check-in ----------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The service reads ``time.time()`` in ``trienkhai.study.qr``; tests set it (only there:
    the ``time`` module everyone else uses is left alone)."""

    class Clock:
        now = float(NOW)

        def __call__(self):
            return self.now

    clock = Clock()
    monkeypatch.setattr(qr, "time", SimpleNamespace(time=clock))
    return clock


def check_in(study, session, token, person, login=True):
    user = study.tree.nobody if login else None
    method = Attendance.Method.QR if login else Attendance.Method.PIN
    return services.check_in(
        session=session, token=token, person=person, user=user, method=method, device="d" * 32
    ).attendance


@pytest.mark.django_db
def test_a_member_checks_in_with_the_code_on_the_screen(study, clock):
    """Given the code shown now, when Hoa scans it and confirms with her login, then she is
    present, by QR code, at the time she scanned."""
    session = study.session()
    attendance = check_in(study, session, qr.token_for(session.pk, at=clock.now), study.hoa)
    assert attendance.status == Attendance.Status.PRESENT
    assert attendance.method == Attendance.Method.QR
    assert attendance.unit == study.tree.cell_a
    assert attendance.recorded_at is not None


@pytest.mark.django_db
def test_a_member_without_a_login_confirms_with_the_member_code_and_pin(study, clock):
    session = study.session()
    attendance = check_in(
        study, session, qr.token_for(session.pk, at=clock.now), study.an, login=False
    )
    assert attendance.method == Attendance.Method.PIN
    assert attendance.device == "d" * 32


@pytest.mark.django_db
def test_a_code_scanned_just_before_it_turned_still_works(study, clock):
    session = study.session()
    token = qr.token_for(session.pk, at=clock.now)
    clock.now += qr.WINDOW
    check_in(study, session, token, study.hoa)


@pytest.mark.django_db
def test_a_photographed_code_sent_away_expires(study, clock):
    """Given a code photographed now, a minute later it no longer works."""
    session = study.session()
    token = qr.token_for(session.pk, at=clock.now)
    clock.now += 2 * qr.WINDOW
    with pytest.raises(ValidationError):
        check_in(study, session, token, study.hoa)
    assert not session.attendances.exists()


@pytest.mark.django_db
def test_a_code_shown_yesterday_does_not_work(study, clock):
    session = study.session()
    yesterday = qr.token_for(session.pk, at=clock.now - DAY)
    with pytest.raises(ValidationError):
        check_in(study, session, yesterday, study.hoa)


@pytest.mark.django_db
def test_the_code_of_another_session_does_not_work(study, clock):
    session = study.session()
    other = study.session(title="Hội nghị khác", unit=study.tree.cell_a)
    with pytest.raises(ValidationError):
        check_in(study, session, qr.token_for(other.pk, at=clock.now), study.hoa)


@pytest.mark.django_db
def test_replaying_a_valid_code_is_harmless_until_it_expires(study, clock):
    """Given Hoa checked in, when the same code is sent again for her while it is valid, then
    she is still one present row; once the code has expired the replay is refused."""
    session = study.session()
    token = qr.token_for(session.pk, at=clock.now)
    check_in(study, session, token, study.hoa)
    clock.now += 10
    check_in(study, session, token, study.hoa)
    rows = Attendance.objects.filter(session=session, person=study.hoa)
    assert rows.count() == 1 and rows.get().status == Attendance.Status.PRESENT
    clock.now += 2 * qr.WINDOW
    with pytest.raises(ValidationError):
        check_in(study, session, token, study.hoa)
    assert rows.count() == 1


@pytest.mark.django_db
def test_someone_outside_the_audience_cannot_check_in(study, clock):
    """Given commune A's session, commune B's member who got the code is refused."""
    session = study.session()
    with pytest.raises(ValidationError):
        check_in(study, session, qr.token_for(session.pk, at=clock.now), study.binh)
    assert not session.attendances.exists()


@pytest.mark.django_db
def test_no_check_in_to_a_cancelled_session(study, clock):
    session = study.session()
    StudySession.objects.filter(pk=session.pk).update(status=StudySession.Status.CANCELLED)
    session.refresh_from_db()
    with pytest.raises(ValidationError):
        check_in(study, session, qr.token_for(session.pk, at=clock.now), study.hoa)


@pytest.mark.django_db
def test_a_check_in_never_overwrites_the_clerks_absent_mark(study, clock):
    """Given the clerk marked Hoa absent before she arrived, her check-in leaves the mark and
    opens a conflict for the clerk to decide, audited with the device and the token."""
    session = study.session()
    services.mark_attendance(
        user=study.tree.clerk_a,
        session=session,
        person=study.hoa,
        status=Attendance.Status.ABSENT,
    )
    token = qr.token_for(session.pk, at=clock.now)
    check_in(study, session, token, study.hoa)
    row = session.attendances.get(person=study.hoa)
    assert (row.status, row.method) == (Attendance.Status.ABSENT, Attendance.Method.ROSTER)
    conflict = CheckinConflict.objects.get(session=session, person=study.hoa)
    assert (conflict.status, conflict.marked_status) == ("open", "absent")
    event = AuditEvent.objects.get(object_type="study.checkinconflict")
    assert event.after["token"] == token and event.after["device"] == "d" * 32
