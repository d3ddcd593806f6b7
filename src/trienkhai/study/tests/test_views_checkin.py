"""QR check-in: the hall's screen, the phone page with a login or a member code, and the
codes that must no longer work (expired, forwarded, forged) — 400 with a clear message."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from trienkhai.core.models import AuditEvent
from trienkhai.study import qr
from trienkhai.study.models import Attendance
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


def test_an_anonymous_phone_checks_in_with_a_member_code(study, client):
    session = study.session()
    url = checkin_url(session)

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="member_code"' in page.content.decode()

    response = client.post(url, {"member_code": " a002 "})

    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session)
    assert attendance.person == study.hoa
    assert (attendance.status, attendance.method) == ("present", "member_code")
    assert response.context["done"] == attendance


def test_a_logged_in_member_confirms_with_one_button(study, client):
    session = study.session()
    client.force_login(link(study.an, "an"))
    url = checkin_url(session)

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="confirm"' in page.content.decode()
    assert 'name="member_code"' not in page.content.decode()

    response = client.post(url, {"confirm": "1"})

    assert response.status_code == 200
    attendance = Attendance.objects.get(session=session)
    assert (attendance.person, attendance.method) == (study.an, "qr")
    assert attendance.recorded_by.username == "an"
    event = AuditEvent.objects.get(object_type="study.attendance", object_id=str(attendance.pk))
    assert (event.actor.username, event.actor_label) == ("an", "")


def test_an_anonymous_check_in_is_audited_with_its_device_and_code(study, client):
    """Nobody is logged in: the event names the device and the member code typed, and keeps
    the token it was typed against; another phone is another device."""
    session = study.session()
    url = checkin_url(session)
    token = url.rstrip("/").rsplit("/", 1)[-1]

    client.post(url, {"member_code": "A002"}, headers={"User-Agent": "phone one"})
    client.post(url, {"member_code": "A001"}, headers={"User-Agent": "phone two"})

    first, second = AuditEvent.objects.filter(object_type="study.attendance").order_by("pk")
    assert first.actor is None and second.actor is None
    device = first.after["device"]
    assert len(device) == 16 and device != second.after["device"]
    assert first.after["token"] == token
    assert first.actor_label == f"thiết bị ẩn danh {device}, mã đảng viên A002"
    assert second.actor_label.endswith("mã đảng viên A001")


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
    previous = qr.token_for(session.pk, at=time.time() - qr.WINDOW)
    response = client.post(checkin_url(session, previous), {"member_code": "A001"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "code",
    ["", "ZZZ999", "B001", "A004"],  # empty, unknown, the sibling commune's, an exempt member
)
def test_unknown_or_outside_codes_are_refused(study, client, code):
    session = study.session()
    response = client.post(checkin_url(session), {"member_code": code})
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
