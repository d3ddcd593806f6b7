"""The API's contract and figures: every route is in the OpenAPI 3.1 document, lists page by
keyset in a constant number of queries, filters are the UI's, and the rollup endpoint gives
exactly the numbers of the dashboard, with an ETag."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from trienkhai.units.models import Person

from .conftest import ApiWorld

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"


def api_routes() -> set[str]:
    """Every route under /api/v1/ in the URL configuration, as an OpenAPI path template."""
    found: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                found.add("/" + route.replace("<int:", "{").replace("<", "{").replace(">", "}"))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_route_is_in_the_openapi_document(api, world):
    document = api.get(f"{PREFIX}/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    documented = set(document["paths"])
    routes = api_routes() - {f"{PREFIX}/", f"{PREFIX}/openapi.json", f"{PREFIX}/docs"}
    assert routes, "no API route found"
    assert routes == documented
    for methods in document["paths"].values():
        for operation in methods.values():
            assert operation["operationId"]
            assert {"401", "404"} <= set(operation["responses"])
            problem = operation["responses"]["404"]["content"]
            assert "application/problem+json" in problem


def test_the_browsable_docs_open_without_a_token(api, world):
    page = api.get(f"{PREFIX}/docs")
    assert page.status_code == 200
    assert b"swagger" in page.content.lower()


def test_a_long_list_pages_by_cursor_in_constant_queries(
    world: ApiWorld, api, bearer, django_assert_max_num_queries
):
    cell = world.a.person.unit
    Person.objects.bulk_create(
        Person(unit=cell, full_name=f"Nguyễn Văn Số {i}", member_code=f"X{i:03}") for i in range(30)
    )
    headers = bearer(world.tree.clerk_a)
    seen: list[int] = []
    url = f"{PREFIX}/people/?limit=7"
    pages = 0
    while url:
        # token, user's roles, the page (+ the last-used time once a minute)
        with django_assert_max_num_queries(5):
            body = api.get(url, **headers).json()
        seen += [p["id"] for p in body["items"]]
        pages += 1
        url = f"{PREFIX}/people/?limit=7&cursor={body['next']}" if body["next"] else ""
    in_tree_order = Person.objects.for_user(world.tree.clerk_a).order_by("unit__path", "id")
    assert seen == list(in_tree_order.values_list("id", flat=True))
    assert pages >= 5


def test_a_cursor_not_given_by_the_list_is_a_problem(world: ApiWorld, api, bearer):
    headers = bearer(world.tree.clerk_a)
    for cursor in ("%C2%B2", "not-base64!", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NQ"):
        response = api.get(f"{PREFIX}/people/?cursor={cursor}", **headers)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "name",
    [
        "units",
        "people",
        "resolutions",
        "plans",
        "obligations",
        "sessions",
        "learning-reports",
        "programs",
        "tasks",
        "milestones",
        "progress-reports",
        "inspections",
        "recommendations",
        "activities",
        "imports",
    ],
)
def test_every_list_costs_a_bounded_number_of_queries(
    world: ApiWorld, api, bearer, django_assert_max_num_queries, name
):
    headers = bearer(world.tree.clerk_a)
    api.get(f"{PREFIX}/{name}/", **headers)  # the last-used time written
    with django_assert_max_num_queries(6):
        assert api.get(f"{PREFIX}/{name}/?limit=500", **headers).status_code == 200


def test_filters_have_the_names_and_rules_of_the_ui_lists(world: ApiWorld, api, bearer):
    headers = bearer(world.tree.clerk_a)
    found = api.get(f"{PREFIX}/people/?q=nguyen van an", **headers).json()["items"]
    assert [p["full_name"] for p in found] == ["Nguyễn Văn An"]
    cell = world.a.session.unit_id
    units = api.get(f"{PREFIX}/sessions/?unit={cell}", **headers).json()["items"]
    assert [s["id"] for s in units] == [world.a.session.pk]
    # The sibling's unit is not a choice (as on the page): 400 with the filter's error.
    sibling = api.get(f"{PREFIX}/sessions/?unit={world.b.session.unit_id}", **headers)
    assert sibling.status_code == 400
    assert "unit" in sibling.json()["errors"]


def test_obligations_have_their_status_as_of_a_date(world: ApiWorld, api, bearer):
    headers = bearer(world.tree.clerk_a)
    before = api.get(f"{PREFIX}/obligations/?as_of=2026-02-01&limit=500", **headers).json()
    after = api.get(f"{PREFIX}/obligations/?as_of=2026-06-01&limit=500", **headers).json()
    status_before = {o["id"]: o["status"] for o in before["items"]}
    status_after = {o["id"]: o["status"] for o in after["items"]}
    assert {o["as_of"] for o in before["items"]} == {"2026-02-01"}
    # The commune's action program was due 31/03/2026 and approved on 15/02/2026.
    assert "pending" in status_before.values()
    assert status_before.keys() == status_after.keys()
    overdue = api.get(
        f"{PREFIX}/obligations/?as_of=2026-06-01&status=overdue&limit=500", **headers
    ).json()
    assert all(status_after[o["id"]] == "overdue" for o in overdue["items"])


def test_the_rollup_is_the_dashboards_numbers(world: ApiWorld, api, bearer, client, login):
    t = world.tree
    plan = world.w.plan
    day = datetime.date(2026, 6, 1)
    headers = bearer(t.clerk_a)
    response = api.get(f"{PREFIX}/plans/{plan.pk}/rollup/?as_of={day}", **headers)
    assert response.status_code == 200
    figures = response.json()
    login(t.clerk_a)
    page = client.get(f"/reporting/plans/{plan.pk}/", {"as_of": day.strftime("%d/%m/%Y")})
    assert page.status_code == 200
    result = page.context["result"]
    assert figures["unit_id"] == result.unit.pk == t.commune_a.pk
    assert figures["version"] == result.version
    shown = {i.key: result.value(i.key) for i in result.indicators()}
    assert {f["key"] for f in figures["figures"]} == set(shown)
    for figure in figures["figures"]:
        value = shown[figure["key"]]
        assert (figure["numerator"], figure["denominator"]) == (value.numerator, value.denominator)
    below = {n["unit_id"]: n for n in figures["units_below"]}
    assert set(below) == {node.unit.pk for node in result.children}


def test_the_rollup_answers_304_while_nothing_changed(world: ApiWorld, api, bearer):
    headers = bearer(world.tree.clerk_a)
    url = f"{PREFIX}/plans/{world.w.plan.pk}/rollup/"
    first = api.get(url, **headers)
    etag = first["ETag"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304
    assert again["ETag"] == etag
    # A write (through a service, so audited) makes new figures.
    api.post(
        f"{PREFIX}/sessions/{world.a.session.pk}/attendance/",
        json.dumps({"person_id": world.a.person.pk, "status": "excused", "reason": "Ốm"}),
        content_type="application/json",
        **headers,
    )
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
