"""Signing in, in a real browser: the Content-Security-Policy lets the pages work (no
violation on the main screens), the lockout is explained, a head sets up two-factor sign-in."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.browser

#: Screens a head visits (the ones with inline scripts, HTMX and the confirm buttons among them).
PAGES = [
    "/",
    "/units/",
    "/units/search/?q=an+phu",
    "/plans/",
    "/plans/new/",
    "/resolutions/",
    "/programs/",
    "/study/",
    "/account/two-factor/",
]


def watch_csp(page) -> list[str]:
    """Collect every CSP violation (the browser's event) and console error of the page."""
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text) if msg.type == "error" and "404" not in msg.text else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_the_main_pages_pass_the_content_security_policy(tree, page, url, log_in):
    problems = watch_csp(page)
    log_in("head_a")

    for path in PAGES:
        response = page.goto(url(path))
        assert response.status < 400, path
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")

    # HTMX under the policy: the tree loads a unit's children, and collapses them again.
    page.goto(url("/units/"))
    toggle = page.locator("button.toggle").first
    toggle.click()
    expect_children = page.locator("ul.children li, .children li").first
    expect_children.wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.inner_text() == "+"
    # The unit form's inline script (with its nonce) runs.
    page.goto(url(f"/units/{tree.commune_a.pk}/add/"))
    page.wait_for_load_state("networkidle")

    assert problems == []


def test_a_locked_out_user_is_told_when_to_try_again(tree, page, url, settings):
    settings.AXES_FAILURE_LIMIT = 3
    page.goto(url("/login/"))
    for _ in range(3):
        page.fill("#id_username", "clerk_a")
        page.fill("#id_password", "wrong-horse")
        page.locator("form.form-grid button[type=submit]").click()
        page.wait_for_load_state()
    page.fill("#id_username", "clerk_a")
    page.fill("#id_password", "correct-horse-42")
    page.locator("form.form-grid button[type=submit]").click()
    page.wait_for_load_state()

    notice = page.locator("p.lockout")
    assert notice.is_visible()
    assert re.search(r"khóa đến \d\d:\d\d ngày \d\d/\d\d/\d{4}", notice.inner_text())
    assert page.url.endswith("/login/")


def test_a_head_sets_up_two_factor_sign_in_then_uses_it(tree, page, url, log_in, log_out, settings):
    settings.TRIENKHAI_REQUIRE_2FA = True
    problems = watch_csp(page)
    log_in("head_a")

    assert "/account/two-factor/" in page.url
    assert page.locator(".qr-box svg").is_visible()
    device = TOTPDevice.objects.get(user=tree.head_a, confirmed=False)
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    page.locator("form.form-grid button[type=submit]").click()
    page.wait_for_load_state()
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.locator("a.btn.primary").click()
    page.wait_for_load_state()
    assert "/account/two-factor/" not in page.url

    log_out()
    log_in("head_a")
    assert "/login/verify/" in page.url
    page.fill("#id_code", codes[0])
    page.locator("form.form-grid button[type=submit]").click()
    page.wait_for_load_state()
    assert "/login/verify/" not in page.url
    assert page.locator("header.top nav").is_visible()
    assert problems == []


def test_a_confirm_button_asks_first_without_inline_script(tree, page, url, log_in):
    """The `data-confirm` forms (behaviours.js): dismissing the question sends nothing,
    accepting it sends the form."""
    problems = watch_csp(page)
    log_in("head_a")
    page.goto(url(f"/units/{tree.position_a.unit_id}/"))
    end = page.locator("form[data-confirm][action*='/end/'] button").first

    page.once("dialog", lambda dialog: dialog.dismiss())
    end.click()
    page.wait_for_timeout(300)
    tree.position_a.refresh_from_db()
    assert tree.position_a.ended_on is None

    page.once("dialog", lambda dialog: dialog.accept())
    end.click()
    page.wait_for_load_state()
    tree.position_a.refresh_from_db()
    assert tree.position_a.ended_on is not None
    assert problems == []
