"""Fixtures of the notifications tests: a plan of commune A requiring a results report of its
cells by 31/03/2026 (``DUE``), issued by head_a; a clerk and a head on cell A itself
(``clerk_a1``, ``head_a1``), whom the cell's reminders reach; a controlled clock."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.core.models import User
from trienkhai.notifications.models import Notification
from trienkhai.resolutions import services as plan_services
from trienkhai.resolutions.models import Obligation, Plan
from trienkhai.tooling.testing import Tree, make_user

D = datetime.date
DUE = D(2026, 3, 31)
TZ = timezone.get_fixed_timezone(7 * 60)


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A moment of ``day`` in Vietnam's time."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@dataclass
class Cell:
    tree: Tree
    clerk_a1: User
    head_a1: User
    plan: Plan
    obligation: Obligation


def make_plan(tree: Tree, *, due: datetime.date = DUE) -> Plan:
    return plan_services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="05-KH/ĐU",
        title="Kế hoạch học tập",
        issued_on=D(2026, 1, 20),
        requirements=[
            {
                "kind": "results_report",
                "title": "Báo cáo kết quả",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": due,
            }
        ],
    )


@pytest.fixture
def cell(tree) -> Cell:
    clerk_a1 = make_user("clerk_a1", Role.CLERK, tree.cell_a)
    head_a1 = make_user("head_a1", Role.HEAD, tree.cell_a)
    clerk_a1.email, head_a1.email = "clerk_a1@example.vn", "head_a1@example.vn"
    User.objects.bulk_update([clerk_a1, head_a1], ["email"])
    plan = plan_services.issue_plan(user=tree.head_a, plan=make_plan(tree))
    return Cell(tree, clerk_a1, head_a1, plan, plan.obligations.get(unit=tree.cell_a))


def of(user, kind: str | None = None):
    rows = Notification.objects.filter(recipient=user)
    return rows.filter(kind=kind) if kind else rows


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` freezes ``timezone.now`` (and so ``localdate``) at ``moment``."""

    def freeze(moment: datetime.datetime) -> datetime.datetime:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze
