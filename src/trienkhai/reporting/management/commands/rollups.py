"""``trienkhai rollups verify [--plan NUMBER]`` / ``rollups rebuild --plan NUMBER`` /
``rollups fold``: the live figures (``reporting/live.py``) against the engine's full count.

``verify`` folds what is pending, counts every unit of each live plan (or the one named) with
the engine and prints the units whose kept figures differ, with the names that differ; it
exits non-zero when any does. ``rebuild`` counts the plan again and keeps the result (the plan
is live from then on; dashboards use the engine while it runs), without stopping anything: a
drift found in production is repaired this way. ``fold`` folds the pending changes now (the
worker does it every second). ``--unit CODE`` tells plans of the same number apart (the plan
issued by that unit or the nearest above it).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from trienkhai.reporting import live
from trienkhai.reporting.models import LivePlan
from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit


def find(number: str, code: str | None) -> Plan:
    plans = list(Plan.objects.filter(number=number.strip()).select_related("unit"))
    if code:
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise CommandError(f"No unit has the code “{code}”.")
        plans = [p for p in plans if unit.path.startswith(p.unit.path)]
        plans = sorted(plans, key=lambda p: -p.unit.depth)[:1]
    if not plans:
        raise CommandError(f"No plan has the number “{number}”.")
    if len(plans) > 1:
        issuers = ", ".join(sorted(p.unit.code for p in plans))
        raise CommandError(f"Several plans have the number “{number}” ({issuers}): add --unit.")
    if not plans[0].is_issued:
        raise CommandError(f"Plan {number} is a draft: it has no figures yet.")
    return plans[0]


class Command(BaseCommand):
    help = "Check the live figures against the engine, build them again, or fold changes in."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="compare the live figures with a full count")
        verify.add_argument("--plan", help="the plan's number, e.g. 12-KH/TU (default: all)")
        verify.add_argument("--unit", help="the code of the issuer (plans of the same number)")
        rebuild = sub.add_parser("rebuild", help="count a plan again and keep it live")
        rebuild.add_argument("--plan", required=True, help="the plan's number, e.g. 12-KH/TU")
        rebuild.add_argument("--unit", help="the code of the issuer (plans of the same number)")
        fold = sub.add_parser("fold", help="fold the pending changes in now")
        fold.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the worker's round (every few seconds; TRIENKHAI_TASKS=database)",
        )

    def handle(self, *args, action, **options):
        if action == "fold":
            self.stdout.write(f"changes folded: {live.fold()}")
            if options.get("schedule"):
                queued = live.schedule()
                self.stdout.write(
                    "Next round queued." if queued else "No round queued (already, or no worker)."
                )
            return
        if action == "rebuild":
            plan = find(options["plan"], options.get("unit"))
            state = live.rebuild(plan)
            self.stdout.write(
                f"{plan.number} ({plan.unit.code}): {state.rows} units kept, "
                f"{state.build_seconds:.1f} s"
            )
            return
        if options.get("plan"):
            plans = [find(options["plan"], options.get("unit"))]
        else:
            ids = LivePlan.objects.values_list("plan_id", flat=True)
            plans = list(Plan.objects.filter(pk__in=ids).select_related("unit"))
        if not plans:
            self.stdout.write("no plan is kept live")
            return
        wrong = 0
        for plan in plans:
            if not live.ready(plan, live.today()):
                self.stdout.write(f"{plan.number} ({plan.unit.code}): not live")
                continue
            differ = live.verify(plan)
            for unit, names in differ:
                self.stdout.write(f"{plan.number} {unit.code}: {', '.join(names)}")
            wrong += len(differ)
            if not differ:
                self.stdout.write(f"{plan.number} ({plan.unit.code}): the same as a full count")
        if wrong:
            raise CommandError(f"{wrong} units differ from a full count.")
