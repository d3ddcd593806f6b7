"""Fixtures shared by every app's tests."""

import os

import pytest

from trienkhai.tooling.testing import make_tree


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The test tree makes six users; argon2 would spend a second on each test's set-up.
    Tests about hashing itself put argon2 back (see core/tests/test_login.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db):
    return make_tree()


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
