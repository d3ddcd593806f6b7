"""The legal time limit by the conducting unit's level, and its one extension by a third."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trienkhai.inspections import services
from trienkhai.inspections.models import LEGAL_DAYS, legal_days, max_extension

from .conftest import START, D, prepare, signed


def test_the_limit_is_set_by_the_level():
    assert (LEGAL_DAYS["central"], LEGAL_DAYS["province"], LEGAL_DAYS["commune"]) == (60, 45, 20)
    assert legal_days("grassroots") == 20  # no shorter limit is written for a grassroots body
    assert (max_extension(60), max_extension(45), max_extension(20)) == (20, 15, 6)


def test_a_province_inspection_has_45_days_from_the_signed_decision(world):
    inspection = signed(world)
    assert inspection.limit_days == 45
    assert inspection.deadline == D(2026, 4, 16)
    assert inspection.days_left(D(2026, 4, 17)) == -1


def test_a_commune_inspection_has_20_days(world):
    t = world.tree
    inspection = prepare(world.inspector_a, t.commune_a, [t.cell_a])
    assert inspection.limit_days == 20
    assert inspection.deadline is None  # not signed: the clock has not started


def test_the_head_extends_once_by_at_most_a_third_with_a_reason(world):
    inspection = signed(world)
    with pytest.raises(ValidationError) as error:
        services.extend(user=world.head_p, inspection=inspection, days=16, reason="Nhiều đơn vị")
    assert "days" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.extend(user=world.head_p, inspection=inspection, days=10, reason=" ")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.extend(user=world.inspector_p, inspection=inspection, days=10, reason="Lý do")
    services.extend(user=world.head_p, inspection=inspection, days=15, reason="Nhiều đơn vị")
    inspection.refresh_from_db()
    assert inspection.deadline == START + (D(2026, 5, 1) - START)
    with pytest.raises(ValidationError):
        services.extend(user=world.head_p, inspection=inspection, days=1, reason="Lần hai")


def test_a_conclusion_after_the_deadline_is_late(world):
    inspection = signed(world)
    services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=world.tree.commune_a,
        kind="strength",
        severity="",
        text="Học tập nghiêm túc.",
    )
    services.submit_draft(user=world.inspector_p, inspection=inspection, conclusion="Tốt.")
    services.approve_conclusion(user=world.head_p, inspection=inspection, on=D(2026, 4, 20))
    inspection.refresh_from_db()
    assert inspection.within_limit is False
