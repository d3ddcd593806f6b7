"""A screenshot tour of the screens, for people to look at (not a test).

    uv run python -m trienkhai.browser_tests.tour --base-url http://127.0.0.1:8765 --out /tmp/tour

Logs in through the login form and saves full-page PNGs: the login page, the tree expanded one
level, a unit one level down, search results, a person, the person's edit form with a validation
error, the roles page, the audit log, the no-role page, and the tree and a few pages at phone
size. It only reads, except for the edit form, whose submission is refused (so nothing is
written). It finds its way by clicking, so it works on the demo province and on the test tree.

Each page's horizontal overflow and any browser console error are printed; the exit status is 1
when a page failed to load, overflowed at phone size, or logged an error.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@dataclass
class Tour:
    browser: Browser
    base_url: str
    out: Path
    password: str
    locale: str = "vi-VN"
    problems: list[str] = field(default_factory=list)
    expected_errors: list[str] = field(default_factory=lambda: ["404404404"])
    saved: list[Path] = field(default_factory=list)

    def new_page(self, viewport=DESKTOP, locale=None) -> Page:
        context = self.browser.new_context(viewport=viewport, locale=locale or self.locale)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", self.on_console)
        page.on("pageerror", lambda exc: self.problem(f"page error: {exc}"))
        page.on(
            "response",
            lambda r: r.status >= 500 and self.problem(f"HTTP {r.status} for {r.url}"),
        )
        return page

    def on_console(self, msg) -> None:
        if msg.type != "error":
            return
        where = msg.location.get("url", "")
        if any(part in where for part in self.expected_errors):
            return  # a deliberate not-found page or refused form
        self.problem(f"console error: {msg.text} ({where})")

    def problem(self, text: str) -> None:
        print(f"  ! {text}")
        self.problems.append(text)

    def go(self, page: Page, path: str, expect_status: int = 200) -> None:
        response = page.goto(self.base_url + path)
        status = response.status if response else None
        if status != expect_status:
            self.problem(f"{path}: HTTP {status}, expected {expect_status}")

    def log_in(self, page: Page, user: str) -> None:
        """``user`` is ``name`` (with the tour's password) or ``name:password``."""
        username, _, password = user.partition(":")
        self.go(page, "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password or self.password)
        page.locator("form.form-grid button[type=submit]").click()
        page.wait_for_load_state()
        if "/login/" in page.url:
            self.problem(f"could not log in as {username}")

    def shoot(self, page: Page, name: str, full_page: bool = True) -> None:
        page.wait_for_load_state("networkidle")
        path = self.out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.saved.append(path)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        note = ""
        if scroll_width > inner_width + 1:
            note = f"  OVERFLOW: scrollWidth {scroll_width} > innerWidth {inner_width}"
            self.problem(f"{name}: horizontal overflow ({scroll_width} > {inner_width})")
        print(f"  {path}  [{page.url}]{note}")


def expand_top_level(page: Page) -> None:
    """Click the "+" of every top-level unit and wait for its children to arrive."""
    toggles = page.locator("ul.tree > li > .node > button.toggle")
    for i in range(toggles.count()):
        toggle = toggles.nth(i)
        toggle.click()
        page.locator("ul.tree > li").nth(i).locator(":scope > ul.children > li").first.wait_for()


def run(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("TRIENKHAI_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        tour = Tour(browser, args.base_url.rstrip("/"), out, args.password)

        print("login")
        page = tour.new_page()
        tour.go(page, "/login/")
        tour.shoot(page, "01-login")
        page.fill("#id_username", args.user.partition(":")[0])
        page.fill("#id_password", "not-the-password")
        page.locator("form.form-grid button[type=submit]").click()
        page.wait_for_load_state()
        tour.shoot(page, "01b-login-error")

        print(f"as {args.user}")
        tour.log_in(page, args.user)
        tour.go(page, "/units/")
        expand_top_level(page)
        tour.shoot(page, "02-tree")

        # A unit one level down (a commune under the province): the first child in the tree.
        child = page.locator("ul.tree > li > ul.children > li > .node .label > a").first
        child.click()
        page.wait_for_load_state()
        tour.shoot(page, "03-unit")
        page.screenshot(path=str(out / "readme-unit.png"))
        unit_url = page.url

        tour.go(page, "/units/search/")
        page.locator("#q").fill(args.search)
        page.locator("#results table").first.wait_for()
        tour.shoot(page, "04-search")

        person = page.locator("#results table a[href*='/people/']").first
        if person.count():
            person.click()
            page.wait_for_load_state()
            tour.shoot(page, "05-person")
            edit = page.locator("main .actions a[href$='/edit/']")
            if edit.count():
                edit.first.click()
                page.wait_for_load_state()
                page.fill("#id_birth_year", "1800")
                tour.expected_errors.append(page.url)  # the refused form answers 400
                page.locator("main form button.primary").click()
                page.wait_for_load_state()
                tour.shoot(page, "06-edit-error")
            else:
                tour.problem(f"{args.user} has no edit button on {page.url}")
        else:
            tour.problem(f"the search {args.search!r} found nobody")

        root = page.locator("ul.tree > li > .node .label > a")
        tour.go(page, "/units/")
        root.first.click()
        page.wait_for_load_state()
        roles = page.locator("main .actions a[href$='/roles/']")
        if roles.count():
            roles.first.click()
            page.wait_for_load_state()
            tour.shoot(page, "07-roles")
        else:
            tour.problem(f"{args.user} has no roles button on {page.url}")

        tour.go(page, "/audit/")
        tour.shoot(page, "08-audit")
        first_event = page.locator("main table tbody tr td a").first
        if first_event.count():
            first_event.click()
            page.wait_for_load_state()
            tour.shoot(page, "08b-audit-event")

        print("English")
        page.get_by_role("button", name="EN", exact=True).click()
        page.wait_for_load_state()
        tour.go(page, "/units/")
        expand_top_level(page)
        tour.shoot(page, "12-tree-en")
        page.get_by_role("button", name="VI", exact=True).click()
        page.wait_for_load_state()

        tour.go(page, "/units/404404404/", expect_status=404)
        tour.shoot(page, "13-not-found")
        page.context.close()

        if args.clerk:
            print(f"as {args.clerk}")
            page = tour.new_page()
            tour.log_in(page, args.clerk)
            expand_top_level(page)
            tour.shoot(page, "02b-tree-clerk")
            page.context.close()

        print(f"as {args.nobody}")
        page = tour.new_page()
        tour.log_in(page, args.nobody)
        if page.locator("ul.tree").count():
            tour.problem(f"{args.nobody} holds a role: 09-no-role.png shows a tree")
        tour.shoot(page, "09-no-role")
        page.context.close()

        print("phone")
        page = tour.new_page(viewport=PHONE)
        tour.log_in(page, args.user)
        tour.go(page, "/units/")
        expand_top_level(page)
        tour.shoot(page, "10-tree-phone")
        page.goto(unit_url)
        tour.shoot(page, "11-unit-phone")
        tour.go(page, "/units/search/?q=" + args.search)
        tour.shoot(page, "11b-search-phone")
        tour.go(page, "/audit/")
        tour.shoot(page, "11c-audit-phone")
        page.context.close()

        print("readme")
        page = tour.new_page()
        tour.log_in(page, args.user)
        tour.go(page, "/units/")
        expand_top_level(page)
        second = page.locator("ul.tree > li > ul.children > li > .node > button.toggle").first
        if second.count():
            second.click()
            page.locator("ul.tree ul.children ul.children > li").first.wait_for()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "readme.png"))  # the viewport, 1280x800
        print(f"  {out / 'readme.png'}")
        page.context.close()
        browser.close()

    print(f"{len(tour.saved)} screenshots in {out}")
    if tour.problems:
        print(f"{len(tour.problems)} problems:")
        for text in tour.problems:
            print(f"  - {text}")
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8765")
    parser.add_argument("--out", required=True, help="folder for the PNGs")
    parser.add_argument(
        "--user", default="admin", help="an administrator, NAME or NAME:PASSWORD (default: admin)"
    )
    parser.add_argument("--clerk", default="", help="a clerk, for a second tree (optional)")
    parser.add_argument("--nobody", default="nobody", help="a user without a role")
    parser.add_argument(
        "--password",
        default=os.environ.get("TRIENKHAI_TOUR_PASSWORD", "correct-horse-42"),
        help="the users' password (default: the test tree's; env TRIENKHAI_TOUR_PASSWORD)",
    )
    parser.add_argument("--search", default="nguyen", help="a search without diacritics")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
