"""Behind an HTTPS reverse proxy: the settings read from the environment, a login POST through
the proxy, the security headers (HSTS, CSP, Cache-Control) and `check --deploy`."""

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import global_settings
from django.test import Client
from django.urls import reverse

from trienkhai import settings as project_settings
from trienkhai.tooling.testing import PASSWORD

LOGIN = reverse("login")
HOST = "trienkhai.example.vn"
#: The documented production environment (README, "Configuration").
PRODUCTION = {
    "TRIENKHAI_HTTPS": "1",
    "TRIENKHAI_TRUSTED_PROXY": "1",
    "TRIENKHAI_ALLOWED_HOSTS": HOST,
    "TRIENKHAI_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
    "TRIENKHAI_EMAIL_HOST": "smtp.example.vn",  # notifications are mailed, not written to files
}


def settings_from(monkeypatch, tmp_path, **env):
    """The settings module as it reads this environment (run afresh, not the loaded one)."""
    for name in [n for n in os.environ if n.startswith("TRIENKHAI_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TRIENKHAI_DATA_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(project_settings.__file__)


def proxy_settings(settings, loaded):
    for name in [
        "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
        "TRUSTED_PROXY",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]:
        setattr(settings, name, loaded.get(name, getattr(global_settings, name, None)))


def through_the_proxy(client, path, data=None, **headers):
    meta = {
        "HTTP_HOST": HOST,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_FOR": "203.0.113.5",
        **headers,
    }
    if data is None:
        return client.get(path, **meta)
    return client.post(path, data, HTTP_ORIGIN=f"https://{HOST}", **meta)


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_the_environment_sets_the_proxy_and_https(monkeypatch, tmp_path):
    loaded = settings_from(monkeypatch, tmp_path, **PRODUCTION)

    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}"]
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 31_536_000
    assert loaded["SESSION_COOKIE_SECURE"] is loaded["CSRF_COOKIE_SECURE"] is True


def test_without_the_environment_nothing_is_trusted(monkeypatch, tmp_path):
    loaded = settings_from(monkeypatch, tmp_path)

    assert "SECURE_PROXY_SSL_HEADER" not in loaded
    assert loaded["CSRF_TRUSTED_ORIGINS"] == []
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert loaded["SECURE_HSTS_SECONDS"] == 0


def test_a_trusted_origin_without_its_scheme_is_refused(monkeypatch, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="https://"):
        settings_from(monkeypatch, tmp_path, TRIENKHAI_CSRF_TRUSTED_ORIGINS=HOST)


def test_a_login_through_the_https_proxy_succeeds(tree, settings, monkeypatch, tmp_path):
    proxy_settings(settings, settings_from(monkeypatch, tmp_path, **PRODUCTION))
    client = Client(enforce_csrf_checks=True)
    page = through_the_proxy(client, LOGIN)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    response = through_the_proxy(
        client,
        LOGIN,
        {"username": "clerk_a", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(tree.clerk_a.pk)


def test_without_the_trust_the_same_login_is_refused(tree, settings, monkeypatch, tmp_path):
    loaded = settings_from(monkeypatch, tmp_path, TRIENKHAI_ALLOWED_HOSTS=HOST, TRIENKHAI_HTTPS="0")
    proxy_settings(settings, loaded)
    client = Client(enforce_csrf_checks=True)
    page = through_the_proxy(client, LOGIN)

    response = through_the_proxy(
        client,
        LOGIN,
        {"username": "clerk_a", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(page)},
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_plain_http_is_sent_to_https_when_https_is_on(tree, settings, monkeypatch, tmp_path):
    proxy_settings(settings, settings_from(monkeypatch, tmp_path, **PRODUCTION))

    response = Client().get(LOGIN, HTTP_HOST=HOST, HTTP_X_FORWARDED_PROTO="http")

    assert response.status_code == 301
    assert response.url == f"https://{HOST}{LOGIN}"


def test_pages_carry_a_content_security_policy_with_a_nonce_for_their_scripts(tree, login):
    response = login(tree.clerk_a).get(reverse("units:unit-add", args=[tree.commune_a.pk]))
    assert response.status_code == 200

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline, "the unit form has an inline script"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert not re.search(r"\son(click|submit|change|load)=", html)


def test_signed_in_pages_are_private_and_not_stored(tree, login):
    client = login(tree.clerk_a)

    assert client.get(reverse("units:tree"))["Cache-Control"] == "private, no-store"
    assert client.get(reverse("units:search"))["Cache-Control"] == "private, no-store"


def test_static_files_are_not_marked_even_for_a_signed_in_user(tree, login):
    signed_in = login(tree.clerk_a)
    static = signed_in.get("/static/trienkhai/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("TRIENKHAI_")
        # the test run's own switches: the browser tests allow the ORM beside Playwright's loop
        and name not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(PRODUCTION)
    env["TRIENKHAI_DATA_DIR"] = str(tmp_path)
    env["TRIENKHAI_SECRET_KEY"] = secrets.token_urlsafe(50)
    src = Path(__file__).resolve().parents[3]

    result = subprocess.run(
        [sys.executable, "-m", "trienkhai.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**env, "PYTHONPATH": str(src)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
