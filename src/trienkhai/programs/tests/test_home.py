"""The home page says what awaits each person, most urgent first (issue 12): the head sees the
program waiting for approval, the clerk what the unit owes and the sessions to record, the
member their learning report, the province official the plans they follow — and nobody sees
another subtree's rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core import home
from trienkhai.core.access import Role
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Person

from .conftest import fresh

pytestmark = pytest.mark.django_db


def cards(response) -> dict[str, home.Card]:
    assert response.status_code == 200
    return {card.key: card for card in response.context["cards"]}


@pytest.fixture
def waiting(world, build, draft_a):
    """Commune A's program, in discussion: waiting for commune A's head."""
    services.open_discussion(user=world.clerk_a, program=draft_a)
    return fresh(draft_a)


def test_the_head_sees_the_program_waiting_for_approval_first(world, waiting, login):
    response = login(world.head_a).get(reverse("home"))

    found = cards(response)
    assert "approvals" in found
    assert [item.url for item in found["approvals"].items] == [waiting.get_absolute_url()]
    assert waiting.title in response.content.decode()
    # the province's head does not approve a commune's program: not on their home
    province = cards(login(world.head_p).get(reverse("home")))
    assert not province.get("approvals") or not province["approvals"].items


def test_the_sibling_communes_head_sees_nothing_of_commune_a(world, waiting, login):
    found = cards(login(world.head_b).get(reverse("home")))

    urls = [item.url for card in found.values() for item in card.items]
    assert waiting.get_absolute_url() not in urls
    assert all("An Phú" not in item.unit for card in found.values() for item in card.items)


def test_the_clerk_sees_what_the_unit_owes_with_the_days_left(world, waiting, login):
    found = cards(login(world.clerk_a).get(reverse("home")))

    assert "owed" in found  # the program obligation of the plan (due 31/03/2026)
    texts = [item.text for item in found["owed"].items]
    assert any(world.plan.number in text for text in texts)
    assert all(item.note for item in found["owed"].items)  # "quá hạn …" / "còn … ngày"


def test_a_flagged_copy_reaches_the_head(world, waiting, login):
    ActionProgram.objects.filter(pk=waiting.pk).update(copy_flagged=True, own_share=0.2)

    found = cards(login(world.head_a).get(reverse("home")))

    assert [item.url for item in found["copied"].items] == [waiting.get_absolute_url()]


def test_the_member_sees_their_own_study(world, login):
    user = make_user("hoa", Role.VIEWER, world.cell_a)
    Person.objects.filter(pk=world.tree.person_a.pk).update(user=user)

    found = cards(login(user).get(reverse("home")))

    assert "my-study" in found  # a card, even when nothing is owed: it says so


def test_the_province_official_follows_the_plan_with_its_figure(world, login):
    viewer = make_user("province_viewer", Role.VIEWER, world.province)

    found = cards(login(viewer).get(reverse("home")))

    plans = found["plans"].items
    assert plans and world.plan.number in plans[0].text
    assert "/" in plans[0].note  # done / owed (share)
    assert plans[0].url.startswith(reverse("reporting:dashboard", args=[world.plan.pk]))


def test_the_home_page_costs_a_bounded_number_of_queries(world, waiting, login):
    client = login(world.head_a)
    client.get(reverse("home"))  # warm: sessions, the user's roles
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    assert len(queries) <= 30, [q["sql"][:80] for q in queries]


def test_the_dashboard_is_one_click_from_the_menu(world, login):
    client = login(world.clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("reporting:index") in page

    response = client.get(reverse("reporting:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("reporting:dashboard", args=[world.plan.pk]))
    assert f"unit={world.commune_a.pk}" in response.url


def test_a_login_with_no_role_and_nothing_waiting_is_told_so(world, login):
    response = login(world.tree.nobody).get(reverse("home"))
    assert "core/no_role.html" in [t.name for t in response.templates]
