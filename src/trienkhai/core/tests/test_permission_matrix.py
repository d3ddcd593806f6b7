"""Every page about one object, generated from the URL configuration.

For each named URL that takes an object id, a user whose role covers the object can use it, the
clerk of the sibling commune gets a 404 (and nothing is written), a user of the same unit whose
role is one step too weak for what a POST does (a viewer where it changes, a clerk where it
approves or grades, a head where it manages roles) is refused and nothing is written, and an
anonymous visitor is sent to the login page. A new URL is covered the day it is added: if
``matrix.py`` (or the app's ``tests/matrix.py``) cannot tell which object to open it with, its
test fails and says where to add it.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from trienkhai.core import access
from trienkhai.core.access import Action, Role
from trienkhai.core.tests.matrix import (
    HEAD_ONLY,
    OPEN_TO_ANONYMOUS,
    ROUTES,
    Route,
    db_state,
    in_this_matrix,
    named_patterns,
    object_for,
    url_for,
    user_in_scope,
)
from trienkhai.tooling.testing import Tree, make_user
from trienkhai.units.models import Person


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def route_id(route):
    return route.name


def test_the_url_configuration_has_object_pages():
    names = {route.name for route in ROUTES}
    assert {"units:unit-detail", "units:person-detail", "audit-event"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_a_user_whose_role_covers_the_object_can_use_the_page(route, tree, client):
    obj = object_for(route, tree)
    url = url_for(route, obj)
    client.force_login(user_in_scope(route, tree))
    before = db_state(obj)

    if route.allows_get:
        response = client.get(url)
        assert response.status_code == 200, url
    else:
        response = client.post(url)
        assert response.status_code == 302, url
        assert not response.url.startswith(reverse("login"))
        assert db_state(obj) != before, "the button did nothing"


def sibling_user(tree: Tree, who: str):
    if who == "clerk_b":
        return tree.clerk_b
    return make_user("admin_b", Role.ADMIN, tree.commune_b)


@pytest.mark.parametrize("who", ["clerk_b", "admin_b"])
@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_a_user_of_the_sibling_commune_gets_404_and_nothing_changes(route, who, tree, client):
    obj = object_for(route, tree)
    url = url_for(route, obj)
    client.force_login(sibling_user(tree, who))
    before = db_state(obj)

    if route.allows_get:
        assert client.get(url).status_code == 404, url
    if route.allows_post:
        assert client.post(url).status_code == 404, url

    assert db_state(obj) == before


#: The strongest role that does NOT grant an action, for the writes that need more than
#: reading: whoever holds it on the object's own unit must be refused.
ONE_STEP_TOO_WEAK = [Role.HEAD, Role.CLERK, Role.VIEWER]


def too_weak_user(route: Route, tree: Tree):
    """A user holding, on commune A itself, the strongest role that cannot do the POST."""
    granting = access.roles_granting(route.post_action)
    role = next((r for r in ONE_STEP_TOO_WEAK if r not in granting), None)
    if role is None:
        return None
    if role == Role.CLERK:
        return tree.clerk_a
    if role == Role.HEAD:
        return tree.head_a
    return make_user("viewer_of_commune_a", role, tree.commune_a)


WRITES_BEYOND_VIEW = [
    r for r in ROUTES if r.allows_post and r.post_action != Action.VIEW and r.name not in HEAD_ONLY
]


def test_every_write_declares_what_it_needs():
    """A POST view that only reads before it writes would slip through the axis below."""
    assert {r.name for r in WRITES_BEYOND_VIEW} >= {
        "units:unit-edit",
        "units:roles",
        "study:roster",
        "study:report-review",
        "programs:program-approve",
        "programs:program-send-back",
        "programs:progress-report",
        "resolutions:plan-issue",
        "resolutions:obligation-detail",
    }


@pytest.mark.parametrize("route", WRITES_BEYOND_VIEW, ids=route_id)
def test_a_role_too_weak_for_the_write_is_refused_and_nothing_changes(route, tree, client):
    obj = object_for(route, tree)
    url = url_for(route, obj)
    user = too_weak_user(route, tree)
    assert user is not None, f"every role may {route.post_action}?"
    client.force_login(user)
    before = db_state(obj)

    response = client.post(url)

    assert response.status_code in (403, 404), (url, user.username, response.status_code)
    assert db_state(obj) == before


FORM_TAG = re.compile(r"<form\b[^>]*>", re.I)
ACTION_ATTR = re.compile(r'\baction="([^"]*)"', re.I)


def forms_posting_to(html: str, url: str) -> list[str]:
    """The ``<form method="post">`` tags of a page that submit to ``url`` (no action: the
    page's own address)."""
    found = []
    for tag in FORM_TAG.findall(html):
        if 'method="post"' not in tag.lower():
            continue
        action = ACTION_ATTR.search(tag)
        if action is None or action[1] in ("", url):
            found.append(tag)
    return found


@pytest.mark.parametrize("route", [r for r in WRITES_BEYOND_VIEW if r.allows_get], ids=route_id)
def test_a_role_too_weak_for_the_write_is_not_shown_the_form(route, tree, client):
    """A form is shown only to whom may save it: the role one step too weak gets a 403 page
    that says why, or the page read-only (no form posting to it)."""
    obj = object_for(route, tree)
    url = url_for(route, obj)
    client.force_login(too_weak_user(route, tree))

    response = client.get(url)

    assert response.status_code in (200, 403, 404), (url, response.status_code)
    assert forms_posting_to(response.content.decode(), url) == [], url


BUTTONS_BEYOND_VIEW = [r for r in WRITES_BEYOND_VIEW if not r.allows_get]


@pytest.mark.parametrize("route", BUTTONS_BEYOND_VIEW, ids=route_id)
def test_a_role_too_weak_for_a_button_is_not_shown_it(route, tree, client):
    """A POST-only button (issue, close, revoke …) is left out of the object's page for a
    role one step too weak to press it."""
    obj = object_for(route, tree)
    url = url_for(route, obj)
    client.force_login(too_weak_user(route, tree))

    page = obj if hasattr(obj, "get_absolute_url") else obj.program  # a task: its program's
    response = client.get(page.get_absolute_url())

    assert response.status_code in (200, 404), (url, response.status_code)
    assert forms_posting_to(response.content.decode(), url) == [], url


@pytest.mark.parametrize("route", sorted(HEAD_ONLY))
def test_the_clerk_is_not_shown_a_form_only_the_head_may_save(route, tree, client):
    found = next(r for r in ROUTES if r.name == route)
    if not found.allows_get:
        pytest.skip("a button, no page")
    obj = object_for(found, tree)
    url = url_for(found, obj)
    client.force_login(tree.clerk_a)

    response = client.get(url)

    assert response.status_code == 403
    assert forms_posting_to(response.content.decode(), url) == []


@pytest.mark.parametrize("route", WRITES_BEYOND_VIEW, ids=route_id)
def test_a_member_without_a_role_is_refused_and_nothing_changes(route, tree, client):
    """A party member of cell A with a login and no role (grading their own report, say)."""
    obj = object_for(route, tree)
    Person.objects.filter(pk=tree.person_a.pk).update(user=tree.nobody)
    client.force_login(tree.nobody)
    before = db_state(obj)

    response = client.post(url_for(route, obj))

    assert response.status_code in (403, 404), (route.name, response.status_code)
    assert db_state(obj) == before


@pytest.mark.parametrize("route", sorted(HEAD_ONLY))
def test_the_clerk_is_refused_where_only_the_head_may_act(route, tree, client):
    found = next(r for r in ROUTES if r.name == route)
    obj = object_for(found, tree)
    client.force_login(tree.clerk_a)
    before = db_state(obj)

    response = client.post(url_for(found, obj))

    assert response.status_code in (403, 404)
    assert db_state(obj) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_id)
def test_an_anonymous_visitor_is_sent_to_the_login_page(route, tree, client):
    obj = object_for(route, tree)
    url = url_for(route, obj)
    before = db_state(obj)

    response = client.get(url) if route.allows_get else client.post(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(url)}"
    assert db_state(obj) == before


def test_a_url_nobody_mapped_fails_with_a_clear_message(tree):
    class NewView:
        model = None
        http_method_names = ["get"]

    route = Route("units:something-new", NewView, ("pk",))
    with pytest.raises(pytest.fail.Exception, match="add an object factory"):
        object_for(route, tree)


def test_only_the_login_and_language_pages_are_open_to_anonymous_visitors():
    open_pages = {
        name
        for name, entry in named_patterns()
        if not getattr(entry.callback, "login_required", True) and in_this_matrix(name)
    }
    assert open_pages == OPEN_TO_ANONYMOUS


@pytest.mark.parametrize(
    "name",
    [
        name
        for name, entry in named_patterns()
        if not entry.pattern.regex.groupindex
        and name not in OPEN_TO_ANONYMOUS
        and in_this_matrix(name)
    ],
)
def test_every_page_without_an_id_sends_anonymous_visitors_to_login(name, tree, client):
    # ``tree`` (unused here) lets the module build the test tree once for all its tests.
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(url)}"
