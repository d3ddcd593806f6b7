"""`trienkhai backup FILE` and `trienkhai restore FILE`: the database and the uploaded files in
one tar archive.

The archive holds ``manifest.json`` (format version, the database vendor, the rows of every
table, the SHA-256 of every file), the database (``database.sqlite3``: SQLite's online backup
API, a consistent copy while the application runs; ``database.pgdump``: ``pg_dump -Fc``, whose
snapshot is the one the rows were counted in) and the uploads under ``media/``.

A restore checks everything before it writes anything: the manifest's vendor is the configured
database's, every file is there with its hash and nothing else is, and the target is empty
unless ``force``. Then the database is replaced (SQLite's backup API into the open connection;
``pg_restore --clean --if-exists --single-transaction``), the rows are counted against the
manifest and the media directory is swapped for the archive's in two renames.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "trienkhai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
# Tables `migrate` fills on an empty database: rows there do not make the target "not empty".
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
#: Tables whose rows do not make a target "not empty": the change log the database's triggers
#: write on every write, deletions included (``reporting/changes.py``): emptying a SQLite
#: database with ``flush`` (``DELETE``s) leaves its rows.
DERIVED_TABLES = {"reporting_change"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore refused, with a message for the person running it."""


@dataclass(frozen=True)
class Summary:
    path: Path
    vendor: str
    tables: dict[str, int]
    files: int

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _app_version() -> str:
    try:
        return version("trienkhai")
    except PackageNotFoundError:
        return "unknown"


def table_counts(cursor: Any) -> dict[str, int]:
    qn = connection.ops.quote_name
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        if table.startswith("sqlite_"):  # SQLite's own (ANALYZE's statistics): not data
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if s.get(name):
            env[key] = str(s[name])
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    env["PGDATABASE"] = str(s["NAME"])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s is not installed (PostgreSQL's client tools).") % {"tool": name}
        )
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(args[0]).name, "error": done.stderr.strip()[-2000:]}
        )


# --- backup -----------------------------------------------------------------------------


def _applied(rows: Any) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in rows)


def known_migrations() -> set[str]:
    """The migrations this version of the code has."""
    from django.db.migrations.loader import MigrationLoader

    return {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}


def _dump_sqlite(target: Path) -> tuple[dict[str, int], list[str]]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()
    # Count in the copy: exactly what the archive holds, even if the application wrote since.
    copy = sqlite3.connect(target)
    try:
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)
        }
        return counts, _applied(copy.execute("SELECT app, name FROM django_migrations"))
    finally:
        copy.close()


def _dump_postgresql(target: Path) -> tuple[dict[str, int], list[str]]:
    pg_dump = _tool("pg_dump")
    # One snapshot for the counts and the dump: a REPEATABLE READ transaction exports it and
    # stays open while pg_dump reads it.
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor)
            cursor.execute("SELECT app, name FROM django_migrations")
            migrations = _applied(cursor.fetchall())
            _run([pg_dump, "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)])
        raw.rollback()
    finally:
        raw.close()
    return counts, migrations


def backup(path: Path) -> Summary:
    """Write the archive to ``path`` (through a temporary file renamed at the end)."""
    vendor = connection.vendor
    if vendor not in DB_FILES:
        raise BackupError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )
    path = Path(path)
    if path.is_dir():
        raise BackupError(
            _("%(path)s is a directory: give the name of the archive file.") % {"path": path}
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trienkhai-backup-", dir=path.parent) as work:
        db_file = Path(work) / DB_FILES[vendor]
        dump = _dump_sqlite if vendor == "sqlite" else _dump_postgresql
        tables, migrations = dump(db_file)
        root = _media_root()
        media = list(_media_files(root))
        files = {db_file.name: sha256_of(db_file)}
        for file in media:
            files[f"{MEDIA}/{file.relative_to(root).as_posix()}"] = sha256_of(file)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "trienkhai": _app_version(),
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "tables": tables,
            "migrations": migrations,
            "files": files,
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            for file in media:
                tar.add(file, arcname=f"{MEDIA}/{file.relative_to(root).as_posix()}")
        os.replace(partial, path)
    return Summary(path, vendor, tables, len(media))


# --- restore ----------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
        raw = tar.extractfile(member)
        manifest = json.loads(raw.read()) if raw is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This file is not a trienkhai backup (no manifest)."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup's format %(found)s is not the one this version reads (%(expected)s).")
            % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION}
        )
    if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("tables"), dict):
        raise BackupError(_("This backup's manifest is damaged."))
    return manifest


@contextmanager
def _opened(path: Path) -> Iterator[tarfile.TarFile]:
    if not Path(path).is_file():
        raise BackupError(_("There is no file %(path)s.") % {"path": path})
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(
            _("This file is not a trienkhai backup (%(error)s).") % {"error": exc}
        ) from None
    with tar:
        yield tar


def _extract_checked(tar: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> None:
    """Extract the archive and check that it holds exactly the manifest's files, hashes equal."""
    expected: dict[str, str] = manifest["files"]
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        if not member.isfile() or member.name not in expected:
            raise BackupError(
                _("The backup holds %(name)s, which its manifest does not list.")
                % {"name": member.name}
            )
        try:
            tar.extract(member, into, filter="data")
        except tarfile.FilterError:
            raise BackupError(
                _("The backup holds an unsafe path: %(name)s.") % {"name": member.name}
            ) from None
        if sha256_of(into / member.name) != expected[member.name]:
            raise BackupError(
                _(
                    "%(name)s in the backup does not match its hash: "
                    "the file is damaged or was changed."
                )
                % {"name": member.name}
            )
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            _("Files of the manifest are missing from the backup: %(names)s.")
            % {"names": ", ".join(missing[:5])}
        )


def _target_holds() -> list[str]:
    """What the target already holds (tables with rows, uploads): a restore would replace it."""
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    ignored = SCHEMA_TABLES | DERIVED_TABLES
    held = [f"{t} ({n})" for t, n in counts.items() if n and t not in ignored]
    if any(True for _ in _media_files(_media_root())):
        held.append(str(_media_root()))
    return held


def _restore_sqlite(db_file: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(db_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(db_file: Path) -> None:
    pg_restore = _tool("pg_restore")
    # The application's connection may hold nothing while the tables are dropped and rebuilt.
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            _pg_env()["PGDATABASE"],
            str(db_file),
        ]
    )


def _swap_media(extracted: Path) -> None:
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    old = root.with_name(f"{root.name}.before-restore-{datetime.datetime.now():%Y%m%d%H%M%S%f}")
    if root.exists():
        os.replace(root, old)
    if extracted.is_dir():
        os.replace(extracted, root)
    else:
        root.mkdir()
    shutil.rmtree(old, ignore_errors=True)


def restore(path: Path, *, force: bool = False) -> Summary:
    """Replace the configured database and media directory with the archive's."""
    if connection.in_atomic_block:
        raise BackupError("restore() cannot run inside a transaction")
    vendor = connection.vendor
    with _opened(Path(path)) as tar:
        manifest = _read_manifest(tar)
        if manifest.get("vendor") != vendor:
            raise BackupError(
                _("This backup is of a %(found)s database; the configured database is %(vendor)s.")
                % {"found": manifest.get("vendor"), "vendor": vendor}
            )
        unknown = sorted(set(manifest.get("migrations", [])) - known_migrations())
        if unknown:
            raise BackupError(
                _(
                    "This backup was made by a newer version of trienkhai: its database has "
                    "migrations this version does not know (%(names)s). Restore it with the "
                    "version that made it (%(version)s)."
                )
                % {"names": ", ".join(unknown[:5]), "version": manifest.get("trienkhai", "?")}
            )
        if not force:
            held = _target_holds()
            if held:
                raise BackupError(
                    _("The target is not empty (%(what)s). Restore with --force to replace it.")
                    % {"what": ", ".join(held[:5]) + (" …" if len(held) > 5 else "")}
                )
        # Extract beside the media directory, so that the swap is a rename.
        root = _media_root()
        root.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".restore-", dir=root.parent) as work:
            _extract_checked(tar, manifest, Path(work))
            db_file = Path(work) / DB_FILES[vendor]
            if not db_file.is_file():
                raise BackupError(_("The backup holds no database."))
            if vendor == "sqlite":
                _restore_sqlite(db_file)
            else:
                _restore_postgresql(db_file)
            with connection.cursor() as cursor:
                counts = table_counts(cursor)
            expected: dict[str, int] = manifest["tables"]
            differ = sorted(t for t in expected if counts.get(t) != expected[t])
            if differ:
                raise BackupError(
                    _("The restored database does not hold the rows of the backup: %(tables)s.")
                    % {"tables": ", ".join(differ[:5])}
                )
            _swap_media(Path(work) / MEDIA)
    files = sum(1 for name in manifest["files"] if name.startswith(f"{MEDIA}/"))
    return Summary(Path(path), vendor, dict(manifest["tables"]), files)
