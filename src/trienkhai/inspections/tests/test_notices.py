"""What inspection notifies (issue 15), under a controlled clock: the decision signed to the
target unit, the self-report to the inspectors, the conclusion and its recommendations to the
addressee, the reminders of a recommendation's deadline (7 days, 1 day, overdue weekly with
the head above told the first week) and of an inspection's time limit, reruns of
``trienkhai remind`` sending nothing twice; the sibling commune's people never told."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.inspections import services
from trienkhai.inspections.models import Recommendation
from trienkhai.notifications import reminders
from trienkhai.notifications.models import Notification
from trienkhai.notifications.services import mine
from trienkhai.tooling.testing import make_user

from .conftest import DUE, START, D, concluded, pdf, signed

pytestmark = pytest.mark.django_db
TZ = timezone.get_fixed_timezone(7 * 60)


def at(day: datetime.date, hour: int = 6) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def of(user, kind: str | None = None):
    rows = Notification.objects.filter(recipient=user)
    return rows.filter(kind=kind) if kind else rows


@pytest.fixture
def now(monkeypatch):
    """``now(day)`` freezes the clock (``timezone.now`` and so ``localdate``) on ``day``."""

    def freeze(day: datetime.date, hour: int = 9) -> datetime.datetime:
        moment = at(day, hour)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return freeze


def test_a_signed_decision_tells_the_target_units_clerks_and_head(world, now):
    now(START)
    t = world.tree
    inspection = signed(world)
    for user in (t.clerk_a, t.head_a):
        row = of(user, "inspection_decision").get()
        assert row.target_id == inspection.pk and row.unit_id == t.commune_a.pk
        assert row.params["number"] == "15-QĐ/UBKT"
        assert mine(user).filter(pk=row.pk).exists()  # they can open it
    assert not of(world.head_p).exists()  # the signer is not told of their own act
    assert not of(t.clerk_b).exists()


def test_a_self_report_tells_the_conducting_inspectors(world, now, media):
    now(START)
    t = world.tree
    inspection = signed(world)
    services.upload_self_report(user=t.clerk_a, target=inspection.targets.get(), upload=pdf())
    row = of(world.inspector_p, "inspection_self_report").get()
    assert row.params["unit"] == t.commune_a.name
    assert not of(world.inspector_a, "inspection_self_report").exists()  # the target's own
    assert not of(t.clerk_b).exists()


def test_the_conclusion_tells_the_target_head_and_the_addressee(world, now):
    now(START)
    t = world.tree
    inspection = concluded(world)
    assert of(t.head_a, "inspection_concluded").get().target_id == inspection.pk
    assert not of(t.clerk_a, "inspection_concluded").exists()
    rec = inspection.recommendations.get()
    for user in (t.clerk_a, t.head_a):
        row = of(user, "recommendation_addressed").get()
        assert row.target_id == rec.pk and row.params["due"] == "30/06/2026"
    assert not of(t.clerk_b).exists()


def test_nothing_is_addressed_before_the_head_approves(world, now):
    now(START)
    t = world.tree
    inspection = signed(world)
    services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=t.commune_a,
        kind="shortcoming",
        severity="minor",
        text="Chưa đủ.",
    )
    services.add_recommendation(
        user=world.inspector_p, inspection=inspection, unit=t.commune_a, text="Bổ sung.", due_on=DUE
    )
    assert not Notification.objects.filter(kind="recommendation_addressed").exists()


def test_reported_done_tells_the_inspectors_and_sent_back_tells_the_addressee(world, now, media):
    now(START)
    t = world.tree
    rec = concluded(world).recommendations.get()
    services.accept(user=t.clerk_a, recommendation=rec)
    services.report_done(user=t.clerk_a, recommendation=rec, report="Đã bổ sung.", evidence=pdf())
    assert of(world.inspector_p, "recommendation_reported").get().target_id == rec.pk
    assert not of(t.clerk_b).exists()
    services.send_back(user=world.inspector_p, recommendation=rec, note="Thiếu minh chứng.")
    for user in (t.clerk_a, t.head_a):
        row = of(user, "recommendation_returned").get()
        assert row.params["note"] == "Thiếu minh chứng."
    services.report_done(user=t.clerk_a, recommendation=rec, report="Đã bổ sung đủ.")
    assert of(world.inspector_p, "recommendation_reported").count() == 2  # reported again
    assert not of(t.clerk_b).exists()


def remind(day: datetime.date):
    return reminders.run(at(day))


def test_a_recommendation_is_reminded_7_days_then_1_day_before_its_deadline(world, now):
    now(START)
    t = world.tree
    concluded(world)
    remind(DUE - datetime.timedelta(days=8))
    assert not of(t.clerk_a, "recommendation_due").exists()
    remind(DUE - datetime.timedelta(days=7))
    remind(DUE - datetime.timedelta(days=3))  # still "7 days": nothing new
    assert of(t.clerk_a, "recommendation_due").get().occasion == f"7d:{DUE.isoformat()}"
    assert of(t.head_a, "recommendation_due").count() == 1
    remind(DUE - datetime.timedelta(days=1))
    assert set(of(t.clerk_a, "recommendation_due").values_list("occasion", flat=True)) == {
        f"7d:{DUE.isoformat()}",
        f"1d:{DUE.isoformat()}",
    }
    assert not of(t.clerk_b).exists()


def test_overdue_weekly_and_the_level_above_told_the_first_week(world, now):
    now(START)
    t = world.tree
    concluded(world)
    remind(DUE + datetime.timedelta(days=1))
    assert of(t.clerk_a, "recommendation_overdue").get().occasion == f"late0:{DUE.isoformat()}"
    assert of(world.head_p, "recommendation_overdue").count() == 1  # the province above
    remind(DUE + datetime.timedelta(days=4))
    assert of(t.clerk_a, "recommendation_overdue").count() == 1
    remind(DUE + datetime.timedelta(days=8))
    assert of(t.clerk_a, "recommendation_overdue").count() == 2
    assert of(world.head_p, "recommendation_overdue").count() == 1  # only the first week
    assert not of(t.clerk_b).exists()


def test_nothing_once_reported_done(world, now, media):
    now(START)
    t = world.tree
    rec = concluded(world).recommendations.get()
    services.accept(user=t.clerk_a, recommendation=rec)
    services.report_done(user=t.clerk_a, recommendation=rec, report="Đã bổ sung.")
    assert Recommendation.objects.get(pk=rec.pk).state == Recommendation.State.REPORTED
    remind(DUE - datetime.timedelta(days=1))
    remind(DUE + datetime.timedelta(days=1))
    assert not Notification.objects.filter(
        kind__in=("recommendation_due", "recommendation_overdue")
    )


def test_rerunning_remind_sends_nothing_twice(world, now):
    now(START)
    concluded(world)
    now(DUE + datetime.timedelta(days=1), 10)
    call_command("remind")
    count = Notification.objects.count()
    call_command("remind")
    assert Notification.objects.count() == count
    assert of(world.tree.clerk_a, "recommendation_overdue").count() == 1


def test_an_inspection_near_its_time_limit_tells_the_inspectors_and_head(world, now):
    now(START)
    t = world.tree
    inspector_b = make_user("inspector_b", Role.INSPECTOR, t.commune_b)
    inspection = signed(world)  # 45 days: to conclude by 16/04/2026
    deadline = D(2026, 4, 16)
    remind(deadline - datetime.timedelta(days=6))
    assert not Notification.objects.filter(kind="inspection_time_limit").exists()
    remind(deadline - datetime.timedelta(days=5))
    remind(deadline - datetime.timedelta(days=3))
    for user in (world.inspector_p, world.head_p):
        row = of(user, "inspection_time_limit").get()
        assert row.target_id == inspection.pk and row.occasion == f"5d:{deadline.isoformat()}"
    remind(deadline - datetime.timedelta(days=1))
    remind(deadline + datetime.timedelta(days=1))
    remind(deadline + datetime.timedelta(days=2))
    assert set(
        of(world.inspector_p, "inspection_time_limit").values_list("occasion", flat=True)
    ) == {
        f"5d:{deadline.isoformat()}",
        f"1d:{deadline.isoformat()}",
        f"late:{deadline.isoformat()}",
    }
    assert not of(t.clerk_a, "inspection_time_limit").exists()  # the target is not the one
    assert not of(inspector_b).exists() and not of(t.clerk_b).exists()


def test_an_extension_is_reminded_again_and_a_conclusion_stops_it(world, now):
    now(START)
    inspection = signed(world)
    deadline = D(2026, 4, 16)
    remind(deadline - datetime.timedelta(days=1))
    services.extend(user=world.head_p, inspection=inspection, days=10, reason="Nhiều đơn vị")
    later = deadline + datetime.timedelta(days=10)
    remind(later - datetime.timedelta(days=4))
    rows = of(world.inspector_p, "inspection_time_limit")
    assert rows.get(occasion=f"5d:{later.isoformat()}").params["deadline"] == "26/04/2026"
    assert rows.count() == 2
    services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=world.tree.commune_a,
        kind="strength",
        severity="",
        text="Tốt.",
    )
    services.submit_draft(user=world.inspector_p, inspection=inspection, conclusion="Tốt.")
    services.approve_conclusion(user=world.head_p, inspection=inspection, on=later)
    remind(later - datetime.timedelta(days=1))
    remind(later + datetime.timedelta(days=1))
    assert rows.count() == 2


def test_a_sibling_inspector_cannot_open_what_the_province_was_told(world, now):
    now(START)
    t = world.tree
    inspector_b = make_user("inspector_b", Role.INSPECTOR, t.commune_b)
    concluded(world)
    remind(DUE + datetime.timedelta(days=1))
    assert not of(inspector_b).exists()
    assert not mine(t.clerk_b).exists()


def test_every_notification_reads_in_vietnamese_and_english(world, now, media):
    from django.utils import translation

    from trienkhai.notifications import kinds

    now(START)
    t = world.tree
    rec = concluded(world).recommendations.get()
    services.accept(user=t.clerk_a, recommendation=rec)
    services.report_done(user=t.clerk_a, recommendation=rec, report="Đã bổ sung.")
    services.send_back(user=world.inspector_p, recommendation=rec, note="Thiếu minh chứng.")
    remind(DUE - datetime.timedelta(days=1))
    remind(DUE + datetime.timedelta(days=1))
    seen = set()
    for row in Notification.objects.exclude(kind="plan_issued"):
        kind = kinds.get(row.kind)
        seen.add(row.kind)
        with translation.override("vi"):
            vi = kind.render(row.params)
        with translation.override("en"):
            en = kind.render(row.params)
        assert vi != en and vi != str(kind.title), row.kind
    assert {"inspection_decision", "recommendation_returned", "recommendation_overdue"} <= seen
