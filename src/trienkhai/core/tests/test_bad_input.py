"""Bad input gets a 4xx and a clear Vietnamese message (issue 14).

The server errors the fuzzing found, one regression test each; the situations where Django's
own English messages used to reach the Vietnamese screens; the login with an empty or NUL name.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from trienkhai.core.access import Role
from trienkhai.core.lists import words
from trienkhai.core.parsing import parse_id, parse_int
from trienkhai.core.tests.matrix import (
    draft_program_of_commune_a,
    obligation_of_cell_a,
)
from trienkhai.programs.models import Task
from trienkhai.resolutions.models import Plan
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Position

# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (7, 7),
        ("0", 0),
        ("²", None),
        ("#²", None),
        ("٣", None),
        ("𝟙", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        ("\x00", None),
        (str(2**63), None),
        ("1" * 5000, None),
        (True, None),
        (None, None),
    ],
)
def test_whole_numbers_are_ascii_digits_within_a_column(text, expected):
    assert parse_int(text) == expected


def test_an_id_is_positive():
    assert parse_id("0") is None
    assert parse_id("1") == 1
    assert parse_id(str(2**63 - 1)) == 2**63 - 1


# --- the server errors the fuzzing found --------------------------------------------------------


@pytest.mark.parametrize("per_page", ["-1", "0", "²", str(2**64)])
def test_a_list_with_a_nonsense_page_size_is_shown(per_page, tree, client):
    """django-tables2 paginated the table a second time from ``?per_page=`` (-1: EmptyPage)."""
    client.force_login(tree.admin)

    response = client.get(reverse("units:person-list"), {"per_page": per_page})

    assert response.status_code == 200


def test_the_roles_page_with_a_nonsense_page_size_is_shown(tree, client):
    client.force_login(tree.admin)

    response = client.get(reverse("units:roles", args=[tree.commune_a.pk]), {"per_page": "-1"})

    assert response.status_code == 200


@pytest.mark.parametrize("value", [str(2**64), "²", "-1", "\x00"])
def test_a_multiple_choice_of_ids_refuses_what_is_no_id(value, tree, client):
    """``id IN (18446744073709551616)`` overflowed SQLite's integer: a 500."""
    program = draft_program_of_commune_a(tree)
    client.force_login(tree.clerk_a)
    before = Task.objects.count()

    response = client.post(
        reverse("programs:task-add", args=[program.pk]),
        {"title": "Nhiệm vụ", "key_points": [value], "coordinating_units": [value]},
    )

    assert response.status_code == 400
    assert Task.objects.count() == before
    assert f"“{value}” không phải là giá trị hợp lệ." in response.content.decode()


@pytest.mark.parametrize("ref", ["#²", "#" + str(2**64), "#-1", "#"])
def test_a_person_reference_that_is_no_id_is_an_invalid_choice(ref, tree, client):
    client.force_login(tree.clerk_a)
    before = Position.objects.count()

    response = client.post(
        reverse("units:position-add", args=[tree.cell_a.pk]), {"person": ref, "title": "Bí thư"}
    )

    assert response.status_code == 400
    assert Position.objects.count() == before


@pytest.mark.parametrize("year", ["²", "٢٠٣٠", "20301", "-2030"])
def test_a_target_year_that_is_no_year_is_refused(year, tree, client):
    program = draft_program_of_commune_a(tree)
    client.force_login(tree.clerk_a)
    task = program.tasks.get()
    form = client.get(reverse("programs:task-edit", args=[task.pk]))
    assert form.status_code == 200

    response = client.post(
        reverse("programs:task-add", args=[program.pk]),
        {"title": "Nhiệm vụ", "indicator": "Tỷ lệ", "target": "90", "target_year": year},
    )

    assert response.status_code == 400


def test_a_nul_in_a_search_box_separates_words():
    """PostgreSQL refuses a NUL in a query (``?q=%00`` was a 500 on the search pages)."""
    assert words("An\x00Phú\x07") == ["an", "phu"]
    assert words("\x00") == []


@pytest.mark.parametrize(
    "name", ["units:search", "units:lookup", "units:person-lookup", "unit-choices"]
)
def test_the_search_pages_take_a_nul(name, tree, client):
    client.force_login(tree.admin)

    response = client.get(reverse(name), {"q": "An\x00Phú"})

    assert response.status_code == 200
    assert "An Phú" in response.content.decode() or name == "units:person-lookup"


# --- no English message on a Vietnamese screen --------------------------------------------------

#: Pieces of Django's English messages that used to reach Vietnamese screens.
ENGLISH = [
    "Null characters",
    "ManagementForm",
    "is not a valid value",
    "Please submit at",
    "This password is",
    "Please enter a correct",
    "This field is required",
    "Enter a whole number",
    "The submitted file is empty",
    "Forbidden",
    "Bad Request",
    "CSRF verification",
    "Ensure this value",
]
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I
)
ERROR_ITEM = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)


def english_on(html: str) -> list[str]:
    """The English messages of a page: known Django pieces, and any error in no Vietnamese."""
    found = [piece for piece in ENGLISH if piece in html]
    for errors in ERROR_ITEM.findall(html):
        for item in re.findall(r"<li>(.*?)</li>", errors, re.S):
            if not VIETNAMESE_LETTER.search(item):
                found.append(item)
    return found


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def plan_without_its_management_form(tree):
    return "post", reverse("resolutions:plan-add"), tree.clerk_a, {"unit": "HL-A", "title": "KH"}


def plan_with_too_many_rows(tree):
    return (
        "post",
        reverse("resolutions:plan-add"),
        tree.clerk_a,
        {"unit": "HL-A", "title": "KH", **management("req", 5000)},
    )


def a_name_with_a_nul(tree):
    url = reverse("units:unit-edit", args=[tree.cell_a.pk])
    return "post", url, tree.clerk_a, {"name": "Chi bộ\x00", "short_name": "", "code": "HL-A1"}


def key_points_that_are_no_ids(tree):
    program = draft_program_of_commune_a(tree)
    url = reverse("programs:task-add", args=[program.pk])
    return "post", url, tree.clerk_a, {"title": "Nhiệm vụ", "key_points": ["²"]}


def a_weak_password(tree):
    url = reverse("units:person-login", args=[tree.person_a.pk])
    data = {"username": "nguoi_moi", "password1": "123", "password2": "123"}
    return "post", url, tree.admin, data


def a_password_like_the_user_name(tree):
    url = reverse("units:person-login", args=[tree.person_a.pk])
    data = {"username": "nguyenvana", "password1": "nguyenvana", "password2": "nguyenvana"}
    return "post", url, tree.admin, data


def a_wrong_password(tree):
    return "post", reverse("login"), None, {"username": "clerk_a", "password": "sai-mat-khau"}


def an_empty_login(tree):
    return "post", reverse("login"), None, {"username": "", "password": ""}


def a_login_with_a_nul(tree):
    return "post", reverse("login"), None, {"username": "clerk\x00a", "password": "x"}


def a_form_page_for_a_viewer(tree):
    program = draft_program_of_commune_a(tree)
    viewer = make_user("viewer_of_commune_a", Role.VIEWER, tree.commune_a)
    return "get", reverse("programs:program-edit", args=[program.pk]), viewer, {}


def too_many_fields(tree):
    """More fields than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``: Django's 400 page (400.html)."""
    data = {f"f{i}": "x" for i in range(5100)}
    return "post", reverse("units:unit-edit", args=[tree.cell_a.pk]), tree.clerk_a, data


SITUATIONS = [
    plan_without_its_management_form,
    plan_with_too_many_rows,
    a_name_with_a_nul,
    key_points_that_are_no_ids,
    a_weak_password,
    a_password_like_the_user_name,
    a_wrong_password,
    an_empty_login,
    a_login_with_a_nul,
    a_form_page_for_a_viewer,
    too_many_fields,
]


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda s: s.__name__)
def test_no_english_message_reaches_a_vietnamese_screen(situation, tree, client):
    method, url, user, data = situation(tree)
    if user is not None:
        client.force_login(user)
    before = Plan.objects.count(), Task.objects.count()

    response = getattr(client, method)(url, data)

    assert 200 <= response.status_code < 500
    html = response.content.decode()
    assert VIETNAMESE_LETTER.search(html)
    assert english_on(html) == [], url
    assert (Plan.objects.count(), Task.objects.count()) == before


def test_a_request_django_refuses_is_a_vietnamese_400_page(tree, client):
    _method, url, user, data = too_many_fields(tree)
    client.force_login(user)

    response = client.post(url, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Yêu cầu bị từ chối" in html  # the page says which limit (core/errors.py)
    assert "quá nhiều" in html or str(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS) in html


def test_a_permission_denied_is_a_vietnamese_403_page(tree, client):
    """A view that raises PermissionDenied (an upload by a viewer) gets our 403.html, not
    Django's English “403 Forbidden”."""
    obligation = obligation_of_cell_a(tree)
    client.force_login(tree.viewer_a)

    response = client.post(reverse("resolutions:obligation-detail", args=[obligation.pk]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Vai trò của bạn không cho phép thao tác này ở đây." in html
    assert english_on(html) == []


def test_a_form_sent_without_its_csrf_token_is_explained_in_vietnamese(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.clerk_a)

    response = client.post(reverse("units:unit-edit", args=[tree.cell_a.pk]), {"name": "X"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Biểu mẫu đã hết hiệu lực" in html
    assert english_on(html) == []


def test_a_refusal_by_a_service_is_a_vietnamese_403_page(tree, client):
    """A too weak role on a form page: the 403 page says why, with the way back."""
    program = draft_program_of_commune_a(tree)
    client.force_login(make_user("viewer_of_commune_a", Role.VIEWER, tree.commune_a))

    response = client.get(reverse("programs:task-add", args=[program.pk]))

    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không được sửa chương trình này" in html
    assert program.get_absolute_url() in html


# --- logging in with an empty or NUL name -------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("", "Nhập tên đăng nhập."),
        ("clerk\x00a", "Tên đăng nhập không được chứa ký tự NUL."),
        ("\x00", "Tên đăng nhập không được chứa ký tự NUL."),
    ],
)
def test_a_login_with_an_empty_or_nul_name_says_why(username, message, tree, client):
    response = client.post(reverse("login"), {"username": username, "password": "x"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_login_without_a_password_says_so(tree, client):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": ""})

    assert response.status_code == 200
    assert "Nhập mật khẩu." in response.content.decode()
