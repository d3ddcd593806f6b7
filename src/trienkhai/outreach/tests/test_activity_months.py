"""The activities list's table by month and channel (the list's own filtered, scoped rows,
one GROUP BY) and its period filter read as people type days."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.outreach.lists import by_month
from trienkhai.outreach.models import Activity

from .conftest import D, activity

pytestmark = pytest.mark.usefixtures("media")


def months_of(response) -> list[tuple[str, list[int], int]]:
    table = response.context["by_month"]
    return [(row.label, row.counts, row.total) for row in table.rows]


def some_activities(world) -> None:
    tree = world.tree
    activity(world, channel="radio", held_on=D(2026, 2, 3), title="Phát thanh một")
    activity(world, channel="radio", held_on=D(2026, 2, 20), title="Phát thanh hai")
    activity(world, channel="press", held_on=D(2026, 2, 28), title="Bài báo tháng hai")
    activity(world, channel="press", held_on=D(2026, 3, 1), title="Bài báo tháng ba")
    activity(  # the sibling's: never counted for commune A
        world,
        user=tree.clerk_b,
        unit=tree.commune_b,
        channel="meeting",
        held_on=D(2026, 2, 5),
        title="Hội nghị phường Bình Minh",
    )


def test_the_table_counts_the_users_activities_by_month_and_channel(world, client):
    some_activities(world)
    client.force_login(world.tree.clerk_a)

    response = client.get(reverse("outreach:index"))

    table = response.context["by_month"]
    assert [value for value, _label in table.channels] == ["press", "radio"]  # no meeting
    assert months_of(response) == [("02/2026", [1, 2], 3), ("03/2026", [1, 0], 1)]
    assert (table.totals, table.total) == ([2, 2], 4)
    html = response.content.decode()
    assert "Hoạt động theo tháng" in html and "02/2026" in html and "03/2026" in html
    assert "Hội nghị phường Bình Minh" not in html


def test_the_province_sees_its_communes_and_the_sibling_only_its_own(world, client):
    some_activities(world)
    client.force_login(world.tree.admin)
    assert response_total(client) == 5
    client.force_login(world.tree.clerk_b)
    assert response_total(client) == 1


def response_total(client, **query) -> int:
    return client.get(reverse("outreach:index"), query).context["by_month"].total


def test_the_table_follows_the_lists_filters(world, client):
    some_activities(world)
    client.force_login(world.tree.clerk_a)

    press = client.get(reverse("outreach:index"), {"channel": "press"})
    march = client.get(reverse("outreach:index"), {"held_from": "01/03/2026"})

    assert months_of(press) == [("02/2026", [1], 1), ("03/2026", [1], 1)]
    assert months_of(march) == [("03/2026", [1], 1)]
    assert response_total(client, q="phat thanh") == 2  # the title search, tone marks optional


def test_the_htmx_filter_swaps_the_table_by_month_too(world, client):
    some_activities(world)
    client.force_login(world.tree.clerk_a)

    response = client.get(reverse("outreach:index"), {"channel": "radio"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert 'id="by-month"' in html and 'hx-swap-oob="true"' in html and 'id="results"' in html
    assert "<html" not in html


def test_no_activity_is_an_empty_state_not_an_empty_table(world, client):
    client.force_login(world.tree.clerk_a)

    html = client.get(reverse("outreach:index")).content.decode()

    assert "Không có hoạt động nào để thống kê theo tháng" in html
    assert "by-month-table" not in html


def test_the_table_is_one_query_for_few_rows_or_many(world, client):
    activity(world, channel="radio", held_on=D(2026, 2, 3))
    few = Activity.objects.all()
    with CaptureQueriesContext(connection) as one:
        by_month(few)
    for n in range(20):
        activity(world, channel=["radio", "press", "portal"][n % 3], held_on=D(2026, 2 + n % 4, 5))
    with CaptureQueriesContext(connection) as many:
        table = by_month(Activity.objects.all())

    assert len(one) == len(many) == 1
    assert "GROUP BY" in many.captured_queries[0]["sql"]
    assert table.total == 21 and len(table.rows) == 4


def test_the_list_page_costs_the_same_queries_for_few_rows_or_many(world, client):
    activity(world)
    client.force_login(world.tree.clerk_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("outreach:index"))
    for n in range(15):
        activity(world, title=f"Bài {n}", channel="press", held_on=D(2026, 2 + n % 3, 1 + n))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("outreach:index"))

    assert response.status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"held_from": "31/02/2026"}, "31/02/2026 không phải là một ngày có thật"),
        ({"held_to": "13/13/2026"}, "không phải là một ngày có thật"),
        ({"held_from": "hôm qua"}, "Hãy nhập ngày theo dạng dd/mm/yyyy"),
        (
            {"held_from": "31/03/2026", "held_to": "01/03/2026"},
            "Ngày kết thúc thời kỳ trước ngày bắt đầu",
        ),
    ],
)
def test_a_bad_period_is_an_error_on_the_filters_not_an_empty_list(world, client, query, message):
    some_activities(world)
    client.force_login(world.tree.clerk_a)

    response = client.get(reverse("outreach:index"), query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["by_month"].total == 0
