"""The import pages as a clerk uses them, and as the sibling commune's clerk cannot."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trienkhai.imports.models import ImportBatch
from trienkhai.units.models import Person

from . import files

pytestmark = pytest.mark.django_db


def upload(client, unit, data=None):
    return client.post(
        reverse("imports:unit", args=[unit.pk]),
        {
            "kind": "people",
            "on_conflict": "skip",
            "file": SimpleUploadedFile("ds.xlsx", data or files.xlsx()),
        },
    )


def test_upload_preview_commit_and_undo(tree, login, django_capture_on_commit_callbacks):
    client = login(tree.clerk_a)
    response = upload(client, tree.commune_a)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(batch.get_absolute_url())
    assert page.status_code == 200
    assert "Họ và tên" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and Person.objects.count() == 5
    assert client.get(reverse("imports:progress", args=[batch.pk])).status_code == 200
    client.post(reverse("imports:undo", args=[batch.pk]))
    assert Person.objects.count() == 2


def test_the_mapping_is_corrected_on_the_page(tree, login):
    client = login(tree.clerk_a)
    upload(client, tree.commune_a)
    batch = ImportBatch.objects.get()
    response = client.post(
        reverse("imports:mapping", args=[batch.pk]),
        {
            "col_1": "full_name",
            "col_2": "birth",
            "col_5": "unit",
            "header_row": "4",
            "on_conflict": "update",
        },
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping == {"1": "full_name", "2": "birth", "5": "unit"}
    assert batch.on_conflict == "update"


def test_the_sibling_clerk_gets_404_everywhere(tree, login):
    upload(login(tree.clerk_a), tree.commune_a)
    batch = ImportBatch.objects.get()
    client = login(tree.clerk_b)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:commit", args=[batch.pk])).status_code == 404
    assert upload(client, tree.commune_a).status_code == 404
    assert Person.objects.count() == 2


def test_a_file_that_is_no_spreadsheet_is_refused_on_the_form(tree, login):
    response = upload(login(tree.clerk_a), tree.commune_a, b"%PDF-1.4\x00\x01binary")
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_the_blank_templates_are_read_back_by_the_mapping(tree, login):
    from trienkhai.imports import columns, reader

    client = login(tree.clerk_a)
    for kind in ("people", "units", "positions", "attendance"):
        response = client.get(reverse("imports:template", args=[kind]))
        assert response.status_code == 200
        sheet = reader.read(response.content)
        header = sheet.rows[columns.find_header(kind, sheet.rows)]
        assert set(columns.auto_mapping(kind, header).values()) == {
            f.name for f in columns.FIELDS[kind]
        }
    assert client.get(reverse("imports:template", args=["cats"])).status_code == 404


def test_the_detail_page_reads_in_a_bounded_number_of_queries(
    tree, login, django_assert_max_num_queries
):
    client = login(tree.clerk_a)
    rows = [[i, f"Nguyễn Văn {i}", "x", "Nam", "", "HL-A1", ""] for i in range(300)]
    upload(client, tree.commune_a, files.xlsx(rows))
    batch = ImportBatch.objects.get()
    with django_assert_max_num_queries(12):
        assert client.get(batch.get_absolute_url()).status_code == 200
