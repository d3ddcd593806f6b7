"""Fixtures of the browser tests: a live server over the test tree, a Vietnamese browser,
and a skip (or, with TRIENKHAI_REQUIRE_BROWSER=1, a failure) when chromium is missing."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer

from trienkhai.tooling.testing import PASSWORD, make_tree

HERE = Path(__file__).resolve().parent


def chromium_path() -> str:
    """The chromium the root conftest's ``browser_type_launch_args`` launches."""
    return os.environ.get("TRIENKHAI_CHROMIUM", "/usr/bin/chromium")


def chromium_missing_reason() -> str | None:
    path = chromium_path()
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        return (
            f"chromium not found at {path} (apt-get install -y chromium, or set "
            "TRIENKHAI_CHROMIUM); set TRIENKHAI_REQUIRE_BROWSER=1 to make this a failure"
        )
    return None


def pytest_collection_modifyitems(config, items):
    """Skip this package's tests when there is no chromium, unless a browser is required.

    A conftest hook sees every collected item, so it only touches items under this folder.
    """
    reason = chromium_missing_reason()
    if reason is None or os.environ.get("TRIENKHAI_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread, so Django's ORM would
    refuse to run there (SynchronousOnlyOperation); the tests use it only to set up and check
    data. Session-scoped and autouse, so it is set before Playwright starts and unset only after
    Playwright stops; sessions that deselect the browser tests (-m "not browser") never set it.
    (A fixture rather than a module-level assignment: importing this conftest must not change
    the environment of the other apps' tests.)"""
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if old is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server, answering one request at a time when it shares the test's connection.

    The test database is SQLite in memory, so every thread of the live server uses the test
    thread's one connection. A page and the bell it loads (``hx-trigger="load"``) then ran two
    statements on that connection at once, and SQLite answered "bad parameter or other API
    misuse" (a 503 in CI, 07/12/2026). Requests are still read on their own threads (a browser
    may open a socket it sends nothing on), but the application runs under a lock, and the
    test thread's own queries take the same lock (see ``_serialise_the_shared_connection``).
    """

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with SHARED_CONNECTION_LOCK:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


#: Held by the live server around each request, and by the test thread around each query.
SHARED_CONNECTION_LOCK = threading.RLock()


@pytest.fixture(scope="session", autouse=True)
def _serialise_the_shared_connection():
    """The live server (pytest-django builds Django's LiveServerThread) runs requests one at a
    time, and queries of the shared in-memory connection wait for the request in progress."""
    from django.test.testcases import LiveServerThread

    LiveServerThread.server_class = _OneRequestAtATime
    yield
    LiveServerThread.server_class = ThreadedWSGIServer


@pytest.fixture(autouse=True)
def _queries_wait_for_the_live_server():
    """Each query of the shared connection waits for the request the live server is answering
    (a no-op on PostgreSQL or a file database, where each thread has its own connection)."""
    from django.db import connection

    def wait_for_the_server(execute, sql, params, many, context):
        with SHARED_CONNECTION_LOCK:
            return execute(sql, params, many, context)

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    with connection.execute_wrapper(wait_for_the_server):
        yield


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A browser that asks for Vietnamese, as the users' browsers do, at a desktop size."""
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 costs a second per user here; the live server runs in this process, so it sees
    this setting too. core/tests/test_login.py covers the real hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(transactional_db, live_server, _fast_password_hashing):
    """The test tree, committed so that the live server's thread sees it."""
    return make_tree()


@pytest.fixture
def page(page, live_server):
    """The pytest-playwright page with short timeouts: a local server answers at once."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    return page


@pytest.fixture
def url(live_server):
    """``url("/units/")`` → the live server's absolute URL."""

    def _url(path: str) -> str:
        return live_server.url + path

    return _url


@pytest.fixture
def log_in(page, url):
    """Log in through the login form: ``log_in("clerk_a")``; returns the page."""

    def _log_in(username: str, password: str = PASSWORD):
        page.goto(url("/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("form.form-grid button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return _log_in


@pytest.fixture
def log_out(page):
    def _log_out():
        page.locator("header.top form[action$='/logout/'] button").click()
        page.wait_for_url("**/login/")
        return page

    return _log_out
