"""Every screen of resolutions and plans costs the same number of queries however many rows it
shows (rule 4): each test opens a page, grows its rows well past a page, and opens it again."""

from __future__ import annotations

import datetime
import itertools
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.resolutions import services
from trienkhai.units.models import Person, Position, Unit

from .test_views_support import (  # noqa: F401 (english, media_in_tmp: autouse fixtures)
    build_world,
    english,
    media_in_tmp,
    requirement,
)


@pytest.fixture(scope="module")
def shared_world(shared_tree, build_once):
    """Built once for the module: every test here asks for it (root conftest)."""
    return build_once("world", lambda: build_world(shared_tree))


@pytest.fixture
def world(shared_world, tree, own_copy, settings, shared_media):
    if shared_world is None:
        return build_world(tree)
    shutil.copytree(shared_media, settings.MEDIA_ROOT, dirs_exist_ok=True)  # its uploads
    return own_copy(shared_world)


D = datetime.date
_numbers = itertools.count(100)


def queries(client, url, params=None, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def assert_constant(client, url, grow, params=None, **headers) -> int:
    small = queries(client, url, params, **headers)
    grow()
    large = queries(client, url, params, **headers)
    assert large == small, f"{url}: {small} queries with few rows, {large} with many"
    return small


def add_cells(parent, count, with_heads=True):
    """``count`` party cells under ``parent``, each with a head."""
    cells = []
    for _ in range(count):
        n = next(_numbers)
        parent = Unit.objects.get(pk=parent.pk)
        cells.append(
            Unit.objects.add_child(
                parent,
                create_kwargs=dict(
                    name=f"Chi bộ số {n}", code=f"C{n}", kind="party_cell", level="grassroots"
                ),
            )
        )
    if with_heads:
        for cell in cells:
            person = Person.objects.create(unit=cell, full_name=f"Nguyễn Văn Số{cell.pk}")
            Position.objects.create(unit=cell, person=person, title="Bí thư", is_head=True)
    return cells


def grow_plan(w, per_commune=30):
    """Cells under both communes owe the plans' sessions; some did them late, most never."""
    tree = w.tree
    cells = add_cells(tree.commune_a, per_commune) + add_cells(tree.commune_b, per_commune)
    services.sync_obligations(w.plan)
    services.sync_obligations(w.plan_a)
    for cell in cells[::3]:
        services.record_evidence(
            unit=cell, plan=w.plan, kind="study_session", on=D(2026, 4, 10), evidence="x"
        )


def test_the_plan_page_of_the_province(world, client):
    client.force_login(world.tree.admin)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])

    def grow():
        grow_plan(world)
        services.update_plan(
            user=world.tree.admin, plan=world.plan, title="Đổi tên", reason="Sửa tên"
        )

    count = assert_constant(client, url, grow)
    assert count <= 30


def test_the_plan_page_drilled_down_to_a_commune(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    params = {"unit": world.tree.commune_a.pk}
    assert_constant(client, url, lambda: grow_plan(world, 60), params)


def test_the_plan_page_second_page_of_laggards(world, client):
    grow_plan(world, 30)
    client.force_login(world.tree.admin)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    assert_constant(client, url, lambda: grow_plan(world, 30), {"late_page": 2})


def test_a_draft_plan_page(world, client):
    tree = world.tree
    draft = services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="09-KH/ĐU",
        title="Nháp",
        issued_on=D(2026, 2, 1),
        parent=world.plan,
    )
    client.force_login(tree.clerk_a)
    url = reverse("resolutions:plan-detail", args=[draft.pk])

    def grow():
        services.update_plan(
            user=tree.clerk_a,
            plan=draft,
            requirements=[
                requirement("study_session", f"Việc {i}", ["party_cell"], D(2026, 3, 1))
                for i in range(60)
            ],
        )

    assert_constant(client, url, grow)


def test_the_obligation_list(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:obligation-list", args=[world.plan.pk])
    count = assert_constant(client, url, lambda: grow_plan(world, 60))
    assert count <= 15


def test_the_obligation_list_filtered(world, client):
    client.force_login(world.tree.admin)
    url = reverse("resolutions:obligation-list", args=[world.plan.pk])
    params = {"requirement": world.study.pk, "status": "behind", "unit": world.tree.province.pk}
    assert_constant(client, url, lambda: grow_plan(world, 60), params)


def test_a_requirement_page(world, client):
    client.force_login(world.tree.clerk_b)
    url = reverse("resolutions:requirement-detail", args=[world.study.pk])
    assert_constant(client, url, lambda: grow_plan(world, 60))


def test_the_inbox(world, client):
    tree = world.tree

    def grow():
        for i in range(3):
            plan = services.create_plan(
                user=tree.admin,
                unit=tree.province,
                number=f"{20 + i}-KH/TU",
                title=f"Kế hoạch {i}",
                issued_on=D(2026, 1, 10),
                requirements=[
                    requirement(
                        "study_session", f"Việc {i}.{j}", ["party_cell"], D(2026, 12, 31 - j)
                    )
                    for j in range(20)
                ],
            )
            services.issue_plan(user=tree.admin, plan=plan)

    client.force_login(tree.viewer_a)
    url = reverse("resolutions:inbox", args=[tree.cell_a.pk])
    count = assert_constant(client, url, grow)
    assert count <= 12


def test_the_resolution_list(world, client):
    tree = world.tree

    def grow():
        for i in range(60):
            services.register_resolution(
                user=tree.admin,
                unit=tree.province,
                kind="conclusion",
                number=f"{100 + i}-KL/TW",
                title=f"Kết luận số {i}",
                issuing_body="Bộ Chính trị",
                issued_on=D(2025, 1, 1),
            )

    client.force_login(tree.clerk_a)
    url = reverse("resolutions:resolution-list")
    assert_constant(client, url, grow)


def test_the_resolution_search(world, client):
    tree = world.tree

    def grow(count=60):
        for i in range(count):
            services.register_resolution(
                user=tree.clerk_a,
                unit=tree.commune_a,
                kind="resolution",
                number=f"{100 + i + count}-NQ/ĐU",
                title=f"Về xây dựng nông thôn mới {i}",
                issuing_body="Đảng ủy xã",
                issued_on=D(2025, 1, 1),
            )

    grow(1)
    client.force_login(tree.clerk_a)
    url = reverse("resolutions:resolution-list")
    assert_constant(client, url, grow, {"q": "nong thon"}, HX_Request="true")


def test_a_resolution_page(world, client):
    tree = world.tree

    def grow():
        for i in range(60):
            services.create_plan(
                user=tree.clerk_a,
                unit=tree.commune_a,
                number=f"{100 + i}-KH/ĐU",
                title=f"Kế hoạch {i}",
                issued_on=D(2026, 2, 1),
                resolutions=[world.resolution],
            )
        services.update_resolution(
            user=tree.admin,
            resolution=world.resolution,
            key_points=[(f"Điểm {i}", i % 3 == 0) for i in range(60)],
        )

    client.force_login(tree.clerk_a)
    url = reverse("resolutions:resolution-detail", args=[world.resolution.pk])
    assert_constant(client, url, grow)


def test_the_plan_list(world, client):
    tree = world.tree

    def grow():
        for i in range(60):
            services.create_plan(
                user=tree.clerk_a,
                unit=tree.commune_a,
                number=f"{100 + i}-KH/ĐU",
                title=f"Kế hoạch {i}",
                issued_on=D(2026, 2, 1),
                parent=world.plan,
                requirements=[],
            )

    client.force_login(tree.clerk_a)
    url = reverse("resolutions:plan-list")
    count = assert_constant(client, url, grow)
    assert count <= 10


def test_the_plan_form_with_a_parent(world, client):
    tree = world.tree

    def grow():
        services.update_plan(
            user=tree.admin,
            plan=world.plan,
            reason="Thêm việc",
            requirements=[
                {
                    "id": world.study.pk,
                    **requirement("study_session", "A", ["party_cell"], D(2026, 3, 31)),
                },
                *[
                    requirement("results_report", f"Báo cáo {i}", ["party_cell"], D(2026, 12, 1))
                    for i in range(40)
                ],
            ],
        )
        for i in range(30):
            services.register_resolution(
                user=tree.admin,
                unit=tree.province,
                kind="directive",
                number=f"{10 + i}-CT/TW",
                title=f"Chỉ thị {i}",
                issuing_body="Ban Bí thư",
                issued_on=D(2025, 1, 1),
            )

    client.force_login(tree.clerk_a)
    url = reverse("resolutions:plan-add")
    assert_constant(client, url, grow, {"parent": world.plan.pk})


def test_the_obligation_page(world, client):
    from trienkhai.resolutions.tests.test_views_support import pdf_upload

    tree = world.tree
    obligation = world.plan.obligations.get(unit=tree.commune_a)
    services.upload_report(user=tree.clerk_a, obligation=obligation, upload=pdf_upload())

    def grow():
        for i in range(60):
            services.upload_report(
                user=tree.clerk_a, obligation=obligation, upload=pdf_upload(f"bc-{i}.pdf")
            )

    client.force_login(tree.clerk_a)
    url = reverse("resolutions:obligation-detail", args=[obligation.pk])
    assert_constant(client, url, grow)
