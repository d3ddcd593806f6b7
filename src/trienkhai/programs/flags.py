"""The action programs' plausibility rules (``core/flags.py``): an indicator reported beyond
its target with no evidence, a value jumping back and forth between periods, a results report
uploaded before any work was reported, and progress evidence reused (the checker this app adds
to the evidence rule of ``resolutions``). Warnings: the report stays, the clerk explains."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from trienkhai.core import flags
from trienkhai.resolutions.flags import EVIDENCE_REUSED, SHOWN, describe
from trienkhai.resolutions.models import Obligation, ObligationDocument, Plan, Requirement

from .models import ProgressEvidence, ProgressUpdate, TaskStatus

BEYOND_TARGET = flags.declare(
    "beyond_target_no_evidence",
    label=_("Beyond the target without evidence"),
    reason=_(
        "The value reported (%(value)s) is beyond the target (%(target)s), and no evidence "
        "file is attached."
    ),
)
BACK_AND_FORTH = flags.declare(
    "value_back_and_forth",
    label=_("Value jumping back and forth"),
    reason=_(
        "The value goes %(before)s → %(value)s → %(after)s over the periods from %(start)s: "
        "it turns back between periods."
    ),
)
RESULTS_BEFORE_WORK = flags.declare(
    "results_before_work",
    label=_("Results report before any work"),
    reason=_(
        "A results report was uploaded on %(uploaded)s, when no progress had yet been "
        "reported on this unit's tasks for the plan."
    ),
)


def _n(value: Decimal) -> str:
    """A value as people write it: ``95``, ``72,5`` (no trailing zeros, no exponent)."""
    exact = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(exact)


def _updates_of(plan_ids: list[int]):
    return ProgressUpdate.objects.filter(task__program__plan_id__in=plan_ids).select_related(
        "task__program__unit", "task__program__plan", "reported_by_unit"
    )


def _finding(update: ProgressUpdate, params: dict) -> flags.Finding:
    program = update.task.program
    period = date_format(update.period_start, "d/m/Y")
    return flags.Finding(
        unit=update.reported_by_unit,
        plan=program.plan,
        params=params,
        url=reverse("programs:progress-history", args=[update.task_id]),
        label=f"{Truncator(update.task.title).chars(90)} · {period}",
    )


@BEYOND_TARGET.checks(ProgressUpdate, candidates=_updates_of)
def beyond_target(update: ProgressUpdate) -> flags.Finding | None:
    """Past the target (above it, or below it for a target lower than the baseline) with no
    evidence file on the report."""
    task = update.task
    if update.value is None or task.target is None or not task.indicator:
        return None
    falling = task.baseline is not None and task.target < task.baseline
    beyond = update.value < task.target if falling else update.value > task.target
    if not beyond or update.evidence.exists():
        return None
    return _finding(update, {"value": _n(update.value), "target": _n(task.target)})


@BACK_AND_FORTH.checks(ProgressUpdate, candidates=_updates_of)
def back_and_forth(update: ProgressUpdate) -> flags.Finding | None:
    """The value turns back: higher than both the periods around it, or lower than both."""
    if update.value is None:
        return None
    valued = ProgressUpdate.objects.filter(task_id=update.task_id, value__isnull=False)
    before = (
        valued.filter(period_start__lt=update.period_start)
        .order_by("-period_start")
        .values_list("value", "period_start")
        .first()
    )
    after = (
        valued.filter(period_start__gt=update.period_start)
        .order_by("period_start")
        .values_list("value", flat=True)
        .first()
    )
    if before is None or after is None or before[0] is None:  # filtered on a value: never
        return None
    v, b = update.value, before[0]
    if not ((v > b and v > after) or (v < b and v < after)):
        return None
    return _finding(
        update,
        {
            "before": _n(b),
            "value": _n(v),
            "after": _n(after),
            "start": date_format(before[1], "d/m/Y"),
        },
    )


def neighbours(update: ProgressUpdate) -> list[ProgressUpdate]:
    """The valued reports just before and after ``update``: a new value may make either of
    them turn back (or no longer)."""
    valued = ProgressUpdate.objects.filter(task_id=update.task_id, value__isnull=False)
    found = [
        valued.filter(period_start__lt=update.period_start).order_by("-period_start").first(),
        valued.filter(period_start__gt=update.period_start).order_by("period_start").first(),
    ]
    return [u for u in found if u is not None]


def _results_reports_of(plan_ids: list[int]):
    return ObligationDocument.objects.filter(
        obligation__plan_id__in=plan_ids,
        obligation__requirement__kind=Requirement.Kind.RESULTS_REPORT,
    ).select_related("obligation__unit", "obligation__plan", "obligation__requirement")


@RESULTS_BEFORE_WORK.checks(ObligationDocument, candidates=_results_reports_of)
def results_before_work(document: ObligationDocument) -> flags.Finding | None:
    """A results report uploaded by a unit that owes an action program under the plan, when
    no task of its programs (under the plan, the plans it carries out or those carrying it
    out), nor a task it leads, had a progress report beyond "not started"."""
    obligation = document.obligation
    if obligation.requirement.kind != Requirement.Kind.RESULTS_REPORT:
        return None
    unit = obligation.unit
    plan = obligation.plan
    # The plans whose programs count: those it carries out and those carrying it out.
    plans = {*plan.and_plans_above(), *Plan.objects.carrying_out(plan)}
    owes_program = Obligation.objects.filter(
        unit=unit,
        plan_id__in=plans,
        requirement__kind=Requirement.Kind.ACTION_PROGRAM,
        cancelled=False,
    )
    if not owes_program.exists():  # a cell reports on its study: nothing here to judge
        return None
    uploaded = timezone.localtime(document.uploaded_at).date()
    done = (
        ProgressUpdate.objects.filter(task__program__plan_id__in=plans, reported_on__lte=uploaded)
        .filter(Q(task__program__unit=unit) | Q(task__lead_unit=unit))
        .exclude(status=TaskStatus.NOT_STARTED)
    )
    if done.exists():
        return None
    return flags.Finding(
        unit=unit,
        plan=obligation.plan,
        params={"uploaded": date_format(uploaded, "d/m/Y")},
        url=obligation.get_absolute_url(),
        label=f"{document.original_name} · {obligation}",
    )


def _evidence_of(plan_ids: list[int]):
    return (
        ProgressEvidence.objects.filter(update__task__program__plan_id__in=plan_ids)
        .exclude(sha256="")
        .select_related("update__task__program__unit", "update__task__program__plan")
        .select_related("update__reported_by_unit")
    )


@EVIDENCE_REUSED.checks(ProgressEvidence, candidates=_evidence_of)
def evidence_reused(evidence: ProgressEvidence) -> flags.Finding | None:
    """An earlier progress evidence file with the same content reported by another unit or
    for another period, or a results report with the same content from another unit."""
    if not evidence.sha256:
        return None
    update = evidence.update
    unit_id = update.reported_by_unit_id
    earlier = (
        ProgressEvidence.objects.filter(sha256=evidence.sha256, pk__lt=evidence.pk)
        .filter(
            ~Q(update__reported_by_unit_id=unit_id) | ~Q(update__period_start=update.period_start)
        )
        .order_by("pk")
    )
    uses = list(earlier.values_list("update__reported_by_unit__name", "uploaded_at")[:SHOWN])
    documents = ObligationDocument.objects.filter(sha256=evidence.sha256).exclude(
        obligation__unit_id=unit_id
    )
    uses += list(documents.values_list("obligation__unit__name", "uploaded_at")[:SHOWN])
    if not uses:
        return None
    total = len(uses)
    if total >= SHOWN:
        total = earlier.count() + documents.count()
    return _finding(update, {"others": describe(uses[:SHOWN], total)})
