"""Official reports of large subtrees, built in the background with Django's tasks framework.

``start_export(user=, plan=, unit=, fmt=, as_of=)`` records a ``ReportJob`` and enqueues
``run_export`` once the transaction commits; the job page polls the row until the file is
ready. The task reads everything it needs from the row (ids, not objects: a task's arguments
must be JSON), so it runs the same in any process — with the database-backed worker
DESIGN.md plans for, or with Django's default ``ImmediateBackend``, which runs it at once in
the request (the job page then shows the file ready on its first load). Settings name the
backend (``TASKS``); none is configured today, so Django's default applies.

Files are kept under ``MEDIA_ROOT/exports/``; a user's jobs older than ``KEEP`` are deleted
(rows and files) when the user starts a new one.
"""

from __future__ import annotations

import datetime
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from trienkhai.units.models import Unit

from ..models import ReportJob
from . import build, display_name, filename

log = logging.getLogger(__name__)
KEEP = datetime.timedelta(days=1)


def start_export(*, user, plan, unit, fmt: str, as_of: datetime.date) -> ReportJob:
    """Record the job and queue its task (the caller has scoped ``plan`` and ``unit``)."""
    forget_old_jobs(user)
    job = ReportJob.objects.create(
        user=user,
        plan=plan,
        unit=unit,
        format=fmt,
        as_of=as_of,
        language=translation.get_language() or "vi",
        units=Unit.objects.filter(path__prefix=unit.path).count(),
        filename=filename(plan, unit, fmt),
        display_name=display_name(plan, unit, fmt),
    )
    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


@task
def run_export(job_id: int) -> str:
    job = ReportJob.objects.select_related("plan", "unit").get(pk=job_id)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.RUNNING, started_at=timezone.now()
    )
    try:
        with translation.override(job.language):
            export = build(job.plan, job.unit, job.format, job.as_of)
    except Exception as exc:
        log.exception("Export %s failed", job.pk)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return ReportJob.Status.FAILED
    job.file.save(export.filename, ContentFile(export.content), save=False)
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJob.Status.DONE, finished_at=timezone.now(), file=job.file.name
    )
    return ReportJob.Status.DONE


def forget_old_jobs(user) -> None:
    old = ReportJob.objects.filter(user=user, created_at__lt=timezone.now() - KEEP)
    for job in old:
        if job.file:
            job.file.delete(save=False)
    old.delete()
