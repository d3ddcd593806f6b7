"""The dissemination activities' plausibility rules (``core/flags.py``): a reach above the
population addressed, an activity dated outside its plan's period, a burst of identical
titles, and the same evidence file given for several activities (the checker this app adds to
the evidence rule of ``resolutions``). Warnings: the activity stays, the clerk explains, the
level above reviews, the dashboard counts them under the plan."""

from __future__ import annotations

import datetime

from django.db.models import Max, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from trienkhai.core import flags
from trienkhai.resolutions.flags import EVIDENCE_REUSED, SHOWN, describe
from trienkhai.resolutions.models import Plan

from .models import Activity

REACH_ABOVE_POPULATION = flags.declare(
    "reach_above_population",
    label=_("Reach above the population addressed"),
    reason=_(
        "The activity reports a reach of %(reach)s people, more than the %(population)s of "
        "the population it addressed."
    ),
)
OUTSIDE_PLAN = flags.declare(
    "activity_outside_plan",
    label=_("Activity outside the plan's period"),
    reason=_("The activity is dated %(day)s, outside the plan's period (%(start)s – %(end)s)."),
)
TITLE_BURST = flags.declare(
    "title_burst",
    label=_("Burst of identical titles"),
    reason=_(
        "%(count)s activities of this unit carry the same title within %(days)s days "
        "(from %(first)s)."
    ),
)
#: A burst: this many activities of one unit with the same title within ``BURST_DAYS``.
BURST_COUNT = 3
BURST_DAYS = 7


def _d(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


def _activities_of(plan_ids: list[int]) -> QuerySet[Activity]:
    return Activity.objects.filter(plan_id__in=plan_ids).select_related("unit", "plan")


def _finding(activity: Activity, params: dict[str, object]) -> flags.Finding:
    return flags.Finding(
        unit=activity.unit,
        plan=activity.plan,
        params=params,
        url=activity.get_absolute_url(),
        label=f"{activity.title[:90]} · {_d(activity.held_on)}",
    )


@REACH_ABOVE_POPULATION.checks(Activity, candidates=_activities_of)
def reach_above_population(activity: Activity) -> flags.Finding | None:
    size = activity.audience_size
    if size is None or activity.reach <= size:
        return None
    return _finding(
        activity,
        {
            "reach": number_format(activity.reach, force_grouping=True),
            "population": number_format(size, force_grouping=True),
        },
    )


def plan_period(plan_id: int) -> tuple[datetime.date, datetime.date | None]:
    """A plan's period: from its date to its last deadline (None: no deadline yet)."""
    plan = Plan.objects.filter(pk=plan_id).annotate(end=Max("requirements__due_on")).get()
    return plan.issued_on, plan.end  # type: ignore[attr-defined]


@OUTSIDE_PLAN.checks(Activity, candidates=_activities_of)
def outside_plan(activity: Activity) -> flags.Finding | None:
    start, end = plan_period(activity.plan_id)
    if start <= activity.held_on and (end is None or activity.held_on <= end):
        return None
    return _finding(
        activity,
        {"day": _d(activity.held_on), "start": _d(start), "end": _d(end) if end else "…"},
    )


@TITLE_BURST.checks(Activity, candidates=_activities_of)
def title_burst(activity: Activity) -> flags.Finding | None:
    """The same title (folded) recorded ``BURST_COUNT`` times or more by one unit within
    ``BURST_DAYS`` days: copies of one entry rather than activities."""
    window = datetime.timedelta(days=BURST_DAYS)
    days = sorted(
        Activity.objects.filter(
            unit_id=activity.unit_id,
            title_key=activity.title_key,
            held_on__gte=activity.held_on - window,
            held_on__lte=activity.held_on + window,
        ).values_list("held_on", flat=True)
    )
    best = 0
    first = activity.held_on
    for i, day in enumerate(days):
        inside = [d for d in days[i:] if d - day <= window]
        if len(inside) > best and day <= activity.held_on <= day + window:
            best, first = len(inside), day
    if best < BURST_COUNT:
        return None
    return _finding(activity, {"count": best, "days": BURST_DAYS, "first": _d(first)})


def _activities_with_files(plan_ids: list[int]) -> QuerySet[Activity]:
    return _activities_of(plan_ids).exclude(evidence_sha256="")


@EVIDENCE_REUSED.checks(Activity, candidates=_activities_with_files)
def activity_evidence_reused(activity: Activity) -> flags.Finding | None:
    """An earlier activity (of this unit or another) gave the same file as its evidence."""
    if not activity.evidence_sha256:
        return None
    earlier = Activity.objects.filter(
        evidence_sha256=activity.evidence_sha256, pk__lt=activity.pk
    ).order_by("pk")
    uses = list(earlier.values_list("unit__name", "recorded_at")[:SHOWN])
    if not uses:
        return None
    return _finding(activity, {"others": describe(uses, earlier.count())})
