"""A recommendation accepted becomes a task of the addressee's adopted program (or a
follow-up item of its own), is reported done, verified and closed — or sent back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trienkhai.core.tests.matrix import adopted_program_of_commune_a
from trienkhai.inspections import services
from trienkhai.inspections.models import Recommendation

from .conftest import D, concluded, pdf

S = Recommendation.State


def test_accepting_puts_a_task_in_the_adopted_program_and_closing_follows_it(world, media):
    t = world.tree
    program = adopted_program_of_commune_a(t)
    rec = concluded(world).recommendations.get()
    with pytest.raises(PermissionDenied):
        services.accept(user=t.clerk_b, recommendation=rec)
    rec = services.accept(user=t.clerk_a, recommendation=rec, on=D(2026, 4, 5))
    assert rec.state == S.ACCEPTED
    assert rec.task.program == program and rec.task.title == rec.text
    assert rec.task.due_on == rec.due_on and rec.task.lead_unit == t.commune_a
    with pytest.raises(ValidationError):
        services.close(user=world.inspector_p, recommendation=rec)  # nothing reported yet
    services.report_done(
        user=t.clerk_a, recommendation=rec, report="Đã bổ sung.", evidence=pdf(), on=D(2026, 6, 1)
    )
    rec.task.refresh_from_db()
    assert rec.task.reported_status == "done"  # the task is reported done like any task
    with pytest.raises(PermissionDenied):
        services.close(user=t.head_a, recommendation=rec)  # the addressee does not verify itself
    rec = services.close(user=world.inspector_p, recommendation=rec, on=D(2026, 6, 3))
    assert rec.state == S.CLOSED and rec.standing(D(2026, 12, 31)) == "done_on_time"


def test_without_a_program_it_is_followed_as_an_item_of_its_own(world):
    rec = concluded(world).recommendations.get()
    rec = services.accept(user=world.tree.clerk_a, recommendation=rec)
    assert rec.state == S.ACCEPTED and rec.task is None


def test_sent_back_it_returns_to_the_addressee_with_why(world):
    t = world.tree
    rec = services.accept(user=t.clerk_a, recommendation=concluded(world).recommendations.get())
    services.report_done(user=t.clerk_a, recommendation=rec, report="Xong.", on=D(2026, 6, 1))
    rec = services.send_back(user=world.inspector_p, recommendation=rec, note="Chưa có minh chứng.")
    assert rec.state == S.ACCEPTED and rec.reported_on is None and rec.returned_note


def test_sent_back_the_task_it_became_is_no_longer_done(world, media):
    t = world.tree
    adopted_program_of_commune_a(t)
    rec = services.accept(user=t.clerk_a, recommendation=concluded(world).recommendations.get())
    services.report_done(user=t.clerk_a, recommendation=rec, report="Xong.", on=D(2026, 6, 1))
    rec.task.refresh_from_db()
    assert rec.task.reported_status == "done"
    services.send_back(user=world.inspector_p, recommendation=rec, note="Chưa có minh chứng.")
    rec.task.refresh_from_db()
    assert rec.task.reported_status == "on_track"
    narrative = rec.task.updates.get().narrative
    assert "Chưa có minh chứng." in narrative and narrative.startswith("Xong.")
    # Reported done again, it can be verified and closed.
    services.report_done(user=t.clerk_a, recommendation=rec, report="Đã bổ sung.", on=D(2026, 7, 1))
    rec = services.close(user=world.inspector_p, recommendation=rec, on=D(2026, 7, 2))
    rec.task.refresh_from_db()
    assert rec.state == S.CLOSED and rec.task.reported_status == "done"


def test_open_late_and_overdue(world):
    t = world.tree
    rec = concluded(world, due=D(2026, 5, 31)).recommendations.get()
    assert rec.standing(D(2026, 5, 31)) == "open"
    assert rec.standing(D(2026, 6, 1)) == "overdue"
    rec = services.accept(user=t.clerk_a, recommendation=rec)
    services.report_done(user=t.clerk_a, recommendation=rec, report="Xong.", on=D(2026, 6, 10))
    rec = services.close(user=world.inspector_p, recommendation=rec, on=D(2026, 6, 12))
    assert rec.standing(D(2026, 7, 1)) == "late"


def test_a_reinspection_is_scheduled_from_the_open_recommendations(world):
    inspection = concluded(world)
    again = services.schedule_reinspection(user=world.inspector_p, inspection=inspection)
    assert again.reinspection_of == inspection
    assert [x.unit for x in again.targets.all()] == [world.tree.commune_a]
