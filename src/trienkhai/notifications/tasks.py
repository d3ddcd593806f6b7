"""The notifications' background work on Django's tasks framework (``TRIENKHAI_TASKS``):
``deliver`` after a commit that left mails due, ``remind`` for the reminders and digests due
now. With the database worker (``trienkhai db_worker``), ``remind`` schedules its next run an
hour later (``schedule``), so the worker alone keeps the reminders going; ``trienkhai remind``
does the same work from cron."""

from __future__ import annotations

import datetime
import logging

from django.tasks import default_task_backend, task
from django.utils import timezone

log = logging.getLogger(__name__)
EVERY = datetime.timedelta(hours=1)


@task
def deliver() -> int:
    from .mail import deliver_due

    return deliver_due()


@task
def remind(repeat: bool = False) -> int:
    from .reminders import run

    done = run()
    if repeat:
        schedule()
    return done.total


def schedule(after: datetime.timedelta = EVERY) -> bool:
    """Enqueue the next ``remind`` (repeating) unless one is already waiting; only on a
    backend that can defer (the database worker)."""
    if not default_task_backend.supports_defer:
        return False
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the worker's package is a dependency
        return False
    waiting = DBTaskResult.objects.filter(task_path=remind.module_path, status="READY").exists()
    if waiting:
        return False
    remind.using(run_after=timezone.now() + after).enqueue(repeat=True)
    return True
