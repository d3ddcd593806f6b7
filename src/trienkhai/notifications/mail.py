"""E-mail: one mail per notification for those who chose it, one daily digest for the others.

Django's e-mail framework sends them (SMTP from ``TRIENKHAI_EMAIL_*``; without a host, files
under ``TRIENKHAI_DATA_DIR/mail/``). Each mail is in its recipient's language
(``Delivery.language``) and waits while their quiet hours last. Claims make it safe to run
twice at once: a notification is mailed by whoever turns its state from ``due`` to ``sent``
(one conditional UPDATE), a digest by whoever inserts the person's ``Digest`` of the day.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, mailers
from django.db.models import Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from . import kinds
from .models import Delivery, Digest, MailState, Notification
from .services import visible, visible_to_recipients

log = logging.getLogger(__name__)
#: The digest goes out from this local hour on (a cron every hour, or the worker's schedule).
DIGEST_HOUR = 7
#: The most lines of one digest; the rest wait for the next day's.
DIGEST_MOST = 200
#: People whose digests are claimed, built and sent together (one mail connection).
DIGEST_BATCH = 500


def quiet(delivery: Delivery | None, now: datetime.datetime) -> bool:
    """Whether ``now`` (local time) falls in the person's quiet hours (they may wrap midnight)."""
    if delivery is None or delivery.quiet_from is None or delivery.quiet_to is None:
        return False
    at = timezone.localtime(now).time()
    start, end = delivery.quiet_from, delivery.quiet_to
    if start <= end:
        return start <= at < end
    return at >= start or at < end


def _language(delivery: Delivery | None) -> str:
    language = delivery.language if delivery else settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def line(notification: Notification) -> dict[str, str]:
    """The notification's text and absolute link, in the active language."""
    kind = kinds.get(notification.kind)
    text = kind.render(notification.params) if kind else notification.kind
    return {"text": text, "url": f"{settings.TRIENKHAI_SITE_URL}{notification.url}"}


def _message(user: Any, subject: str, template: str, context: dict[str, Any]) -> EmailMessage:
    preferences_url = settings.TRIENKHAI_SITE_URL + reverse("notifications:preferences")
    body = render_to_string(template, {"user": user, "preferences_url": preferences_url, **context})
    return EmailMessage(subject, body, to=[user.email])


def _send(user: Any, subject: str, template: str, context: dict[str, Any]) -> None:
    _message(user, subject, template, context).send()


#: Ids of one ``IN (…)`` list: within SQLite's parameters of a statement (32,766 by default)
#: and PostgreSQL's 65,535 (server-side binding); the nation's digests are ~550,000 people.
IDS_PER_QUERY = 10_000


def _deliveries(user_ids: set[int]) -> dict[int, Delivery]:
    ids, found = sorted(user_ids), {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        part = ids[start : start + IDS_PER_QUERY]
        found.update({d.user_id: d for d in Delivery.objects.filter(user_id__in=part)})
    return found


def deliver_due(now: datetime.datetime | None = None) -> int:
    """Mail the notifications of those who chose e-mail at once, outside their quiet hours;
    returns how many mails went."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(mail=MailState.DUE)
        .order_by("recipient_id", "id")
        .values_list("pk", "recipient_id")
    )
    by_user: dict[int, list[int]] = defaultdict(list)
    for pk, user_id in due:
        by_user[user_id].append(pk)
    deliveries = _deliveries(set(by_user))
    users = get_user_model().objects.in_bulk(list(by_user))
    sent = 0
    for user_id, pks in by_user.items():
        user, delivery = users[user_id], deliveries.get(user_id)
        if quiet(delivery, now):
            continue
        rows = visible(Notification.objects.filter(pk__in=pks), user)
        hidden = Notification.objects.filter(pk__in=pks).exclude(pk__in=rows.values("pk"))
        hidden.update(mail=MailState.NONE)  # no longer theirs to open: not mailed
        for notification in rows:
            claimed = Notification.objects.filter(pk=notification.pk, mail=MailState.DUE).update(
                mail=MailState.SENT, emailed_at=now
            )
            if not claimed:
                continue  # another worker mailed it
            with translation.override(_language(delivery)):
                item = line(notification)
                subject = f"[trienkhai] {item['text']}"[:200]
                try:
                    _send(user, subject, "notifications/mail_one.txt", {"item": item})
                except Exception:  # the server refused: try again next time
                    log.exception("Mail of notification %s failed", notification.pk)
                    Notification.objects.filter(pk=notification.pk).update(
                        mail=MailState.DUE, emailed_at=None
                    )
                    continue
            sent += 1
    return sent


def send_digests(now: datetime.datetime | None = None) -> int:
    """One mail a day per person with notifications waiting for the digest, from
    ``DIGEST_HOUR`` on and outside their quiet hours; returns how many digests went.

    In batches of ``DIGEST_BATCH`` people: the batch's ``Digest`` rows of the day are inserted
    ignoring conflicts with this run's token, and only the people whose row carries it are
    this run's to mail (two workers never mail one person twice). Then one query for what the
    batch's people can still open (``_waiting``), one connection for its mails, and bulk
    updates."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return 0
    day = local.date()
    done = Digest.objects.filter(user_id=OuterRef("recipient_id"), day=day)  # its unique index
    user_ids = set(
        Notification.objects.filter(mail=MailState.DIGEST)
        .filter(~Exists(done))
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    deliveries = _deliveries(user_ids)
    waiting = sorted(u for u in user_ids if not quiet(deliveries.get(u), now))
    sent = 0
    for start in range(0, len(waiting), DIGEST_BATCH):
        sent += _digest_batch(waiting[start : start + DIGEST_BATCH], day, now, deliveries)
    return sent


def _waiting(user_ids: list[int], users: dict[int, Any]) -> dict[int, list[Notification]]:
    """Each person's notifications waiting for the digest that they can still open, newest
    first, ``DIGEST_MOST`` at most: one query for everyone (``visible_to_recipients``; a
    window numbers each person's rows), and ``visible`` for each superuser."""
    rows = Notification.objects.filter(mail=MailState.DIGEST)
    plain = [u for u in user_ids if not users[u].is_superuser]
    newest = [F("created_at").desc(), F("id").desc()]
    found: dict[int, list[Notification]] = defaultdict(list)
    ranked = (
        visible_to_recipients(rows.filter(recipient_id__in=plain))
        .annotate(rank=Window(RowNumber(), partition_by=[F("recipient_id")], order_by=newest))
        .filter(rank__lte=DIGEST_MOST)
        .order_by("recipient_id", *newest)
    )
    for notification in ranked:
        found[notification.recipient_id].append(notification)
    for user_id in user_ids:
        if users[user_id].is_superuser:
            mine = visible(rows.filter(recipient_id=user_id), users[user_id])
            found[user_id] = list(mine.order_by(*newest)[:DIGEST_MOST])
    return found


def _digest_batch(
    user_ids: list[int], day: datetime.date, now: datetime.datetime, deliveries: dict
) -> int:
    token = uuid.uuid4().hex
    Digest.objects.bulk_create(
        [Digest(user_id=u, day=day, claim=token) for u in user_ids], ignore_conflicts=True
    )
    claimed = list(
        Digest.objects.filter(day=day, claim=token, user_id__in=user_ids).values_list(
            "user_id", flat=True
        )
    )
    users = get_user_model().objects.in_bulk(claimed)
    waiting = _waiting(claimed, users)
    messages: list[EmailMessage] = []
    mailed: list[int] = []
    counts: dict[int, int] = {}
    empty: list[int] = []
    for user_id in claimed:
        user = users[user_id]
        items = waiting.get(user_id, [])
        if not items:
            empty.append(user_id)
            continue
        delivery = deliveries.get(user_id)
        with translation.override(_language(delivery)):
            lines = [line(n) for n in items]
            subject = ngettext(
                "[trienkhai] %(n)s notification today",
                "[trienkhai] %(n)s notifications today",
                len(lines),
            ) % {"n": len(lines)}
            messages.append(
                _message(user, subject, "notifications/mail_digest.txt", {"items": lines})
            )
        mailed.extend(n.pk for n in items)
        counts[user_id] = len(lines)
    if empty:  # nothing they can open now: not theirs to mail, today or later
        Notification.objects.filter(recipient_id__in=empty, mail=MailState.DIGEST).update(
            mail=MailState.NONE
        )
        Digest.objects.filter(day=day, claim=token, user_id__in=empty).delete()
    if not messages:
        return 0
    try:
        mailers.default.send_messages(messages)
    except Exception:  # the server refused: the next run tries again
        log.exception("Digests of %s people failed", len(messages))
        Digest.objects.filter(day=day, claim=token, sent_at__isnull=True).delete()
        return 0
    for start in range(0, len(mailed), 500):
        Notification.objects.filter(pk__in=mailed[start : start + 500]).update(
            mail=MailState.SENT, emailed_at=now
        )
    by_count: dict[int, list[int]] = defaultdict(list)
    for user_id, count in counts.items():
        by_count[count].append(user_id)
    for count, people in by_count.items():  # an UPDATE per distinct count (≤ DIGEST_MOST)
        Digest.objects.filter(day=day, claim=token, user_id__in=people).update(
            count=count, sent_at=now
        )
    return len(messages)


def where() -> str:
    """Where mails go, for ``trienkhai demo`` and ``remind`` to say (console English)."""
    mailers: dict[str, Any] = settings.MAILERS
    options = mailers.get("default", {}).get("OPTIONS", {})
    if "file_path" in options:
        return f"E-mails are written to files in {options['file_path']}"
    return f"E-mails are sent through {options.get('host', '?')}"
