"""A members list brought in: found under its title rows, cleaned, previewed, then written in
one transaction with one audit event; a rerun writes nothing; undo takes it out again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.models import AuditEvent
from trienkhai.imports import legacy, services
from trienkhai.imports.models import ImportBatch
from trienkhai.imports.problems import message
from trienkhai.units.models import Person

from . import files

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "ds.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def start(tree, data: bytes, name: str = "ds.xlsx", user=None, unit=None, **kw) -> ImportBatch:
    return services.start_import(
        user=user or tree.clerk_a,
        unit=unit or tree.commune_a,
        kind="people",
        upload=upload(data, name),
        **kw,
    )


@pytest.fixture(autouse=True)
def run_on_commit(django_capture_on_commit_callbacks, monkeypatch):
    """The import runs once the transaction that queued it commits: in a test, at once."""
    real = services.commit_import

    def commit_and_run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return real(**kwargs)

    monkeypatch.setattr(services, "commit_import", commit_and_run)


def problems(batch):
    return [(row, code) for row, code, _level, _params in batch.problems]


def test_the_header_is_found_under_title_rows_and_mapped_from_vietnamese(tree):
    batch = start(tree, files.xlsx())
    assert batch.header_row == 3
    assert batch.mapping == {
        "1": "full_name",
        "2": "birth",
        "3": "gender",
        "4": "member_code",
        "5": "unit",
        "6": "joined_on",
    }
    assert batch.counts["create"] == 3
    assert batch.counts["error"] == 0
    assert Person.objects.count() == 2  # a preview writes nothing


def test_commit_writes_everyone_cleaned_with_one_audit_event(tree):
    batch = start(tree, files.xlsx())
    events = AuditEvent.objects.count()
    services.commit_import(user=tree.clerk_a, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    hoa = Person.objects.get(member_code="01.000001")
    assert (hoa.full_name, hoa.birth_year, hoa.gender, hoa.unit) == (
        "Nguyễn Thị Hoa",
        1975,
        "F",
        tree.cell_a,
    )
    binh = Person.objects.get(member_code="01.000002")
    assert (binh.full_name, binh.birth_year, binh.unit) == ("Trần Văn Bình", 1980, tree.cell_a)
    cuong = Person.objects.get(full_name="Lê Văn Cường")
    assert cuong.birth_year == 1975  # Excel serial 27395 = 01/01/1975
    assert cuong.member_code is None
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.actor == tree.clerk_a
    assert event.after["created"] == 3 and event.after["file"] == "ds.xlsx"
    assert batch.file.read()[:2] == b"PK"  # the file is kept


def test_a_rerun_of_the_same_file_changes_nothing(tree):
    services.commit_import(user=tree.clerk_a, batch=start(tree, files.xlsx()))
    before = list(Person.objects.order_by("pk").values())
    for mode in ("skip", "update"):
        again = start(tree, files.xlsx(), on_conflict=mode)
        assert again.counts.get("create", 0) == 0
        assert again.counts.get("update", 0) == 0
        services.commit_import(user=tree.clerk_a, batch=again)
        assert list(Person.objects.order_by("pk").values()) == before


def test_update_mode_changes_only_what_the_sheet_says(tree):
    services.commit_import(user=tree.clerk_a, batch=start(tree, files.xlsx()))
    rows = [list(r) for r in files.ROWS]
    rows[0][1] = "Nguyễn Thị Hoà Bình"
    batch = start(tree, files.xlsx(rows), on_conflict="update")
    assert (batch.counts["update"], batch.counts["unchanged"]) == (1, 2)
    services.commit_import(user=tree.clerk_a, batch=batch)
    assert Person.objects.get(member_code="01.000001").full_name == "Nguyễn Thị Hoà Bình"


def test_stop_mode_refuses_the_file_when_a_row_is_recorded(tree):
    services.commit_import(user=tree.clerk_a, batch=start(tree, files.xlsx()))
    batch = start(tree, files.xlsx(), on_conflict="stop")
    assert batch.counts["error"] == 3
    with pytest.raises(ValidationError):
        services.commit_import(user=tree.clerk_a, batch=batch)


@pytest.mark.parametrize(
    ("cells", "code"),
    [
        ({1: ""}, "required"),
        ({2: "31/02/1980"}, "no_such_day"),
        ({2: "năm ngoái"}, "bad_date"),
        ({2: "1850"}, "bad_birth_year"),
        ({3: "khác"}, "bad_gender"),
        ({5: "HL-B1"}, "unit_unknown"),
        ({5: "Chi bộ không có"}, "unit_unknown"),
        ({4: "B001"}, "code_elsewhere"),
        ({1: "X" * 130}, "invalid"),
    ],
)
def test_each_error_is_said_on_its_row_and_nothing_is_imported(tree, cells, code):
    rows = [list(r) for r in files.ROWS]
    for col, value in cells.items():
        rows[1][col] = value
    batch = start(tree, files.xlsx(rows))
    assert (6, code) in problems(batch)
    assert all(message(c, p) for _r, c, _l, p in batch.problems)
    with pytest.raises(ValidationError):
        services.commit_import(user=tree.clerk_a, batch=batch)
    assert Person.objects.count() == 2


def test_duplicates_inside_the_file(tree):
    rows = [list(r) for r in files.ROWS] + [
        [4, "Nguyễn Thị Hoa", "1975", "Nữ", "01.000001", "HL-A1", ""]
    ]
    rows.append([5, "Lê Văn Cường", "01/01/1975", "Nam", "", "HL-A1", ""])
    batch = start(tree, files.xlsx(rows))
    assert (8, "duplicate_code") in problems(batch)
    assert (9, "duplicate_person") in problems(batch)


def test_a_namesake_unit_needs_its_code(tree):
    from trienkhai.units.models import Unit

    Unit.objects.add_child(
        tree.commune_a,
        create_kwargs=dict(
            name="Chi bộ thôn 1", code="HL-A9", kind="party_cell", level="grassroots"
        ),
    )
    batch = start(tree, files.xlsx())
    assert (6, "unit_ambiguous") in problems(batch)


def test_same_name_and_birth_in_the_same_cell_is_the_same_person(tree):
    services.commit_import(user=tree.clerk_a, batch=start(tree, files.xlsx()))
    batch = start(tree, files.xlsx(), on_conflict="skip")
    assert batch.counts["skip"] == 3  # Lê Văn Cường has no card number: found by name and birth


def test_a_clerk_cannot_import_into_a_sibling_commune(tree):
    with pytest.raises(PermissionDenied):
        start(tree, files.xlsx(), user=tree.clerk_b)
    batch = start(tree, files.xlsx())
    with pytest.raises(PermissionDenied):
        services.commit_import(user=tree.clerk_b, batch=batch)
    with pytest.raises(PermissionDenied):
        start(tree, files.xlsx(), user=tree.viewer_a, unit=tree.cell_a)


def test_undo_takes_the_rows_out_while_nothing_depends_on_them(tree):
    batch = start(tree, files.xlsx())
    services.commit_import(user=tree.clerk_a, batch=batch)
    batch.refresh_from_db()
    services.undo_import(user=tree.clerk_a, batch=batch)
    assert Person.objects.count() == 2
    assert AuditEvent.objects.latest("pk").verb == AuditEvent.Verb.DELETE


def test_undo_is_refused_once_a_row_is_used(tree):
    from trienkhai.units.services import set_position

    batch = start(tree, files.xlsx())
    services.commit_import(user=tree.clerk_a, batch=batch)
    batch.refresh_from_db()
    hoa = Person.objects.get(member_code="01.000001")
    set_position(user=tree.clerk_a, unit=tree.cell_a, person=hoa, title="Bí thư chi bộ")
    with pytest.raises(ValidationError):
        services.undo_import(user=tree.clerk_a, batch=batch)
    assert Person.objects.count() == 5


@pytest.mark.parametrize("encoding", [legacy.TCVN3, legacy.VNI])
def test_legacy_encodings_are_read_as_unicode(tree, encoding):
    batch = start(tree, files.in_legacy(encoding))
    assert batch.encoding == encoding
    assert batch.counts["create"] == 3
    services.commit_import(user=tree.clerk_a, batch=batch)
    names = set(Person.objects.values_list("full_name", flat=True))
    assert {"Nguyễn Thị Hoa", "Trần Văn Bình", "Lê Văn Cường"} <= names


@pytest.mark.parametrize(
    ("encoding", "found", "delimiter"),
    [("utf-8-sig", "utf-8", ","), ("cp1258", "cp1258", ";")],
)
def test_csv_in_utf8_with_bom_and_in_cp1258(tree, encoding, found, delimiter):
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], ""] for r in files.ROWS[:2]]
    data = files.csv_bytes(rows, encoding=encoding, delimiter=delimiter)
    batch = start(tree, data, name="ds.csv")
    assert batch.encoding == found
    assert batch.counts["create"] == 2, batch.problems
    services.commit_import(user=tree.clerk_a, batch=batch)
    assert Person.objects.filter(full_name="Nguyễn Thị Hoa").exists()


def test_an_xls_file_is_read(tree):
    data = files.xls()
    if data is None:
        pytest.skip("xlwt is not installed: no .xls can be written here")
    batch = start(tree, data, name="ds.xls")
    assert batch.file_kind == "xls"
    assert batch.counts["create"] == 3


def test_not_a_spreadsheet_is_refused(tree):
    with pytest.raises(ValidationError):
        start(tree, b"%PDF-1.4 nothing", name="ds.xlsx")


def test_a_corrected_mapping_is_kept_as_a_template_for_the_next_file(tree):
    header = ["TT", "Tên người", "Năm sinh", "Mã thẻ", "Đơn vị"]
    rows = [[1, "Phạm Văn Dũng", 1990, "01.000009", "HL-A1"]]
    batch = start(tree, files.xlsx(rows, header))
    assert "full_name" not in batch.mapping.values()
    assert batch.counts["error"] == 1
    services.set_mapping(
        user=tree.clerk_a,
        batch=batch,
        mapping={"1": "full_name", "2": "birth", "3": "member_code", "4": "unit"},
        save_as="Mẫu của xã",
    )
    batch.refresh_from_db()
    assert batch.counts["create"] == 1 and batch.counts["error"] == 0
    following = start(tree, files.xlsx(rows, header))
    assert following.mapping == batch.mapping


def test_a_legacy_column_under_unicode_headers_is_converted(tree):
    rows = [[r[0], legacy.to_tcvn3(r[1]), *r[2:]] for r in files.ROWS]
    batch = start(tree, files.xlsx(rows))  # the title rows and headers in Unicode
    assert batch.encoding == legacy.TCVN3
    services.commit_import(user=tree.clerk_a, batch=batch)
    assert Person.objects.filter(full_name="Trần Văn Bình").exists()


def test_a_row_in_error_is_not_counted_as_created(tree):
    rows = [list(r) for r in files.ROWS]
    rows[0][2] = "31/02/1975"
    batch = start(tree, files.xlsx(rows))
    assert batch.counts["create"] == 2 and batch.counts["error_rows"] == 1
