"""The outreach figures in the rollup engine and the rows behind each of them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.outreach import services
from trienkhai.outreach.numbers import median
from trienkhai.reporting import engine
from trienkhai.reporting.exports.dataset import annex_table, gather
from trienkhai.reporting.exports.narrative import draft

from .conftest import activity, published_page

pytestmark = pytest.mark.usefixtures("media")


@pytest.mark.parametrize(
    "histogram, expected", [({}, None), ({3: 1}, 3), ({1: 1, 5: 1}, 3), ({0: 2, 9: 1}, 0)]
)
def test_the_median_is_read_from_a_histogram(histogram, expected):
    assert median(histogram) == expected


def test_the_engine_counts_activities_warnings_and_questions(world):
    tree = world.tree
    activity(world, channel="radio", reach=800, audience_size=5000)
    activity(world, channel="meeting", reach=6000, audience_size=5000, title="Hội nghị")  # flagged
    activity(
        world,
        user=tree.clerk_b,
        unit=tree.commune_b,
        channel="press",
        reach=100,
        audience_size=None,
        audience_label="",
    )
    page = published_page(world)
    q = services.ask(page=page, text="Hỏi một")
    services.ask(page=page, text="Hỏi hai")
    answer = services.answer_question(user=tree.clerk_a, question=q, text="Đáp")
    services.approve_answer(user=tree.head_a, answer=answer)

    result = engine.compute(world.plan, as_of=datetime.date.today())

    value = result.value
    assert value("outreach.activities").numerator == 3
    assert value("outreach.channel.radio").numerator == 1
    assert value("outreach.reach").numerator == 6900
    assert (
        value("outreach.reach_vs_population").numerator,
        value("outreach.reach_vs_population").denominator,
    ) == (6800, 10000)
    assert value("outreach.flagged").numerator == 1
    assert (value("outreach.questions").numerator, value("outreach.answered").numerator) == (2, 1)
    assert value("outreach.median_days").numerator == 0
    assert value("outreach.published").numerator == 1
    units_without = value("outreach.units_without")
    assert (units_without.numerator, units_without.denominator) == (0, 2)
    a = next(n for n in result.children if n.unit == tree.commune_a)
    assert value("outreach.activities", a.numbers).numerator == 2


def test_every_outreach_number_opens_its_rows(world, client):
    tree = world.tree
    activity(world, channel="meeting", reach=6000, audience_size=5000)
    page = published_page(world)
    services.ask(page=page, text="Hỏi")
    client.force_login(tree.admin)
    base = reverse("reporting:rows", args=[world.plan.pk])
    for params, count in [
        ({"what": "activities"}, 1),
        ({"what": "activities", "status": "meeting"}, 1),
        ({"what": "activities", "status": "flagged"}, 1),
        ({"what": "activities", "status": "with_population"}, 1),
        ({"what": "questions"}, 1),
        ({"what": "questions", "status": "answered"}, 0),
        ({"what": "answers"}, 0),
        ({"what": "obligations", "kind": "dissemination", "status": "not_done"}, 1),
    ]:
        response = client.get(base, {**params, "unit": tree.province.pk})
        assert response.status_code == 200, params
        assert response.context["page"].paginator.count == count, params
    assert client.get(base, {"what": "activities", "status": "²"}).status_code == 404


def test_the_excel_annex_and_word_table_carry_the_dissemination_columns(world):
    activity(world, reach=800)
    table = annex_table(gather(world.plan, world.tree.province))

    headers = [c.label for c in table.columns]
    assert "Hoạt động tuyên truyền" in headers and "Lượt người được tiếp cận" in headers


def test_the_word_report_says_what_was_done_for_the_public(world):
    activity(world, channel="radio", reach=800, audience_size=5000)
    page = published_page(world)
    services.ask(page=page, text="Hỏi")

    text = " ".join(block.text for block in draft(gather(world.plan, world.tree.province)))

    assert "ĐƯA NGHỊ QUYẾT ĐẾN NHÂN DÂN" in text
    assert "1 hoạt động tuyên truyền" in text and "800" in text
    assert "1 đơn vị chưa ghi nhận hoạt động tuyên truyền nào." in text
