"""`trienkhai backup FILE`: the database and the uploaded files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from trienkhai.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into FILE (a tar archive)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            summary = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Backed up %(rows)s rows of %(tables)s tables and %(files)s files into %(path)s.")
            % {
                "rows": f"{summary.rows:,}".replace(",", "."),
                "tables": len(summary.tables),
                "files": summary.files,
                "path": summary.path,
            }
        )
