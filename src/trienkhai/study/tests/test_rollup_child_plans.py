"""A commune studies under its own plan (carrying out the province's): the province's figures
for its plan count those sessions, attendances and reports, as do the rows behind them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Plan
from trienkhai.study import rollup, rows, services

from .test_services_builders import make_study

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


def build_world(tree):
    study = make_study(tree)
    child = plans.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        parent=study.plan,
        number="03-KH/ĐU",
        title="Kế hoạch của Đảng ủy xã An Phú",
        issued_on=timezone.localdate() - 20 * DAY,
    )
    study.child = plans.issue_plan(user=tree.head_a, plan=child)
    session = services.schedule_session(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=study.child,
        title="Hội nghị quán triệt của xã",
        starts_at=timezone.now() - 2 * DAY,
        mode="in_person",
    )
    services.mark_held(user=tree.clerk_a, session=session)
    for who in (study.an, study.hoa):
        services.mark_attendance(
            user=tree.clerk_a, session=session, person=who, status="present", reason="Sổ giấy"
        )
    services.submit_report(
        user=tree.clerk_a,
        plan=study.child,
        person=study.an,
        text="Qua học tập, tôi nhận thức rõ hơn yêu cầu đổi mới, sắp xếp tổ chức bộ máy.",
    )
    study.session = session
    return study


@pytest.fixture(scope="module")
def shared_world(shared_tree, build_once):
    """Built once when every database test here asks for it (root conftest)."""
    return build_once("world", lambda: build_world(shared_tree))


@pytest.fixture
def world(shared_world, tree, own_copy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(tree) if shared_world is None else own_copy(shared_world)


def test_the_plans_carrying_out_a_plan(world):
    assert Plan.objects.carrying_out(world.plan) == sorted([world.plan.pk, world.child.pk])
    assert Plan.objects.carrying_out(world.child) == [world.child.pk]


def test_the_province_counts_what_the_commune_did_under_its_own_plan(world, tree):
    province = rollup.study_numbers(world.plan, tree.province)
    assert province.sessions_held == 1
    assert province.attended >= 2
    assert province.reports_submitted == 1
    # the commune's own plan sees the same rows
    commune = rollup.study_numbers(world.child, tree.commune_a)
    assert commune.sessions_held == 1 and commune.reports_submitted == 1


def test_the_rows_behind_the_numbers_agree(world, tree):
    assert list(rows.held_sessions(world.plan, tree.province)) == [world.session]
    attended = rows.attended_people(world.plan, tree.province)
    assert {world.an, world.hoa} <= set(attended)
    assert [r.person for r in rows.submitted_reports(world.plan, tree.province)] == [world.an]
    assert world.an not in set(rows.missing_report_people(world.plan, tree.province))


def test_the_other_commune_sees_none_of_it(world, tree):
    assert rollup.study_numbers(world.plan, tree.commune_b).sessions_held == 0
