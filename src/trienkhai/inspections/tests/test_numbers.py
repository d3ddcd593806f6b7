"""The inspection numbers in the rollup engine, as of a date, and the rows behind them."""

from __future__ import annotations

from django.urls import reverse

from trienkhai.core.tests.matrix import issued_plan_of_commune_a
from trienkhai.inspections import services
from trienkhai.inspections.models import Kind
from trienkhai.reporting.engine import compute

from .conftest import D

DUE = D(2026, 5, 31)


def conduct(world, plan, *, concluded_on, kind=Kind.INSPECTION, due=DUE):
    t = world.tree
    inspection = services.create_inspection(
        user=world.inspector_a,
        unit=t.commune_a,
        kind=kind,
        title="Việc học tập nghị quyết",
        targets=[t.cell_a],
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        team=[("Lê Văn Tâm", "leader")],
        plan=plan,
        decision_number="05-QĐ/ĐU",
    )
    if kind == Kind.REGULAR:
        return services.record_supervision(
            user=world.inspector_a, inspection=inspection, looked_at="Sổ", remarks="Tốt",
            on=concluded_on,
        )  # fmt: skip
    services.sign_decision(user=t.head_a, inspection=inspection, on=D(2026, 3, 2))
    services.add_finding(
        user=world.inspector_a,
        inspection=inspection,
        target=t.cell_a,
        kind="violation",
        severity="serious",
        text="Không học tập.",
    )
    services.add_recommendation(
        user=world.inspector_a, inspection=inspection, unit=t.cell_a, text="Học bù.", due_on=due
    )
    services.submit_draft(user=world.inspector_a, inspection=inspection, conclusion="Kết luận.")
    return services.approve_conclusion(user=t.head_a, inspection=inspection, on=concluded_on)


def test_the_engine_counts_inspections_as_of_a_date(world, client):
    t = world.tree
    plan = issued_plan_of_commune_a(t)
    on_time = conduct(world, plan, concluded_on=D(2026, 3, 20))  # limit 20 days: 22/03
    conduct(world, plan, concluded_on=D(2026, 4, 10))  # late
    conduct(world, plan, concluded_on=D(2026, 4, 1), kind=Kind.REGULAR)
    rec = on_time.recommendations.get()
    services.accept(user=t.clerk_a, recommendation=rec)
    services.report_done(user=t.clerk_a, recommendation=rec, report="Xong.", on=D(2026, 5, 2))
    services.close(user=world.inspector_a, recommendation=rec, on=D(2026, 5, 3))

    before = compute(plan, t.commune_a, D(2026, 3, 25)).total.inspections
    assert (before.started, before.done, before.within_limit, before.past_limit) == (2, 1, 1, 1)
    assert before.recommendations == 1 and before.recommendations_by["open"] == 1

    result = compute(plan, t.commune_a, D(2026, 6, 15))
    i = result.total.inspections
    assert (i.started, i.done, i.within_limit, i.late, i.supervisions) == (2, 2, 1, 1, 1)
    assert (i.units_inspected, i.units) == (1, 2)  # cell A1 of commune A and its cell
    assert i.findings_by_kind["violation"] == 2 and i.findings_by_severity["serious"] == 2
    assert i.recommendations_by == {"done_on_time": 1, "late": 0, "overdue": 1, "open": 0}
    assert result.value("inspections.within_limit").denominator == 2
    assert result.applies(result.indicators("inspections")[0])

    client.force_login(t.clerk_a)
    url = reverse("inspections:numbers-rows", args=[t.commune_a.pk])
    page = client.get(url, {"plan": plan.pk, "as_of": "15/06/2026", "what": "recommendations",
                            "standing": "overdue"})  # fmt: skip
    assert page.status_code == 200 and page.context["page"].paginator.count == 1
    client.force_login(t.clerk_b)
    assert client.get(url, {"plan": plan.pk}).status_code == 404


def test_a_plan_without_inspections_shows_no_inspection_numbers(world):
    plan = issued_plan_of_commune_a(world.tree)
    result = compute(plan, world.tree.commune_a, D(2026, 6, 15))
    assert result.indicators("inspections") == []
