"""The export views: files sent with their names, scoping (a sibling gets 404), bad input a
400, and a large subtree made in the background with a page that polls until it is ready."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from trienkhai.reporting.models import ReportJob
from trienkhai.resolutions import services as plans

from .world import T

pytestmark = pytest.mark.django_db
AS_OF = T.strftime("%d/%m/%Y")


@pytest.fixture
def world(world, settings, tmp_path):
    """The reporting world (conftest), its exports written under a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return world


def url(plan, fmt, **params):
    base = reverse(f"reporting:export-{fmt}", args=[plan.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}?{query}" if query else base


def test_a_clerk_downloads_the_annex_of_their_commune(world, tree, client):
    client.force_login(tree.clerk_a)
    response = client.get(url(world.plan, "xlsx", unit=tree.commune_a.pk, as_of=AS_OF))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="phu-luc-12-KH-TU-xa-an-phu.xlsx"')
    assert "filename*=UTF-8''" + quote("Phụ lục 12-KH-TU Đảng ủy xã An Phú.xlsx", safe="") in (
        disposition
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == "ĐẢNG ỦY XÃ AN PHÚ"


def test_the_word_report_and_the_dashboard_buttons_url(world, tree, client):
    client.force_login(tree.clerk_a)
    response = client.get(
        reverse("reporting:export", args=[world.plan.pk]) + f"?format=docx&as_of={AS_OF}"
    )
    assert response.status_code == 200
    assert 'filename="bao-cao-12-KH-TU-xa-an-phu.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_the_sibling_clerk_gets_404(world, tree, client, fmt):
    client.force_login(tree.clerk_b)
    assert client.get(url(world.plan, fmt, unit=tree.commune_a.pk)).status_code == 404
    assert client.get(url(world.plan, fmt, unit=tree.cell_a.pk)).status_code == 404
    # Their own commune is fine.
    assert client.get(url(world.plan, fmt, unit=tree.commune_b.pk, as_of=AS_OF)).status_code == 200


def test_a_plan_of_the_sibling_commune_is_404(world, tree, client):
    local = plans.create_plan(
        user=tree.admin,
        unit=tree.commune_a,
        number="05-KH/ĐU",
        title="Kế hoạch của xã",
        issued_on=T,
        requirements=[
            {
                "kind": "results_report",
                "title": "Báo cáo",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": T,
            }
        ],
    )
    plans.issue_plan(user=tree.admin, plan=local)
    client.force_login(tree.clerk_b)
    assert client.get(url(local, "docx")).status_code == 404
    client.force_login(tree.nobody)
    assert client.get(url(world.plan, "docx")).status_code == 404


def test_anonymous_visitors_are_sent_to_login(world, client):
    response = client.get(url(world.plan, "xlsx"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "query, message",
    [
        ("format=pdf", "Choose the Excel"),
        ("format=xlsx&as_of=31/02/2025", "is not a day of the calendar"),
        ("format=xlsx&as_of=hôm qua", "dd/mm/yyyy"),
        ("format=xlsx&as_of=01/01/2999", "future"),
    ],
)
def test_bad_input_is_a_400_with_a_message(world, tree, client, query, message):
    client.force_login(tree.clerk_a)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reporting:export", args=[world.plan.pk]) + f"?{query}")
    assert response.status_code == 400
    assert any(message in str(e) for e in response.context["errors"])


@pytest.fixture
def background(settings):
    settings.EXPORT_BACKGROUND_UNITS = 2


def test_a_large_subtree_is_made_in_the_background(
    world, tree, client, background, django_capture_on_commit_callbacks
):
    client.force_login(tree.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(world.plan, "docx", unit=tree.commune_a.pk, as_of=AS_OF))
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reporting:export-job", args=[job.token])
    # Django's default ImmediateBackend ran the task at once.
    assert job.status == ReportJob.Status.DONE
    assert job.units == 3 and job.as_of == T and job.unit == tree.commune_a
    page = client.get(response.url)
    assert page.status_code == 200
    file_url = reverse("reporting:export-job-file", args=[job.token])
    assert file_url in page.content.decode()
    assert 'hx-trigger="every 2s"' not in page.content.decode()
    download = client.get(file_url)
    assert download.status_code == 200
    assert 'filename="bao-cao-12-KH-TU-xa-an-phu.docx"' in download["Content-Disposition"]
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]


def test_a_job_still_running_polls_and_only_its_owner_sees_it(world, tree, client):
    job = ReportJob.objects.create(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=world.plan,
        format="xlsx",
        as_of=T,
        units=3000,
        filename="x.xlsx",
    )
    client.force_login(tree.clerk_a)
    page = client.get(reverse("reporting:export-job", args=[job.token]))
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert "3.000" in page.content.decode()  # the size of the subtree, grouped
    fragment = client.get(
        reverse("reporting:export-job", args=[job.token]), headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert client.get(reverse("reporting:export-job-file", args=[job.token])).status_code == 404
    for other in (tree.clerk_b, tree.head_a):
        client.force_login(other)
        assert client.get(reverse("reporting:export-job", args=[job.token])).status_code == 404


def test_a_failed_job_says_so(
    world, tree, client, background, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("trienkhai.reporting.exports.jobs.build", boom)
    client.force_login(tree.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(world.plan, "xlsx", as_of=AS_OF))
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED
    assert "disk full" in job.error
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'class="error"' in page.content.decode()


def test_old_jobs_are_forgotten_when_a_new_one_starts(world, tree, client, background):
    old = ReportJob.objects.create(
        user=tree.clerk_a, unit=tree.commune_a, plan=world.plan, format="xlsx", as_of=T
    )
    ReportJob.objects.filter(pk=old.pk).update(
        created_at=old.created_at - datetime.timedelta(days=2)
    )
    client.force_login(tree.clerk_a)
    client.get(url(world.plan, "xlsx", as_of=AS_OF))
    assert list(ReportJob.objects.values_list("pk", flat=True)) != [old.pk]
    assert not ReportJob.objects.filter(pk=old.pk).exists()
