"""Units from a spreadsheet: parents named by code or name, in any order; every unit through
``create_unit``; a code used elsewhere refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.imports import services
from trienkhai.units.models import Unit

from . import files

pytestmark = pytest.mark.django_db
HEADER = ["STT", "Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Loại tổ chức", "Cấp"]
ROWS = [
    [1, "HL-A2-1", "Chi bộ xóm Đông", "HL-A2", "", ""],  # its parent comes later in the file
    [2, "HL-A2", "Đảng bộ thôn 2", "", "Đảng bộ", "Cơ sở"],
    [3, "hl-a3", "Chi bộ thôn 3", "Chi bộ thôn 1", "chi bộ", ""],
]


def start(tree, rows=ROWS, user=None, **kw):
    return services.start_import(
        user=user or tree.clerk_a,
        unit=tree.commune_a,
        kind="units",
        upload=SimpleUploadedFile("dv.xlsx", files.xlsx(rows, HEADER)),
        **kw,
    )


def test_units_are_created_parents_first(tree):
    batch = start(tree)
    assert batch.counts["create"] == 3 and batch.counts["error"] == 0, batch.problems
    services.run_now(user=tree.clerk_a, batch=batch)
    child = Unit.objects.get(code="HL-A2-1")
    parent = Unit.objects.get(code="HL-A2")
    assert Unit.objects.get_parent(child) == parent
    assert (parent.kind, parent.level, child.kind, child.level) == (
        "party_committee",
        "grassroots",
        "party_cell",
        "grassroots",
    )
    assert Unit.objects.get_parent(Unit.objects.get(code="HL-A3")) == tree.cell_a
    again = start(tree)
    assert again.counts["skip"] == 3 and again.counts.get("create", 0) == 0


def test_a_code_used_elsewhere_and_an_unknown_parent_are_errors(tree):
    rows = [[1, "HL-B1", "Chi bộ lạ", "", "", ""], [2, "HL-A7", "Chi bộ 7", "HL-B", "", ""]]
    batch = start(tree, rows)
    assert {(r, c) for r, c, _l, _p in batch.problems} == {
        (5, "code_taken"),
        (6, "unit_unknown"),
        (6, "parent_unknown"),
    }
    with pytest.raises(ValidationError):
        services.run_now(user=tree.clerk_a, batch=batch)
