"""The copy check of learning reports, in the background.

A report submitted (or sent back and submitted again) is ``pending``; ``queue(report)`` enqueues
``run_check`` with Django's tasks framework once the transaction commits — the database-backed
worker (``TRIENKHAI_TASKS=database``, ``trienkhai db_worker``) or, by default, at once in the
request, as the reporting exports do (``reporting/exports/jobs.py``). The task marks the row
``running`` ("đang kiểm tra"), reads the uploaded file's text once (``core.textextract``; kept in
``file_text``), then compares the report (``check``):

* with the other reports of the plan in the same commune-level subtree submitted before it (a
  report is not a copy of one written after it), earliest first;
* with the resolutions the plan implements: their summary, key points and **full text**, read
  once from the registered PDF (``resolutions.services.full_text``), so that a passage of the
  resolution nobody typed as a key point is caught too. The resolution comes first: a report
  copying a report that copied the resolution is credited to the resolution
  (``similarity.Hits.original``).

It ends ``done``; ``no_text`` when the report is only a file with no text in it (a scanned PDF:
the reviewer is told, the report does not pass as its author's own); ``failed`` when the file
cannot be read or the check raised, with the reason. A reviewer can check it again
(``retry``: audited), which is also how a failed check is retried.

``check_all(queryset)`` checks many reports in one process (the demo's bulk reports): read once,
grouped by plan and commune, compared in the order submitted and written back in bulk, so its
queries grow with the communes, not the reports.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import QuerySet
from django.tasks import task
from django.utils import timezone

from trienkhai.core import textextract
from trienkhai.core.changes import audited
from trienkhai.resolutions.models import Plan, Resolution
from trienkhai.resolutions.services import full_text
from trienkhai.units.models import Unit

from . import similarity
from .access import GRADE
from .models import CheckState, LearningReport

log = logging.getLogger(__name__)
State = CheckState
#: The most other reports of a commune a report is compared with (the latest before it).
MAX_OTHERS = 2000


def queue(report: LearningReport) -> None:
    """Mark the report's check pending and run it once the transaction commits."""
    LearningReport.objects.filter(pk=report.pk).update(check_state=State.PENDING, check_error="")
    report.check_state, report.check_error = State.PENDING, ""
    pk = report.pk
    transaction.on_commit(lambda: run_check.enqueue(pk))


@task
def run_check(report_id: int) -> str:
    # Only a check still waiting runs: one already done in bulk (``check_all``) is not redone.
    updated = LearningReport.objects.filter(
        pk=report_id, check_state__in=[State.PENDING, State.RUNNING]
    ).update(check_state=State.RUNNING, check_error="")
    if not updated:
        return "skipped"
    report = LearningReport.objects.select_related("plan", "unit").get(pk=report_id)
    try:
        state, error = check(report)
    except Exception as exc:
        log.exception("Copy check of learning report %s failed", report_id)
        state, error = State.FAILED, f"{type(exc).__name__}: {exc}"[:500]
    LearningReport.objects.filter(pk=report_id).update(
        check_state=state, check_error=error, checked_at=timezone.now()
    )
    from .notices import checked

    checked(report)  # flagged as copied: the head is told
    return state


def read_file(report: LearningReport) -> textextract.Extracted | None:
    """The text of the report's file, read once and kept on the row (None: no file)."""
    if not report.file:
        return None
    if report.file_text:
        return textextract.Extracted(report.file_type or None, textextract.OK, report.file_text)
    with report.file.open("rb") as handle:
        found = textextract.extract(handle)
    if found.ok:
        report.file_text = found.text
        LearningReport.objects.filter(pk=report.pk).update(file_text=found.text)
    return found


def check(report: LearningReport, resolution: str | None = None) -> tuple[str, str]:
    """Compare the report and store the signal; (state, error) for the row. ``resolution``:
    the plan's resolution text when the caller has it already (``check_all``)."""
    found = read_file(report)
    if not report.text and found is not None and not found.ok:
        _store(report, None)
        if found.state == textextract.NO_TEXT:
            return State.NO_TEXT, ""
        return State.FAILED, found.error
    _store(report, _match(report, resolution) if report.checked_text else None)
    return State.DONE, ""


def _store(report: LearningReport, match: similarity.Match | None) -> None:
    report.similarity = match.share if match else None
    report.similar_to_resolution = bool(match and match.share and match.source_key == "resolution")
    report.similar_to_id = (
        match.source_key if match and match.source_key != "resolution" and match.share else None
    )
    # An UPDATE, not save(): the signal is no study figure (save() would mark the tallies).
    LearningReport.objects.filter(pk=report.pk).update(
        similarity=report.similarity,
        similar_to_id=report.similar_to_id,
        similar_to_resolution=report.similar_to_resolution,
    )


def commune_scope(unit: Unit) -> Unit:
    """The commune-level unit (or the province) above ``unit``: where reports are compared."""
    scope = unit
    while scope.depth > 2 and scope.level not in (Unit.Level.COMMUNE, Unit.Level.PROVINCE):
        parent = Unit.objects.get_parent(scope)
        if parent is None:
            break
        scope = parent
    return scope


def resolution_text(resolutions: QuerySet[Resolution] | list[Resolution]) -> str:
    """What a report is compared with of the resolutions: summaries, key points, full texts."""
    parts = []
    for resolution in resolutions:
        parts.append(resolution.summary)
        parts.extend(k.text for k in resolution.key_points.all())
        parts.append(full_text(resolution))
    return "\n".join(part for part in parts if part)


def plan_resolution_text(plan: Plan) -> str:
    return resolution_text(plan.resolutions.prefetch_related("key_points").order_by("pk"))


def _match(report: LearningReport, resolution: str | None) -> similarity.Match | None:
    scope = commune_scope(report.unit)
    others = (
        LearningReport.objects.filter(plan=report.plan, submitted_at__lt=report.submitted_at)
        .exclude(pk=report.pk)
        .within(scope)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "text", "file_text")[:MAX_OTHERS]
    )
    sources: dict[int | str, str] = {}
    text = plan_resolution_text(report.plan) if resolution is None else resolution
    if text.strip():
        sources["resolution"] = text  # first: the earliest text
    for pk, typed, read in reversed(list(others)):
        if typed or read:
            sources[pk] = typed or read
    return similarity.best_match(report.checked_text, sources)


def retry(*, user, report: LearningReport) -> LearningReport:
    """A reviewer checks the report again (after a failure, or a resolution's PDF added)."""
    with (
        transaction.atomic(),
        audited(
            user=user, obj=report, fields=["check_state", "similarity"], action=GRADE, always=True
        ) as change,
    ):
        report = LearningReport.objects.select_for_update().get(pk=report.pk)
        change.watch(report)
        queue(report)
    report.refresh_from_db()
    return report


def check_all(reports: QuerySet[LearningReport]) -> int:
    """Check the given reports in this process (the demo's bulk reports), as ``check`` does
    one: each against the resolution and the reports of its plan and commune submitted before
    it. Reports are read once, grouped by plan and commune, compared in the order submitted
    and written back in bulk: a bounded number of queries per plan and commune, not per report
    (files are read one by one: uploads are few). The number checked."""
    rows = list(reports.select_related("unit").order_by("submitted_at", "pk"))
    if not rows:
        return 0
    failed: dict[int, str] = {}
    for report in rows:
        if report.file and not report.text and not report.file_text:
            try:
                found = read_file(report)  # kept on the row
            except OSError as exc:  # the file is missing from storage
                found = textextract.Extracted(None, textextract.UNREADABLE, error=str(exc))
            if found is not None and found.state == textextract.UNREADABLE:
                failed[report.pk] = found.error[:500]
    scopes = _scopes({report.unit.path for report in rows})
    groups: dict[tuple[int, str], list[LearningReport]] = {}
    for report in rows:
        groups.setdefault((report.plan_id, scopes[report.unit.path]), []).append(report)
    resolution: dict[int, str] = {}
    now = timezone.now()
    for (plan_id, scope), mine in groups.items():
        if plan_id not in resolution:
            resolution[plan_id] = plan_resolution_text(Plan.objects.get(pk=plan_id))
        others = list(
            LearningReport.objects.filter(plan_id=plan_id, unit__path__prefix=scope)
            .exclude(pk__in=[r.pk for r in mine])
            .values_list("pk", "submitted_at", "text", "file_text")
        )
        earlier = sorted(
            [(at, pk, text or read) for pk, at, text, read in others if text or read]
            + [(r.submitted_at, r.pk, r.checked_text) for r in mine if r.checked_text]
        )
        for report in mine:
            report.checked_at = now
            if report.pk in failed:
                report.check_state, report.check_error = State.FAILED, failed[report.pk]
                continue
            if not report.checked_text:
                no_text = bool(report.file) and report.file_text == ""
                report.check_state = State.NO_TEXT if no_text else State.DONE
                report.similarity, report.similar_to_id = None, None
                report.similar_to_resolution = False
                continue
            sources: dict[int | str, str] = {}
            if resolution[plan_id].strip():
                sources["resolution"] = resolution[plan_id]
            before = [e for e in earlier if e[0] < report.submitted_at][-MAX_OTHERS:]
            sources.update((pk, text) for _at, pk, text in before)
            match = similarity.best_match(report.checked_text, sources)
            report.similarity = match.share if match else None
            report.similar_to_resolution = bool(
                match and match.share and match.source_key == "resolution"
            )
            report.similar_to_id = (
                match.source_key
                if match and match.source_key != "resolution" and match.share
                else None
            )
            report.check_state, report.check_error = State.DONE, ""
    LearningReport.objects.bulk_update(
        rows,
        [
            "similarity",
            "similar_to",
            "similar_to_resolution",
            "check_state",
            "check_error",
            "checked_at",
        ],
        batch_size=500,
    )
    return len(rows)


def _scopes(paths: set[str]) -> dict[str, str]:
    """The path of ``commune_scope`` for each unit path, from one query over their ancestors."""
    step = Unit.steplen
    ancestors = {p[:end] for p in paths for end in range(step, len(p) + 1, step)}
    levels = dict(Unit.objects.filter(path__in=ancestors).values_list("path", "level"))
    out = {}
    for path in paths:
        scope = path
        while len(scope) // step > 2 and levels.get(scope) not in (
            Unit.Level.COMMUNE,
            Unit.Level.PROVINCE,
        ):
            scope = scope[:-step]
        out[path] = scope
    return out
