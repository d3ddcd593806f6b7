"""Every view, fed nonsense: no input ever makes the server fail (issue 14).

The URL configuration is walked as the permission matrix walks it (its routes, object builders
and in-scope users are imported from ``matrix``): every named URL is opened by a
user whose role covers it, then hypothesis sends

- GET requests (as a page, or as HTMX asking for a part of it) with generated query
  parameters: the names of every field of the page's forms
  (filters included) and the names lists and screens read (page, sort, per_page, unit, plan, q
  …), with values such as ``²``, ``#²``, NUL, huge and negative numbers, 10,000 characters,
  any unicode, empty strings and repeated parameters;
- POST requests to every form the page shows (its fields read from the GET response: inputs,
  selects, textareas, files, a formset's management form), each field either kept as the page
  rendered it, set to one of its options, set to such a value, or left out.

Each request runs in a savepoint rolled back afterwards, so an example starts from the same
rows. Any response of 500 or more, or any exception, fails the test (the test client re-raises
what a view raises). The number of examples per view is a hypothesis profile: ``ci`` (the
default, deterministic, a few examples a view so the file stays under a minute on SQLite) or
``FUZZ_EXAMPLES=200`` for a deep local run (random, a new sequence each run; ``FUZZ_SHARD=1/4``
runs the first quarter of the views).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as profiles
from hypothesis import strategies as st

from trienkhai.core.tests.matrix import (
    PDF,
    TOKEN_URLS,
    Route,
    id_routes,
    named_patterns,
    object_for,
    user_in_scope,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
profiles.register_profile(
    "fuzz-ci",
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
profiles.register_profile(
    "fuzz-deep",
    max_examples=EXAMPLES or 1,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
PROFILE = profiles.get_profile("fuzz-deep" if EXAMPLES else "fuzz-ci")
#: The random examples probe how the views parse what they are sent, which does not depend on
#: the database: CI runs them in the SQLite run. On PostgreSQL (the longer CI lane) each view
#: gets the page as rendered and the sweep, which carries the values PostgreSQL takes
#: differently from SQLite (NUL, beyond a bigint, 10,000 characters, ``²``); FUZZ_EXAMPLES
#: runs the random examples on any database.
RANDOM_EXAMPLES = bool(EXAMPLES) or connection.vendor != "postgresql"


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the routes ---------------------------------------------------------------------------------

#: Open to anonymous visitors: fuzzed without a login.
ANONYMOUS = {"login", "set_language", *TOKEN_URLS}
#: Logging out ends the session the other examples use; it has no input to fuzz.
SKIPPED = {"logout"}


@dataclass(frozen=True)
class FuzzRoute:
    name: str
    view_class: type | None
    kwargs: tuple[str, ...]  # the URL's own arguments

    def __str__(self):
        return self.name


def fuzz_routes() -> list[FuzzRoute]:
    routes = []
    for name, entry in named_patterns():
        if name in SKIPPED:
            continue
        view = getattr(entry.callback, "view_class", None)
        routes.append(FuzzRoute(name, view, tuple(entry.pattern.regex.groupindex)))
    return routes


FUZZ_ROUTES = fuzz_routes()
if shard := os.environ.get("FUZZ_SHARD"):  # "2/4": a deep run in parts, each < 10 minutes
    part, parts = (int(n) for n in shard.split("/"))
    FUZZ_ROUTES = FUZZ_ROUTES[part - 1 :: parts]
ID_ROUTES = {route.name: route for route in id_routes()}


def open_route(route: FuzzRoute, tree) -> tuple[str, object, list[int]]:
    """(url, the user who opens it or None, the ids worth sending as values)."""
    ids = [tree.commune_a.pk, tree.cell_a.pk, tree.province.pk, tree.person_a.pk]
    if route.name in ID_ROUTES:
        matrix_route: Route = ID_ROUTES[route.name]
        obj = object_for(matrix_route, tree)
        ids.append(obj.pk)
        url = reverse(route.name, kwargs={"pk": obj.pk})
        return url, user_in_scope(matrix_route, tree), ids
    kwargs: dict[str, object] = {}
    for name in route.kwargs:
        kwargs[name] = {"token": uuid.uuid4(), "pk": tree.commune_a.pk}.get(name, "x")
    if route.name in TOKEN_URLS:  # the check-in's token, the kiosk's session only
        forged = {"pk": tree.commune_a.pk, "token": "not-a-token"}
        kwargs = {name: forged[name] for name in route.kwargs if name in forged}
    url = reverse(route.name, kwargs=kwargs or None)
    user = None if route.name in ANONYMOUS else tree.admin
    return url, user, ids


# --- the forms of a page ------------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    values: list[str] = field(default_factory=list)  # as rendered (checked, selected)
    options: list[str] = field(default_factory=list)


@dataclass
class PageForm:
    method: str
    action: str = ""
    fields: dict[str, FormField] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The forms of a page and their fields (inputs outside a form count as the page's)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = [PageForm("get")]
        self.current: PageForm | None = None
        self.select: FormField | None = None
        self.textarea: FormField | None = None

    def form(self) -> PageForm:
        return self.current or self.forms[0]

    def add(self, name: str, kind: str) -> FormField:
        fields = self.form().fields
        return fields.setdefault(name, FormField(name, kind))

    def handle_starttag(self, tag, attrs):
        attr = {k: v or "" for k, v in attrs}
        name = attr.get("name")
        if tag == "form":
            self.current = PageForm(attr.get("method", "get").lower(), attr.get("action", ""))
            self.forms.append(self.current)
        elif tag == "input" and name:
            kind = attr.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            found = self.add(name, kind)
            value = attr.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                found.options.append(value)
                if "checked" in attr:
                    found.values.append(value)
            else:
                found.values.append(value)
        elif tag == "select" and name:
            self.select = self.add(name, "select")
        elif tag == "option" and self.select is not None:
            value = attr.get("value", "")
            self.select.options.append(value)
            if "selected" in attr:
                self.select.values.append(value)
        elif tag == "textarea" and name:
            self.textarea = self.add(name, "textarea")
            self.textarea.values.append("")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(html: str) -> list[PageForm]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


# --- the values ---------------------------------------------------------------------------------

#: What the lists, dashboards and screens read from the query string.
COMMON_PARAMS = [
    "page",
    "per_page",
    "sort",
    "q",
    "unit",
    "plan",
    "person",
    "status",
    "year",
    "period",
    "kind",
    "level",
    "under",
    "as_of",
    "date_from",
    "date_to",
    "units_page",
    "overdue_page",
    "next",
    "format",
    "tab",
]

NASTY = [
    "²",
    "#²",
    "#1",
    "\x00",
    "1\x00",
    "",
    " ",
    "-1",
    "0",
    "-0",
    str(2**31),
    str(2**63),
    str(2**64),
    "-" + str(2**63 + 1),
    "9" * 40,
    "1" * 5000,
    "x" * 10_000,
    "1e999",
    "NaN",
    "inf",
    "1.5",
    "72,5",
    "٣",
    "𝟙𝟚",
    "Ⅻ",
    "½",
    "31/02/2026",
    "00/00/0000",
    "1/1/99999",
    "9999-12-31",
    "Q5/2026",
    "Quý 2/99999",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "\\",
    "Nguyễn Văn A",
    "Tiếng Việt tổ hợp",
    "https://example.com/",
    "//evil.example/",
    "true",
    "on",
    "-",
    "-name",
    "__all__",
]

#: Sent to every parameter and every field at once, on every view, before the random examples.
SWEEP = ["²", "#²", "\x00", "-1", str(2**64), "x" * 10_000, "٣", "31/02/2026"]

#: Any text a form can carry (surrogates cannot be encoded into a request at all).
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def values(ids: list[int]):
    return st.one_of(
        st.sampled_from(NASTY),
        st.sampled_from([str(i) for i in ids]),
        st.integers().map(str),
        TEXT,
    )


def query_params(names: list[str], ids: list[int]):
    one = values(ids)
    return st.dictionaries(
        st.sampled_from(names),
        st.one_of(one, st.lists(one, min_size=2, max_size=3)),
        max_size=5,
    )


def upload():
    name = st.sampled_from(["bc.pdf", "².pdf", "a" * 300 + ".pdf", "x", ".pdf", "bc.PDF.exe"])
    content = st.one_of(st.just(PDF), st.binary(max_size=200), st.just(b""))
    return st.builds(
        lambda n, c: SimpleUploadedFile(n, c, content_type="application/pdf"), name, content
    )


def field_value(found: FormField, ids: list[int]):
    kept = st.just(found.values if len(found.values) != 1 else found.values[0])
    choices = [kept, values(ids), st.just(None)]
    if found.options:
        choices.append(st.sampled_from(found.options))
        choices.append(st.lists(st.sampled_from(found.options), max_size=3))
    if found.kind == "file":
        choices = [st.just(None), upload(), st.lists(upload(), min_size=2, max_size=3)]
    return st.one_of(*choices)


def post_data(form: PageForm, ids: list[int]):
    """The form's fields, each kept, changed or left out (None), plus a stray field or two."""
    fields = {
        name: field_value(found, ids)
        for name, found in form.fields.items()
        if name != "csrfmiddlewaretoken"
    }
    extra = st.dictionaries(st.sampled_from(COMMON_PARAMS), values(ids), max_size=2)
    return st.tuples(st.fixed_dictionaries(fields), extra).map(
        lambda pair: {k: v for k, v in {**pair[1], **pair[0]}.items() if v is not None}
    )


# --- the test -----------------------------------------------------------------------------------


def allows(route: FuzzRoute, method: str) -> bool:
    view = route.view_class
    if view is None:  # a function view (set_language)
        return True
    return method in view.http_method_names and hasattr(view, method)


def assert_no_server_error(response, method, url, data):
    assert response.status_code < 500, (method, url, data, response.status_code)


@pytest.mark.parametrize("route", FUZZ_ROUTES, ids=str)
def test_no_input_makes_the_view_fail(route, tree):
    url, user, ids = open_route(route, tree)
    client = Client()

    def request(method: str, data: dict, htmx: bool = False):
        """One request in a savepoint rolled back after it: each example starts afresh."""
        headers = {"HX-Request": "true"} if htmx else {}
        with transaction.atomic():
            if user is not None:
                client.force_login(user)
            send = client.get if method == "get" else client.post
            response = send(url, data, headers=headers)
            transaction.set_rollback(True)
        client.cookies.clear()
        assert_no_server_error(response, method, url, data)
        return response

    forms = []
    names = list(COMMON_PARAMS)
    if allows(route, "get"):
        page = request("get", {})
        if page.get("Content-Type", "").startswith("text/html"):
            forms = page_forms(page.content.decode())
            names += sorted({n for f in forms for n in f.fields} - set(names))

        for value in SWEEP:
            request("get", dict.fromkeys(names, value))

        @PROFILE
        @given(params=query_params(names, ids), htmx=st.booleans())
        def fuzz_get(params, htmx):
            request("get", params, htmx)  # HTMX asks lists for their rows only

        if RANDOM_EXAMPLES:
            fuzz_get()

    if allows(route, "post"):
        posted = [
            f for f in forms if f.method == "post" and f.fields and f.action in ("", url)
        ] or [PageForm("post")]
        for form in posted:
            typed = [n for n, f in form.fields.items() if f.kind != "file"]
            request("post", {n: form.fields[n].values for n in typed})  # as rendered
            for value in SWEEP:
                request("post", dict.fromkeys(typed, value))

            @PROFILE
            @given(data=post_data(form, ids))
            def fuzz_post(data):
                request("post", data)

            if RANDOM_EXAMPLES:
                fuzz_post()
