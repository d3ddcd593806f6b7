"""``trienkhai tallies [--plan NUMBER] [--check | --count | --forget]``: the study tallies.

Without an option, lists the plans that have tallies: the day they count for, how many rows,
when they were last brought up to date, and how many marks wait. ``--check`` compares each
plan's tallies (brought up to date first) with a live count of the same units for today and
exits with an error when they differ — after a bulk load that may have bypassed the signals,
for instance. ``--count`` counts them afresh (what the first reading of a plan does);
``--forget`` drops them (readings count live until the next reading of a whole plan).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils import timezone

from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.numbers import normalize_number

from ... import tallies
from ...models import StudyTally, TallyMark, TallyState
from ...rollup import _rows, people_counts
from ...rows import member_people


class Command(BaseCommand):
    help = "List, check, count afresh or drop the study tallies of the plans."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="the plan's number (default: every plan with tallies)")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--check", action="store_true", help="compare with a live count")
        what.add_argument("--count", action="store_true", help="count them afresh")
        what.add_argument("--forget", action="store_true", help="drop them")

    def handle(self, *args, plan=None, check=False, count=False, forget=False, **options):
        plans = self.plans(plan, every=count)
        today = timezone.localdate()
        if forget:
            for p in plans:
                tallies.forget(p)
            self.stdout.write(f"Dropped the tallies of {len(plans)} plan(s).")
            return
        if count:
            for p in plans:
                tallies.forget(p)
                started = time.perf_counter()
                rows = tallies.rows(p, p.unit.path, today)
                seconds = time.perf_counter() - started
                self.stdout.write(f"{p.number}: {len(rows):,} rows counted in {seconds:,.1f} s.")
            return
        if check:
            differ = [p for p in plans if not self.same(p, today)]
            if differ:
                numbers = ", ".join(p.number for p in differ)
                raise CommandError(f"The tallies of {numbers} differ from a live count.")
            self.stdout.write(f"The tallies of {len(plans)} plan(s) equal a live count.")
            return
        self.list(plans)

    def plans(self, number: str | None, *, every: bool) -> list[Plan]:
        plans = Plan.objects.select_related("unit").order_by("unit__path", "number")
        if number:
            chosen = list(plans.filter(number=normalize_number(number)))
            if not chosen:
                raise CommandError(f"No plan has the number “{number}”.")
            return chosen
        if every:
            raise CommandError("--count needs --plan: counting every plan can take long.")
        return list(plans.filter(pk__in=TallyState.objects.values("plan")))

    def same(self, plan: Plan, today) -> bool:
        read = tallies.rows(plan, plan.unit.path, today)
        if read is None:
            return True
        with tallies.counted_live():
            counted = _rows(people_counts(member_people(plan, plan.unit, today), plan, today))
        same = sorted(read) == sorted(counted)
        self.stdout.write(f"{plan.number}: {len(read):,} rows, {'equal' if same else 'DIFFER'}.")
        return same

    def list(self, plans: list[Plan]) -> None:
        if not plans:
            self.stdout.write("No plan has study tallies yet.")
            return
        sizes = dict(
            StudyTally.objects.filter(plan__in=plans)
            .values_list("plan")
            .annotate(n=Count("id"))
            .order_by()
        )
        waiting = TallyMark.objects.count()
        for state in TallyState.objects.filter(plan__in=plans).select_related("plan"):
            counted = (
                timezone.localtime(state.counted_at).strftime("%d/%m/%Y %H:%M")
                if state.counted_at
                else "never"
            )
            day = f"{state.day:%d/%m/%Y}" if state.day else "-"
            self.stdout.write(
                f"{state.plan.number}: {sizes.get(state.plan_id, 0):,} rows for {day}, "
                f"brought up to date {counted}; marks since: "
                f"{TallyMark.objects.filter(id__gt=state.mark).count():,} of {waiting:,}."
            )
