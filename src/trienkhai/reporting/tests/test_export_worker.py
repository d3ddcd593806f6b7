"""With the database backend, a large export waits in the queue until a worker runs it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from trienkhai.reporting.models import ReportJob

from .world import T, make_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings, tmp_path):
    """Django resets its task backends when ``TASKS`` changes (django/tasks/signals.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_BACKGROUND_UNITS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()


def test_the_job_waits_for_a_worker_then_its_file_is_ready(database_tasks, tree, client):
    world = make_world(tree)
    client.force_login(tree.clerk_a)
    url = reverse("reporting:export-xlsx", args=[world.plan.pk])
    response = client.get(f"{url}?unit={tree.commune_a.pk}&as_of={T:%d/%m/%Y}")
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ReportJob.Status.QUEUED  # queued: no worker has run yet
    page = client.get(response.url)
    assert 'hx-trigger="every 2s"' in page.content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE
    download = client.get(reverse("reporting:export-job-file", args=[job.token]))
    assert download.status_code == 200
