"""Inspections, recommendations, dissemination activities and imports through the API: what
each caller sees is what the pages show them; recording an activity is the page's service,
with its messages and audit event; imports are read-only."""

from __future__ import annotations

import datetime
import json

import pytest

from trienkhai.core.models import AuditEvent
from trienkhai.inspections import services as inspection_services
from trienkhai.outreach.models import Activity

from .conftest import ApiWorld

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
D = datetime.date


@pytest.fixture
def today(monkeypatch):
    day = D(2026, 7, 15)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


def test_a_target_reads_its_concluded_inspection_with_findings_and_recommendations(
    world: ApiWorld, api, bearer, today
):
    headers = bearer(world.tree.clerk_a)
    body = api.get(f"{PREFIX}/inspections/{world.a.inspection.pk}/", **headers).json()
    assert body["unit_id"] == world.tree.province.pk  # the conducting unit
    assert body["state"] == "concluded"
    assert body["conclusion"] == "Kết luận."
    assert [t["unit_id"] for t in body["targets"]] == [world.tree.commune_a.pk]
    assert [f["kind"] for f in body["findings"]] == ["shortcoming"]
    (rec,) = body["recommendations"]
    assert rec["id"] == world.a.recommendation.pk
    assert (rec["state"], rec["due_on"], rec["standing"]) == ("open", "2026-06-30", "overdue")
    listed = api.get(f"{PREFIX}/recommendations/", **headers).json()["items"]
    assert [(r["id"], r["standing"]) for r in listed] == [(world.a.recommendation.pk, "overdue")]


def test_an_inspection_under_way_shows_its_target_neither_findings_nor_proposals(
    world: ApiWorld, api, bearer
):
    t = world.tree
    inspector = world.inspector_p
    draft = inspection_services.create_inspection(
        user=inspector,
        unit=t.province,
        kind="inspection",
        title="Giám sát chuyên đề",
        targets=[t.commune_a],
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        decision_number="16-QĐ/UBKT",
        team=[("Lê Văn Tâm", "leader")],
    )
    clerk = bearer(t.clerk_a)
    ids = {i["id"] for i in api.get(f"{PREFIX}/inspections/", **clerk).json()["items"]}
    assert draft.pk not in ids  # not signed: not the target's yet
    assert api.get(f"{PREFIX}/inspections/{draft.pk}/", **clerk).status_code == 404

    inspection_services.sign_decision(user=world.w.head_p, inspection=draft, on=D(2026, 5, 4))
    inspection_services.add_finding(
        user=inspector, inspection=draft, target=t.commune_a, kind="violation",
        severity="serious", text="Chưa tổ chức học tập.",
    )  # fmt: skip
    proposed = inspection_services.add_recommendation(
        user=inspector, inspection=draft, unit=t.commune_a, text="Tổ chức học tập.",
        due_on=D(2026, 9, 30),
    )  # fmt: skip
    body = api.get(f"{PREFIX}/inspections/{draft.pk}/", **clerk).json()
    assert (body["findings"], body["recommendations"], body["conclusion"]) == ([], [], "")
    recs = {r["id"] for r in api.get(f"{PREFIX}/recommendations/", **clerk).json()["items"]}
    assert proposed.pk not in recs
    assert api.get(f"{PREFIX}/recommendations/{proposed.pk}/", **clerk).status_code == 404

    conductor = bearer(inspector)
    body = api.get(f"{PREFIX}/inspections/{draft.pk}/", **conductor).json()
    assert [r["id"] for r in body["recommendations"]] == [proposed.pk]
    assert len(body["findings"]) == 1
    recs = {r["id"] for r in api.get(f"{PREFIX}/recommendations/", **conductor).json()["items"]}
    assert proposed.pk in recs


def test_activities_have_the_filters_of_the_list(world: ApiWorld, api, bearer):
    headers = bearer(world.tree.clerk_a)

    def ids(query: str) -> list[int]:
        response = api.get(f"{PREFIX}/activities/?{query}", **headers)
        assert response.status_code == 200, response.content
        return [a["id"] for a in response.json()["items"]]

    mine = world.a.activity.pk
    assert ids("channel=radio") == [mine]
    assert ids("channel=meeting") == []
    assert ids(f"plan={world.w.plan.pk}&held_from=2026-05-01&held_to=2026-05-31") == [mine]
    assert ids("q=phat thanh") == [mine]
    sibling = api.get(f"{PREFIX}/activities/?unit={world.tree.commune_b.pk}", **headers)
    assert sibling.status_code == 400
    assert "unit" in sibling.json()["errors"]
    detail = api.get(f"{PREFIX}/activities/{mine}/", **headers).json()
    assert detail["key_point_ids"] == [world.w.kp1.pk]
    assert detail["audience_size"] is not None


def test_an_activity_is_recorded_by_the_pages_service(world: ApiWorld, api, bearer):
    t = world.tree
    headers = bearer(t.clerk_a)
    url = f"{PREFIX}/units/{t.commune_a.pk}/activities/"
    body = {
        "plan_id": world.w.plan.pk,
        "channel": "leaflets",
        "held_on": "2026-06-02",
        "title": "  Phát   tờ rơi  ",
        "reach": 2000,
        "key_point_ids": [world.w.kp2.pk],
        "audience_label": "Thôn 1",
    }
    made = api.post(url, json.dumps(body), content_type="application/json", **headers)
    assert made.status_code == 201, made.content
    activity = Activity.objects.get(pk=made.json()["id"])
    assert (activity.title, activity.reach) == ("Phát tờ rơi", 2000)
    assert activity.recorded_by == t.clerk_a
    event = AuditEvent.objects.get(object_type__icontains="activity", object_id=str(activity.pk))
    assert (event.verb, event.actor) == ("create", t.clerk_a)
    assert event.after["reach"] == 2000


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"channel": "pigeon"}, "channel", "Choose a channel."),
        ({"title": "   "}, "title", "Write the title."),
        ({"reach": -5}, "reach", "The reach cannot be negative."),
        ({"reach": 10**12}, "reach", "This number is implausibly large."),
        ({"link": "javascript:alert(1)"}, "link", "Enter a valid URL."),
        ({"plan_id": 0}, "plan_id", "No such plan."),
        ({"audience_unit_id": 2**40}, "audience_unit_id", "No such unit."),
    ],
)
def test_an_invalid_activity_gets_the_forms_messages(
    world: ApiWorld, api, bearer, change, field, message
):
    headers = {**bearer(world.tree.clerk_a), "HTTP_ACCEPT_LANGUAGE": "en"}
    body = {
        "plan_id": world.w.plan.pk,
        "channel": "radio",
        "held_on": "2026-06-02",
        "title": "Phát thanh",
        "reach": 10,
        **change,
    }
    before = (Activity.objects.count(), AuditEvent.objects.count())
    url = f"{PREFIX}/units/{world.tree.commune_a.pk}/activities/"
    response = api.post(url, json.dumps(body), content_type="application/json", **headers)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][field] == [message]
    assert (Activity.objects.count(), AuditEvent.objects.count()) == before


def test_an_import_shows_its_state_counts_and_problems(world: ApiWorld, api, bearer):
    headers = {**bearer(world.tree.clerk_a), "HTTP_ACCEPT_LANGUAGE": "en"}
    batch = world.a.batch
    listed = api.get(f"{PREFIX}/imports/", **headers).json()["items"]
    assert [b["id"] for b in listed] == [batch.pk]
    assert listed[0]["counts"] == {"create": 2, "error": 1}  # not the header nor the sample
    body = api.get(f"{PREFIX}/imports/{batch.pk}/", **headers).json()
    assert body["status"] == "previewed"
    (problem,) = body["problems"]
    assert (problem["row"], problem["code"], problem["level"]) == (4, "required", "error")
    assert problem["message"].endswith("is empty.")
    assert "full_name" not in problem["message"]


def test_imports_are_read_only_through_the_api(world: ApiWorld, api, bearer):
    headers = bearer(world.tree.clerk_a)
    response = api.post(f"{PREFIX}/imports/", b"", content_type="text/csv", **headers)
    assert response.status_code == 405
