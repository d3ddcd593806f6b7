"""`trienkhai restore FILE [--force]`: the database and the uploaded files of a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from trienkhai.core import auditchain
from trienkhai.core.backup import BackupError, known_migrations, restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from FILE (made by `trienkhai backup`). "
        "Refuses a target that is not empty unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and the uploaded files even if they hold data.",
        )

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        try:
            summary = restore(file, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Restored %(rows)s rows of %(tables)s tables and %(files)s files from %(path)s.")
            % {
                "rows": f"{summary.rows:,}".replace(",", "."),
                "tables": len(summary.tables),
                "files": summary.files,
                "path": summary.path,
            }
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = {f"{app}.{name}" for app, name in cursor.fetchall()}
        if known_migrations() - applied:
            self.stdout.write(
                _("The backup is of an older version: run `trienkhai migrate` before serving.")
            )
        report = auditchain.verify()
        if report.broken is not None:
            raise CommandError(
                _(
                    "The restored audit chain is broken at event #%(id)s: "
                    "run `trienkhai audit verify`."
                )
                % {"id": report.broken.id}
            )
        self.stdout.write(
            _("The audit chain holds: %(count)s events.")
            % {"count": f"{report.checked:,}".replace(",", ".")}
        )
