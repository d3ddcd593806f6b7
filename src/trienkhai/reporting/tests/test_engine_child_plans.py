"""A commune's program written under its own plan (carrying out the province's) counts in
the province's figures for the province's plan."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from trienkhai.programs.tests.conftest import Builder, make_world
from trienkhai.reporting.engine import compute
from trienkhai.resolutions import services as plans

pytestmark = pytest.mark.django_db


def test_a_program_under_the_communes_own_plan_counts_for_the_province(tree):
    cache.clear()
    world = make_world(tree)
    build = Builder(world)
    child = plans.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        parent=world.plan,
        number="03-KH/ĐU",
        title="Kế hoạch của Đảng ủy xã",
        issued_on=world.plan.issued_on + datetime.timedelta(days=5),
    )
    child = plans.issue_plan(user=tree.head_a, plan=child)
    program = build.program(tree.commune_a, plan=child)
    build.task(program)
    build.task(program)
    build.adopt(program)
    day = program.first_approved_on

    province = compute(world.plan, tree.province, day)
    assert province.value("programs.written").numerator == 1
    assert province.value("programs.tasks").numerator == 2
    assert province.value("programs.units_issued").numerator == 1
    commune_b = compute(world.plan, tree.commune_b, day)
    assert commune_b.value("programs.written").numerator == 0
