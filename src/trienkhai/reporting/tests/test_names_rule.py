"""Names by one rule across screens (issue 12): the organisation (``Đảng bộ xã An Phú``) in
tables, trees, charts and headings about a subtree; the committee (``Tỉnh ủy Hòa Lâm``,
``Đảng ủy xã An Phú``) as the issuing body; people, not logins, wherever a user is named."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from trienkhai.core import audit
from trienkhai.programs.services import drafting
from trienkhai.reporting import exports
from trienkhai.units.models import Position

from .world import T

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    cache.clear()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def test_the_organisation_in_tables_and_the_committee_as_issuer_on_every_screen(world, tree, login):
    client = login(tree.admin)
    org, committee = "Đảng bộ xã An Phú", "Đảng ủy xã An Phú"
    assert tree.commune_a.name == committee  # the test tree names the commune by its committee
    assert (tree.commune_a.organisation_name, tree.commune_a.committee_name) == (org, committee)

    plan = page(client, reverse("resolutions:plan-detail", args=[world.plan.pk]))
    issued_by = re.search(r"Issued by</dt><dd>(.*?)</dd>", plan, re.S)
    assert issued_by and "Tỉnh ủy Hòa Lâm" in issued_by.group(1)
    assert org in plan and committee not in plan

    dashboard = page(
        client,
        reverse("reporting:dashboard", args=[world.plan.pk]) + "?as_of=" + T.strftime("%d/%m/%Y"),
    )
    assert org in dashboard and committee not in dashboard
    assert "Đảng bộ tỉnh Hòa Lâm" in dashboard and "Tỉnh ủy Hòa Lâm" not in dashboard
    # The pooled attainment is explained where it is shown.
    assert re.search(r"sum of the tasks’ attainments [\d.,]+ / \d+ measurable tasks", dashboard)

    # The programs list names who adopted each program: the committee.
    programs = page(client, reverse("programs:program-list"))
    assert committee in programs and org not in programs

    export = exports.build(world.plan, tree.province, "docx", T)
    doc = Document(io.BytesIO(export.content))
    head = [p.text for p in doc.tables[0].cell(0, 0).paragraphs]
    assert head[:2] == ["ĐẢNG BỘ TỈNH HÒA LÂM", "TỈNH ỦY"]
    cells = {c.text for table in doc.tables[1:] for row in table.rows for c in row.cells}
    assert org in cells and committee not in cells


@pytest.fixture
def deputy_secretary(tree):
    """clerk_b is Đặng Thị Bình, deputy secretary of the ward."""
    tree.person_b.user = tree.clerk_b
    tree.person_b.save()
    Position.objects.create(unit=tree.commune_b, person=tree.person_b, title="Phó Bí thư")
    return "Đặng Thị Bình, Phó Bí thư"


def test_no_page_shows_a_login_where_a_person_is_linked(world, tree, login, deputy_secretary):
    program = world.programs["P_B"]
    drafting.add_comment(user=tree.clerk_b, program=program, text="Cần bổ sung chỉ tiêu.")
    event = audit.record(user=tree.clerk_b, verb="change", obj=program, unit=tree.commune_b)

    client = login(tree.clerk_b)
    detail = page(client, program.get_absolute_url())
    assert deputy_secretary in detail  # the header and the comment
    assert detail.count(deputy_secretary) >= 2
    assert "clerk_b" not in detail

    client = login(tree.admin)
    log = page(client, reverse("audit"))
    assert deputy_secretary in log and ">clerk_b<" not in log
    one = page(client, reverse("audit-event", args=[event.pk]))
    assert deputy_secretary in one and "clerk_b" not in one


def test_a_user_without_a_person_is_named_by_their_full_name_then_their_login(tree):
    from trienkhai.core.people import display_name

    assert display_name(tree.clerk_a) == "clerk_a"
    tree.clerk_a.first_name, tree.clerk_a.last_name = "An", "Nguyễn"
    tree.clerk_a.save()
    assert display_name(type(tree.clerk_a).objects.get(pk=tree.clerk_a.pk)) == "An Nguyễn"
    assert display_name(None) == ""


def test_the_audit_log_names_people_in_a_bounded_number_of_queries(
    world, tree, login, deputy_secretary
):
    client = login(tree.admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit")).status_code == 200
        return len(ctx.captured_queries)

    audit.record(user=tree.clerk_b, verb="change", obj=tree.commune_b, unit=tree.commune_b)
    few = count()
    for _ in range(15):
        audit.record(user=tree.clerk_b, verb="change", obj=tree.commune_b, unit=tree.commune_b)
        audit.record(user=tree.head_a, verb="change", obj=tree.commune_a, unit=tree.commune_a)
    assert count() == few
