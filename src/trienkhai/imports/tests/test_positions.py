"""Positions from a spreadsheet, through ``set_position``: the person found by card or name,
a new head ending the former head's term, two heads in the file refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.imports import services
from trienkhai.units.models import Position

from . import files

pytestmark = pytest.mark.django_db
HEADER = ["STT", "Họ và tên", "Số thẻ đảng viên", "Đơn vị", "Chức vụ", "Người đứng đầu"]


def start(tree, rows):
    return services.start_import(
        user=tree.clerk_a,
        unit=tree.commune_a,
        kind="positions",
        upload=SimpleUploadedFile("cv.xlsx", files.xlsx(rows, HEADER)),
    )


def test_positions_are_set_and_a_rerun_changes_nothing(tree):
    rows = [
        [1, "", "A001", "HL-A1", "Bí thư chi bộ", "x"],
        [2, "Nguyễn Văn An", "", "HL-A", "Ủy viên", ""],
    ]
    batch = start(tree, rows)
    assert batch.counts["create"] == 2 and batch.counts["error"] == 0, batch.problems
    services.run_now(user=tree.clerk_a, batch=batch)
    assert Position.objects.get(unit=tree.cell_a, ended_on__isnull=True).is_head
    again = start(tree, rows)
    assert again.counts["unchanged"] == 2


def test_unknown_people_and_two_heads_are_errors(tree):
    rows = [
        [1, "Đặng Thị Bình", "", "HL-A1", "Bí thư", "x"],  # commune B's member
        [2, "", "A001", "HL-A1", "Bí thư", "x"],
        [3, "", "A001", "HL-A1", "Phó Bí thư", "x"],
    ]
    batch = start(tree, rows)
    assert {(r, c) for r, c, _l, _p in batch.problems} == {(5, "person_unknown"), (7, "head_twice")}
