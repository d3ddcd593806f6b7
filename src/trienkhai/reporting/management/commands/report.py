"""``trienkhai report --plan NUMBER --unit CODE --format xlsx|docx --output FILE
[--as-of dd/mm/yyyy]``: the official reports of a plan, from the command line.

The plan is looked up by its number among the plans the unit answers to: issued by the unit
itself or by a unit above it (numbers are unique per issuing unit only; the nearest issuer
wins). Every mistake — unknown plan or unit, a plan the unit does not answer to, a draft, a bad
date, an unwritable output — is a CommandError with a message and a non-zero exit code, never
a traceback. The command runs as the system (no user), like ``bench``: whoever can run it can
read the database anyway.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from trienkhai.core import textvi
from trienkhai.core.schema import migrate_if_needed
from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.numbers import normalize_number
from trienkhai.units.models import Unit

from ...exports import FORMATS, build


def parse_day(text: str) -> datetime.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(f"--as-of: “{text}” is not a date like 20/02/2026.")


def find_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=textvi.normalize(code).upper()).first()
    if unit is None:
        raise CommandError(f"No unit has the code “{code}”.")
    return unit


def find_plan(number: str, unit: Unit) -> Plan:
    """The plan numbered ``number`` issued by ``unit`` or a unit above it (the nearest)."""
    wanted = normalize_number(number)
    plans = list(Plan.objects.filter(number=wanted).select_related("unit"))
    if not plans:
        raise CommandError(f"No plan has the number “{number}”.")
    visible = [p for p in plans if unit.path.startswith(p.unit.path)]
    if not visible:
        issuers = ", ".join(sorted(p.unit.code for p in plans))
        raise CommandError(
            f"Plan {wanted} is issued by {issuers}, not by {unit.code} or a unit above it: "
            f"{unit.code} does not report on it."
        )
    plan = max(visible, key=lambda p: p.unit.depth)
    if not plan.is_issued:
        raise CommandError(f"Plan {wanted} of {plan.unit.code} is a draft: nothing to report yet.")
    return plan


class Command(BaseCommand):
    help = (
        "Write the Excel statistics annex (xlsx) or the Word results report (docx) of a plan "
        "for a unit and everything under it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="the plan's number, e.g. 12-KH/TU")
        parser.add_argument("--unit", required=True, help="the code of the reporting unit")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=sorted(FORMATS),
            help="xlsx or docx (default: from the output file's extension)",
        )
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--as-of", dest="as_of", help="figures as of this date, dd/mm/yyyy (default today)"
        )
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the text (default %(default)s)",
        )

    def handle(self, *args, plan, unit, fmt, output, as_of, language, **options):
        migrate_if_needed(self.stderr)
        path = Path(output)
        fmt = fmt or path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"Unknown format “{fmt or path.name}”: choose --format xlsx or --format docx."
            )
        day = parse_day(as_of) if as_of else timezone.localdate()
        if day > timezone.localdate():
            raise CommandError(f"--as-of {as_of} is in the future.")
        reporting_unit = find_unit(unit)
        the_plan = find_plan(plan, reporting_unit)
        if not reporting_unit.path.startswith(the_plan.unit.path):  # pragma: no cover
            raise CommandError("The unit does not report on this plan.")
        existed = path.exists()
        check_writable(path)
        start = time.perf_counter()
        try:
            with translation.override(language):
                export = build(the_plan, reporting_unit, fmt, day)
        except BaseException:
            if not existed:  # leave no empty file behind
                path.unlink(missing_ok=True)
            raise
        try:
            path.write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({len(export.content):,} bytes): plan {the_plan.number}, "
                f"{reporting_unit.code}, as of {day:%d/%m/%Y}, "
                f"in {time.perf_counter() - start:.2f} s."
            )
        )


def check_writable(path: Path) -> None:
    """Fail before the work rather than after it."""
    if path.is_dir():
        raise CommandError(f"Cannot write {path}: it is a directory.")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise CommandError(f"Cannot write {path}: the directory {parent} does not exist.")
    try:
        with path.open("ab"):
            pass
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
