"""The scheduled work under a controlled clock: an obligation reminded 7 days and 1 day before
its deadline, then weekly once overdue (the unit above told the first week), nothing once done;
a rerun or two workers racing never insert the same notification twice."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from trienkhai.notifications import reminders, services
from trienkhai.notifications.models import Notification
from trienkhai.resolutions.models import Obligation
from trienkhai.resolutions.notices import obligations_due

from .conftest import DUE, D, at, of

pytestmark = pytest.mark.django_db


def remind(day: datetime.date, hour: int = 6):
    return reminders.run(at(day, hour))


def test_seven_days_then_one_day_before_the_deadline(cell):
    remind(DUE - datetime.timedelta(days=8))
    assert not of(cell.clerk_a1, "obligation_due").exists()
    remind(DUE - datetime.timedelta(days=7))
    seven = of(cell.clerk_a1, "obligation_due").get()
    assert seven.occasion == f"7d:{DUE.isoformat()}"
    assert seven.target_id == cell.obligation.pk
    assert of(cell.head_a1, "obligation_due").count() == 1
    remind(DUE - datetime.timedelta(days=3))  # still "7 days": nothing new
    assert of(cell.clerk_a1, "obligation_due").count() == 1
    remind(DUE - datetime.timedelta(days=1))
    assert set(of(cell.clerk_a1, "obligation_due").values_list("occasion", flat=True)) == {
        f"7d:{DUE.isoformat()}",
        f"1d:{DUE.isoformat()}",
    }
    assert not of(cell.tree.clerk_b).exists()


def test_a_missed_day_is_caught_up(cell):
    remind(DUE - datetime.timedelta(days=5))  # the cron did not run 7 days before
    assert of(cell.clerk_a1, "obligation_due").get().occasion.startswith("7d:")


def test_overdue_weekly_and_the_head_above_told_the_first_week(cell):
    tree = cell.tree
    remind(DUE + datetime.timedelta(days=1))
    assert of(cell.clerk_a1, "obligation_overdue").get().occasion == f"late0:{DUE.isoformat()}"
    assert of(tree.head_a, "obligation_overdue").count() == 1  # the commune above the cell
    remind(DUE + datetime.timedelta(days=4))
    assert of(cell.clerk_a1, "obligation_overdue").count() == 1
    remind(DUE + datetime.timedelta(days=8))
    assert of(cell.clerk_a1, "obligation_overdue").count() == 2
    assert of(tree.head_a, "obligation_overdue").count() == 1  # only the first week
    assert not of(tree.clerk_b).exists()


def test_nothing_once_done(cell):
    Obligation.objects.filter(pk=cell.obligation.pk).update(
        fulfilled_on=DUE - datetime.timedelta(days=9)
    )
    remind(DUE - datetime.timedelta(days=1))
    remind(DUE + datetime.timedelta(days=1))
    assert not Notification.objects.filter(kind__startswith="obligation").exists()


def test_running_remind_twice_sends_nothing_twice(cell, capsys):
    first = remind(DUE - datetime.timedelta(days=1))
    count = Notification.objects.count()
    assert first.total >= 2
    remind(DUE - datetime.timedelta(days=1))
    assert Notification.objects.count() == count


def test_the_command_says_what_it_did_and_where_mails_go(cell, clock):
    clock(at(DUE - datetime.timedelta(days=1), 10))
    call_command("remind")
    call_command("remind")
    assert of(cell.clerk_a1, "obligation_due").count() == 1


def test_two_workers_racing_on_the_dedupe_key_insert_one_row(cell, monkeypatch):
    """The second worker resolves its recipients while the first inserts the same rows: its
    insert meets the unique key and is ignored (no error, no second row)."""
    day = DUE - datetime.timedelta(days=1)
    notices = list(obligations_due(day))
    real = services._recipients

    def the_other_worker_went_first(chunk):
        found = real(chunk)
        monkeypatch.setattr(services, "_recipients", real)
        services.send(notices, now=at(day))  # the other worker, in between
        return found

    monkeypatch.setattr(services, "_recipients", the_other_worker_went_first)
    services.send(notices, now=at(day))
    assert of(cell.clerk_a1, "obligation_due").count() == 1
    assert of(cell.head_a1, "obligation_due").count() == 1


def test_the_progress_report_is_reminded_in_the_last_week_of_the_quarter(tree):
    from trienkhai.core.tests.matrix import adopted_program_of_commune_a

    program = adopted_program_of_commune_a(tree)
    quarter_end = D(2026, 3, 31)
    reminders.run(at(quarter_end - datetime.timedelta(days=10)))
    assert not Notification.objects.filter(kind="progress_due").exists()
    reminders.run(at(quarter_end - datetime.timedelta(days=6)))
    notice = of(tree.clerk_a, "progress_due").get()
    assert notice.target_id == program.pk
    assert notice.params["tasks"] == 1 and notice.params["due"] == "31/03/2026"
    reminders.run(at(quarter_end - datetime.timedelta(days=2)))
    assert of(tree.clerk_a, "progress_due").count() == 1


def test_the_remind_task_does_the_same_work_on_the_tasks_framework(cell, clock):
    from trienkhai.notifications import tasks

    clock(at(DUE - datetime.timedelta(days=1), 10))
    result = tasks.remind.enqueue()  # the immediate backend (tests, demo): runs at once
    assert result.return_value >= 2
    assert of(cell.clerk_a1, "obligation_due").count() == 1
    assert tasks.remind.enqueue().return_value >= 2  # offered again, inserted once
    assert of(cell.clerk_a1, "obligation_due").count() == 1
    assert tasks.schedule() is False  # no worker to repeat it: cron's job
