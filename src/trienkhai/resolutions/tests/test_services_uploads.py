"""A results report uploaded against an obligation is its evidence: PDF or Word, checked by
content; only who may change the unit uploads; a cancelled obligation takes nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import services
from trienkhai.resolutions.models import Obligation, ObligationDocument
from trienkhai.tooling.testing import docx_bytes

from .test_services_builders import D, english, pdf, province_plan, refused, req

TODAY = D(2026, 3, 20)


def minimal_docx() -> bytes:
    return docx_bytes("Báo cáo kết quả")


def docx(name="bao-cao.docx", content=None):
    return SimpleUploadedFile(name, minimal_docx() if content is None else content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return tmp_path


@pytest.fixture
def obligation(tree):
    plan = province_plan(tree, req("results_report", "Báo cáo kết quả", kinds=["party_cell"]))
    return Obligation.objects.get(plan=plan, unit=tree.cell_a)


def upload(user, obligation, file):
    return services.upload_report(user=user, obligation=obligation, upload=file)


@pytest.mark.parametrize("file, kind", [(pdf("bao-cao.pdf"), "pdf"), (docx(), "docx")])
def test_a_report_is_accepted_and_marks_the_obligation_done_today(tree, obligation, file, kind):
    document = upload(tree.clerk_a, obligation, file)
    assert (document.content_type, document.uploaded_by, document.size) == (
        kind,
        tree.clerk_a,
        file.size,
    )
    assert document.original_name == file.name
    obligation.refresh_from_db()
    assert obligation.fulfilled_on == TODAY
    assert obligation.evidence.endswith(file.name)
    event = AuditEvent.objects.get(object_type="resolutions.obligationdocument")
    assert (event.actor, event.unit, event.after["file"]) == (tree.clerk_a, tree.cell_a, file.name)


def test_a_second_report_keeps_the_first_date(tree, obligation, monkeypatch):
    upload(tree.clerk_a, obligation, pdf())
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2026, 4, 2))
    upload(tree.clerk_a, obligation, docx())
    obligation.refresh_from_db()
    assert obligation.fulfilled_on == TODAY
    assert obligation.documents.count() == 2


def test_a_report_today_replaces_evidence_dated_later(tree, obligation):
    Obligation.objects.filter(pk=obligation.pk).update(fulfilled_on=D(2026, 4, 30))
    upload(tree.clerk_a, obligation, pdf())
    obligation.refresh_from_db()
    assert obligation.fulfilled_on == TODAY


@pytest.mark.parametrize(
    "file",
    [
        docx(content=b"Bao cao ket qua, chi la van ban thuong\n"),
        docx(content=b"PK\x03\x04 not really a zip at all"),
        SimpleUploadedFile("bao-cao.docx", b""),
        pdf("bao-cao.pdf", b"%PD not quite"),
    ],
)
def test_a_file_that_is_not_a_report_is_refused_and_nothing_is_saved(tree, obligation, media, file):
    with refused():
        upload(tree.clerk_a, obligation, file)
    obligation.refresh_from_db()
    assert obligation.fulfilled_on is None
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_zip_that_is_not_a_word_document_is_refused(tree, obligation):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    error = english(upload, tree.clerk_a, obligation, docx(content=buffer.getvalue()))
    assert error.message_dict["file"] == [
        "This file is not a PDF, DOCX document (its content says otherwise)."
    ]


def test_an_oversized_report_is_refused(tree, obligation, settings):
    settings.MAX_UPLOAD_MB = 1
    error = english(upload, tree.clerk_a, obligation, pdf(content=b"%PDF-1.4\n" + b"0" * 2**21))
    assert error.message_dict["file"] == ["The file is too large (2.0 MB); the limit is 1 MB."]
    assert not ObligationDocument.objects.exists()


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "nobody"])
def test_only_who_may_change_the_unit_uploads(tree, obligation, who):
    with refused(PermissionDenied):
        upload(getattr(tree, who), obligation, pdf())


def test_the_head_and_the_province_may_upload(tree, obligation):
    upload(tree.head_a, obligation, pdf())
    upload(tree.admin, obligation, pdf())
    assert obligation.documents.count() == 2


def test_a_cancelled_obligation_takes_no_report(tree, obligation):
    Obligation.objects.filter(pk=obligation.pk).update(cancelled=True)
    with refused():
        upload(tree.clerk_a, obligation, pdf())
    error = english(upload, tree.clerk_a, obligation, pdf())
    assert error.messages == ["This obligation was cancelled by a new version of the plan."]
