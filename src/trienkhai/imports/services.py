"""Imports, from the upload to the commit and its undo. The page, ``trienkhai import`` and
(later) the API call these.

``start_import`` keeps the file, finds the header and the mapping, and previews: every row
judged, nothing written. ``commit_import`` queues the import (Django's tasks; at once by
default) and ``run_import`` carries it out in **one transaction**: the rows are judged again
against the database as it is then, and either everything is written with one audit event,
or nothing (a row in error, a failure, a killed process). ``undo_import`` takes the rows out
again while nothing depends on them.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import uploads
from trienkhai.core.access import Action, AnyUser, require
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent, User
from trienkhai.units.models import Unit

from . import attendance, columns, people, positions, progress, reader, units
from .models import ImportBatch, MappingTemplate
from .pipeline import Outcome, Progress, data_rows, no_gc, no_progress

log = logging.getLogger(__name__)
#: The actor recorded when ``trienkhai import`` runs without ``--as``: whoever can run the
#: command can write the database anyway (like ``generate`` and ``report``).
COMMAND_LINE = "trienkhai import"
Verb = AuditEvent.Verb
Status = ImportBatch.Status
#: The kinds an import can be made of today, and the module that plans and writes each.
PLANNERS: dict[str, Any] = {
    columns.PEOPLE: people,
    columns.UNITS: units,
    columns.POSITIONS: positions,
    columns.ATTENDANCE: attendance,
}


def read_upload(upload: UploadedFile) -> tuple[bytes, reader.Sheet]:
    """The bytes of an uploaded spreadsheet and its first sheet, within the upload limits
    (size; for a ZIP-based workbook the zip-bomb limits of ``core.uploads``)."""
    if upload.size is not None and upload.size > uploads.max_upload_bytes():
        raise ValidationError(
            _("The file is larger than %(max)s MB.") % {"max": uploads.max_upload_bytes() >> 20}
        )
    upload.seek(0)
    data = upload.read()
    if reader.sniff(data) in ("xlsx", "ods"):
        try:
            with uploads.open_office_zip(ContentFile(data)):
                pass
        except ValidationError:
            raise
    try:
        return data, reader.read(data, upload.name or "")
    except reader.Unreadable as exc:
        raise ValidationError(str(exc)) from exc


def _require(user: AnyUser | None, unit: Unit) -> None:
    """The change right on ``unit``; ``None`` is the command line acting as the system."""
    if user is not None:
        require(user, Action.CHANGE, unit)


def _record(user: AnyUser | None, **kwargs: Any) -> None:
    if user is None:
        record(user=None, actor_label=COMMAND_LINE, **kwargs)
    else:
        record(user=user, **kwargs)


def saved_template(user: AnyUser | None, unit: Unit, kind: str) -> MappingTemplate | None:
    """The latest template of this kind kept on the unit or a unit above it that the user
    can see."""
    templates = (
        MappingTemplate.objects.all()
        if user is None
        else MappingTemplate.objects.for_user(user, Action.VIEW)
    )
    return (
        templates.filter(kind=kind, unit__in=[unit, *Unit.objects.get_ancestors(unit)])
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def start_import(
    *,
    user: AnyUser | None,
    unit: Unit,
    kind: str,
    upload: UploadedFile,
    on_conflict: str = ImportBatch.Conflict.SKIP,
    session_id: int | None = None,
    template: MappingTemplate | None = None,
) -> ImportBatch:
    """Keep the file and preview it (nothing of its rows is written)."""
    _require(user, unit)
    if kind not in PLANNERS:
        raise ValidationError({"kind": _("This kind of import is not available yet.")})
    if kind == columns.ATTENDANCE and attendance.session_for(session_id, unit) is None:
        raise ValidationError(
            {"session": _("Choose the study session whose sign-in sheet this is.")}
        )
    with no_gc():
        data, sheet = read_upload(upload)
    if not sheet.rows:
        raise ValidationError(_("The spreadsheet is empty."))
    header_row = columns.find_header(kind, sheet.rows)
    header = sheet.rows[header_row]
    template = template or saved_template(user, unit, kind)
    mapping = columns.auto_mapping(kind, header, template.headers if template else None)
    batch = ImportBatch(
        unit=unit,
        kind=kind,
        on_conflict=on_conflict,
        session_id=session_id,
        file_name=uploads.display_name(upload.name, sheet.file_kind),
        file_sha256=hashlib.sha256(data).hexdigest(),
        file_kind=sheet.file_kind,
        encoding=sheet.legacy or sheet.encoding,
        header_row=header_row,
        mapping=mapping,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    batch.file.save(uploads.stored_name(sheet.file_kind), ContentFile(data), save=False)
    _preview(batch, sheet)
    batch.save()
    return batch


def load_sheet(batch: ImportBatch) -> reader.Sheet:
    with batch.file.open("rb") as handle, no_gc():
        return reader.read(handle.read(), batch.file_name)


def evaluate(
    batch: ImportBatch, sheet: reader.Sheet | None = None, report: Progress = no_progress
) -> Outcome:
    """Judge every row of the batch's file against the database as it is now."""
    sheet = sheet or load_sheet(batch)
    with no_gc():
        return _evaluate(batch, sheet, report)


def _evaluate(batch: ImportBatch, sheet: reader.Sheet, report: Progress) -> Outcome:
    rows = list(data_rows(sheet.rows, batch.header_row, batch.mapping))
    missing = columns.missing_required(batch.kind, batch.mapping)
    if missing:
        outcome = Outcome()
        for f in missing:
            outcome.error(batch.header_row + 1, "required", field=f.name)
        outcome.close()
        return outcome
    outcome = PLANNERS[batch.kind].plan(
        rows,
        root=batch.unit,
        on_conflict=batch.on_conflict,
        progress=report,
        session_id=batch.session_id,
    )
    outcome.counts["rows"] = len(rows)
    return outcome


def _preview(batch: ImportBatch, sheet: reader.Sheet | None = None) -> Outcome:
    sheet = sheet or load_sheet(batch)
    outcome = evaluate(batch, sheet)
    _store(batch, outcome, sheet)
    batch.status = Status.PREVIEWED
    return outcome


def _store(batch: ImportBatch, outcome: Outcome, sheet: reader.Sheet | None = None) -> None:
    counts: dict[str, Any] = dict(outcome.counts)
    if sheet is not None:
        header = sheet.rows[batch.header_row] if batch.header_row < len(sheet.rows) else []
        counts["header"] = [str(v)[:80] for v in header]
        # The first rows as the sheet shows them, for the mapping screen.
        counts["sample"] = [
            [str(v)[:60] for v in row]
            for row in sheet.rows[batch.header_row + 1 : batch.header_row + 4]
        ]
        counts["sheet_rows"] = len(sheet.rows)
    else:
        counts = {**batch.counts, **counts}
    batch.counts = counts
    batch.total_rows = int(outcome.counts.get("rows", 0))
    ordered = sorted(outcome.problems, key=lambda p: (p.level != "error", p.row))
    batch.problems = [p.as_json() for p in ordered[: ImportBatch.MAX_PROBLEMS]]


@transaction.atomic
def set_mapping(
    *,
    user: AnyUser,
    batch: ImportBatch,
    mapping: dict[str, str],
    header_row: int | None = None,
    on_conflict: str | None = None,
    save_as: str = "",
) -> ImportBatch:
    """Correct the mapping (and where the header is, and the conflict mode), preview again;
    ``save_as``: keep the mapping as a template of the unit under that name."""
    require(user, Action.CHANGE, batch.unit)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in (Status.PREVIEWED, Status.FAILED):
        raise ValidationError(_("This import has already run."))
    known = columns.fields_of(batch.kind)
    taken: set[str] = set()
    clean: dict[str, str] = {}
    for index, name in mapping.items():
        if not name:
            continue
        if name not in known:
            raise ValidationError(_("Unknown column kind."))
        if name in taken:
            raise ValidationError(
                _("%(field)s is chosen for two columns.") % {"field": known[name].label}
            )
        taken.add(name)
        clean[index] = name
    sheet = load_sheet(batch)
    if header_row is not None:
        if not 0 <= header_row < len(sheet.rows):
            raise ValidationError(_("There is no such row in the sheet."))
        batch.header_row = header_row
    if on_conflict is not None:
        batch.on_conflict = on_conflict
    batch.mapping = clean
    _preview(batch, sheet)
    batch.save()
    if save_as.strip():
        header = sheet.rows[batch.header_row]
        MappingTemplate.objects.update_or_create(
            unit=batch.unit,
            kind=batch.kind,
            name=save_as.strip()[:80],
            defaults={
                "headers": columns.template_of(header, clean),
                "created_by": user if isinstance(user, User) else None,
            },
        )
    return batch


@transaction.atomic
def commit_import(*, user: AnyUser | None, batch: ImportBatch) -> ImportBatch:
    """Queue the import; it runs in the background (or at once, by default)."""
    _require(user, batch.unit)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status in (Status.QUEUED, Status.RUNNING) and not progress.stalled(batch.pk):
        raise ValidationError(_("This import is already running."))
    if batch.status in (Status.DONE, Status.UNDONE):
        raise ValidationError(_("This import has already run."))
    if batch.errors:
        raise ValidationError(_("Correct the rows in error first: nothing has been imported."))
    batch.status = Status.QUEUED
    batch.error = ""
    batch.save(update_fields=["status", "error"])
    progress.write(batch.pk, "queued", 0, 1)
    user_id = user.pk if user is not None else None
    pk = batch.pk
    transaction.on_commit(lambda: run_import.enqueue(pk, user_id))
    return batch


@task
def run_import(batch_id: int, user_id: int | None) -> str:
    user = User.objects.get(pk=user_id) if user_id is not None else None
    # Only a batch still queued runs (a second worker, a repeated task: nothing twice).
    if not ImportBatch.objects.filter(pk=batch_id, status=Status.QUEUED).update(
        status=Status.RUNNING
    ):
        return "skipped"
    try:
        carry_out(batch_id, user)
    except ValidationError as exc:
        _fail(batch_id, " ".join(exc.messages))
        return Status.FAILED
    except PermissionDenied:
        _fail(batch_id, _("You may no longer change these units."))
        return Status.FAILED
    except Exception as exc:
        log.exception("Import %s failed", batch_id)
        _fail(batch_id, f"{type(exc).__name__}: {exc}"[:2000])
        return Status.FAILED
    return Status.DONE


def _fail(batch_id: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_id).update(status=Status.FAILED, error=message[:2000])
    progress.write(batch_id, "failed", 0, 1)


def carry_out(batch_id: int, user: AnyUser | None, report: Progress | None = None) -> Outcome:
    """Judge the file again and write it all in one transaction (or nothing)."""
    batch = ImportBatch.objects.select_related("unit").get(pk=batch_id)
    sheet = load_sheet(batch)

    def checking(done: int, total: int) -> None:
        progress.write(batch_id, "checking", done, total)

    with transaction.atomic():
        _require(user, batch.unit)
        outcome = evaluate(batch, sheet, report or checking)
        if not outcome.counts.get("error"):
            _write(batch, outcome, user, report)
            return outcome
    # Rows in error now (the database changed since the preview): nothing written; the
    # preview shows them again.
    _store(batch, outcome)
    batch.status = Status.PREVIEWED
    batch.save()
    progress.write(batch_id, "failed", 0, 1)
    raise ValidationError(
        _("%(count)s rows are in error now: nothing has been imported.")
        % {"count": outcome.counts["error_rows"]}
    )


def _write(
    batch: ImportBatch, outcome: Outcome, user: AnyUser | None, report: Progress | None
) -> None:
    batch_id = batch.pk

    def writing(done: int, total: int) -> None:
        progress.write(batch_id, "writing", done, total)

    with no_gc():
        created, updated = PLANNERS[batch.kind].write(outcome, report or writing, user=user)
    _store(batch, outcome)
    batch.created_ids = created
    batch.updated = updated
    batch.status = Status.DONE
    batch.finished_at = timezone.now()
    batch.error = ""
    batch.save()
    _record(
        user,
        verb=Verb.CREATE,
        obj=batch,
        unit=batch.unit,
        after=_audit_facts(batch),
    )
    progress.write(batch_id, "done", 1, 1)


def _audit_facts(batch: ImportBatch) -> dict[str, Any]:
    counts = batch.counts
    return {
        "kind": batch.kind,
        "file": batch.file_name,
        "sha256": batch.file_sha256,
        "rows": batch.total_rows,
        "created": counts.get("create", 0),
        "updated": counts.get("update", 0),
        "unchanged": counts.get("unchanged", 0),
        "skipped": counts.get("skip", 0),
        "on_conflict": batch.on_conflict,
    }


def undo_blocked(batch: ImportBatch) -> bool:
    return bool(PLANNERS[batch.kind].blocking_undo(batch.created_ids))


@transaction.atomic
def undo_import(*, user: AnyUser | None, batch: ImportBatch) -> ImportBatch:
    """Take the import's rows out again, while nothing depends on them."""
    _require(user, batch.unit)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Status.DONE:
        raise ValidationError(_("Only an import that ran can be undone."))
    if undo_blocked(batch):
        raise ValidationError(
            _(
                "Rows of this import are in use now (positions, attendance, logins): "
                "it cannot be undone."
            )
        )
    PLANNERS[batch.kind].undo(batch.created_ids, batch.updated)
    batch.status = Status.UNDONE
    batch.save(update_fields=["status"])
    _record(
        user,
        verb=Verb.DELETE,
        obj=batch,
        unit=batch.unit,
        before=_audit_facts(batch),
    )
    return batch


def run_now(*, user: AnyUser | None, batch: ImportBatch) -> ImportBatch:
    """Run the import in this process (the command line); raises what the run met, the
    batch then ``failed`` (or previewed again, with the rows in error)."""
    _require(user, batch.unit)
    if batch.errors:
        raise ValidationError(_("Correct the rows in error first: nothing has been imported."))
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.RUNNING)
    try:
        carry_out(batch.pk, user)
    except ValidationError:
        batch.refresh_from_db()
        if batch.status == Status.RUNNING:
            _fail(batch.pk, _("Nothing has been imported."))
        raise
    except BaseException as exc:
        _fail(batch.pk, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    batch.refresh_from_db()
    return batch
