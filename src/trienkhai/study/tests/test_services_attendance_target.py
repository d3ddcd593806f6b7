"""The attendance target is checked for every unit a session covers — sibling cells of a
commune's session each on their own members — and for the plans above the session's plan."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Obligation
from trienkhai.study import services
from trienkhai.units import services as units

from .test_services_builders import make_study, person

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


def build_world(tree):
    study = make_study(tree)
    study.cell_a2 = units.create_unit(
        user=tree.admin,
        parent=tree.commune_a,
        name="Chi bộ thôn 2",
        code="HL-A2",
        kind="party_cell",
        level="grassroots",
    )
    study.ba = person(study.cell_a2, "Đỗ Văn Ba", "A201")
    study.tu = person(study.cell_a2, "Ngô Thị Tư", "A202")
    child = plans.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        parent=study.plan,
        number="03-KH/ĐU",
        title="Kế hoạch của Đảng ủy xã An Phú",
        issued_on=timezone.localdate() - 20 * DAY,
    )
    study.child = plans.issue_plan(user=tree.head_a, plan=child)
    return study


@pytest.fixture(scope="module")
def shared_world(shared_tree, build_once):
    """Built once when every database test here asks for it (root conftest)."""
    return build_once("world", lambda: build_world(shared_tree))


@pytest.fixture
def world(shared_world, tree, own_copy, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(tree) if shared_world is None else own_copy(shared_world)


def attendance_done(plan, unit) -> bool:
    obligation = Obligation.objects.get(plan=plan, unit=unit, requirement__kind="attendance")
    return obligation.fulfilled_on is not None


def test_a_communes_session_fulfils_each_cell_and_the_province_plan(world, tree):
    session = services.schedule_session(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=world.child,
        title="Hội nghị quán triệt của xã",
        starts_at=timezone.now() - DAY,
        mode="in_person",
    )
    # every eligible member of both cells and of the commune present
    services.mark_all_present_except(user=tree.clerk_a, session=session, reason="Sổ giấy")
    services.mark_held(user=tree.clerk_a, session=session)

    for cell in (tree.cell_a, world.cell_a2):
        assert attendance_done(world.child, cell), cell.code  # both siblings, not just one
        assert attendance_done(world.plan, cell), cell.code  # the province's plan too
    assert not attendance_done(world.plan, tree.cell_b)  # the other commune did nothing


def test_a_cell_below_the_target_is_not_fulfilled(world, tree):
    session = services.schedule_session(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=world.child,
        title="Hội nghị quán triệt của xã",
        starts_at=timezone.now() - DAY,
        mode="in_person",
    )
    services.mark_all_present_except(
        user=tree.clerk_a, session=session, absent=[world.tu.pk], reason="Sổ giấy"
    )
    services.mark_held(user=tree.clerk_a, session=session)

    assert attendance_done(world.plan, tree.cell_a)
    assert not attendance_done(world.plan, world.cell_a2)  # 1 of 2: below 95 %
