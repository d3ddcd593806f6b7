"""The scheduled work: the reminders due on a day (every app's scanners, ``kinds.scanner``),
the mails held by quiet hours, the daily digests. ``trienkhai remind`` (cron) and the task
``tasks.remind`` (the database worker) both call ``run``; running it twice, or in two
processes at once, sends nothing twice (the dedupe key, the mail and digest claims)."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from . import kinds, mail
from .services import send


@dataclass
class Run:
    day: datetime.date
    offered: dict[str, int] = field(default_factory=dict)  # scanner → rows offered
    mails: int = 0
    digests: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.offered.values())


def run(now: datetime.datetime | None = None) -> Run:
    now = now or timezone.now()
    started = time.perf_counter()
    result = Run(day=timezone.localtime(now).date())
    for name, scanner in kinds.scanners():
        with transaction.atomic():
            result.offered[name] = send(scanner(result.day), now=now)
    result.mails = mail.deliver_due(now)
    result.digests = mail.send_digests(now)
    result.seconds = time.perf_counter() - started
    return result
