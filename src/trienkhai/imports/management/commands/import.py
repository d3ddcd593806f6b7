"""``trienkhai import --kind units|people|positions|attendance --unit CODE FILE [--session ID]
[--dry-run] [--on-conflict skip|update|stop] [--as USERNAME]``: the import page's pipeline
from the command line (DESIGN.md, "Command line").

The file is read, mapped from its headers (or the unit's latest saved template) and judged
row by row, then imported in one transaction, exactly as on the page. Exit codes: 0 imported
(or, with ``--dry-run``, nothing in error); 1 nothing imported — the row errors are printed,
one a line, ``row N: message`` —, or the unit, the session, the file or the user is wrong;
2 a usage error. Without ``--as`` the command acts as the system and the audit event names
"trienkhai import"; with it, the user's rights on the unit are checked as on the page.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from trienkhai.core import textvi
from trienkhai.core.models import User
from trienkhai.core.schema import migrate_if_needed
from trienkhai.units.models import Unit

from ... import columns, services
from ...models import ImportBatch
from ...problems import ERROR, message

SHOWN = 200  # problems printed at most


class Command(BaseCommand):
    help = "Import units, people, positions or a session's attendance from a spreadsheet."

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx, .xls, .ods or .csv")
        parser.add_argument("--kind", required=True, choices=[k for k, _l in columns.KINDS])
        parser.add_argument("--unit", required=True, help="the code of the unit imported into")
        parser.add_argument("--session", type=int, help="the study session (attendance)")
        parser.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
        parser.add_argument(
            "--on-conflict",
            default=ImportBatch.Conflict.SKIP,
            choices=[c for c, _l in ImportBatch.Conflict.choices],
        )
        parser.add_argument("--as", dest="username", help="act as this user (rights checked)")

    def handle(self, *args, **options):
        migrate_if_needed()
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        code = textvi.normalize(options["unit"]).upper()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"No unit has the code “{options['unit']}”.")
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user “{options['username']}”.")
        try:
            batch = services.start_import(
                user=user,
                unit=unit,
                kind=options["kind"],
                upload=SimpleUploadedFile(path.name, data),
                on_conflict=options["on_conflict"],
                session_id=options["session"],
            )
        except PermissionDenied as exc:
            raise CommandError(f"{options['username']} may not import into {unit.code}.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self._summary(batch)
        if batch.errors:
            self._problems(batch)
            raise CommandError(
                f"{batch.counts.get('error_rows', 0)} rows in error: nothing imported."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing written.")
            return
        try:
            batch = services.run_now(user=user, batch=batch)
        except ValidationError as exc:
            batch.refresh_from_db()
            self._problems(batch)
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Imported (import #{batch.pk})."))

    def _summary(self, batch: ImportBatch) -> None:
        c = batch.counts
        mapped = ", ".join(
            f"{batch.header[int(i)] if int(i) < len(batch.header) else i} → {name}"
            for i, name in sorted(batch.mapping.items(), key=lambda kv: int(kv[0]))
        )
        self.stdout.write(
            f"{batch.file_name}: {batch.total_rows} rows (header on row {batch.header_row + 1}"
            f"{', text read as ' + batch.encoding if batch.encoding else ''}); columns: {mapped}"
        )
        self.stdout.write(
            f"create {c.get('create', 0)}, update {c.get('update', 0)}, "
            f"unchanged {c.get('unchanged', 0)}, skip {c.get('skip', 0)}, "
            f"rows in error {c.get('error_rows', 0)}, warnings {c.get('warning', 0)}"
        )

    def _problems(self, batch: ImportBatch) -> None:
        for row, code, level, params in batch.problems[:SHOWN]:
            label = "error" if level == ERROR else "warning"
            self.stderr.write(f"row {row}: {label}: {message(code, params)}")
