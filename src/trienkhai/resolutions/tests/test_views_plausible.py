"""Through the forms, in Vietnamese (the default): an upload that only starts like a PDF, a
number of the Central Committee registered by a commune, a date of 1900 — each a 400 with the
reason on the form and nothing written; a file's name is made harmless and not stored as given."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from trienkhai.resolutions.models import ObligationDocument

from .test_views_forms import resolution_data
from .test_views_support import build_world, database, error_messages, pdf_upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def post_refused(client, url, data) -> str:
    before = database()
    response = client.post(url, data)
    assert response.status_code == 400
    assert database() == before
    return error_messages(response)


def test_a_text_that_starts_like_a_pdf_is_refused_on_the_form(tree, client, media):
    client.force_login(tree.clerk_a)
    fake = pdf_upload("nghi-quyet.pdf", b"%PDF-1.4\ntext")
    errors = post_refused(
        client, reverse("resolutions:resolution-add"), {**resolution_data(), "document": fake}
    )
    assert escape("Tệp PDF này bị hỏng hoặc không phải PDF, không đọc được.") in errors
    assert stored(media) == []


def test_a_commune_cannot_register_a_number_of_the_centre(tree, client):
    client.force_login(tree.clerk_a)
    errors = post_refused(
        client, reverse("resolutions:resolution-add"), resolution_data(number="44-NQ/TW")
    )
    assert escape("44-NQ/TW là văn bản của Trung ương") in errors


def test_a_document_dated_1900_is_refused_on_the_form(tree, client):
    client.force_login(tree.clerk_a)
    errors = post_refused(
        client, reverse("resolutions:resolution-add"), resolution_data(issued_on="01/01/1900")
    )
    assert escape("01/01/1900 là trước ngày thành lập Đảng (03/02/1930)") in errors


def test_an_uploaded_name_is_made_harmless_and_the_file_stored_under_another(tree, client, media):
    world = build_world(tree)
    report = world.plan.obligations.get(unit=tree.commune_a)
    client.force_login(tree.clerk_a)
    before = set(stored(media))  # the world's official PDF
    name = "..\\..\\Báo cáo\u202efdp.exe"
    response = client.post(
        reverse("resolutions:obligation-detail", args=[report.pk]), {"file": pdf_upload(name)}
    )
    assert response.status_code == 302
    document = ObligationDocument.objects.get()
    assert document.original_name == "Báo cáofdp.exe.pdf"
    [path] = set(stored(media)) - before
    assert path.name == Path(document.file.name).name
    assert "Báo" not in path.name and path.suffix == ".pdf" and len(path.stem) == 32


def test_an_upload_refused_at_the_obligation_says_why_in_vietnamese(tree, client, media):
    world = build_world(tree)
    report = world.plan.obligations.get(unit=tree.commune_a)
    client.force_login(tree.clerk_a)
    before = stored(media)
    errors = post_refused(
        client,
        reverse("resolutions:obligation-detail", args=[report.pk]),
        {"file": pdf_upload("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * 300)},
    )
    assert escape("Tệp PDF này bị hỏng hoặc không phải PDF") in errors
    assert stored(media) == before
