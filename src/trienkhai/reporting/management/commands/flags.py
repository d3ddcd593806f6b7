"""``trienkhai flags --plan ID`` (or ``--all``): recompute every data warning rule
(``core/flags.py``) on every row of a plan and of the plans carrying it out, then print the
warnings each rule now raises. Rules run where data is entered; this catches what changed
around a row since (a session scheduled after a report, a rule added later, rows loaded in
bulk). Flags already explained or reviewed keep their state unless the figures changed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from trienkhai.core import flags
from trienkhai.core.models import DataFlag
from trienkhai.resolutions.models import Plan


class Command(BaseCommand):
    help = "Recompute the data warnings (implausible figures) of a plan, or of every plan."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--plan", type=int, help="the plan's id")
        which.add_argument("--all", action="store_true", help="every plan")

    def handle(self, *args, plan=None, all=False, **options):
        if all:
            ids = list(Plan.objects.values_list("pk", flat=True))
        else:
            found = Plan.objects.filter(pk=plan).first()
            if found is None:
                raise CommandError(f"No plan has the id {plan}.")
            ids = Plan.objects.carrying_out(found)
        raised = flags.recheck(ids)
        for code, n in sorted(raised.items()):
            self.stdout.write(f"{code}: {n}")
        open_flags = flags.unresolved(DataFlag.objects.filter(plan_id__in=ids)).count()
        self.stdout.write(f"unresolved: {open_flags}")
