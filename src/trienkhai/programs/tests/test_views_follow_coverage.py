"""The coverage matrix (key points × units directly below) against counts worked out by hand,
its drill-down and query count, and the progress rule page (administrators only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.core.access import Role
from trienkhai.programs.models import ProgressRuleSetting
from trienkhai.programs.progress import effective_rule
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Unit

from .conftest import database
from .test_views_follow_support import (  # noqa: F401 (english, today: fixtures)
    count_queries,
    english,
    errors_of,
    text,
    today,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today", "media")]


@pytest.fixture
def commune_c(world):
    """A third commune that has written no program."""
    province = Unit.objects.get(pk=world.province.pk)
    commune = Unit.objects.add_child(
        province,
        create_kwargs=dict(
            name="Đảng ủy xã Cẩm Hà", code="HL-C", kind="party_committee", level="commune"
        ),
    )
    world.province.refresh_from_db()
    return commune


@pytest.fixture
def programs(world, build, adopted_a, commune_c):
    """Counted by hand, tasks per key point of the adopted programs (a draft covers nothing):

    * HL-A: its adopted program A1 (kp1), A2 (kp2); cell A1's draft (kp3, kp1) not counted
      → kp1 1, kp2 1, kp3 0;
    * HL-B, adopted: one task (kp1), one (kp1, kp3) → kp1 2, kp2 0, kp3 1;
    * HL-C: no program.
    """
    cell = build.program(world.cell_a, user=world.clerk_a, title="Chương trình của chi bộ")
    build.task(
        cell,
        user=world.clerk_a,
        lead_unit=world.cell_a,
        title="Chuyển đổi số trong sinh hoạt chi bộ",
        key_points=[world.kp3, world.kp1],
    )
    b = build.program(world.commune_b, number="04-CTr/ĐU")
    build.task(b, title="Sắp xếp các tổ dân phố", key_points=[world.kp1])
    build.task(b, title="Số hóa hồ sơ đảng viên", key_points=[world.kp1, world.kp3])
    return build.adopt(b)


def matrix(response) -> dict:
    return {
        (row["key_point"].order, unit.code): n
        for row in response.context["rows"]
        for unit, n in row["cells"]
    }


def coverage_url(world, unit=None):
    url = f"{reverse('programs:coverage')}?plan={world.plan.pk}"
    return url + (f"&unit={unit.pk}" if unit is not None else "")


def test_the_matrix_counts_tasks_per_key_point_and_unit_below(world, programs, login):
    response = login(world.admin).get(coverage_url(world, world.province))
    assert response.status_code == 200
    assert matrix(response) == {
        (1, "HL-A"): 1,
        (2, "HL-A"): 1,
        (3, "HL-A"): 0,
        (1, "HL-B"): 2,
        (2, "HL-B"): 0,
        (3, "HL-B"): 1,
        (1, "HL-C"): None,
        (2, "HL-C"): None,
        (3, "HL-C"): None,
    }
    columns = {c["unit"].code: (c["programs"], c["gaps"]) for c in response.context["columns"]}
    assert columns == {"HL-A": (1, 1), "HL-B": (1, 1), "HL-C": (0, None)}
    assert response.context["gaps"] == 2 and response.context["without_program"] == 1
    page = text(response)
    assert page.count('class="cell zero"') == 2
    # a unit without a program is one narrow column, said once for all the key points
    assert page.count('class="cell none" rowspan="3"') == 1 and "no program yet" in page
    # each unit's header drills down to the units under it
    assert f"?plan={world.plan.pk}&amp;unit={world.commune_a.pk}" in page


def test_drilling_down_to_a_commune_shows_its_cells(world, programs, login):
    response = login(world.admin).get(coverage_url(world, world.commune_a))
    # cell A1 has only a draft: nothing adopted to cover with yet
    assert matrix(response) == {(1, "HL-A1"): None, (2, "HL-A1"): None, (3, "HL-A1"): None}


def test_the_level_above_says_who_answers_for_a_key_point(world, programs, login):
    """The province says kp2 is for governments only: the communes' committees are not asked
    to cover it (the cell reads "not asked", not a red gap), and a program's own quality check
    stops listing it as uncovered."""
    from trienkhai.core.models import AuditEvent
    from trienkhai.programs.models import CoverageScope
    from trienkhai.programs.quality import NOT_REQUIRED, check_quality

    client = login(world.admin)
    url = coverage_url(world, world.province)
    data = {
        "key_points": [world.kp1.pk, world.kp2.pk, world.kp3.pk],
        f"kp-{world.kp2.pk}": ["government"],
    }
    events = AuditEvent.objects.count()

    response = client.post(url, data)

    assert response.status_code == 302
    assert list(CoverageScope.objects.values_list("key_point", "kinds")) == [
        (world.kp2.pk, ["government"])
    ]
    assert AuditEvent.objects.count() == events + 1
    after = client.get(url)
    assert matrix(after)[(2, "HL-B")] == NOT_REQUIRED
    assert after.context["gaps"] == 1  # HL-A's kp3 alone
    assert 'class="cell na"' in text(after)
    assert world.kp2 not in check_quality(programs).uncovered
    # saving again with nothing ticked: every kind again
    client.post(url, {"key_points": [world.kp2.pk]})
    assert not CoverageScope.objects.exists()


def test_only_who_may_change_the_plans_unit_sets_who_answers(world, programs, login):
    url = coverage_url(world, world.province)
    data = {"key_points": [world.kp2.pk], f"kp-{world.kp2.pk}": ["government"]}
    assert login(world.clerk_a).post(url, data).status_code == 403  # sees the plan, not its unit
    assert login(world.tree.nobody).post(url, data).status_code == 404
    # a key point of another document, forged: refused with a message, nothing saved
    bad = login(world.admin).post(url, {f"kp-{world.foreign_kp.pk}": ["government"]})
    assert bad.status_code == 302
    from trienkhai.programs.models import CoverageScope

    assert not CoverageScope.objects.exists()


def test_a_commune_clerk_sees_their_commune_by_default_and_the_sibling_is_404(
    world, programs, login
):
    response = login(world.clerk_a).get(coverage_url(world))
    assert response.context["unit"] == world.commune_a
    assert [c["unit"].code for c in response.context["columns"]] == ["HL-A1"]
    assert login(world.clerk_b).get(coverage_url(world, world.commune_a)).status_code == 404
    assert login(world.clerk_b).get(coverage_url(world, world.province)).status_code == 404


def test_an_unknown_plan_is_404_and_without_a_plan_the_plans_are_listed(world, login):
    client = login(world.clerk_a)
    assert client.get(reverse("programs:coverage"), {"plan": "999999"}).status_code == 404
    assert client.get(reverse("programs:coverage"), {"plan": "x"}).status_code == 404
    listing = client.get(reverse("programs:coverage"))
    assert listing.status_code == 200 and world.plan.number in text(listing)


def test_the_matrix_runs_the_same_queries_whatever_the_number_of_tasks(
    world, build, programs, login
):
    client = login(world.admin)
    few, _ = count_queries(client, coverage_url(world, world.province))
    more = build.program(world.commune_b, number="09-CTr/ĐU", title="Đề án bổ sung")
    for i in range(8):
        build.task(more, title=f"Nhiệm vụ bổ sung {i}", key_points=[world.kp2, world.kp3])
    build.adopt(more)
    many, response = count_queries(client, coverage_url(world, world.province))
    assert matrix(response)[(2, "HL-B")] == 8
    assert many == few


# --- the progress rule --------------------------------------------------------------------


def rules_url(unit=None):
    url = reverse("programs:rule-settings")
    return url + (f"?unit={unit.pk}" if unit is not None else "")


def test_the_admin_chooses_the_rule_of_their_subtree(world, login):
    client = login(world.admin)
    page = client.get(rules_url(world.province))
    assert page.status_code == 200
    content = text(page)
    for label in ("Share of tasks done", "Share of milestones done", "Attainment of indicators"):
        assert label in content
    assert "a task without milestones counts as one milestone" in content
    assert "(the default: no unit above chose one)" in content

    response = client.post(rules_url(world.province), {"rule": "milestones"})
    assert response.status_code == 302
    assert ProgressRuleSetting.objects.get(unit=world.province).rule == "milestones"
    assert effective_rule(world.commune_a) == "milestones"
    below = client.get(rules_url(world.commune_a))
    assert "(set at a unit above)" in text(below)


def test_a_bad_rule_is_refused_with_a_message(world, login):
    before = database()
    response = login(world.admin).post(rules_url(world.province), {"rule": "guess"})
    assert response.status_code == 400 and "Select a valid choice" in errors_of(response)
    assert database() == before


@pytest.mark.parametrize("who", ["clerk_a", "head_a", "member_a"])
def test_users_who_are_not_administrators_are_refused_with_a_message(world, login, who):
    client = login(getattr(world, who))
    before = database()
    for response in (
        client.get(rules_url(world.commune_a)),
        client.get(rules_url()),
        client.post(rules_url(world.commune_a), {"rule": "milestones"}),
    ):
        assert response.status_code == 403
        assert "Only an administrator of this unit" in text(response)
    assert database() == before


def test_the_sibling_and_an_administrator_of_the_sibling_get_404(world, login):
    admin_b = make_user("admin_b", Role.ADMIN, world.commune_b)
    before = database()
    for user in (world.clerk_b, admin_b):
        client = login(user)
        assert client.get(rules_url(world.commune_a)).status_code == 404
        assert client.post(rules_url(world.commune_a), {"rule": "milestones"}).status_code == 404
    assert database() == before
    response = login(admin_b).get(rules_url())
    assert response.status_code == 200 and response.context["unit"] == world.commune_b


def test_the_plan_chooser_is_a_declared_table_that_survives_bad_parameters(world, login):
    client = login(world.clerk_a)
    url = reverse("programs:coverage")
    listing = client.get(url, {"sort": "-issued_on"})
    page = listing.context["page"]
    assert world.plan in page.object_list and page.table.order_by == ("-issued_on",)
    assert f'href="{url}?plan={world.plan.pk}"' in listing.content.decode()
    for bad in ("²", "abc", "-1", "9" * 30, "title", "-pk"):
        assert client.get(url, {"sort": bad, "page": bad}).status_code == 200


def test_the_units_below_with_their_own_rule_are_a_declared_table(world, login):
    client = login(world.admin)
    assert client.post(rules_url(world.commune_a), {"rule": "milestones"}).status_code == 302
    response = client.get(rules_url(world.province), {"sort": "-unit"})
    below = response.context["below"]
    assert [s.unit for s in below.object_list] == [world.commune_a]
    assert f'href="{rules_url(world.commune_a)}"' in response.content.decode()
    for bad in ("²", "abc", "-1", "9" * 30, "changed", "-pk"):
        page = client.get(rules_url(world.province), {"sort": bad, "page": bad})
        assert page.status_code == 200 and page.context["below"].object_list
