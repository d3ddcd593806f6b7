"""The API's permission matrix, over every operation of the OpenAPI document.

For each operation, ``ROUTES`` says how to reach commune A's object (in the scope of clerk_a)
and commune B's (the sibling's). Then, for each: no token → 401; clerk_a on A → success;
clerk_a on B → 404 (a body naming B's row: 400, the invalid choice of the forms); and for a
write, a viewer of commune A (member_a) → 403 with nothing written. A list answers clerk_a
with A's rows and none of B's. An operation the matrix cannot build fails the test until it
is mapped here, so every new resource is checked.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from trienkhai.api.v1 import api as ninja_api
from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Person

from .conftest import ApiWorld, Side

pytestmark = pytest.mark.django_db


@dataclass
class Route:
    #: The path parameters for one side (A or B).
    path: Callable[[ApiWorld, Side], dict[str, Any]] = lambda w, s: {}
    #: The body of a write, for one side.
    body: Callable[[ApiWorld, Side], dict[str, Any]] | None = None
    #: The id of one side's row that a list must (A) or must not (B) show.
    row: Callable[[Side], int] | None = None
    ok: int = 200
    #: What the sibling gets: 404, or 400 where B's row is named in the body.
    sibling: int = 404
    query: dict[str, str] = field(default_factory=dict)


def _new_member(w: ApiWorld, s: Side) -> int:
    person = Person.objects.create(unit=s.person.unit, full_name="Lý Thị Mới", member_code=None)
    return person.pk


ROUTES: dict[str, Route] = {
    "list_units": Route(row=lambda s: s.session.unit_id),
    "get_units": Route(path=lambda w, s: {"id": s.session.unit_id}),
    "unit_subtree": Route(path=lambda w, s: {"id": s.program.unit_id}),
    "list_people": Route(row=lambda s: s.person.pk),
    "get_people": Route(path=lambda w, s: {"id": s.person.pk}),
    "person_study": Route(path=lambda w, s: {"id": s.person.pk}),
    "list_resolutions": Route(),
    "get_resolutions": Route(path=lambda w, s: {"id": w.w.resolution.pk}, sibling=200),
    "list_plans": Route(),
    "get_plans": Route(path=lambda w, s: {"id": w.w.plan.pk}, sibling=200),
    "plan_rollup": Route(
        path=lambda w, s: {"id": w.w.plan.pk},
        query={"unit": "{unit}"},
    ),
    "list_obligations": Route(),
    "get_obligations": Route(
        path=lambda w, s: {"id": s.program.unit.obligations.first().pk}  # type: ignore[attr-defined]
    ),
    "list_sessions": Route(row=lambda s: s.session.pk),
    "get_sessions": Route(path=lambda w, s: {"id": s.session.pk}),
    "list_attendance": Route(path=lambda w, s: {"id": s.session.pk}),
    "record_attendance": Route(
        path=lambda w, s: {"id": s.session.pk},
        body=lambda w, s: {"person_id": s.person.pk, "status": "excused", "reason": "Ốm"},
    ),
    "list_learning_reports": Route(row=lambda s: s.report.pk),
    "get_learning_reports": Route(path=lambda w, s: {"id": s.report.pk}),
    "submit_learning_report": Route(
        body=lambda w, s: {"plan_id": w.w.plan.pk, "person_id": _new_member(w, s), "text": "Bài"},
        ok=201,
        sibling=400,
    ),
    "list_programs": Route(row=lambda s: s.program.pk),
    "get_programs": Route(path=lambda w, s: {"id": s.program.pk}),
    "list_tasks": Route(row=lambda s: s.task.pk),
    "get_tasks": Route(path=lambda w, s: {"id": s.task.pk}),
    "list_milestones": Route(row=lambda s: s.milestone.pk),
    "get_milestones": Route(path=lambda w, s: {"id": s.milestone.pk}),
    "list_progress_reports": Route(row=lambda s: s.progress.pk),
    "get_progress_reports": Route(path=lambda w, s: {"id": s.progress.pk}),
    "report_progress": Route(
        path=lambda w, s: {"id": s.task.pk},
        body=lambda w, s: {"period": "2026-08-01", "status": "on_track", "value": "75"},
        ok=201,
    ),
    "list_inspections": Route(row=lambda s: s.inspection.pk),
    "get_inspections": Route(path=lambda w, s: {"id": s.inspection.pk}),
    "list_recommendations": Route(row=lambda s: s.recommendation.pk),
    "get_recommendations": Route(path=lambda w, s: {"id": s.recommendation.pk}),
    "list_activities": Route(row=lambda s: s.activity.pk),
    "get_activities": Route(path=lambda w, s: {"id": s.activity.pk}),
    "record_activity": Route(
        path=lambda w, s: {"id": s.activity.unit_id},
        body=lambda w, s: {
            "plan_id": w.w.plan.pk,
            "channel": "meeting",
            "held_on": "2026-06-02",
            "title": "Hội nghị nhân dân",
            "reach": 150,
            "key_point_ids": [w.w.kp2.pk],
        },
        ok=201,
    ),
    "list_imports": Route(row=lambda s: s.batch.pk),
    "get_imports": Route(path=lambda w, s: {"id": s.batch.pk}),
}


def operations() -> list[tuple[str, str, str]]:
    """(operation id, method, path template) of every operation in the OpenAPI document."""
    schema = ninja_api.get_openapi_schema(path_prefix="/api/v1")
    return [
        (op["operationId"], method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]


OPERATIONS = operations()


def test_every_operation_is_in_the_matrix(world):
    missing = {op for op, _m, _p in OPERATIONS} - set(ROUTES)
    assert not missing, f"map these API operations in ROUTES: {sorted(missing)}"


def call(api, method: str, url: str, headers: dict, body: dict | None):
    if method == "GET":
        return api.get(url, **headers)
    return api.generic(
        method, url, json.dumps(body or {}), content_type="application/json", **headers
    )


def url_of(template: str, route: Route, w: ApiWorld, side: Side) -> str:
    url = template.format(**route.path(w, side))
    if route.query:
        unit = side.program.unit_id
        url += "?" + "&".join(f"{k}={v.format(unit=unit)}" for k, v in route.query.items())
    return url


def written() -> tuple:
    return (AuditEvent.objects.count(),)


@pytest.mark.parametrize(("op", "method", "template"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_the_matrix(world: ApiWorld, api, bearer, op, method, template):
    route = ROUTES[op]
    t = world.tree
    clerk = bearer(t.clerk_a)

    # No token: 401, a problem.
    body_a = route.body(world, world.a) if route.body else None
    anonymous = call(api, method, url_of(template, route, world, world.a), {}, body_a)
    assert anonymous.status_code == 401
    assert anonymous["Content-Type"] == "application/problem+json"

    # A role one step too weak (a viewer of commune A) on a write: 403, nothing written.
    if method != "GET":
        viewer = bearer(world.w.member_a)
        before = written()
        weak = call(api, method, url_of(template, route, world, world.a), viewer, body_a)
        assert weak.status_code == 403, weak.content
        assert weak.json()["status"] == 403
        assert written() == before

    # In scope: success.
    mine = call(api, method, url_of(template, route, world, world.a), clerk, body_a)
    assert mine.status_code == route.ok, mine.content
    if route.row is not None:
        ids = {item["id"] for item in mine.json()["items"]}
        assert route.row(world.a) in ids
        assert route.row(world.b) not in ids

    # The sibling's: 404 (or the invalid choice of a body), nothing written.
    if route.path(world, world.a) or route.body:
        body_b = route.body(world, world.b) if route.body else None
        before = written()
        theirs = call(api, method, url_of(template, route, world, world.b), clerk, body_b)
        assert theirs.status_code == route.sibling, theirs.content
        if route.sibling >= 400:
            assert theirs["Content-Type"] == "application/problem+json"
            assert written() == before


def test_a_date_is_read_as_a_date(world: ApiWorld, api, bearer):
    """``as_of`` in the ISO form; anything else is a 400 problem, never a 500."""
    headers = bearer(world.tree.clerk_a)
    ok = api.get(f"/api/v1/obligations/?as_of={datetime.date(2026, 1, 1)}", **headers)
    assert ok.status_code == 200
    bad = api.get("/api/v1/obligations/?as_of=31/12/2026", **headers)
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
