"""The dashboard and its rows pages: scoping, empty states, the date, the cache's age, the
links behind every number, query counts."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trienkhai.reporting.engine import compute
from trienkhai.reporting.indicators import CATALOGUE
from trienkhai.resolutions import services as plans
from trienkhai.units import services as units

from .test_engine_queries import grow
from .world import T

pytestmark = pytest.mark.django_db
AS_OF = T.strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English: the tests read the msgids (Vietnamese is the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def dashboard(plan, **params) -> str:
    url = reverse("reporting:dashboard", args=[plan.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{url}?{query}" if query else url


def rows_url(plan, **params) -> str:
    url = reverse("reporting:rows", args=[plan.pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def text(response) -> str:
    return unescape(response.content.decode())


# --- scoping -----------------------------------------------------------------------------------


def test_the_province_admin_sees_the_province(world, tree, login):
    response = login(tree.admin).get(dashboard(world.plan, as_of=AS_OF))
    assert response.status_code == 200
    body = text(response)
    assert "12-KH/TU" in body
    assert tree.commune_a.organisation_name in body and tree.commune_b.organisation_name in body
    drill = f'href="?as_of=16%2F06%2F2025&amp;unit={tree.commune_a.pk}"'
    assert drill in response.content.decode()  # the unit's name opens its dashboard


def test_a_commune_clerk_sees_their_commune_and_drills_down(world, tree, login):
    client = login(tree.clerk_a)
    response = client.get(dashboard(world.plan, as_of=AS_OF))
    assert response.status_code == 200
    assert response.context["unit"] == tree.commune_a
    assert [n.unit.code for n in response.context["result"].children] == ["HL-A1", "HL-A2"]

    cell = client.get(dashboard(world.plan, unit=tree.cell_a.pk, as_of=AS_OF))
    assert cell.status_code == 200
    assert cell.context["unit"] == tree.cell_a


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a"])
def test_a_unit_outside_ones_scope_is_a_404(world, tree, login, who):
    user = getattr(tree, who)
    target = tree.commune_a if who == "clerk_b" else tree.commune_b
    client = login(user)
    assert client.get(dashboard(world.plan, unit=target.pk)).status_code == 404
    assert client.get(rows_url(world.plan, unit=target.pk, what="programs")).status_code == 404
    assert client.get(dashboard(world.plan, unit="abc")).status_code == 404


def test_the_sibling_sees_only_their_own_commune(world, tree, login):
    response = login(tree.clerk_b).get(dashboard(world.plan, as_of=AS_OF))
    assert response.status_code == 200
    assert response.context["unit"] == tree.commune_b
    assert tree.commune_a.name not in text(response)


def test_nobody_and_anonymous(world, tree, client, login):
    url = dashboard(world.plan)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    assert login(tree.nobody).get(url).status_code == 404
    assert login(tree.nobody).get(rows_url(world.plan, what="programs")).status_code == 404


def test_a_draft_of_another_commune_is_a_404(tree, login):
    draft = plans.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="5-KH/ĐU",
        title="Dự thảo",
        issued_on=T,
        requirements=[],
    )
    assert login(tree.clerk_b).get(dashboard(draft)).status_code == 404
    response = login(tree.clerk_a).get(dashboard(draft))
    assert response.status_code == 200
    assert "Draft: the plan has not been issued" in text(response)


# --- empty states, the date --------------------------------------------------------------------


def test_an_issued_plan_with_nothing_done_yet(tree, login):
    today = timezone.localdate()
    plan = plans.issue_plan(
        user=tree.admin,
        plan=plans.create_plan(
            user=tree.admin,
            unit=tree.province,
            number="20-KH/TU",
            title="Kế hoạch mới",
            issued_on=today,
            requirements=[
                {
                    "kind": "action_program",
                    "title": "Chương trình hành động",
                    "target_kinds": ["party_committee"],
                    "target_levels": [],
                    "due_on": today + datetime.timedelta(days=60),
                }
            ],
        ),
    )
    response = login(tree.admin).get(dashboard(plan))
    assert response.status_code == 200
    body = text(response)
    assert "Nothing is overdue under this unit." in body
    assert "No action program below this unit yet." in body
    assert "Attendance by unit below" not in body  # the plan asks for no study
    assert "No obligation is counted under this unit yet." not in body  # two are pending
    assert response.context["result"].value("programs.due").numerator == 2


@pytest.mark.parametrize("bad", ["31/02/2025", "2025-13-01", "hôm qua", "99/99/9999"])
def test_a_bad_date_is_a_400_with_a_message(world, tree, login, bad):
    client = login(tree.admin)
    response = client.get(dashboard(world.plan, as_of=bad))
    assert response.status_code == 400
    # written like a day that is not one (31/02, month 13, 99/99) says so; anything else, the format
    assert "dd/mm/yyyy" in text(response) or "is not a day of the calendar" in text(response)
    assert client.get(rows_url(world.plan, as_of=bad, what="programs")).status_code == 400


def test_a_date_in_the_future_is_a_400(world, tree, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(tree.admin).get(dashboard(world.plan, as_of=tomorrow.strftime("%d/%m/%Y")))
    assert response.status_code == 400
    assert "cannot be in the future" in text(response)


def test_unknown_sort_keys_fall_back_and_bad_choices_are_400(world, tree, login):
    client = login(tree.admin)
    assert client.get(dashboard(world.plan, sort="DROP TABLE", rank="x")).status_code == 200
    assert client.get(dashboard(world.plan, dir="sideways")).status_code == 400
    assert client.get(dashboard(world.plan, group="nope")).status_code == 400


def test_the_past_is_counted_as_it_was(world, tree, login):
    response = login(tree.admin).get(dashboard(world.plan, as_of="27/05/2025"))
    assert response.status_code == 200
    assert response.context["result"].value("study.sessions_held").numerator == 0
    assert "counting evidence up to 27/05/2025" in text(response)


# --- the cache's age ---------------------------------------------------------------------------


def test_figures_show_when_they_were_computed_and_can_be_refreshed(world, tree, login):
    client = login(tree.admin)
    first = client.get(dashboard(world.plan, as_of=AS_OF))
    body = text(first)
    assert "Figures as of" in body
    assert "Refresh" not in body

    second = client.get(dashboard(world.plan, as_of=AS_OF))
    assert second.context["result"].from_cache
    body = text(second)
    assert "Figures as of" in body and "ago" in body and "Refresh" in body
    assert "refresh=1" in body

    refreshed = client.get(dashboard(world.plan, as_of=AS_OF, refresh=1))
    assert not refreshed.context["result"].from_cache
    assert "Refresh" not in text(refreshed)


def test_a_change_gives_fresh_figures(world, tree, login):
    client = login(tree.admin)
    client.get(dashboard(world.plan, as_of=AS_OF))
    units.update_unit(user=tree.admin, unit=tree.cell_a, short_name="Thôn 1")
    assert not client.get(dashboard(world.plan, as_of=AS_OF)).context["result"].from_cache


# --- the table, the ranking, the links ---------------------------------------------------------


def test_sorting_the_table(world, tree, login):
    client = login(tree.admin)
    down = client.get(dashboard(world.plan, as_of=AS_OF, sort="study.attended", dir="desc"))
    codes = [r["node"].unit.code for r in down.context["units_page"].object_list]
    assert codes == ["HL-A", "HL-B"]  # 2/3 before 1/2
    up = client.get(dashboard(world.plan, as_of=AS_OF, sort="study.attended", dir="asc"))
    assert [r["node"].unit.code for r in up.context["units_page"].object_list] == ["HL-B", "HL-A"]


def test_the_ranking_puts_the_laggard_last(world, tree, login):
    response = login(tree.admin).get(
        dashboard(world.plan, as_of=AS_OF, rank="obligations.all.overdue")
    )
    ranking = response.context["ranking"]
    # Overdue is better low: commune A (1/6) ranks before commune B (3/6).
    assert [e["node"].unit.code for e in ranking] == ["HL-A", "HL-B"]


def test_overdue_obligations_with_their_heads(world, tree, login):
    response = login(tree.admin).get(dashboard(world.plan, as_of=AS_OF))
    overdue = response.context["overdue"]
    assert overdue.paginator.count == 4  # the rollup's count, the same as the rows listed
    assert len(overdue.object_list) == 4
    assert {o.unit.code for o in overdue.object_list} == {"HL-A1", "HL-B", "HL-B1"}
    response = login(tree.admin).get(dashboard(world.plan, unit=tree.commune_a.pk, as_of=AS_OF))
    (o,) = response.context["overdue"].object_list
    assert o.unit == tree.cell_a and o.days_overdue == 5
    # Commune A's head shows beside what is overdue under commune A itself.
    assert o.parent_unit == tree.commune_a


REPORTING_ROWS = [k for k, i in CATALOGUE.items() if i.rows and i.rows[0] == "reporting"]


@pytest.mark.parametrize("code", ["HL", "HL-A"])
def test_each_rows_page_lists_as_many_rows_as_its_number(world, tree, login, code):
    from trienkhai.units.models import Unit

    unit = Unit.objects.get(code=code)
    result = compute(world.plan, unit, T)
    client = login(tree.admin)
    for key in REPORTING_ROWS:
        indicator = CATALOGUE[key]
        if key in ("programs.attainment", "programs.progress.indicators"):
            expected = result.total.programs.measurable
        elif key in ("programs.reviews",):
            expected = result.total.programs.reviews_approved
        else:
            expected = result.value(key).numerator
        response = client.get(rows_url(world.plan, unit=unit.pk, as_of=AS_OF, **indicator.rows[1]))
        assert response.status_code == 200, key
        assert response.context["page"].paginator.count == expected, key


def test_every_number_on_the_dashboard_opens_its_rows(world, tree, login):
    client = login(tree.admin)
    url = dashboard(world.plan, as_of=AS_OF)
    response = client.get(url)
    body = text(response)
    base = url.split("?")[0]  # the reporting rows are linked relative to the dashboard
    links = {base + link for link in re.findall(r'href="(rows/\?[^"#]*)"', body)}
    study = set(re.findall(r'href="(/study/units/\d+/numbers/rows/\?[^"#]*)"', body))
    assert len(links) > 30 and len(study) > 10
    for link in sorted(links | study):
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("code", ["HL", "HL-A"])
def test_each_denominator_opens_as_many_rows_as_it_says(world, tree, login, code):
    """A denominator is a number too: the rows behind it are as many as it counts."""
    from trienkhai.reporting.indicators import denominator_rows
    from trienkhai.units.models import Unit

    unit = Unit.objects.get(code=code)
    result = compute(world.plan, unit, T)
    client = login(tree.admin)
    checked = 0
    for key, indicator in CATALOGUE.items():
        found = denominator_rows(indicator)
        if found is None or found[0] != "reporting" or not result.applies(indicator):
            continue
        response = client.get(rows_url(world.plan, unit=unit.pk, as_of=AS_OF, **found[1]))
        assert response.status_code == 200, key
        assert response.context["page"].paginator.count == result.value(key).denominator, key
        checked += 1
    assert checked >= 10


def test_the_row_directly_at_the_unit_opens_its_own_rows(world, tree, login):
    """Commune A's own obligations (the table's "directly at this unit" row) open commune A's
    rows alone, not its cells'."""
    client = login(tree.admin)
    response = client.get(dashboard(world.plan, unit=tree.commune_a.pk, as_of=AS_OF))
    own_row = str(response.context["own_row"]).replace("&amp;", "&")
    base = dashboard(world.plan).split("?")[0]
    links = re.findall(r'href="(rows/\?[^"#]*own=1)"', own_row)
    assert links
    for link in links:
        rows_page = client.get(base + link)
        assert rows_page.status_code == 200
        for row in rows_page.context["page"].object_list:
            holder = getattr(row, "task", row)  # a milestone's task
            owner = getattr(holder, "unit", None) or holder.program.unit
            assert owner == tree.commune_a, link


def test_rows_page_refuses_unknown_lists(world, tree, login):
    client = login(tree.admin)
    assert client.get(rows_url(world.plan, what="nothing")).status_code == 404
    assert client.get(rows_url(world.plan, what="tasks", status="bogus")).status_code == 404
    assert (
        client.get(rows_url(world.plan, what="obligations", kind="x", status="owed")).status_code
        == 404
    )


def test_the_rows_of_a_sibling_are_not_listed(world, tree, login):
    response = login(tree.clerk_b).get(
        rows_url(world.plan, what="obligations", kind="all", status="owed", as_of=AS_OF)
    )
    assert response.status_code == 200
    assert {o.unit.code for o in response.context["page"].object_list} == {"HL-B", "HL-B1"}


# --- query counts ------------------------------------------------------------------------------


def queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_runs_as_many_queries_whatever_the_tree(world, tree, login):
    client = login(tree.admin)
    url = dashboard(world.plan, as_of=AS_OF)
    before = queries(client, url)
    grow(world, 5)
    assert queries(client, url) == before


def test_a_cached_dashboard_skips_the_rollup(world, tree, login):
    client = login(tree.admin)
    url = dashboard(world.plan, as_of=AS_OF)
    fresh = queries(client, url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) <= fresh - 12


@pytest.mark.parametrize("what", ["programs", "tasks", "milestones", "reviews"])
def test_rows_pages_run_as_many_queries_whatever_the_tree(world, tree, login, what):
    client = login(tree.admin)
    url = rows_url(world.plan, unit=tree.province.pk, as_of=AS_OF, what=what)
    before = queries(client, url)
    grow(world, 4)
    assert queries(client, url) == before


def test_the_dashboard_speaks_vietnamese_by_default(world, tree, login, client, settings):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = login(tree.admin).get(dashboard(world.plan, as_of=AS_OF))
    assert response.status_code == 200
    assert "Số liệu lúc" in text(response)
    assert "1.83" not in text(response)  # numbers in the Vietnamese format
    assert "1,83" in text(response)  # the indicator attainment, 1,83 / 4


def test_the_charts_numbers_open_rows_that_count_as_much(world, tree, login):
    """Issue 12: the bars, the segments and the timeline's numbers open their rows too, and
    each list is as long as the number says."""
    client = login(tree.admin)
    url = dashboard(world.plan, as_of=AS_OF)
    response = client.get(url)
    base = url.split("?")[0]

    def count(link):
        page = client.get(link if link.startswith("/") else base + link)
        assert page.status_code == 200, link
        return page.context["page"].paginator.count

    timeline = response.context["timeline"]
    assert timeline["linked"]
    for point, urls in timeline["linked"][-3:]:
        assert count(urls["due"]) == point.due
        assert count(urls["done"]) == point.done
        assert count(urls["on_time"]) == point.on_time
    chart = response.context["programs_chart"]
    assert chart and chart["rows"]
    for row in chart["rows"]:
        for _key, _cls, n, _w, link in row.linked:
            assert count(link) == n
    attendance = response.context["attendance"]
    assert attendance and attendance["bars"]
    for bar in attendance["bars"]:
        assert bar.url and bar.den_url and bar.missing_url
        assert client.get(bar.url).status_code == 200


# --- the numbers drawn once per computation (issue 14) ----------------------------------------


def numbers_part(response) -> str:
    html = response.content.decode()
    return html[html.index('<section class="kpis"') : html.index('<h2 id="overdue">')]


def test_a_cached_rollup_is_drawn_from_the_cache(world, tree, login, monkeypatch, settings):
    from trienkhai.reporting.views import DashboardView

    drawn = []
    real_table = DashboardView.table
    monkeypatch.setattr(
        DashboardView, "table", lambda self, *a: drawn.append(1) or real_table(self, *a)
    )
    client = login(tree.admin)
    first = client.get(dashboard(world.plan, as_of=AS_OF))
    second = client.get(dashboard(world.plan, as_of=AS_OF))
    assert len(drawn) == 1
    assert numbers_part(second) == numbers_part(first)
    assert tree.commune_a.organisation_name in numbers_part(second)
    assert [r["node"].unit.code for r in first.context["units_page"].object_list]

    # Another sort, the other language, a change of data, a refresh: drawn again.
    client.get(dashboard(world.plan, as_of=AS_OF, sort="study.attended"))
    assert len(drawn) == 2
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = client.get(dashboard(world.plan, as_of=AS_OF))
    assert len(drawn) == 3 and "Xếp hạng" in vietnamese.content.decode()
    units.update_unit(user=tree.admin, unit=tree.cell_a, short_name="Thôn 1")
    client.get(dashboard(world.plan, as_of=AS_OF))
    assert len(drawn) == 4
    client.get(dashboard(world.plan, as_of=AS_OF, refresh=1))
    assert len(drawn) == 5


def test_a_sibling_never_gets_the_drawn_numbers_of_another_unit(world, tree, login):
    login(tree.admin).get(dashboard(world.plan, as_of=AS_OF, unit=tree.commune_a.pk))
    response = login(tree.clerk_b).get(dashboard(world.plan, as_of=AS_OF, unit=tree.commune_a.pk))
    assert response.status_code == 404
