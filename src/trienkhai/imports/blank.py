"""The blank spreadsheet offered for each kind of import: the headers the mapping reads at
once (in Vietnamese, as offices write them), an example row, and a sheet that explains."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from . import columns

#: The header written in the template for each field (a header :func:`columns.guess` reads).
HEADERS = {
    "full_name": "Họ và tên",
    "member_code": "Số thẻ đảng viên",
    "birth": "Ngày sinh",
    "gender": "Giới tính",
    "unit": "Chi bộ",
    "joined_on": "Ngày vào Đảng",
    "is_party_member": "Đảng viên",
    "left_on": "Ngày chuyển đi",
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "parent": "Đơn vị cấp trên",
    "kind": "Loại tổ chức",
    "level": "Cấp",
    "short_name": "Tên viết tắt",
    "active_from": "Ngày thành lập",
    "title": "Chức vụ",
    "is_head": "Người đứng đầu",
    "started_on": "Từ ngày",
    "status": "Có mặt",
    "signature": "Ký tên",
}


def workbook(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    fields = columns.FIELDS[kind]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append(["STT", *(HEADERS.get(f.name, str(f.label)) for f in fields)])
    sheet.append([1, *(f.example for f in fields)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJ", [6, 28, 18, 14, 18, 14, 16, 14, 14, 14], strict=False):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("Notes")[:31])
    notes.append([_("Column"), _("What to write")])
    for f in fields:
        notes.append(
            [HEADERS.get(f.name, str(f.label)), str(f.label) + (" *" if f.required else "")]
        )
    notes.append([])
    notes.append([_("Dates: dd/mm/yyyy. Rows already recorded are found by the card number.")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
