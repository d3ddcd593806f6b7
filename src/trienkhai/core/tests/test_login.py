"""Logging in: Vietnamese by default, English one click away, and nothing given away."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from trienkhai import settings as project_settings
from trienkhai.tooling.testing import PASSWORD

LOGIN = reverse("login")


def login_errors(response):
    html = response.content.decode()
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)


def csrf_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


@pytest.fixture
def argon2(settings):
    """The project's own hashers (the test suite swaps in a fast one)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_the_login_page_is_in_vietnamese_by_default(db, client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Log in" not in html


def test_a_wrong_password_and_an_unknown_user_get_the_same_message(tree, client):
    wrong_password = client.post(LOGIN, {"username": "clerk_a", "password": "wrong-horse"})
    unknown_user = client.post(LOGIN, {"username": "no_such_user", "password": "wrong-horse"})

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert login_errors(wrong_password) == login_errors(unknown_user) != []
    assert "Vui lòng" in login_errors(wrong_password)[0]


def test_an_inactive_user_gets_the_same_message_as_everyone_else(tree, client):
    tree.clerk_a.is_active = False
    tree.clerk_a.save()

    inactive = client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD})
    unknown = client.post(LOGIN, {"username": "no_such_user", "password": PASSWORD})

    assert login_errors(inactive) == login_errors(unknown) != []
    assert "_auth_user_id" not in client.session


def test_the_right_password_logs_in_and_goes_to_the_home_page(tree, client):
    response = client.post(LOGIN, {"username": "clerk_a", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "core/home.html" in [t.name for t in response.templates]  # what awaits the clerk


def test_login_returns_to_the_page_asked_for(tree, client):
    target = reverse("units:unit-detail", args=[tree.cell_a.pk])

    response = client.post(
        f"{LOGIN}?next={target}", {"username": "clerk_a", "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert response.url == target


def test_login_does_not_redirect_to_another_site(tree, client):
    response = client.post(
        LOGIN, {"username": "clerk_a", "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_passwords_are_hashed_with_argon2(db, argon2, client):
    user = get_user_model().objects.create_user("mai", password="mật-khẩu-dài-42")

    assert user.password.startswith("argon2")
    assert "mật-khẩu-dài-42" not in user.password
    response = client.post(LOGIN, {"username": "mai", "password": "mật-khẩu-dài-42"})
    assert response.status_code == 302


def test_an_anonymous_visitor_switches_the_login_page_to_english(db):
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN)

    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": LOGIN, "csrfmiddlewaretoken": csrf_token(page)},
    )

    assert response.status_code == 302
    assert response.url == LOGIN
    html = client.get(LOGIN).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html
    assert "Đăng nhập" not in html


def test_english_login_errors_are_in_english(tree, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(LOGIN, {"username": "clerk_a", "password": "wrong-horse"})

    assert "Please enter a correct" in login_errors(response)[0]


def test_logging_out_needs_a_post_and_returns_to_the_login_page(tree, login):
    client = login(tree.clerk_a)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get(reverse("units:tree")).status_code == 302
