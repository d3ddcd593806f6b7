"""``trienkhai bench --scale small|province|national [--json] [--runs N]``.

Generates (or reuses) the benchmark workload in the configured database (``TRIENKHAI_DATA_DIR``
/ ``TRIENKHAI_DATABASE_URL``) and times the rollup, the dashboard and the reports on it; see
``trienkhai.tooling.bench`` and ``trienkhai.tooling.builders``. With ``--json`` the standard
output is one JSON object a line and nothing else (progress goes to the standard error).
"""

from django.core.management.base import BaseCommand, CommandError

from trienkhai.demo.shapes import SHAPES


class Command(BaseCommand):
    help = (
        "Time the plan rollup, a dashboard and the Excel/Word reports on a generated workload "
        "(generated on first use, reused after), with the raw-SQL floor of each rollup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SHAPES), default="small")
        parser.add_argument("--json", action="store_true", help="one JSON object a line")
        parser.add_argument("--runs", type=int, default=5, help="timed runs after a warm-up")
        parser.add_argument("--rebuild", action="store_true", help="rebuild the workload's plan")
        parser.add_argument(
            "--build-only", action="store_true", help="build (or find) the workload and stop"
        )
        parser.add_argument(
            "--drop-caches",
            action="store_true",
            help="empty the OS page cache before each rollup's first call (needs root)",
        )

    def handle(self, *args, scale, json, runs, rebuild, build_only, drop_caches, **options):
        from django.db import connection

        from trienkhai.tooling.bench.run import Bench, describe, table
        from trienkhai.tooling.builders import WrongScale
        from trienkhai.tooling.builders import workload as build_workload

        if runs < 1:
            raise CommandError("--runs must be at least 1")
        progress = self.stderr if json else self.stdout

        def out(message: str) -> None:
            progress.write(message)
            progress.flush()

        try:
            workload = build_workload(scale, rebuild=rebuild, out=out)
        except WrongScale as exc:
            raise CommandError(str(exc)) from exc
        out(describe(workload))
        if build_only:
            return
        results = Bench(workload, runs=runs, out=out, drop_caches=drop_caches).measure()
        vendor = connection.vendor
        for result in results:
            if result.note:
                out(f"{result.name}: {result.note}")
        if json:
            for result in results:
                self.stdout.write(result.as_json(scale, vendor))
        else:
            self.stdout.write(table(results, scale, vendor))
