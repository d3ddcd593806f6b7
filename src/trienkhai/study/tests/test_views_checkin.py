"""QR check-in: the hall's screen, the phone page with a login or a member code, and the
codes that must no longer work (expired, forwarded, forged) — 400 with a clear message."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.models import AuditEvent
from trienkhai.study import checkin, qr, services
from trienkhai.study.models import Attendance, CheckinConflict, CheckinPin
from trienkhai.tooling.testing import make_user

pytestmark = pytest.mark.django_db


def checkin_url(session, token=None):
    return reverse("study:checkin", args=[session.pk, token or qr.token_for(session.pk)])


def link(person, username):
    user = make_user(username)
    person.user = user
    person.save(update_fields=["user"])
    return user


def test_the_hall_screen_shows_a_code_of_the_check_in_url(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)

    response = client.get(reverse("study:session-qr", args=[session.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert response.context["url"].endswith(checkin_url(session))
    assert 1 <= response.context["seconds_left"] <= qr.WINDOW
    assert 'hx-trigger="load delay:' in html


def test_the_screen_refreshes_only_the_code(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)
    response = client.get(
        reverse("study:session-qr", args=[session.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="qr-code"') and "<html" not in html


def test_the_screen_is_for_the_organisers_only(study, login):
    session = study.session()
    url = reverse("study:session-qr", args=[session.pk])
    assert login(study.tree.clerk_b).get(url).status_code == 404
    assert login(study.tree.viewer_a).get(url).status_code == 404


def test_an_anonymous_phone_checks_in_with_the_member_code_and_pin(study, client):
    session = study.session()
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    url = checkin_url(session)

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="member_code"' in html and 'name="pin"' in html
    assert checkin.DEVICE_COOKIE in page.cookies

    response = client.post(url, {"member_code": " a002 ", "pin": pin})

    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session)
    assert attendance.person == study.hoa
    assert (attendance.status, attendance.method) == ("present", "pin")
    assert response.context["done"].attendance == attendance
    html = response.content.decode()
    assert "T.T.H." in html and "Trần Thị Hoa" not in html  # initials, never the name
    event = AuditEvent.objects.get(object_type="study.attendance", object_id=str(attendance.pk))
    assert event.actor is None
    assert event.after["device"] == attendance.device and len(attendance.device) == 32
    assert event.after["address"] == "127.0.0.1"
    assert event.after["token"] == url.rstrip("/").rsplit("/", 1)[1]
    assert event.after["token_window"] is not None and event.after["at"]
    # no event without an actor: the device and the member code typed name it
    assert event.actor_label == f"thiết bị ẩn danh {attendance.device}, mã đảng viên A002"


def test_the_member_code_alone_is_not_enough(study, client):
    """Codes run in sequence: typing one proves nothing."""
    session = study.session()
    services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    response = client.post(checkin_url(session), {"member_code": "A002"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_another_persons_code_with_my_pin_is_refused_without_a_name(study, client):
    """The issue's case: a stranger types another member's code by hand."""
    session = study.session()
    mine = services.issue_pin(user=study.tree.clerk_a, person=study.an)
    services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    response = client.post(checkin_url(session), {"member_code": "A002", "pin": mine})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trần Thị Hoa" not in html and "Nguyễn" not in html
    assert not Attendance.objects.exists()
    # An unknown code says the same as a wrong PIN: codes cannot be probed.
    unknown = client.post(checkin_url(session), {"member_code": "ZZZ999", "pin": mine})
    assert unknown.context["error"] == response.context["error"]


def test_a_logged_in_member_confirms_with_one_button_in_a_few_queries(
    study, client, django_assert_max_num_queries
):
    session = study.session()
    client.force_login(link(study.an, "an"))
    url = checkin_url(session)

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="confirm"' in page.content.decode()
    assert 'name="member_code"' not in page.content.decode()

    # The check-in session, the Django session and user, the member, the attendance read and
    # insert (in a savepoint), the study tallies' mark (two; three on PostgreSQL, which asks
    # for the transaction id), the audit event, the user's roles for the page: a fixed
    # number, none grows with the hall.
    # (+1: the audit chain reads the last event it chains to)
    with django_assert_max_num_queries(16):
        response = client.post(url, {"confirm": "1"})

    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session)
    assert (attendance.person, attendance.method) == (study.an, "qr")
    assert attendance.recorded_by.username == "an"
    assert study.an.full_name in response.content.decode()  # their own name, to themselves
    event = AuditEvent.objects.get(object_type="study.attendance")
    assert event.actor.username == "an"


def test_an_expired_code_is_refused_with_400(study, client):
    session = study.session()
    old = qr.token_for(session.pk, at=time.time() - 3 * qr.WINDOW)

    page = client.get(checkin_url(session, old))
    assert page.status_code == 400
    assert page.context["error"]
    assert 'name="member_code"' not in page.content.decode()

    response = client.post(checkin_url(session, old), {"member_code": "A002"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_yesterdays_photo_is_refused(study, client):
    session = study.session()
    yesterday = qr.token_for(session.pk, at=time.time() - 86_400)
    assert client.get(checkin_url(session, yesterday)).status_code == 400


def test_the_code_of_one_session_does_not_open_another(study, client):
    session = study.session()
    other = study.session(title="Hội nghị khác")
    forwarded = qr.token_for(session.pk)
    response = client.get(checkin_url(other, forwarded))
    assert response.status_code == 400


@pytest.mark.parametrize("token", ["x", "0" * 20, "%3Cscript%3E", "a" * 300])
def test_forged_tokens_and_unknown_sessions_are_400_not_404(study, client, token):
    session = study.session()
    assert client.get(reverse("study:checkin", args=[session.pk, token])).status_code == 400
    # A valid token for a session that does not exist says the same: ids cannot be probed.
    assert client.get(checkin_url(type(session)(pk=987654))).status_code == 400


def test_the_just_expired_code_still_works_for_a_few_seconds(study, client):
    """The previous window is accepted: a member who scanned just before the code turned."""
    session = study.session()
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.an)
    previous = qr.token_for(session.pk, at=time.time() - qr.WINDOW)
    response = client.post(checkin_url(session, previous), {"member_code": "A001", "pin": pin})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "code",
    ["", "ZZZ999", "B001", "A004"],  # empty, unknown, the sibling commune's, an exempt member
)
def test_unknown_or_outside_codes_are_refused(study, client, code):
    session = study.session()
    people = {"B001": study.binh, "A004": study.dung}
    pin = "123456"
    if code in people:
        pin = services.issue_pin(user=study.tree.admin, person=people[code])
    response = client.post(checkin_url(session), {"member_code": code, "pin": pin})
    if code == "A004":  # exempt members may attend: accepted
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response.context["error"]
    assert "Đặng Thị Bình" not in response.content.decode()  # no names leak to strangers
    assert not Attendance.objects.exists()


def test_a_logged_in_member_outside_the_audience_is_refused(study, client):
    session = study.session()
    client.force_login(link(study.binh, "binh"))
    response = client.post(checkin_url(session), {"confirm": "1"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_cancelled_session_refuses_check_in(study, client):
    session = study.session()
    type(session).objects.filter(pk=session.pk).update(status="cancelled")
    assert client.get(checkin_url(session)).status_code == 400
    assert client.post(checkin_url(session), {"member_code": "A001"}).status_code == 400
    assert not Attendance.objects.exists()


def test_the_phone_page_is_reachable_without_login_and_in_vietnamese(study, client):
    session = study.session()
    response = client.get(checkin_url(session, "expired0000000000000"))
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


# --- the window ----------------------------------------------------------------------------------


def test_a_past_session_refuses_check_in_even_with_the_right_pin(study, client):
    """The issue's case: a session held 18/09/2026 accepted a check-in on 07/12/2026."""
    session = study.session(starts_at=timezone.now() - datetime.timedelta(days=80))
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    url = checkin_url(session)

    page = client.get(url)
    assert page.status_code == 400
    assert "Check-in closed" in page.context["error"] or "Đã hết giờ" in page.context["error"]

    response = client.post(url, {"member_code": "A002", "pin": pin})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_check_in_opens_a_configured_time_before_the_start(study, client, settings):
    settings.TRIENKHAI_CHECKIN_OPEN_BEFORE = 30
    soon = study.session(starts_at=timezone.now() + datetime.timedelta(minutes=45))
    assert client.get(checkin_url(soon)).status_code == 400
    settings.TRIENKHAI_CHECKIN_OPEN_BEFORE = 60
    assert client.get(checkin_url(soon)).status_code == 200


def test_the_session_ends_after_its_duration(study, client):
    session = study.session(duration=30)  # started an hour ago, lasted half an hour
    assert client.get(checkin_url(session)).status_code == 400
    longer = study.session(title="Hội nghị dài", duration=120)
    assert client.get(checkin_url(longer)).status_code == 200


# --- devices and rate limits -------------------------------------------------------------------


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_phone_checks_in_one_person_per_session(study, client):
    session = study.session()
    mine = services.issue_pin(user=study.tree.clerk_a, person=study.an)
    hers = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    url = checkin_url(session)
    client.get(url)  # the device cookie
    assert client.post(url, {"member_code": "A001", "pin": mine}).status_code == 200
    # The same member again: harmless.
    again = client.post(url, {"member_code": "A001", "pin": mine})
    assert again.status_code == 200 and again.context["done"].already

    response = client.post(url, {"member_code": "A002", "pin": hers})

    assert response.status_code == 400
    assert list(Attendance.objects.values_list("person", flat=True)) == [study.an.pk]


def test_a_burst_of_wrong_pins_locks_the_device_for_the_session(study, client):
    session = study.session()
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    wrong = f"{(int(pin) + 1) % 1_000_000:06d}"
    url = checkin_url(session)
    client.get(url)
    statuses = [
        client.post(url, {"member_code": "A002", "pin": wrong}).status_code for _ in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]

    response = client.post(url, {"member_code": "A002", "pin": pin})  # even the right one

    assert response.status_code == 429
    assert "phút" in response.context["error"] or "minute" in response.context["error"]
    assert not Attendance.objects.exists()


def test_guessing_one_members_pin_from_fresh_devices_locks_that_pin(study, client):
    """Dropping the device cookie does not reset the count: it is kept per member too."""
    session = study.session()
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    url = checkin_url(session)
    for guess in range(10):
        client.cookies.clear()
        guess = f"{(int(pin) + 1 + guess) % 1_000_000:06d}"
        client.post(url, {"member_code": "A002", "pin": guess})
    client.cookies.clear()
    assert client.post(url, {"member_code": "A002", "pin": pin}).status_code == 429
    # Another member is not locked by it.
    other = services.issue_pin(user=study.tree.clerk_a, person=study.an)
    client.cookies.clear()
    assert client.post(url, {"member_code": "A001", "pin": other}).status_code == 200


def test_a_device_is_rate_limited(study, client, settings):
    settings.TRIENKHAI_CHECKIN_LIMITS = {
        **settings.TRIENKHAI_CHECKIN_LIMITS,
        "wrong_pins_device": 99,
    }
    session = study.session()
    url = checkin_url(session)
    client.get(url)
    statuses = [client.post(url, {"member_code": "A001"}).status_code for _ in range(11)]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


def test_an_address_is_rate_limited_whatever_the_device(study, client, settings):
    settings.TRIENKHAI_CHECKIN_LIMITS = {
        **settings.TRIENKHAI_CHECKIN_LIMITS,
        "address_per_minute": 3,
    }
    session = study.session()
    url = checkin_url(session)
    statuses = []
    for _ in range(4):
        client.cookies.clear()
        statuses.append(client.post(url, {"member_code": "A001"}).status_code)
    assert statuses == [400, 400, 400, 429]


def test_the_sliding_window_forgets_old_attempts(tree):
    assert all(checkin.allow("t", 10, now=1000.0) for _ in range(10))
    assert not checkin.allow("t", 10, now=1001.0)
    # A fixed window would reset at 1020; the sliding one still counts most of the burst.
    assert not checkin.allow("t", 10, now=1025.0)
    assert checkin.allow("t", 10, now=1060.0)  # a third of it is still counted
    assert checkin.allow("t", 10, now=1200.0)


# --- the kiosk ----------------------------------------------------------------------------------


def test_a_kiosk_checks_in_members_one_after_another(study, client):
    session = study.session()
    pins = {p.member_code: services.issue_pin(user=study.tree.clerk_a, person=p)
            for p in (study.an, study.hoa, study.cuong)}  # fmt: skip
    kiosk_url = reverse("study:kiosk", args=[session.pk])
    assert client.get(kiosk_url).status_code == 404  # not a kiosk: nothing to see

    client.force_login(study.tree.clerk_a)
    switch = client.get(kiosk_url)
    assert switch.status_code == 200 and switch.context["switch"]
    turned = client.post(reverse("study:session-kiosk", args=[session.pk]), {"on": "1"})
    assert turned.status_code == 302 and turned.url == kiosk_url
    device = client.cookies[checkin.DEVICE_COOKIE]
    client.logout()  # the clerk leaves the tablet in the hall (the test client drops every
    client.cookies[checkin.DEVICE_COOKIE] = device.value  # cookie; a browser keeps this one)

    for code, pin in pins.items():
        response = client.post(kiosk_url, {"member_code": code, "pin": pin})
        assert response.status_code == 200, response.context.get("error")
        assert 'name="pin"' in response.content.decode()  # ready for the next member
    assert set(Attendance.objects.values_list("method", flat=True)) == {"kiosk"}
    assert Attendance.objects.count() == 3
    assert client.post(kiosk_url, {"member_code": "A002", "pin": "000000"}).status_code in (
        400,
        429,
    )


def test_a_clerk_of_a_sibling_unit_cannot_turn_on_a_kiosk(study, client):
    session = study.session()
    client.force_login(study.tree.clerk_b)
    response = client.post(reverse("study:session-kiosk", args=[session.pk]), {"on": "1"})
    assert response.status_code == 404
    assert client.get(reverse("study:kiosk", args=[session.pk])).status_code == 404


# --- conflicts --------------------------------------------------------------------------------


def absent_then_checked_in(study, client):
    session = study.session()
    services.mark_attendance(
        user=study.tree.clerk_a, session=session, person=study.hoa, status="absent"
    )
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    response = client.post(checkin_url(session), {"member_code": "A002", "pin": pin})
    return session, response


def test_a_check_in_does_not_overwrite_the_clerks_mark(study, client):
    session, response = absent_then_checked_in(study, client)
    assert response.status_code == 200
    assert response.context["done"].conflict is not None
    assert Attendance.objects.get(session=session).status == "absent"
    conflict = CheckinConflict.objects.get(session=session)

    client.force_login(study.tree.clerk_a)
    roster = client.get(reverse("study:roster", args=[session.pk]))
    html = roster.content.decode()
    assert f'id="conflict-{conflict.pk}"' in html and "Trần Thị Hoa" in html


def test_the_clerk_accepts_a_check_in_with_a_reason(study, client):
    session, _ = absent_then_checked_in(study, client)
    conflict = CheckinConflict.objects.get(session=session)
    client.force_login(study.tree.clerk_a)
    url = reverse("study:conflict-resolve", args=[conflict.pk])

    no_reason = client.post(url, {"decision": "accept", "reason": " "})
    assert no_reason.status_code == 400
    assert Attendance.objects.get(session=session).status == "absent"

    done = client.post(url, {"decision": "accept", "reason": "Đến muộn, có mặt"})
    assert done.status_code == 302
    row = Attendance.objects.get(session=session)
    assert (row.status, row.method) == ("present", "pin")
    conflict.refresh_from_db()
    assert (conflict.status, conflict.reason) == ("accepted", "Đến muộn, có mặt")
    assert AuditEvent.objects.filter(
        object_type="study.checkinconflict", after__reason="Đến muộn, có mặt"
    ).exists()
    again = client.post(url, {"decision": "keep", "reason": "x"})
    assert again.status_code == 400


def test_the_clerk_keeps_the_mark(study, client):
    session, _ = absent_then_checked_in(study, client)
    conflict = CheckinConflict.objects.get(session=session)
    client.force_login(study.tree.clerk_a)
    url = reverse("study:conflict-resolve", args=[conflict.pk])
    assert client.post(url, {"decision": "keep", "reason": "Không có mặt"}).status_code == 302
    assert Attendance.objects.get(session=session).status == "absent"
    assert CheckinConflict.objects.get().status == "kept"


def test_a_clerk_of_a_sibling_unit_cannot_see_or_resolve_conflicts(study, client):
    session, _ = absent_then_checked_in(study, client)
    conflict = CheckinConflict.objects.get(session=session)
    client.force_login(study.tree.clerk_b)
    url = reverse("study:conflict-resolve", args=[conflict.pk])
    assert client.post(url, {"decision": "accept", "reason": "x"}).status_code == 404
    assert client.get(reverse("study:roster", args=[session.pk])).status_code == 404
    assert CheckinConflict.objects.get().status == "open"


# --- after the end: only a clerk, with a reason --------------------------------------------------


def test_after_the_end_the_clerk_marks_with_a_reason(study, client):
    session = study.session(starts_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(study.tree.clerk_a)
    url = reverse("study:roster", args=[session.pk])
    assert "roster-reason" in client.get(url).content.decode()

    refused = client.post(url, {"person": study.hoa.pk, "status": "present"})
    assert refused.status_code == 400
    assert not Attendance.objects.exists()

    done = client.post(
        url, {"person": study.hoa.pk, "status": "present", "reason": "Sổ điểm danh giấy"}
    )
    assert done.status_code == 302
    event = AuditEvent.objects.get(object_type="study.attendance")
    assert event.after["reason"] == "Sổ điểm danh giấy"


# --- PINs --------------------------------------------------------------------------------------


def test_a_member_issues_their_own_pin_shown_once_and_stored_hashed(study, client):
    client.force_login(link(study.hoa, "hoa"))
    url = reverse("study:my-pin")
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 200
    pin = response.context["pin"]
    assert len(pin) == 6 and pin.isdigit() and pin in response.content.decode()
    stored = CheckinPin.objects.get(person=study.hoa)
    assert pin not in stored.digest
    assert pin not in str(AuditEvent.objects.filter(object_type="units.person").values("after"))
    # Issuing again replaces it: the old PIN stops working.
    newer = client.post(url).context["pin"]
    assert checkin.pin_matches(study.hoa.pk, newer, CheckinPin.objects.get().digest)
    assert newer == pin or not checkin.pin_matches(
        study.hoa.pk, pin, CheckinPin.objects.get().digest
    )


def test_a_clerk_prints_a_members_pin_and_a_sibling_clerk_cannot(study, client):
    url = reverse("study:person-pin", args=[study.hoa.pk])
    client.force_login(study.tree.clerk_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    client.force_login(study.tree.clerk_a)
    response = client.post(url)
    assert response.status_code == 200 and len(response.context["pin"]) == 6
    assert CheckinPin.objects.get().issued_by == study.tree.clerk_a
    event = AuditEvent.objects.get(object_type="units.person", after__checkin_pin=True)
    client.force_login(study.tree.admin)
    page = client.get(reverse("audit-event", args=[event.pk]))
    assert page.status_code == 200 and response.context["pin"] not in page.content.decode()


def test_the_roster_links_member_codes_to_their_pin_page(study, client):
    session = study.session()
    client.force_login(study.tree.clerk_a)
    html = client.get(reverse("study:roster", args=[session.pk])).content.decode()
    assert reverse("study:person-pin", args=[study.hoa.pk]) in html


def test_a_logged_in_member_is_limited_per_account_not_per_device(study, client, settings):
    settings.TRIENKHAI_CHECKIN_LIMITS = {
        **settings.TRIENKHAI_CHECKIN_LIMITS,
        "device_per_minute": 2,
    }
    session = study.session()
    client.force_login(link(study.an, "an"))
    url = checkin_url(session)
    statuses = []
    for _ in range(3):
        client.cookies.pop(checkin.DEVICE_COOKIE, None)  # a new device each time
        statuses.append(client.post(url, {"confirm": "1"}).status_code)
    assert statuses == [200, 200, 429]


def test_a_mark_on_the_roster_decides_an_open_conflict(study, client):
    session, _ = absent_then_checked_in(study, client)
    client.force_login(study.tree.clerk_a)
    url = reverse("study:roster", args=[session.pk])
    assert client.post(url, {"person": study.hoa.pk, "status": "present"}).status_code == 302
    conflict = CheckinConflict.objects.get()
    assert (conflict.status, conflict.resolved_by) == ("accepted", study.tree.clerk_a)
    assert "conflict-" not in client.get(url).content.decode()


def test_the_hall_screen_says_when_check_in_is_closed(study, client):
    past = study.session(starts_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(study.tree.clerk_a)
    response = client.get(reverse("study:session-qr", args=[past.pk]))
    assert response.status_code == 200 and response.context["closed"]
    now = client.get(reverse("study:session-qr", args=[study.session().pk]))
    assert now.context["closed"] is None


def test_replaying_an_old_token_with_the_right_pin_is_refused(study, client):
    """A check-in request captured (or a code photographed) a few minutes ago and sent again:
    the member's real PIN does not make an expired token valid."""
    session = study.session()
    pin = services.issue_pin(user=study.tree.clerk_a, person=study.hoa)
    old = qr.token_for(session.pk, at=time.time() - 5 * qr.WINDOW)
    response = client.post(checkin_url(session, old), {"member_code": "A002", "pin": pin})
    assert response.status_code == 400
    assert not Attendance.objects.exists()
    assert not AuditEvent.objects.filter(object_type="study.attendance").exists()


def test_the_services_refuse_a_clerk_of_a_sibling_unit(study, client):
    from django.core.exceptions import PermissionDenied

    session, _ = absent_then_checked_in(study, client)
    conflict = CheckinConflict.objects.get()
    with pytest.raises(PermissionDenied):
        services.resolve_conflict(
            user=study.tree.clerk_b, conflict=conflict, accept=True, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.issue_pin(user=study.tree.clerk_b, person=study.hoa)
    with pytest.raises(PermissionDenied):
        services.set_kiosk(user=study.tree.clerk_b, session=session, device="d" * 32, on=True)
    assert CheckinConflict.objects.get().status == "open"


def test_a_kiosk_cannot_be_turned_on_after_the_session(study, client):
    past = study.session(starts_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(study.tree.clerk_a)
    response = client.post(reverse("study:session-kiosk", args=[past.pk]))
    assert response.status_code == 302 and response.url == past.get_absolute_url()
    assert not past.kiosks.exists()
