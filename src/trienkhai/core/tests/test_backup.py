"""`trienkhai backup` / `trienkhai restore`: every row of every table and every uploaded file
come back identical, the audit chain still verifies, and a wrong, damaged or foreign archive
is refused before anything is written."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from trienkhai.core import auditchain, backup
from trienkhai.core.models import AuditEvent
from trienkhai.tooling.testing import make_tree
from trienkhai.units import services
from trienkhai.units.models import Unit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    return settings.MEDIA_ROOT


def everything() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    qn = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {qn(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def some_data(media: Path):
    tree = make_tree()
    for n, unit in enumerate([tree.commune_a, tree.cell_a, tree.province]):
        services.update_unit(user=tree.admin, unit=unit, short_name=f"Tên {n}")
    (media / "evidence" / "2026").mkdir(parents=True)
    (media / "evidence" / "2026" / "báo cáo quý 1.pdf").write_bytes(
        b"%PDF-1.4\n" + bytes(range(256))
    )
    (media / "reports" / "x").mkdir(parents=True)
    (media / "reports" / "x" / "thu hoạch.txt").write_text("Đảng viên viết thu hoạch.", "utf-8")
    return tree


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_round_trip_brings_back_every_row_and_every_file(media, tmp_path):
    """On SQLite and, with TRIENKHAI_DATABASE_URL, on PostgreSQL."""
    tree = some_data(media)
    rows, files = everything(), files_under(media)
    assert files and rows["core_auditevent"]
    archive = tmp_path / "backup.tar"

    out = run("backup", str(archive))
    assert "Đã sao lưu" in out and "2 tệp" in out

    # Life goes on after the backup: a change, an upload removed, another added.
    services.update_unit(user=tree.admin, unit=tree.commune_b, short_name="Đổi sau")
    (media / "reports" / "x" / "thu hoạch.txt").unlink()
    (media / "new.txt").write_text("mới")
    assert everything() != rows

    with pytest.raises(CommandError, match="--force"):
        run("restore", str(archive))
    out = run("restore", str(archive), "--force")

    assert "Đã phục hồi" in out and "toàn vẹn" in out
    assert "trienkhai migrate" not in out  # the same version
    assert everything() == rows
    assert files_under(media) == files
    assert auditchain.verify().broken is None
    # The application goes on writing, chained to the restored head.
    services.update_unit(user=tree.admin, unit=Unit.objects.get(pk=tree.commune_b.pk), name="X")
    assert auditchain.verify().broken is None


def test_the_manifest_lists_vendor_rows_and_hashes(media, tmp_path):
    some_data(media)
    archive = tmp_path / "b.tar"
    summary = backup.backup(archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["vendor"] == connection.vendor and manifest["format_version"] == 1
    assert manifest["tables"]["core_auditevent"] == AuditEvent.objects.count()
    assert manifest["tables"] == summary.tables
    assert names == {"manifest.json", *manifest["files"]}
    pdf = "media/evidence/2026/báo cáo quý 1.pdf"
    assert manifest["files"][pdf] == backup.sha256_of(
        media / "evidence" / "2026" / "báo cáo quý 1.pdf"
    )


def test_restore_into_an_empty_target_needs_no_force(media, tmp_path):
    some_data(media)
    archive = tmp_path / "b.tar"
    rows = everything()
    backup.backup(archive)
    # Empty the target the way a new server is: no rows, no uploads.
    call_command("flush", "--no-input", verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    backup.restore(archive)
    assert everything() == rows


def rewrite(archive: Path, target: Path, *, manifest=None, replace: dict[str, bytes] | None = None):
    """A copy of ``archive`` with its manifest or some member changed."""
    with tarfile.open(archive) as src, tarfile.open(target, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "manifest.json" and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
            if replace and member.name in replace:
                data = replace[member.name]
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture
def archive_and_state(media, tmp_path):
    some_data(media)
    archive = tmp_path / "good.tar"
    backup.backup(archive)
    return archive, everything(), files_under(media)


def refused(path: Path, message: str, state) -> None:
    _, rows, files = state
    with pytest.raises(CommandError, match=message):
        run("restore", str(path), "--force")
    assert everything() == rows
    assert files_under(Path(settings.MEDIA_ROOT)) == files


def test_a_backup_of_the_other_vendor_is_refused(archive_and_state, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = rewrite(
        archive_and_state[0], tmp_path / "other.tar", manifest=lambda m: m | {"vendor": other}
    )
    refused(path, "cơ sở dữ liệu", archive_and_state)


def test_a_damaged_file_is_refused_before_anything_is_written(archive_and_state, tmp_path):
    path = rewrite(
        archive_and_state[0],
        tmp_path / "damaged.tar",
        replace={"media/reports/x/thu hoạch.txt": b"something else"},
    )
    refused(path, "không khớp", archive_and_state)


def test_a_file_not_in_the_manifest_is_refused(archive_and_state, tmp_path):
    def drop(m):
        m["files"].pop("media/reports/x/thu hoạch.txt")
        return m

    path = rewrite(archive_and_state[0], tmp_path / "extra.tar", manifest=drop)
    refused(path, "không liệt kê", archive_and_state)


def test_a_backup_of_a_newer_version_is_refused(archive_and_state, tmp_path):
    def newer(m):
        assert "core.0007_audit_append_only_postgresql" in m["migrations"]
        m["migrations"].append("core.9999_from_the_future")
        return m

    path = rewrite(archive_and_state[0], tmp_path / "newer.tar", manifest=newer)
    refused(path, "phiên bản trienkhai mới hơn", archive_and_state)


def test_not_a_backup_is_refused(archive_and_state, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all")
    refused(junk, "không phải bản sao lưu", archive_and_state)
    refused(tmp_path / "missing.tar", "Không có tệp", archive_and_state)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: pg_dump/pg_restore")
def test_postgresql_round_trip_keeps_the_append_only_trigger(media, tmp_path):
    from django.db import ProgrammingError, transaction

    some_data(media)
    archive = tmp_path / "pg.tar"
    backup.backup(archive)
    backup.restore(archive, force=True)
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(object_repr="x")


def test_restoring_an_older_backup_says_to_migrate(media, tmp_path):
    """A backup made before the last migration: the restore says to run `migrate`."""
    some_data(media)
    last = ("core", "0007_audit_append_only_postgresql")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", last)
    try:
        archive = tmp_path / "old.tar"
        backup.backup(archive)
        out = run("restore", str(archive), "--force")
        assert "trienkhai migrate" in out
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", last)
            cursor.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)",
                [*last, timezone.now()],
            )
