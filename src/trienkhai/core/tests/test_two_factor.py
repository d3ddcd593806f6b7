"""Two-factor sign-in: required for heads and administrators (TRIENKHAI_REQUIRE_2FA), optional
for the others; an authenticator app's codes or a recovery code; reset by a site admin."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trienkhai.core import logins
from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent
from trienkhai.tooling.testing import PASSWORD, make_user

LOGIN = reverse("login")
VERIFY = reverse("login-verify")
TWO_FACTOR = reverse("two-factor")
SECURITY = reverse("security")


@pytest.fixture(autouse=True)
def required(settings):
    settings.TRIENKHAI_REQUIRE_2FA = True


def sign_in(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


def code_of(device):
    """The code the user's app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def past_second_factor(client, user):
    """``client`` signed in as ``user`` with the second factor done (as after a code)."""
    client.force_login(user)
    session = client.session
    session.pop(logins.SESSION_KEY, None)
    session.save()
    return client


def enrol(user):
    """An authenticator already set up for ``user`` (and their recovery codes)."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = logins.new_recovery_codes(user)
    return device, codes


def test_a_head_must_set_up_an_authenticator_before_anything_else(tree, client):
    sign_in(client, tree.head_a)

    response = client.get(reverse("units:tree"))
    assert response.status_code == 302
    assert response.url.startswith(TWO_FACTOR)
    # Every page, a POST and an HTMX request alike, leads there.
    assert client.post(reverse("units:tree")).url == TWO_FACTOR
    htmx = client.get(reverse("home"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith(TWO_FACTOR)

    page = client.get(TWO_FACTOR)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "bắt buộc đăng nhập hai lớp" in html
    device = TOTPDevice.objects.get(user=tree.head_a, confirmed=False)

    wrong = client.post(TWO_FACTOR, {"step": "confirm", "code": "000000"})
    assert wrong.status_code == 400
    assert "Mã không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=tree.head_a, confirmed=True).exists()
    # Right away, the device waits (django-otp's throttling) and says so.
    waiting = client.post(TWO_FACTOR, {"step": "confirm", "code": code_of(device)})
    assert waiting.status_code == 429
    assert "chờ một lát" in waiting.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    done = client.post(TWO_FACTOR, {"step": "confirm", "code": code_of(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == logins.RECOVERY_CODES
    assert TOTPDevice.objects.get(user=tree.head_a).confirmed
    assert client.get(reverse("units:tree")).status_code == 200


def test_the_recovery_codes_are_shown_once(tree, client):
    _device, codes = enrol(tree.clerk_a)
    past_second_factor(client, tree.clerk_a)

    html = client.get(TWO_FACTOR).content.decode()

    assert "10 mã khôi phục" in html.replace("Còn ", "")
    assert not any(code in html for code in codes)


def test_an_administrator_must_set_one_up_too(tree, client):
    sign_in(client, tree.admin)

    assert client.get(reverse("home")).url.startswith(TWO_FACTOR)


def test_a_clerk_is_not_asked_for_a_second_factor(tree, client):
    sign_in(client, tree.clerk_a)

    assert client.get(reverse("units:tree")).status_code == 200
    assert "Không bắt buộc" in client.get(TWO_FACTOR).content.decode()


def test_without_the_requirement_a_head_signs_in_with_the_password(tree, client, settings):
    settings.TRIENKHAI_REQUIRE_2FA = False
    sign_in(client, tree.head_a)

    assert client.get(reverse("units:tree")).status_code == 200


def test_a_user_with_an_authenticator_types_its_code_after_the_password(tree, client):
    device, _codes = enrol(tree.clerk_a)
    target = reverse("units:unit-detail", args=[tree.cell_a.pk])

    client.post(f"{LOGIN}?next={target}", {**credentials(tree.clerk_a), "next": target})
    response = client.get(target)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)

    wrong = client.post(VERIFY, {"code": "123456", "next": target})
    assert wrong.status_code == 400
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get(target).status_code == 302

    # django-otp makes the device wait after a wrong code.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(VERIFY, {"code": code_of(device), "next": target})
    assert right.status_code == 302
    assert right.url == target
    assert client.get(target).status_code == 200


def credentials(user):
    return {"username": user.username, "password": PASSWORD}


def test_wrong_codes_make_the_device_wait(tree, client):
    device, _codes = enrol(tree.clerk_a)
    sign_in(client, tree.clerk_a)
    client.post(VERIFY, {"code": "000000"})

    response = client.post(VERIFY, {"code": code_of(device)})

    assert response.status_code == 429
    assert "chờ một lát" in response.content.decode()
    assert client.get(reverse("units:tree")).status_code == 302


def test_a_recovery_code_signs_in_once(tree, client):
    _device, codes = enrol(tree.clerk_a)
    sign_in(client, tree.clerk_a)

    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("units:tree")).status_code == 200
    assert StaticToken.objects.filter(device__user=tree.clerk_a).count() == len(codes) - 1

    again = Client()
    sign_in(again, tree.clerk_a)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 400


@pytest.mark.parametrize("code", ["", "   ", "\x00", "x" * 40])
def test_nonsense_codes_are_refused_with_a_message(tree, client, code):
    enrol(tree.clerk_a)
    sign_in(client, tree.clerk_a)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_the_code_page_without_a_pending_code_goes_on(tree, login):
    client = login(tree.clerk_a)

    assert client.get(VERIFY).status_code == 302


def test_an_optional_second_factor_can_be_turned_off_a_required_one_cannot(tree, login):
    enrol(tree.clerk_a)
    enrol(tree.head_a)

    clerk = past_second_factor(Client(), tree.clerk_a)
    assert clerk.post(TWO_FACTOR, {"step": "disable"}).status_code == 302
    assert not logins.has_second_factor(tree.clerk_a)

    head = past_second_factor(Client(), tree.head_a)
    head.post(TWO_FACTOR, {"step": "disable"})
    assert logins.has_second_factor(tree.head_a)


def test_new_recovery_codes_replace_the_old_ones(tree, login):
    _device, old = enrol(tree.clerk_a)
    client = past_second_factor(Client(), tree.clerk_a)

    response = client.post(TWO_FACTOR, {"step": "codes"})

    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == logins.RECOVERY_CODES
    tokens = set(
        StaticToken.objects.filter(device__user=tree.clerk_a).values_list("token", flat=True)
    )
    assert tokens == set(new)
    assert not tokens & set(old)


def test_an_unknown_step_changes_nothing(tree, login):
    client = login(tree.clerk_a)

    response = client.post(TWO_FACTOR, {"step": "confirm-all"})

    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=tree.clerk_a, confirmed=True).exists()


def test_a_site_administrator_resets_a_second_factor_and_it_is_audited(tree, client):
    enrol(tree.head_a)
    enrol(tree.admin)
    past_second_factor(client, tree.admin)

    response = client.post(SECURITY, {"username": "head_a"})

    assert response.status_code == 302
    assert not logins.has_second_factor(tree.head_a)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.REVOKE, actor=tree.admin)
    assert event.object_id == str(tree.head_a.pk)
    assert event.after == {"second_factor": False}
    # At the next sign-in they set it up again.
    again = Client()
    sign_in(again, tree.head_a)
    assert again.get(reverse("home")).url.startswith(TWO_FACTOR)


def test_resetting_someone_without_a_second_factor_is_refused(tree, login):
    client = past_second_factor(Client(), tree.admin)

    response = client.post(SECURITY, {"username": "clerk_a"})
    unknown = client.post(SECURITY, {"username": "no_such_user"})

    assert response.status_code == unknown.status_code == 400
    assert "chưa có lớp xác thực thứ hai" in response.content.decode()
    assert "Không có người dùng nào" in unknown.content.decode()
    assert not AuditEvent.objects.filter(actor=tree.admin).exists()


def test_an_administrator_of_a_sibling_unit_cannot_reset(tree, client):
    enrol(tree.head_a)
    past_second_factor(client, make_user("admin_b", Role.ADMIN, tree.commune_b))

    assert client.post(SECURITY, {"username": "head_a"}).status_code == 404
    assert logins.has_second_factor(tree.head_a)
