"""Fixtures shared by every app's tests.

Shared test data (the pattern of Django's ``TestCase.setUpTestData``)
-----------------------------------------------------------------------
Most modules build the same rows for each test: the test tree (``tree``), often a world on top
of it (a plan, programs …). Where every database test of a module asks for such a fixture, it is
built once for the module inside an outer transaction that is rolled back when the module ends;
each test runs in a savepoint inside it (pytest-django's ``db`` nests in the open transaction),
so a test's writes are still undone before the next test. Each test gets its own deep copies of
the Python objects (``own_copy``), so a test that changes an instance or caches on it (a user's
role paths) changes nothing the next test sees; copies made for one test share one memo, so
``world.tree`` is the ``tree`` the test asked for.

A module where some database test does not ask for the fixture builds it per test as before
(it would otherwise see rows it never asked for), and so does a module with a transactional
test (it commits, and would write over the outer transaction). Layers on the tree use
``build_once`` from a module-scoped fixture and ``own_copy`` from the test's fixture; see
``programs/tests/conftest.py`` (``world``).
"""

import copy
import os

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.utils import translation

from trienkhai.tooling.testing import make_tree

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts with no language activated, so it reads the settings' one (Vietnamese,
    or English where a test sets ``LANGUAGE_CODE``): a request made by an earlier test leaves
    its language active in the thread, and labels computed outside a request (a quarter's
    name) would read in it."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def no_required_second_factor(settings):
    """Heads and administrators need no second factor in tests (their sessions come from
    ``force_login``); core/tests/test_two_factor.py turns the requirement back on."""
    settings.TRIENKHAI_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The test tree makes six users; argon2 would spend a second on each test's set-up.
    Tests about hashing itself put argon2 back (see core/tests/test_login.py)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def no_automatic_live_figures(settings):
    """Plans are not made live on their first reading (``reporting/live.py``): the tests of
    the live figures build the plans they want live; the others count with the engine."""
    settings.TRIENKHAI_LIVE_ROLLUPS_AUTO = False


@pytest.fixture(autouse=True)
def static_files_found_on_request(settings):
    """WhiteNoise lists every static file (the finders': a few hundred, each stat'ed) when its
    middleware starts, and each test's client starts the middleware afresh: ~6 ms a test, a
    minute a suite. In autorefresh mode it looks a file up when one is asked for, which few
    tests do (core/tests/test_deployment.py reads a stylesheet that way)."""
    settings.WHITENOISE_AUTOREFRESH = True


def _uses_db(item) -> bool:
    return item.get_closest_marker("django_db") is not None or "_django_db_helper" in getattr(
        item, "fixturenames", ()
    )


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def shares(request, fixture: str) -> bool:
    """Whether every database test of the requesting module asks for ``fixture`` and none
    is transactional: then ``fixture`` can be built once for the module."""
    module = request.module
    tests = [i for i in request.session.items if getattr(i, "module", None) is module]
    using_db = [i for i in tests if _uses_db(i)]
    return bool(using_db) and all(
        fixture in i.fixturenames and not _transactional(i) for i in using_db
    )


@pytest.fixture(scope="module")
def module_transaction(request, django_db_setup, django_db_blocker):
    """Open the module's outer transaction when its tests share the tree; yields whether they
    do. Rolled back (never committed) after the module's last test."""
    if not shares(request, "tree"):
        yield False
        return
    with django_db_blocker.unblock():
        if any(connections[alias].in_atomic_block for alias in connections):
            raise RuntimeError("the module's transaction must open before any test's")
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
    try:
        yield True
    finally:
        with django_db_blocker.unblock():
            for alias, atomic in reversed(list(zip(connections, atomics, strict=True))):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_media(tmp_path_factory):
    """Where the uploads made while building a module's shared data go (a test that reads them
    copies them into its own ``MEDIA_ROOT``)."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def build_once(request, module_transaction, django_db_blocker, shared_media):
    """``build_once(fixture, build)``: ``build()`` run once in the module's outer transaction if
    every database test of the module asks for ``fixture``; ``None`` if not (build per test).
    Uploads made while building go to ``shared_media``."""

    def build_once(fixture, build):
        if not (module_transaction and shares(request, fixture)):
            return None
        media = shared_media
        with (
            django_db_blocker.unblock(),
            override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
        ):
            return build()

    return build_once


@pytest.fixture
def own_copy(db):
    """``own_copy(shared)``: the test's own deep copy of module-level objects (model instances
    included, as Django's ``TestData`` does); one memo per test keeps shared objects shared."""
    memo = {}
    return lambda shared: copy.deepcopy(shared, memo)


@pytest.fixture(scope="module")
def shared_tree(build_once):
    return build_once("tree", make_tree)


@pytest.fixture
def tree(shared_tree, own_copy):
    return make_tree() if shared_tree is None else own_copy(shared_tree)


@pytest.fixture
def login(client):
    """Log a user in on the test client: ``login(tree.clerk_a)``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's chromium; browsers cannot be downloaded here."""
    path = os.environ.get("TRIENKHAI_CHROMIUM", "/usr/bin/chromium")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }
