"""Wrong passwords are throttled (django-axes): an account, and an address, is locked after the
limit; the person sees why and until when; site administrators see and lift lockouts."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent
from trienkhai.tooling.testing import PASSWORD, make_user

LOGIN = reverse("login")
SECURITY = reverse("security")
LIMIT = 10


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def wrong(client, username, times, address="10.0.0.1"):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-horse"}, REMOTE_ADDR=address)


def right(client, username, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)


def test_the_right_password_after_the_limit_of_wrong_ones_does_not_sign_in(tree, client):
    wrong(client, "clerk_a", LIMIT)

    response = right(client, "clerk_a")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    html = response.content.decode()
    assert "Quá nhiều lần nhập sai mật khẩu" in html
    assert "khóa đến" in html
    # The time to retry: the last failure plus the cool-off, in the user's time zone.
    last = AccessAttempt.objects.get(username="clerk_a").attempt_time
    until = timezone.localtime(last + datetime.timedelta(minutes=15))
    assert until.strftime("%H:%M") in html


def test_a_hundred_wrong_passwords_then_the_right_one_does_not_sign_in(tree, client):
    wrong(client, "clerk_a", 100)

    assert right(client, "clerk_a").status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_wrong_password_less_than_the_limit_still_signs_in(tree, client):
    wrong(client, "clerk_a", LIMIT - 1)

    response = right(client, "clerk_a")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(tree.clerk_a.pk)


def test_the_right_password_clears_the_accounts_failures(tree, client):
    wrong(client, "clerk_a", LIMIT - 1)
    assert right(client, "clerk_a").status_code == 302
    client.post(reverse("logout"))

    wrong(client, "clerk_a", LIMIT - 1)

    assert right(client, "clerk_a").status_code == 302


def test_an_account_is_locked_whatever_the_address_the_guesses_come_from(tree, client):
    for i in range(LIMIT):
        wrong(client, "clerk_a", 1, address=f"10.0.1.{i}")

    assert right(client, "clerk_a", address="10.9.9.9").status_code == 429
    # Another account, from another address, is not affected.
    assert right(client, "clerk_b", address="10.9.9.8").status_code == 302


def test_an_address_guessing_many_accounts_is_locked_for_all_of_them(tree, client):
    for i in range(LIMIT):
        wrong(client, f"guess_{i}", 1, address="10.0.0.66")

    assert right(client, "clerk_b", address="10.0.0.66").status_code == 429
    # The same account from another address signs in.
    assert right(client, "clerk_b", address="10.0.0.67").status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_addresss_failures(tree, client):
    wrong(client, "clerk_b", LIMIT - 1, address="10.0.0.66")
    assert right(client, "clerk_a", address="10.0.0.66").status_code == 302
    client.post(reverse("logout"))

    wrong(client, "clerk_b", 1, address="10.0.0.66")

    assert right(client, "clerk_b", address="10.0.0.66").status_code == 429


def test_the_lockout_ends_after_the_cool_off(tree, client):
    wrong(client, "clerk_a", LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert right(client, "clerk_a").status_code == 302


def test_failed_logins_are_recorded(tree, client):
    wrong(client, "clerk_a", 2, address="10.0.0.5")

    rows = AccessFailureLog.objects.filter(username="clerk_a")
    assert rows.count() == 2
    assert {r.ip_address for r in rows} == {"10.0.0.5"}


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(tree, client, settings):
    settings.TRUSTED_PROXY = True
    for i in range(LIMIT):
        client.post(
            LOGIN,
            {"username": f"guess_{i}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{i}, 203.0.113.7",
        )

    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").count() == LIMIT
    # The proxy's own address is not locked: someone else behind it signs in.
    response = client.post(
        LOGIN,
        {"username": "clerk_a", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302


def test_the_site_administrator_sees_the_lockout_and_lifts_it(tree, client, login):
    wrong(client, "clerk_a", LIMIT, address="10.0.0.9")
    admin = login(tree.admin)

    page = admin.get(SECURITY)
    assert page.status_code == 200
    html = page.content.decode()
    assert "clerk_a" in html and "10.0.0.9" in html

    response = admin.post(SECURITY, {"unlock": "1", "username": "clerk_a", "ip_address": ""})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk_a").exists()
    event = AuditEvent.objects.get(actor=tree.admin, verb=AuditEvent.Verb.DELETE)
    assert event.object_id == str(tree.clerk_a.pk)
    assert event.before == {"lockout": "clerk_a"}
    admin.post(reverse("logout"))
    assert right(client, "clerk_a", address="10.0.0.9").status_code == 302


def test_the_security_page_costs_the_same_queries_for_one_lockout_or_many(
    tree, client, django_assert_num_queries
):
    admin = Client()
    admin.force_login(tree.admin)
    wrong(client, "clerk_a", LIMIT, address="10.0.0.9")
    admin.get(SECURITY)  # warm: the session, the user, their roles
    # the session, the user, their roles, the person named in the header, the page's two lists
    with django_assert_num_queries(6):
        admin.get(SECURITY)
    for i in range(4):
        wrong(client, f"user_{i}", LIMIT, address=f"10.0.1.{i}")

    with django_assert_num_queries(6):
        html = admin.get(SECURITY).content.decode()
    assert all(f"10.0.1.{i}" in html for i in range(4))


def test_lifting_a_lockout_that_is_not_there_says_so_and_records_nothing(tree, login):
    admin = login(tree.admin)

    response = admin.post(SECURITY, {"unlock": "1", "username": "nobody"}, follow=True)

    assert "Không có lần khóa" in response.content.decode()
    assert not AuditEvent.objects.filter(actor=tree.admin).exists()


def test_the_security_page_lists_nothing_without_lockouts(tree, login):
    html = login(tree.admin).get(SECURITY).content.decode()

    assert "Không có tài khoản hay địa chỉ nào đang bị khóa." in html
    assert "Chưa ghi nhận lần đăng nhập sai nào." in html


@pytest.mark.parametrize("who", ["clerk_a", "head_a", "unit_admin"])
def test_only_a_site_administrator_sees_the_security_page(tree, client, who):
    if who == "unit_admin":
        # An administrator of a commune (a sibling subtree), not of the site.
        user = make_user("admin_b", Role.ADMIN, tree.commune_b)
    else:
        user = getattr(tree, who)
    wrong(Client(), "clerk_b", LIMIT)
    client.force_login(user)

    assert client.get(SECURITY).status_code == 404
    assert client.post(SECURITY, {"unlock": "1", "username": "clerk_b"}).status_code == 404
    assert AccessAttempt.objects.filter(username="clerk_b").exists()


def test_the_menu_shows_sign_in_security_to_the_site_administrator_only(tree, client):
    client.force_login(tree.admin)
    assert SECURITY in client.get(reverse("units:tree")).content.decode()
    client.force_login(tree.head_a)
    assert SECURITY not in client.get(reverse("units:tree")).content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(tree, client):
    response = client.get(SECURITY)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_an_absurdly_long_user_name_is_counted_not_a_server_error(tree, client):
    """The fuzz found it on PostgreSQL: axes stores the typed name in 255 characters."""
    from axes.models import AccessFailureLog

    response = client.post(LOGIN, {"username": "x" * 10_000, "password": "wrong"})

    assert response.status_code in (200, 400)
    assert AccessFailureLog.objects.filter(username="x" * 150).exists()
