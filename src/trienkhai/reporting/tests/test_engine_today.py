"""As of today the engine reads what is kept for today — the study tallies, the latest report
copied on each task — and gives the numbers a live count gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trienkhai.reporting.engine import compute
from trienkhai.reporting.queries import Collector
from trienkhai.study import tallies

from .world import T, make_world

pytestmark = pytest.mark.django_db


def test_today_from_what_is_kept_equals_a_live_count(tree):
    world = make_world(tree)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as ctx:
        kept = compute(world.plan, tree.province, today)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "study_studytally" in sql and "reported_status" in sql
    with tallies.counted_live(), CaptureQueriesContext(connection) as ctx:
        live = compute(world.plan, tree.province, today)
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "study_studytally" not in sql and "reported_status" not in sql
    assert kept.total == live.total
    assert [n.numbers for n in kept.children] == [n.numbers for n in live.children]
    assert kept.total.programs.tasks > 0 and kept.total.programs.measurable > 0
    assert kept.total.study.members > 0


def test_the_sessions_owed_are_counted_apart_when_the_plan_asks_for_several(tree, monkeypatch):
    """With one study-session requirement the units owing it come with the obligations'
    counts; with several a unit owing two counts once, from a query of their own. Both ways
    give the same numbers for the world's plan."""
    world = make_world(tree)
    one = compute(world.plan, tree.province, T)
    counted = Collector.obligations

    def as_if_several(self):
        counted(self)
        self.session_units = None

    monkeypatch.setattr(Collector, "obligations", as_if_several)
    apart = compute(world.plan, tree.province, T)
    assert one.total.study.units_owing_session > 0
    assert one.total == apart.total
    assert [n.numbers for n in one.children] == [n.numbers for n in apart.children]
