"""Preferences and e-mail: off, app, e-mail at once (in the person's language, held by quiet
hours), the daily digest (one mail, once a day, even with two workers), mandatory kinds."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail as outbox
from django.core.exceptions import ValidationError

from trienkhai.notifications import mail, services
from trienkhai.notifications.models import Digest, MailState, Notification, Preference
from trienkhai.resolutions.notices import OBLIGATION_DUE, OBLIGATION_OVERDUE

from .conftest import DUE, at, of

pytestmark = pytest.mark.django_db
DAY = DUE - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def plan_notices_left_out(cell):
    """The plan's issue told the cell's clerk and head (the digest): start without them."""
    Notification.objects.all().delete()


def choose(user, kind, channel):
    Preference.objects.update_or_create(user=user, kind=kind.key, defaults={"channel": channel})


def due_notices():
    from trienkhai.resolutions.notices import obligations_due

    return list(obligations_due(DAY))


def test_off_means_no_notification_and_app_means_no_mail(cell):
    choose(cell.clerk_a1, OBLIGATION_DUE, "off")
    choose(cell.head_a1, OBLIGATION_DUE, "app")
    services.send(due_notices(), now=at(DAY))
    assert not of(cell.clerk_a1).filter(kind="obligation_due").exists()
    assert of(cell.head_a1, "obligation_due").get().mail == MailState.NONE
    assert mail.deliver_due(at(DAY)) == 0 and mail.send_digests(at(DAY, 18)) == 0


def test_a_mandatory_kind_cannot_be_turned_off(cell):
    """The head must receive the overdue reminder: off becomes the app."""
    choose(cell.head_a1, OBLIGATION_OVERDUE, "off")
    from trienkhai.resolutions.notices import obligations_overdue

    services.send(list(obligations_overdue(DUE + datetime.timedelta(days=1))))
    assert of(cell.head_a1, "obligation_overdue").get().mail == MailState.NONE
    with pytest.raises(ValidationError):
        services.set_preferences(
            user=cell.head_a1,
            channels={"obligation_overdue": "off"},
            language="vi",
            quiet_from=None,
            quiet_to=None,
        )
    # the clerk's role need not: they may turn it off
    services.set_preferences(
        user=cell.clerk_a1,
        channels={"obligation_overdue": "off"},
        language="en",
        quiet_from=None,
        quiet_to=None,
    )


def test_email_at_once_in_the_persons_language(cell, settings):
    choose(cell.clerk_a1, OBLIGATION_DUE, "email")
    services.set_preferences(
        user=cell.clerk_a1, channels={}, language="en", quiet_from=None, quiet_to=None
    )
    outbox.outbox.clear()
    services.send(due_notices(), now=at(DAY))  # the commit hook: the task runs at once
    assert mail.deliver_due(at(DAY)) in (0, 1)
    sent = [m for m in outbox.outbox if m.to == ["clerk_a1@example.vn"]]
    assert len(sent) == 1
    assert "is due on 31/03/2026" in sent[0].subject  # English, as chosen
    assert settings.TRIENKHAI_SITE_URL + cell.obligation.get_absolute_url() in sent[0].body
    assert of(cell.clerk_a1, "obligation_due").get().mail == MailState.SENT
    assert mail.deliver_due(at(DAY)) == 0  # never twice


def test_vietnamese_by_default(cell):
    choose(cell.clerk_a1, OBLIGATION_DUE, "email")
    outbox.outbox.clear()
    services.send(due_notices(), now=at(DAY))
    mail.deliver_due(at(DAY))
    sent = [m for m in outbox.outbox if m.to == ["clerk_a1@example.vn"]]
    assert len(sent) == 1 and "hạn" in sent[0].subject.lower(), sent[0].subject


def test_quiet_hours_hold_mails_until_they_end(cell):
    choose(cell.clerk_a1, OBLIGATION_DUE, "email")
    services.set_preferences(
        user=cell.clerk_a1,
        channels={},
        language="vi",
        quiet_from=datetime.time(21, 0),
        quiet_to=datetime.time(7, 0),
    )
    services.send(due_notices(), now=at(DAY, 22))
    outbox.outbox.clear()
    assert mail.deliver_due(at(DAY, 23)) == 0
    assert mail.deliver_due(at(DAY + datetime.timedelta(days=1), 6, 59)) == 0
    assert mail.deliver_due(at(DAY + datetime.timedelta(days=1), 7, 0)) == 1
    assert [m.to for m in outbox.outbox] == [["clerk_a1@example.vn"]]


def test_the_daily_digest_is_one_mail_once_a_day(cell):
    choose(cell.clerk_a1, OBLIGATION_DUE, "digest")  # the default, said explicitly
    from trienkhai.resolutions.notices import obligations_due

    services.send(list(obligations_due(DUE - datetime.timedelta(days=7))), now=at(DAY, 6))
    services.send(list(obligations_due(DAY)), now=at(DAY, 6))
    outbox.outbox.clear()
    assert mail.send_digests(at(DAY, 6)) == 0  # before the digest hour
    assert mail.send_digests(at(DAY, 8)) == 2  # clerk_a1 and head_a1
    digest = next(m for m in outbox.outbox if m.to == ["clerk_a1@example.vn"])
    assert digest.body.count("/obligations/") == 2
    assert mail.send_digests(at(DAY, 9)) == 0  # one a day
    assert Digest.objects.get(user=cell.clerk_a1).count == 2
    assert not Notification.objects.filter(mail=MailState.DIGEST).exists()


def test_two_workers_send_one_digest(cell):
    services.send(due_notices(), now=at(DAY, 6))
    Digest.objects.create(user=cell.clerk_a1, day=DAY, claim="other")  # another worker's
    outbox.outbox.clear()
    assert mail.send_digests(at(DAY, 8)) == 1  # head_a1's only
    assert [m.to for m in outbox.outbox] == [["head_a1@example.vn"]]


def test_a_digest_leaves_out_what_its_reader_can_no_longer_open(cell):
    services.send(due_notices(), now=at(DAY, 6))
    from trienkhai.units.models import RoleAssignment

    RoleAssignment.objects.filter(user=cell.clerk_a1).delete()
    outbox.outbox.clear()
    mail.send_digests(at(DAY, 8))
    assert [m.to for m in outbox.outbox] == [["head_a1@example.vn"]]
    assert of(cell.clerk_a1, "obligation_due").get().mail == MailState.NONE
