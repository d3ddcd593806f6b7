import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The test tree makes six users; argon2 would spend a second on each test's set-up.
    Tests about hashing itself put argon2 back (see core/tests/test_login.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
