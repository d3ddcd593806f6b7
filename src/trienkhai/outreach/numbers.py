"""What the outreach figures count, as of a date: the rows behind each number, shared by the
rollup engine (``reporting/queries.py``: one GROUP BY each) and the rows pages behind the
dashboard's numbers (``reporting/rows.py``), so that a number and its list never disagree.

- activities of the plan (and of the plans carrying it out) held by the date;
- flagged activities: those with a data warning not yet reviewed (open or explained);
- questions asked by the end of the date on the public pages of the plan's resolutions,
  answered (an approved answer, or merged with one) by then, and the days each took;
- answers published by then.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from trienkhai.core.models import DataFlag
from trienkhai.resolutions.models import Plan

from .models import Activity, Answer, Question

ANSWERED = (Question.State.ANSWERED, Question.State.MERGED)


def day_end(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def activities_on(plan: Plan, day: datetime.date, rows: Any = None) -> QuerySet[Activity]:
    rows = Activity.objects.all() if rows is None else rows
    return rows.filter(plan_id__in=Plan.objects.carrying_out(plan), held_on__lte=day)


def flagged_activities(plan: Plan, day: datetime.date) -> QuerySet[DataFlag]:
    """The unreviewed warnings on the plan's activities detected by the date."""
    return DataFlag.objects.filter(
        plan_id__in=Plan.objects.carrying_out(plan),
        object_type=Activity._meta.label_lower,
        state__in=DataFlag.UNRESOLVED,
        detected_on__lte=day,
    )


def questions_on(plan: Plan, day: datetime.date, rows: Any = None) -> QuerySet[Question]:
    rows = Question.objects.all() if rows is None else rows
    return rows.filter(
        page__resolution__in=plan.resolutions.values("pk"), asked_at__lte=day_end(day)
    ).exclude(state=Question.State.DISMISSED)


def answered_on(questions: QuerySet[Question], day: datetime.date) -> QuerySet[Question]:
    return questions.filter(state__in=ANSWERED, answered_at__lte=day_end(day))


def answers_on(plan: Plan, day: datetime.date, rows: Any = None) -> QuerySet[Answer]:
    rows = Answer.objects.all() if rows is None else rows
    return rows.filter(
        page__resolution__in=plan.resolutions.values("pk"),
        state=Answer.State.PUBLISHED,
        published_at__lte=day_end(day),
    )


def days_taken(asked: datetime.datetime, answered: datetime.datetime) -> int:
    """Whole days from the question to its answer (the same day: 0)."""
    return max(0, (timezone.localdate(answered) - timezone.localdate(asked)).days)


def median(histogram: Mapping[int, int]) -> float | None:
    """The median of values given as value → how many (``None`` for none): a histogram adds
    up the tree, a median does not."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]  # the middle one, or the two middle ones
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        for w in wanted:
            if seen <= w < seen + count:
                found.append(value)
        seen += count
    return sum(found) / len(found)
