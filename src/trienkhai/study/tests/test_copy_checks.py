"""The learning reports' copy check (``study/checks.py``): uploaded files read, a scan said to
have no text, the resolution's full text compared, the original credited, the state shown and
the check retried."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from trienkhai.core import textextract
from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent
from trienkhai.demo.documents import tiny_pdf
from trienkhai.resolutions import services as resolutions
from trienkhai.resolutions.models import Resolution
from trienkhai.study import checks, services, similarity
from trienkhai.study.models import CheckState, LearningReport
from trienkhai.tooling.testing import make_user

from .test_services_builders import KEY_POINTS
from .test_services_reports import OTHER_TEXT, TEXT, strip_marks

#: A part of the resolution's full text that nobody typed as a key point.
UNTYPED = [
    "Kiên quyết khắc phục tình trạng hình thức, chiếu lệ trong học tập, quán triệt nghị quyết "
    "ở các chi bộ.",
    "Mỗi cấp ủy phải xây dựng chương trình hành động sát với thực tiễn của địa phương mình.",
    "Đưa kết quả thực hiện nghị quyết vào đánh giá, xếp loại tổ chức đảng và đảng viên hằng năm.",
    "Huy động sức mạnh tổng hợp của cả hệ thống chính trị và nhân dân trong triển khai.",
]


@pytest.fixture
def study(study, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return study


def damaged_in_storage(monkeypatch, name="broken"):
    """Files named ``name…`` passed the upload's own checks (``core.uploads`` refuses a damaged
    PDF at the door) but cannot be read when the check runs: damaged in storage since."""
    real = textextract.extract

    def extract(handle, *args, **kwargs):
        if name in getattr(handle, "name", ""):
            return textextract.Extracted(None, textextract.UNREADABLE, error="damaged")
        return real(handle, *args, **kwargs)

    monkeypatch.setattr(checks.textextract, "extract", extract)


def readable_pdf(name="r.pdf", text=TEXT):
    return SimpleUploadedFile(name, tiny_pdf(similarity.sentences(text)))


def submit(study, person, text="", upload=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.submit_report(
            user=study.tree.clerk_a, plan=study.plan, person=person, text=text, upload=upload
        )
    report.refresh_from_db()
    return report


def docx_upload(text: str, name="bai-thu-hoach.docx") -> SimpleUploadedFile:
    document = docx.Document()
    for sentence in similarity.sentences(text):
        document.add_paragraph(sentence)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def register_pdf(study, lines):
    """The resolution's official PDF, registered through the service."""
    pdf = ContentFile(tiny_pdf(lines), name="nq.pdf")
    resolutions.update_resolution(user=study.tree.admin, resolution=study.resolution, document=pdf)


# --- uploads -----------------------------------------------------------------------------------


def test_an_uploaded_docx_is_read_and_checked_like_a_typed_report(study):
    original = submit(study, study.hoa, TEXT)
    copy = submit(study, study.an, upload=docx_upload(TEXT))

    assert copy.text == "" and copy.file_type == "docx"
    assert copy.check_state == CheckState.DONE
    assert copy.file_text.splitlines() == similarity.sentences(TEXT)
    assert copy.similarity == 1.0 and copy.similar_to_id == original.pk


def test_a_typed_report_copying_an_uploaded_one_is_caught(study):
    original = submit(study, study.hoa, upload=docx_upload(TEXT))
    copy = submit(study, study.an, strip_marks(TEXT))
    assert copy.similarity >= similarity.FLAG_AT and copy.similar_to_id == original.pk


def test_a_scanned_pdf_says_it_has_no_text_instead_of_passing_as_own(study, login):
    scan = SimpleUploadedFile("scan.pdf", tiny_pdf([]))
    report = submit(study, study.hoa, upload=scan)

    assert report.check_state == CheckState.NO_TEXT
    assert report.similarity is None
    page = login(study.secretary_a1).get(report.get_absolute_url()).content.decode()
    assert "no text to check" in page.lower() or "không có chữ" in page.lower()
    listing = login(study.secretary_a1).get(
        reverse("study:unit-reports", args=[study.tree.cell_a.pk])
    )
    assert "scan, no text" in listing.content.decode() or "bản quét" in listing.content.decode()


def test_a_damaged_file_fails_with_its_reason(study, monkeypatch):
    damaged_in_storage(monkeypatch, name="")  # every file
    report = submit(study, study.hoa, upload=readable_pdf())
    assert report.check_state == CheckState.FAILED
    assert report.check_error and report.similarity is None


# --- the resolution's full text ------------------------------------------------------------------


def test_a_copy_of_a_part_nobody_typed_as_a_key_point_is_caught(
    study, login, django_assert_max_num_queries
):
    register_pdf(study, [p for p, _new in KEY_POINTS] + UNTYPED)
    report = submit(study, study.hoa, "\n".join(UNTYPED))

    assert report.similar_to_resolution and report.similarity == 1.0
    study.resolution.refresh_from_db()
    assert study.resolution.full_text_state == textextract.OK  # read once, kept
    response = login(study.secretary_a1).get(report.get_absolute_url())
    assert response.context["flagged"]
    assert [full for _p, full in response.context["passages"]] == [True] * len(UNTYPED)
    assert "full text, not a key point" in response.content.decode() or "toàn văn" in (
        response.content.decode()
    )


def test_without_the_full_text_the_same_copy_would_pass(study):
    """The key points alone do not hold the untyped part: the full text is what catches it."""
    report = submit(study, study.hoa, "\n".join(UNTYPED))
    assert not report.similar_to_resolution and (report.similarity or 0) < similarity.FLAG_AT


def test_the_full_text_is_read_once_for_many_checks(study, monkeypatch):
    register_pdf(study, UNTYPED)
    calls = []
    real = textextract.extract
    monkeypatch.setattr(textextract, "extract", lambda f: calls.append(1) or real(f))
    submit(study, study.hoa, TEXT)
    submit(study, study.an, OTHER_TEXT)
    assert len(calls) == 1


def test_a_new_pdf_is_read_again(study):
    register_pdf(study, UNTYPED[:1])
    resolution = Resolution.objects.get(pk=study.resolution.pk)
    assert "hinh thuc" in resolutions.full_text(resolution).lower()
    register_pdf(study, UNTYPED[1:])
    resolution.refresh_from_db()
    assert resolution.full_text_state == ""
    assert "hinh thuc" not in resolutions.full_text(resolution).lower()


def test_a_scanned_resolution_pdf_leaves_the_key_points(study):
    register_pdf(study, [])
    report = submit(study, study.hoa, " ".join(p for p, _new in KEY_POINTS))
    study.resolution.refresh_from_db()
    assert study.resolution.full_text_state == textextract.NO_TEXT
    assert report.similar_to_resolution


# --- the original source ----------------------------------------------------------------------


def test_a_copy_of_a_copy_of_the_resolution_is_credited_to_the_resolution(study):
    register_pdf(study, UNTYPED)
    first = submit(study, study.hoa, "\n".join(UNTYPED))
    second = submit(study, study.an, strip_marks(first.text))

    assert first.similar_to_resolution
    assert second.similar_to_resolution and second.similar_to_id is None


def test_a_copy_of_a_copy_of_a_report_is_credited_to_the_first_report(study):
    original = submit(study, study.hoa, TEXT)
    copy = submit(study, study.an, TEXT.replace("tinh gọn", "tinh gon"))
    copy_of_copy = submit(study, study.cuong, strip_marks(copy.text))
    assert copy.similar_to_id == original.pk
    assert copy_of_copy.similar_to_id == original.pk


def test_an_original_is_not_a_copy_of_a_later_report(study, login):
    original = submit(study, study.hoa, TEXT)
    submit(study, study.an, TEXT)
    with TestCase.captureOnCommitCallbacks(execute=True):
        checks.retry(user=study.secretary_a1, report=original)
    original.refresh_from_db()
    assert original.check_state == CheckState.DONE
    assert original.similar_to_id is None and (original.similarity or 0) < similarity.FLAG_AT


# --- state and retry --------------------------------------------------------------------------


def test_the_check_waits_for_the_transaction_and_shows_it_is_running(study, login):
    report = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.hoa, text=TEXT
    )  # not committed: the task has not run
    assert report.check_state == CheckState.PENDING
    page = login(study.secretary_a1).get(report.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 3s"' in page
    assert "Check again" not in page and "Kiểm tra lại" not in page


def test_a_reviewer_retries_a_failed_check_and_it_is_audited(study, login, monkeypatch):
    damaged_in_storage(monkeypatch, name="")
    report = submit(study, study.hoa, upload=readable_pdf())
    assert report.check_state == CheckState.FAILED
    monkeypatch.undo()
    # The file is replaced in storage by a readable one (an administrator's repair).
    report.file.save("r.pdf", ContentFile(tiny_pdf(similarity.sentences(TEXT))), save=True)

    client = login(study.secretary_a1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("study:report-check", args=[report.pk]))

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.check_state == CheckState.DONE and "Qua hoc tap" in report.file_text
    event = AuditEvent.objects.filter(object_id=str(report.pk)).latest("id")
    assert event.before["check_state"] == "failed" and event.actor_id == study.secretary_a1.pk


def test_a_sibling_unit_s_head_and_a_clerk_cannot_retry(study, login):
    report = submit(study, study.hoa, TEXT)
    head_b = make_user("head_b", Role.HEAD, study.tree.commune_b)
    before = AuditEvent.objects.count()
    for user in (head_b, study.tree.clerk_b, study.tree.clerk_a):
        response = login(user).post(reverse("study:report-check", args=[report.pk]))
        assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    assert LearningReport.objects.get(pk=report.pk).check_state == CheckState.DONE


def test_check_all_checks_reports_written_in_bulk(study, django_assert_max_num_queries):
    rows = []
    for person, text in (
        (study.hoa, TEXT),
        (study.an, strip_marks(TEXT)),
        (study.cuong, OTHER_TEXT),
    ):
        rows.append(
            services.submit_report(
                user=study.tree.clerk_a, plan=study.plan, person=person, text=text
            )
        )  # their checks never ran: pending
    reports = LearningReport.objects.filter(pk__in=[r.pk for r in rows])
    assert set(reports.values_list("check_state", flat=True)) == {CheckState.PENDING}

    assert checks.check_all(reports) == 3

    states = dict(reports.values_list("person_id", "check_state"))
    assert set(states.values()) == {CheckState.DONE}
    assert LearningReport.objects.get(person=study.an).similar_to_id == rows[0].pk


@pytest.mark.django_db(transaction=True)
def test_with_the_database_worker_the_check_waits_in_the_queue(tree, settings, tmp_path):
    """``TRIENKHAI_TASKS=database``: the report shows "being checked" until a worker runs."""
    from django.core.cache import cache
    from django.core.management import call_command

    from .test_services_builders import make_study

    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    world = make_study(tree)
    report = services.submit_report(
        user=tree.clerk_a, plan=world.plan, person=world.hoa, upload=docx_upload(TEXT)
    )
    report.refresh_from_db()
    assert report.check_state == CheckState.PENDING and report.file_text == ""

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    report.refresh_from_db()
    assert report.check_state == CheckState.DONE and report.checked_at is not None
    assert report.file_text.startswith("Qua học tập")


def test_a_check_reads_a_bounded_number_of_queries(study):
    """The same queries whatever the number of reports compared with (one for them all)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register_pdf(study, UNTYPED)
    submit(study, study.hoa, TEXT)
    first = LearningReport.objects.select_related("plan", "unit").get(person=study.hoa)
    with CaptureQueriesContext(connection) as few:
        checks.check(first)
    for person, text in ((study.an, OTHER_TEXT), (study.cuong, strip_marks(TEXT))):
        submit(study, person, text)
    last = LearningReport.objects.select_related("plan", "unit").get(person=study.cuong)
    with CaptureQueriesContext(connection) as more:
        checks.check(last)
    # the unit's parent, the resolutions and their key points, the other reports, the UPDATE
    assert len(more) == len(few) <= 5


def test_check_all_says_which_files_have_no_text_or_cannot_be_read(study, monkeypatch):
    scan = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.hoa,
        upload=SimpleUploadedFile("s.pdf", tiny_pdf([])),
    )  # fmt: skip
    broken = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.an,
        upload=readable_pdf("b.pdf"),
    )  # fmt: skip
    damaged_in_storage(monkeypatch, name=broken.file.name)
    upload = services.submit_report(
        user=study.tree.clerk_a, plan=study.plan, person=study.cuong, upload=docx_upload(TEXT)
    )
    assert checks.check_all(LearningReport.objects.all()) == 3
    states = dict(LearningReport.objects.values_list("pk", "check_state"))
    assert states == {
        scan.pk: CheckState.NO_TEXT,
        broken.pk: CheckState.FAILED,
        upload.pk: CheckState.DONE,
    }
    assert LearningReport.objects.get(pk=broken.pk).check_error
